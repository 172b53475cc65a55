// Three engines side by side (issue 15, CLI.md `check --browser all`): the one-line headline and
// the list of differences, each naming the rule (finding) behind it.
#include <browser/enginecomparison.h>

#include <QTest>

using namespace SseScope;

namespace {

// An engine by shorthand: "blocks", "opens", "pending", "reconnecting", "failed", "ended".
EngineResult engine(const QString &displayName, const QString &outcome, const QStringList &findingIds = {},
                    quint64 events = 0)
{
    EngineResult result;
    result.displayName = displayName;
    result.browser = displayName.toLower();
    Verdict &verdict = result.verdict;
    verdict.events = events;
    if (outcome == QLatin1String("blocks")) {
        verdict.failed = true;
        verdict.readyState = ReadyState::Closed;
    } else if (outcome == QLatin1String("opens")) {
        verdict.opened = true;
        verdict.readyState = ReadyState::Open;
    } else if (outcome == QLatin1String("reconnecting")) {
        verdict.opened = true;
        verdict.readyState = ReadyState::Connecting;
    } else if (outcome == QLatin1String("failed")) {
        verdict.opened = true;
        verdict.failed = true;
        verdict.readyState = ReadyState::Closed;
    } else if (outcome == QLatin1String("ended")) {
        verdict.opened = true;
        verdict.readyState = ReadyState::Closed;
    }
    for (const QString &id : findingIds) {
        result.findings.append(makeFinding(id.toLatin1().constData(), QString()));
    }
    return result;
}

// The same engine, its findings downgraded to warnings.
EngineResult warned(EngineResult result)
{
    for (Finding &finding : result.findings) {
        finding.severity = Severity::Warning;
    }
    return result;
}

const QString charset = QStringLiteral("eventsource.charset");

} // namespace

class tst_EngineComparison : public QObject
{
    Q_OBJECT

private slots:
    void headline_data()
    {
        QTest::addColumn<QList<EngineResult>>("engines");
        QTest::addColumn<QString>("expected");
        QTest::newRow("all open") << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("opens")),
                                                         engine(QStringLiteral("Firefox"), QStringLiteral("opens")),
                                                         engine(QStringLiteral("Safari"), QStringLiteral("opens"))}
                                  << QStringLiteral("Chromium opens · Firefox opens · Safari opens");
        QTest::newRow("charset: only Chromium blocks")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("blocks")),
                                   engine(QStringLiteral("Firefox"), QStringLiteral("opens")),
                                   engine(QStringLiteral("Safari"), QStringLiteral("opens"))}
            << QStringLiteral("Chromium blocks · Firefox opens · Safari opens");
        QTest::newRow("every outcome has its verb")
            << QList<EngineResult>{engine(QStringLiteral("A"), QStringLiteral("pending")),
                                   engine(QStringLiteral("B"), QStringLiteral("reconnecting")),
                                   engine(QStringLiteral("C"), QStringLiteral("failed")),
                                   engine(QStringLiteral("D"), QStringLiteral("ended"))}
            << QStringLiteral("A does not open · B reconnects · C opens, then fails · D opens, then ends");
        QTest::newRow("one engine") << QList<EngineResult>{engine(QStringLiteral("Safari"), QStringLiteral("blocks"))}
                                    << QStringLiteral("Safari blocks");
        QTest::newRow("none") << QList<EngineResult>{} << QString();
    }
    void headline()
    {
        QFETCH(QList<EngineResult>, engines);
        QFETCH(QString, expected);
        QCOMPARE(enginesHeadline(engines), expected);
    }

    void differences_data()
    {
        QTest::addColumn<QList<EngineResult>>("engines");
        QTest::addColumn<QStringList>("expected");
        const QString title = QString::fromUtf8(findFindingDefinition(charset)->title);
        QTest::newRow("agreement: nothing to say, even with different event counts")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("opens"), {}, 7),
                                   engine(QStringLiteral("Firefox"), QStringLiteral("opens"), {}, 5),
                                   engine(QStringLiteral("Safari"), QStringLiteral("opens"), {}, 6)}
            << QStringList{};
        // Observed: Chromium 156 fails a charset other than UTF-8; Firefox ESR and WebKit ignore
        // the parameter (browser-rules.md §3): the same finding, an error in one engine only.
        QTest::newRow("charset: one rule, two severities")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("blocks"), {charset}, 0),
                                   warned(engine(QStringLiteral("Firefox"), QStringLiteral("opens"), {charset}, 4)),
                                   warned(engine(QStringLiteral("Safari"), QStringLiteral("opens"), {charset}, 4))}
            << QStringList{QStringLiteral("Outcome: Chromium blocks, Firefox opens, Safari opens"),
                           QStringLiteral("%1 (%2): Chromium error, Firefox warning, Safari warning").arg(charset, title),
                           QStringLiteral("readyState: Chromium CLOSED, Firefox OPEN, Safari OPEN"),
                           QStringLiteral("Events received: Chromium 0, Firefox 4, Safari 4")};
        QTest::newRow("only one engine raises the rule that blocks")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("blocks"), {charset}, 0),
                                   engine(QStringLiteral("Firefox"), QStringLiteral("blocks"), {}, 0)}
            << QStringList{QStringLiteral("Only Chromium: %1 (%2) — not Firefox").arg(charset, title)};
        // Production advice (no-transform) is raised only about a stream that opened: its absence
        // in an engine that blocked is no separate difference.
        const QString noTransform = QStringLiteral("response.no-transform-missing");
        QTest::newRow("advice about an opened stream is not a difference")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("blocks"), {charset}, 0),
                                   engine(QStringLiteral("Firefox"), QStringLiteral("blocks"), {charset}, 0),
                                   engine(QStringLiteral("Safari"), QStringLiteral("opens"), {charset, noTransform}, 1)}
            << QStringList{QStringLiteral("Outcome: Chromium blocks, Firefox blocks, Safari opens"),
                           QStringLiteral("readyState: Chromium CLOSED, Firefox CLOSED, Safari OPEN"),
                           QStringLiteral("Events received: Chromium 0, Firefox 0, Safari 1")};
        QTest::newRow("a finding two engines share, raised twice by one")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("opens"), {charset, charset}, 1),
                                   engine(QStringLiteral("Firefox"), QStringLiteral("opens"), {charset}, 1),
                                   engine(QStringLiteral("Safari"), QStringLiteral("opens"), {}, 1)}
            << QStringList{QStringLiteral("Only Chromium, Firefox: %1 (%2) — not Safari").arg(charset, title)};
        QTest::newRow("a finding every engine raised is no difference")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("blocks"), {charset}),
                                   engine(QStringLiteral("Firefox"), QStringLiteral("blocks"), {charset})}
            << QStringList{};
        QTest::newRow("same outcome, different readyState is not an outcome line")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("pending")),
                                   [] {
                                       EngineResult held = engine(QStringLiteral("Firefox"), QStringLiteral("pending"));
                                       held.verdict.readyState = ReadyState::Closed;
                                       return held;
                                   }()}
            << QStringList{QStringLiteral("readyState: Chromium CONNECTING, Firefox CLOSED")};
        QTest::newRow("one engine has nothing to differ from")
            << QList<EngineResult>{engine(QStringLiteral("Chromium"), QStringLiteral("blocks"), {charset})}
            << QStringList{};
    }
    void differences()
    {
        QFETCH(QList<EngineResult>, engines);
        QFETCH(QStringList, expected);
        QCOMPARE(engineDifferences(engines), expected);
    }
};

QTEST_GUILESS_MAIN(tst_EngineComparison)
#include "tst_enginecomparison.moc"
