#include <browser/findings.h>

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace SseScope;

class tst_FindingCatalogue final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void entriesAreComplete()
    {
        const QRegularExpression idPattern(QStringLiteral("^[a-z0-9]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+$"));
        QSet<QString> seen;
        QVERIFY(findingCatalogue().size() > 40);
        for (const FindingDefinition &d : findingCatalogue()) {
            const QString id = QString::fromLatin1(d.id);
            QVERIFY2(idPattern.match(id).hasMatch(), d.id);
            QVERIFY2(!seen.contains(id), d.id);
            seen.insert(id);
            QVERIFY2(d.title && qstrlen(d.title) > 5, d.id);
            QVERIFY2(d.explanation && qstrlen(d.explanation) > 40, d.id);
            QVERIFY2(d.fix && qstrlen(d.fix) > 20, d.id);
            QVERIFY2(d.reference && qstrlen(d.reference) > 5, d.id);
            QCOMPARE(findFindingDefinition(id), &d);
        }
        QVERIFY(!findFindingDefinition(QStringLiteral("no.such-id")));
    }

    // The ids the issue asks for, present so that other layers can raise them.
    void requiredIds()
    {
        const QStringList required {QStringLiteral("transport.buffered"), QStringLiteral("transport.stall"),
            QStringLiteral("stream.line-too-long"), QStringLiteral("stream.event-too-large"),
            QStringLiteral("stream.invalid-utf8"), QStringLiteral("http.connection-limit"),
            QStringLiteral("cors.wildcard-with-credentials")};
        for (const QString &id : required) {
            QVERIFY2(findFindingDefinition(id), qPrintable(id));
        }
    }

    // Errors that a server fixes come with snippets for the three servers.
    void serverFixesHaveSnippets()
    {
        int withSnippets = 0;
        for (const FindingDefinition &d : findingCatalogue()) {
            const QString id = QString::fromLatin1(d.id);
            if (id.startsWith(QLatin1String("cors.")) && d.severity == Severity::Error
                && id != QLatin1String("cors.disabled-scheme")
                && id != QLatin1String("cors.redirect-contains-credentials")
                && id != QLatin1String("cors.redirect-tainted-origin")) {
                QVERIFY2(d.snippetExpress && d.snippetNginx && d.snippetOther, d.id);
            }
            if (d.snippetExpress && d.snippetNginx && d.snippetOther) {
                ++withSnippets;
            }
        }
        QVERIFY(withSnippets >= 20);
    }

    void makeFindingCopiesTheEntry()
    {
        const Finding finding = makeFinding("cors.missing-allow-origin", QStringLiteral("on http://a/"));
        QCOMPARE(finding.id, QStringLiteral("cors.missing-allow-origin"));
        QCOMPARE(finding.severity, Severity::Error);
        QCOMPARE(finding.detail, QStringLiteral("on http://a/"));
        QVERIFY(!finding.title.isEmpty());
        QVERIFY(!finding.fix.isEmpty());
        QCOMPARE(severityName(Severity::Warning), QStringLiteral("warning"));
        QCOMPARE(severityName(Severity::Info), QStringLiteral("info"));
        QCOMPARE(severityName(Severity::Error), QStringLiteral("error"));
    }

    // docs/findings.md is generated; regenerate with the update_findings_doc target.
    void documentationIsCurrent()
    {
        QFile file(QStringLiteral(SSESCOPE_SOURCE_DIR "/docs/findings.md"));
        QVERIFY2(file.open(QIODevice::ReadOnly), "docs/findings.md is missing: build the update_findings_doc target");
        const QString committed = QString::fromUtf8(file.readAll());
        const QString generated = findingCatalogueMarkdown();
        if (committed != generated) {
            QFAIL(
                "docs/findings.md differs from the catalogue: cmake --build --preset dev --target update_findings_doc");
        }
        for (const FindingDefinition &d : findingCatalogue()) {
            QVERIFY2(committed.contains(QStringLiteral("## ") + QString::fromLatin1(d.id) + QLatin1Char('\n')), d.id);
        }
    }

    // Where a finding counts is a property of its definition, not a list of ids in the client.
    void traitsSayWhereAFindingCounts_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("streamOnly"); // not raised for the login fetch
        QTest::addColumn<bool>("live"); // raised while the stream is open
        QTest::addRow("no-transform") << QStringLiteral("response.no-transform-missing") << true << false;
        QTest::addRow("content encoding") << QStringLiteral("response.content-encoding") << true << false;
        QTest::addRow("no heartbeat") << QStringLiteral("stream.no-heartbeat") << true << true;
        QTest::addRow("no ids") << QStringLiteral("stream.no-ids") << true << false;
        QTest::addRow("invalid UTF-8") << QStringLiteral("stream.invalid-utf8") << true << false;
        QTest::addRow("Vary: Origin") << QStringLiteral("cors.vary-origin-missing") << true << false;
        QTest::addRow("wildcard, authenticated stream")
            << QStringLiteral("cors.wildcard-on-authenticated-stream") << true << false;
        QTest::addRow("fetch does not reconnect") << QStringLiteral("fetch.no-reconnect") << true << false;
        QTest::addRow("HTTP/1.1 stream") << QStringLiteral("http.http1-stream") << true << false;
        QTest::addRow("stall") << QStringLiteral("transport.stall") << false << true;
        QTest::addRow("buffered") << QStringLiteral("transport.buffered") << false << true;
        QTest::addRow("CORS wildcard with credentials")
            << QStringLiteral("cors.wildcard-with-credentials") << false << false;
        QTest::addRow("cookie refused") << QStringLiteral("cookie.samesite-lax-cross-site") << false << false;
        QTest::addRow("unknown id") << QStringLiteral("no.such-finding") << false << false;
    }
    void traitsSayWhereAFindingCounts()
    {
        QFETCH(QString, id);
        QFETCH(bool, streamOnly);
        QFETCH(bool, live);
        QCOMPARE(findingHasTrait(id, FindingTrait::StreamOnly), streamOnly);
        QCOMPARE(findingHasTrait(id, FindingTrait::Live), live);
    }

    // Every response.* and stream.* finding is about the stream's own response.
    void streamAreasAreStreamOnly()
    {
        for (const FindingDefinition &d : findingCatalogue()) {
            const QString id = QString::fromLatin1(d.id);
            if (id.startsWith(QLatin1String("response.")) || id.startsWith(QLatin1String("stream."))) {
                QVERIFY2(d.traits.testFlag(FindingTrait::StreamOnly), d.id);
            }
        }
    }

    // "Every finding in the catalogue has a test": each id appears in a unit test other than this one.
    void everyFindingIsTested()
    {
        QString corpus;
        QDirIterator it(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/unit"), {QStringLiteral("tst_*.cpp")}, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.endsWith(QLatin1String("tst_findingcatalogue.cpp"))) {
                continue;
            }
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            corpus += QString::fromUtf8(file.readAll());
        }
        QStringList untested;
        for (const FindingDefinition &d : findingCatalogue()) {
            if (!corpus.contains(QLatin1Char('"') + QString::fromLatin1(d.id) + QLatin1Char('"'))) {
                untested.append(QString::fromLatin1(d.id));
            }
        }
        QVERIFY2(untested.isEmpty(), qPrintable(untested.join(QStringLiteral(", "))));
    }
};

QTEST_GUILESS_MAIN(tst_FindingCatalogue)
#include "tst_findingcatalogue.moc"
