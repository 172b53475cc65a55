// `ssescope intercept` as a child process: headless Chromium launched through it opens a page
// whose EventSource goes to an HTTPS Node server (a test CA's certificate) that sends no CORS
// headers. Chromium blocks it, and intercept's report says so; with a rewrite rule that adds
// Access-Control-Allow-Origin, the same Chromium opens it. The page itself reports what Chromium
// saw (the Node page server prints it), so the browser, not our model, is the judge.

#include "interceptfixture.h"
#include "requiredtool.h"

#include <session/harreader.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

using namespace SseScope;
using namespace SseScopeTest;

class tst_InterceptCommand : public QObject
{
    Q_OBJECT

private:
    TestPki m_pki;
    QTemporaryDir m_home;

    struct Outcome
    {
        QJsonObject pageReport; // what Chromium's page saw
        QList<QJsonObject> streams; // intercept's {"stream": …} lines
        QString harPath;
        int exitCode = -1;
        QString log; // intercept's stderr, for a failure's message
    };

    Outcome run(const QStringList &extraArguments)
    {
        Outcome outcome;
        JsonLineProcess api;
        JsonLineProcess pages;
        if (!startNodeServer(api, {QStringLiteral("--cors"), QStringLiteral("none"), QStringLiteral("--interval"),
                QStringLiteral("100")}, &m_pki)
            || !startNodeServer(pages, {QStringLiteral("--cors"), QStringLiteral("none")})) {
            return outcome;
        }
        const QString stream = QStringLiteral("https://127.0.0.1:%1/events").arg(api.ready().value(QLatin1String("port")).toInt());
        const QString page = QStringLiteral("http://localhost:%1/page?stream=%2")
                                 .arg(pages.ready().value(QLatin1String("port")).toInt())
                                 .arg(QString::fromLatin1(QUrl::toPercentEncoding(stream)));
        outcome.harPath = m_home.filePath(QStringLiteral("out-%1.har").arg(extraArguments.size()));
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        JsonLineProcess intercept;
        QStringList arguments{QStringLiteral("intercept"), QStringLiteral("--launch"), QStringLiteral("chromium"),
            QStringLiteral("--headless"), QStringLiteral("--open"), page, QStringLiteral("--upstream-ca"), m_pki.caPath,
            QStringLiteral("--duration"), QStringLiteral("12"), QStringLiteral("--har"), outcome.harPath};
        arguments += extraArguments;
        if (!intercept.start(QStringLiteral(SSESCOPE_EXECUTABLE), arguments, environment)) {
            return outcome;
        }
        if (!intercept.ready().value(QLatin1String("proxy")).toString().startsWith(QLatin1String("http://127.0.0.1:"))
            || !QFileInfo::exists(intercept.ready().value(QLatin1String("caCertificate")).toString())) {
            return outcome;
        }
        outcome.pageReport = pages.nextLine(20000).value_or(QJsonObject()).value(QLatin1String("report")).toObject();
        for (const QJsonObject &line : intercept.linesUntilExit(30000)) {
            if (line.contains(QLatin1String("stream"))) {
                outcome.streams.append(line.value(QLatin1String("stream")).toObject());
            }
        }
        outcome.exitCode = intercept.process().exitCode();
        outcome.log = QString::fromUtf8(intercept.process().readAllStandardError());
        return outcome;
    }

private slots:
    void initTestCase()
    {
        if (nodeExecutable().isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: node is not on PATH, so the HTTPS SSE server cannot run");
        }
        if (QStandardPaths::findExecutable(QStringLiteral("chromium")).isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: chromium is not on PATH");
        }
        QVERIFY(m_pki.create());
    }

    void chromiumIsBlockedThenARewriteOpensTheStream()
    {
        const Outcome blocked = run({});
        QCOMPARE(blocked.exitCode, 0);
        QVERIFY2(!blocked.pageReport.isEmpty(), "the page in Chromium reported");
        QVERIFY2(!blocked.pageReport.value(QLatin1String("opened")).toBool(), qPrintable(blocked.log));
        QVERIFY2(blocked.pageReport.value(QLatin1String("readyState")).toInt() == 2, qPrintable(blocked.log)); // CLOSED
        QVERIFY(!blocked.streams.isEmpty());
        const QJsonObject first = blocked.streams.constFirst();
        QCOMPARE(first.value(QLatin1String("verdict")).toObject().value(QLatin1String("opened")).toBool(), false);
        QVERIFY(first.value(QLatin1String("verdict")).toObject().value(QLatin1String("console")).toArray().at(0)
                    .toString()
                    .contains(QLatin1String("has been blocked by CORS policy")));
        QVERIFY(first.value(QLatin1String("request")).toObject().value(QLatin1String("origin")).toString().startsWith(
            QLatin1String("http://localhost:")));
        // Exported at exit, readable by the HAR import.
        HarError error;
        QVERIFY2(HarReader::readFile(blocked.harPath, &error), qPrintable(error.toString()));

        // The fix, tried before deploying it: the scenario's Access-Control-Allow-Origin: *.
        const QString rules = m_home.filePath(QStringLiteral("rules.json"));
        QFile file(rules);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"rewrite": [{"hosts": ["127.0.0.1"], "paths": ["/events"],
                       "scenario": {"version": 1, "name": "fix", "cors": {"allowOrigin": "wildcard"}}}]})");
        file.close();
        const Outcome fixed = run({QStringLiteral("--rewrite"), rules});
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY2(!fixed.pageReport.isEmpty(), "the page in Chromium reported");
        QCOMPARE(fixed.pageReport.value(QLatin1String("opened")).toBool(), true);
        QVERIFY(fixed.pageReport.value(QLatin1String("events")).toInt() > 0);
        QVERIFY(!fixed.streams.isEmpty());
        const QJsonObject open = fixed.streams.constFirst();
        QCOMPARE(open.value(QLatin1String("verdict")).toObject().value(QLatin1String("opened")).toBool(), true);
        const QJsonObject intercept = open.value(QLatin1String("intercept")).toObject();
        QVERIFY(intercept.value(QLatin1String("rewritten")).toBool());
        // The server's own head is kept beside the rewritten one: it had no CORS header.
        const QJsonArray original = intercept.value(QLatin1String("originalResponse")).toObject().value(QLatin1String("headers")).toArray();
        QVERIFY(!original.isEmpty());
        for (const QJsonValue &line : original) {
            QVERIFY(line.toObject().value(QLatin1String("name")).toString().compare(
                        QLatin1String("Access-Control-Allow-Origin"), Qt::CaseInsensitive)
                != 0);
        }
    }
};

QTEST_GUILESS_MAIN(tst_InterceptCommand)
#include "tst_interceptcommand.moc"
