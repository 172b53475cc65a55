// "Apply to scenario" (lib/scenario/scenariofixes): for every finding with a knob fix, each preset
// that raises it is served by the mock server and watched by the client in-process; the fix is
// applied to the preset and the run repeated: the finding is gone, the browser opens the stream,
// and the fix raised no new warning or error. The table itself is checked too: every finding is
// in the catalogue, every preset exists and is one the fix is offered for.

#include "clienttesthelpers.h"

#include <browser/findings.h>
#include <scenario/presetlibrary.h>
#include <scenario/scenariofixes.h>

#include <QSignalSpy>
#include <QTest>

using namespace SseScope;
using namespace SseScope::Test;

namespace {

// The test page's observation window (CLI.md: 3 s by default).
constexpr qint64 kWindowMs = 3000;

struct Observed
{
    Session session;
    QString seen; // for failure messages
};

// Serves `scenario` and watches it like its test page would. `until` ends the watch early
// (a settled outcome); otherwise the window runs out.
Observed observe(const Scenario &scenario, const std::function<bool(const Session &)> &until)
{
    MockServerController server;
    BrowserClientController client;
    QString error;
    if (!server.start(scenario, {}, &error)) {
        qWarning("server: %s", qPrintable(error));
        return {};
    }
    QSignalSpy finished(&client, &BrowserClientController::finished);
    if (!client.start(optionsFor(scenario, server, kWindowMs), &error)) {
        qWarning("client: %s", qPrintable(error));
        return {};
    }
    // Settled early, or the window ran out: either way the session is what it is.
    [[maybe_unused]] const bool settled = QTest::qWaitFor(
        [&] {
            correlate(client, server);
            return !finished.isEmpty() || until(client.session());
        },
        int(kWindowMs) + 3000);
    client.stop();
    correlate(client, server);
    server.stop();
    Observed observed {client.session(), {}};
    const Verdict &verdict = observed.session.verdict();
    observed.seen = QStringLiteral("opened %1 failed %2 events %3; findings %4")
                        .arg(verdict.opened)
                        .arg(verdict.failed)
                        .arg(verdict.events)
                        .arg(findingIds(observed.session).join(u' '));
    return observed;
}

QSet<QString> worrying(const Session &session)
{
    QSet<QString> ids;
    for (const RecordedFinding &recorded : session.findings()) {
        if (recorded.finding.severity >= Severity::Warning) {
            ids.insert(recorded.finding.id);
        }
    }
    return ids;
}

} // namespace

class tst_ScenarioFixes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void tableIsConsistent()
    {
        QVERIFY(!ScenarioFixes::all().isEmpty());
        for (const ScenarioFix &fix : ScenarioFixes::all()) {
            QVERIFY2(findFindingDefinition(fix.findingId), qPrintable(fix.findingId));
            // Every fix is shown on a preset, but for a finding no preset raises (events missed:
            // tst_browserclient's missedAndRepeatedEventsAcrossAReconnect covers it).
            QVERIFY2(!fix.presets.isEmpty() || fix.findingId == QLatin1String("stream.events-missed"),
                     qPrintable(fix.findingId));
            QVERIFY2(!ScenarioFixes::describe(fix).isEmpty(), qPrintable(fix.findingId));
            for (const QString &name : fix.presets) {
                const std::optional<Scenario> preset = PresetLibrary::preset(name);
                QVERIFY2(preset, qPrintable(name));
                // Offered on the preset it is shown on, and once applied, no longer offered.
                const std::optional<ScenarioFix> offered = ScenarioFixes::forFinding(fix.findingId, *preset);
                QVERIFY2(offered && offered->patch == fix.patch, qPrintable(fix.findingId + u' ' + name));
                QString error;
                const std::optional<Scenario> fixed = ScenarioFixes::apply(*preset, fix, &error);
                QVERIFY2(fixed, qPrintable(error));
                QVERIFY(!(*fixed == *preset));
                QVERIFY2(!ScenarioFixes::forFinding(fix.findingId, *fixed), qPrintable(fix.findingId + u' ' + name));
                QCOMPARE(fixed->name, preset->name);
            }
        }
        // No fix for a finding the scenario cannot change (the page's own code), or an unknown one.
        QVERIFY(!ScenarioFixes::forFinding(QStringLiteral("eventsource.custom-header"),
                                           *PresetLibrary::preset(QStringLiteral("bearer-header"))));
        QVERIFY(!ScenarioFixes::forFinding(QStringLiteral("no.such-finding"), PresetLibrary::defaultScenario()));
        // The same finding with another cause gets the other fix: a redirect hop without CORS.
        const std::optional<ScenarioFix> redirect = ScenarioFixes::forFinding(
            QStringLiteral("cors.missing-allow-origin"), *PresetLibrary::preset(QStringLiteral("redirect-without-cors")));
        QVERIFY(redirect);
        QCOMPARE(ScenarioFixes::describe(*redirect), QStringList{QStringLiteral("response.redirect.withCors = true")});
    }

    void applyingTheFixMakesTheCheckPass_data()
    {
        QTest::addColumn<QString>("finding");
        QTest::addColumn<QString>("preset");
        for (const ScenarioFix &fix : ScenarioFixes::all()) {
            for (const QString &preset : fix.presets) {
                QTest::addRow("%s on %s", qPrintable(fix.findingId), qPrintable(preset)) << fix.findingId << preset;
            }
        }
    }
    void applyingTheFixMakesTheCheckPass()
    {
        QFETCH(QString, finding);
        QFETCH(QString, preset);
        const Scenario scenario = *PresetLibrary::preset(preset);
        const Observed before = observe(scenario, [&](const Session &s) { return s.hasFinding(finding); });
        QVERIFY2(before.session.hasFinding(finding), qPrintable(before.seen));

        const std::optional<ScenarioFix> fix = ScenarioFixes::forFinding(finding, scenario);
        QVERIFY(fix);
        const std::optional<Scenario> fixed = ScenarioFixes::apply(scenario, *fix);
        QVERIFY(fixed);
        // Watched for the whole window: a finding raised late (buffering, at the end) counts too.
        const Observed after = observe(*fixed, [](const Session &) { return false; });
        const QString what = ScenarioFixes::describe(*fix).join(QStringLiteral(", ")) + QStringLiteral(": ") + after.seen;
        QVERIFY2(!after.session.hasFinding(finding), qPrintable(what));
        QVERIFY2(after.session.verdict().opened && !after.session.verdict().failed, qPrintable(what));
        QVERIFY2(after.session.verdict().events >= 1, qPrintable(what));
        const QSet<QString> added = worrying(after.session) - worrying(before.session);
        QVERIFY2(added.isEmpty(), qPrintable(QStringList(added.cbegin(), added.cend()).join(u' ') + u' ' + what));
    }
};

QTEST_GUILESS_MAIN(tst_ScenarioFixes)
#include "tst_scenariofixes.moc"
