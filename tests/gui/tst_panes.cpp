// Offscreen tests of the window's panes on their own, without the window: the banner's headline
// and tone for each outcome, the Real browser pane's report and agreement, and the client pane's
// form turned into ClientOptions.

#include <gui/panes/bannerpane.h>
#include <gui/panes/clientpane.h>
#include <gui/panes/diagnosispane.h>
#include <models/findingsmodel.h>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <gui/panes/enginespane.h>
#include <gui/panes/exchangespane.h>
#include <models/cookiesmodel.h>
#include <models/exchangesmodel.h>
#include <gui/panes/realbrowserpane.h>
#include <gui/panes/timelinepane.h>
#include <gui/timelinewidget.h>
#include <session/sessiontimeline.h>
#include <gui/settings.h>

#include <browser/findings.h>
#include <scenario/presetlibrary.h>

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <gui/scenarioeditor.h>

#include <QResizeEvent>
#include <QSplitter>
#include <QTest>
#include <QTextBrowser>
#include <QTableWidget>

using namespace SseScope;
using namespace SseScope::Gui;

Q_DECLARE_METATYPE(SseScope::Gui::BannerPane::Tone)
Q_DECLARE_METATYPE(SseScope::SessionTimeline)

namespace {
RecordedFinding recorded(const char *id)
{
    return RecordedFinding{makeFinding(id, QString()), 0, 0};
}

Verdict verdict(bool opened, bool failed, ReadyState state, int reconnects = 0)
{
    Verdict result;
    result.opened = opened;
    result.failed = failed;
    result.readyState = state;
    result.reconnects = reconnects;
    return result;
}
} // namespace

class TestPanes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("SSE Scope Tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_panes"));
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void bannerHeadlineFollowsTheVerdict_data()
    {
        QTest::addColumn<bool>("running");
        QTest::addColumn<bool>("recorded");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<QStringList>("findings");
        QTest::addColumn<QString>("headline");
        QTest::addColumn<BannerPane::Tone>("tone");
        const QString warning = QStringLiteral("response.no-transform-missing");
        const QString error = QStringLiteral("cors.wildcard-with-credentials");
        QTest::addRow("nothing yet") << false << false << Verdict() << QStringList() << QStringLiteral("Not connected")
                                     << BannerPane::Tone::Neutral;
        QTest::addRow("open, clean") << true << true << verdict(true, false, ReadyState::Open) << QStringList()
                                     << QStringLiteral("Chromium opens this stream") << BannerPane::Tone::Good;
        QTest::addRow("open, a warning") << true << true << verdict(true, false, ReadyState::Open) << QStringList{warning}
                                         << QStringLiteral("Chromium opens this stream, with 1 warning(s)")
                                         << BannerPane::Tone::Warning;
        // Failed wins over opened (lib/browser/verdict.h): the words `ssescope check` prints, in red.
        QTest::addRow("opened then failed") << false << true << verdict(true, true, ReadyState::Closed)
                                            << QStringList{error}
                                            << QStringLiteral("Chromium opened this stream, then failed it")
                                            << BannerPane::Tone::Bad;
        QTest::addRow("blocked") << false << true << verdict(false, true, ReadyState::Closed) << QStringList{error}
                                 << QStringLiteral("Chromium blocks this stream") << BannerPane::Tone::Bad;
        QTest::addRow("fetch stream ended") << false << true << verdict(true, false, ReadyState::Closed)
                                            << QStringList()
                                            << QStringLiteral("Chromium opened this stream; the server ended it")
                                            << BannerPane::Tone::Neutral;
        QTest::addRow("reconnecting") << true << true << verdict(true, false, ReadyState::Connecting, 2)
                                      << QStringList() << QStringLiteral("Chromium is reconnecting (2 reconnect(s) so far)")
                                      << BannerPane::Tone::Warning;
        QTest::addRow("connecting") << true << false << Verdict() << QStringList() << QStringLiteral("Connecting…")
                                    << BannerPane::Tone::Neutral;
        QTest::addRow("not getting it") << true << true << Verdict() << QStringList{error}
                                        << QStringLiteral("Chromium is not getting this stream") << BannerPane::Tone::Bad;
        QTest::addRow("stopped") << false << true << Verdict() << QStringList()
                                 << QStringLiteral("Chromium has not opened this stream") << BannerPane::Tone::Neutral;
        QTest::addRow("stopped, errors") << false << true << Verdict() << QStringList{error}
                                         << QStringLiteral("Chromium has not opened this stream")
                                         << BannerPane::Tone::Bad;
    }
    void bannerHeadlineFollowsTheVerdict()
    {
        QFETCH(bool, running);
        QFETCH(bool, recorded);
        QFETCH(Verdict, verdict);
        QFETCH(QStringList, findings);
        QFETCH(QString, headline);
        QFETCH(BannerPane::Tone, tone);
        EngineOutcome outcome;
        outcome.browser = QStringLiteral("Chromium");
        outcome.verdict = verdict;
        outcome.running = running;
        outcome.recorded = recorded;
        for (const QString &id : std::as_const(findings)) {
            outcome.findings.append(::recorded(id.toLatin1().constData()));
        }
        QCOMPARE(BannerPane::headline(outcome).text, headline);
        QCOMPARE(BannerPane::headline(outcome).tone, tone);

        BannerPane banner;
        banner.showOutcomes({outcome});
        QCOMPARE(banner.headlineText(), headline);
        QCOMPARE(banner.tone(), tone);
        QCOMPARE(banner.findChild<QLabel *>(QStringLiteral("verdictLabel"))->text(), headline);
    }

    // Issue 15: one verdict per engine under the headline, the differences in its tooltip;
    // hidden while there is nothing to compare.
    void bannerShowsOneVerdictPerEngine()
    {
        BannerPane banner;
        QVERIFY(banner.enginesText().isEmpty());
        const auto engine = [](const QString &name, bool blocked) {
            EngineResult result;
            result.displayName = name;
            result.browser = name.toLower();
            result.verdict = blocked ? verdict(false, true, ReadyState::Closed) : verdict(true, false, ReadyState::Open);
            if (blocked) {
                result.findings = {makeFinding("eventsource.charset", QString())};
            }
            return result;
        };
        const QList<EngineResult> engines{engine(QStringLiteral("Chromium"), true),
            engine(QStringLiteral("Firefox"), false), engine(QStringLiteral("Safari"), false)};
        banner.showEngines(engines);
        QCOMPARE(banner.enginesText(), QStringLiteral("Chromium blocks · Firefox opens · Safari opens"));
        auto *line = banner.findChild<QLabel *>(QStringLiteral("enginesLine"));
        QVERIFY(!line->isHidden());
        QVERIFY2(line->toolTip().contains(QStringLiteral("Only Chromium: eventsource.charset")), qPrintable(line->toolTip()));

        EnginesPane pane;
        pane.showEngines(engines);
        QCOMPARE(pane.findChild<QTableWidget *>(QStringLiteral("enginesTable"))->rowCount(), 3);
        QCOMPARE(pane.findChild<QLabel *>(QStringLiteral("enginesSummary"))->text(), banner.enginesText());
        QCOMPARE(pane.differenceTexts(), engineDifferences(engines));
        const QString rules = pane.findChild<QTextBrowser *>(QStringLiteral("engineDifferences"))->toPlainText();
        QVERIFY2(rules.contains(QStringLiteral("Fix:")), qPrintable(rules)); // the rule's fix, from the catalogue
        // Safari's ITP (BrowserProfile::policyNotObservedInSuite) reaches the user: one line, Safari's.
        auto *notes = pane.findChild<QLabel *>(QStringLiteral("enginePolicyNotes"));
        QCOMPARE(pane.policyNotes().size(), 1);
        QVERIFY2(pane.policyNotes().constFirst().startsWith(QLatin1String("Safari")), qPrintable(pane.policyNotes().join(u'\n')));
        QVERIFY2(notes->text().contains(QLatin1String("Intelligent Tracking Prevention")), qPrintable(notes->text()));
        QVERIFY(!notes->isHidden());

        banner.showEngines({});
        QVERIFY(banner.enginesText().isEmpty());
        QVERIFY(line->isHidden());
        pane.showEngines({});
        QCOMPARE(pane.findChild<QTableWidget *>(QStringLiteral("enginesTable"))->rowCount(), 0);
        QVERIFY(pane.policyNotes().isEmpty());
        QVERIFY(notes->isHidden());
    }

    void bannerDetailNamesTheFixAndTheCounters()
    {
        EngineOutcome outcome;
        outcome.browser = QStringLiteral("Firefox");
        outcome.verdict = verdict(false, true, ReadyState::Closed);
        outcome.verdict.console = {QStringLiteral("first console line"), QStringLiteral("second")};
        outcome.findings = {recorded("cors.wildcard-with-credentials")};
        outcome.recorded = true;
        BannerPane banner;
        banner.showOutcomes({outcome});
        const QStringList lines = banner.detailText().split(u'\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), QStringLiteral("first console line"));
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("Fix: ")), qPrintable(lines.at(1)));
        // The fix is Markdown: its code spans are rendered, never shown as backticks.
        QVERIFY2(!lines.at(1).contains(u'`'), qPrintable(lines.at(1)));
        const QString shown = banner.findChild<QLabel *>(QStringLiteral("verdictDetail"))->text();
        QVERIFY2(shown.contains(QStringLiteral("<code>*</code>")), qPrintable(shown));
        QVERIFY(!shown.contains(u'`'));
        QCOMPARE(lines.at(2), QStringLiteral("0 event(s) · 1 error(s) · 0 warning(s) · readyState CLOSED"));
        // The tone is in the frame's stylesheet: red for a blocked stream.
        QVERIFY(banner.styleSheet().contains(QStringLiteral("#d32f2f")));
    }

    void exchangeCopiesAsCurlAndAsThePagesJavaScript()
    {
        Session session;
        SessionInfo info;
        info.url = QUrl(QStringLiteral("http://127.0.0.1:8080/events"));
        info.mode = RequestMode::EventSource;
        info.credentials = CredentialsMode::Include;
        session.setInfo(info);
        SessionExchange stream;
        stream.id = 1;
        stream.kind = ExchangeKind::Stream;
        stream.plannedRequest = {"GET", info.url, {{"Accept", "text/event-stream"}, {"Origin", "http://localhost:5173"}}};
        stream.request = stream.plannedRequest;
        session.recordExchange(stream);
        ExchangesModel exchanges;
        CookiesModel cookies;
        exchanges.upsert(stream);
        ExchangesPane pane(&exchanges, &cookies, [&session]() -> const Session & { return session; });
        auto *curl = pane.findChild<QAction *>(QStringLiteral("copyAsCurlAction"));
        auto *script = pane.findChild<QAction *>(QStringLiteral("copyAsJavaScriptAction"));
        QVERIFY(curl && script);
        QVERIFY(!curl->isEnabled()); // nothing selected yet
        pane.selectNewestIfNone();
        QVERIFY(curl->isEnabled());
        curl->trigger();
        const QString command = QGuiApplication::clipboard()->text();
        QVERIFY2(command.startsWith(QStringLiteral("curl -N \\\n  -H ")), qPrintable(command));
        QVERIFY(command.contains(QStringLiteral("-H 'Origin: http://localhost:5173'")));
        QVERIFY(command.endsWith(QStringLiteral("'http://127.0.0.1:8080/events'")));
        script->trigger();
        QVERIFY2(QGuiApplication::clipboard()->text().startsWith(QStringLiteral(
                     "const source = new EventSource(\"http://127.0.0.1:8080/events\", { withCredentials: true });")),
                 qPrintable(QGuiApplication::clipboard()->text()));
    }

    void clientPaneTurnsTheFormIntoOptions()
    {
        Settings settings;
        ClientPane pane(settings);
        Scenario scenario = PresetLibrary::defaultScenario();
        scenario.client.withCredentials = true;
        pane.followServer(scenario, true, QUrl(QStringLiteral("http://127.0.0.1:8080")),
                          QUrl(QStringLiteral("http://localhost:8081/")));
        QString error;
        const ClientOptions options = pane.options(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(options.intent.url, QUrl(QStringLiteral("http://127.0.0.1:8080") + scenario.client.path));
        QCOMPARE(options.pageOrigin.serialize(), QStringLiteral("http://localhost:8081"));
        QVERIFY(options.intent.withCredentials);
        QCOMPARE(pane.browserName(), QStringLiteral("Chromium"));

        // A URL of one's own stops following the server; an unusable origin is refused with why.
        auto *origin = pane.findChild<QLineEdit *>(QStringLiteral("originEdit"));
        auto *url = pane.findChild<QLineEdit *>(QStringLiteral("urlEdit"));
        QVERIFY(pane.isFollowingServer());
        QTest::keyClicks(url, QStringLiteral("x"));
        QVERIFY(!pane.isFollowingServer());
        origin->setText(QStringLiteral("not an origin"));
        pane.options(&error);
        QVERIFY2(error.startsWith(QStringLiteral("The page origin is not scheme://host[:port]")), qPrintable(error));
    }

    // Issue 18: a preset's fetch request fills the pane (method, Content-Type, body, headers read),
    // and the pane turns it into the intent the CLI's --method/--data/--read-header make; the body
    // is checked as JSON while the Content-Type says JSON.
    void clientPaneSendsTheFetchRequest()
    {
        Settings settings;
        ClientPane pane(settings);
        const Scenario chat = *PresetLibrary::preset(QStringLiteral("mcp-streamable-http"));
        pane.followServer(chat, true, QUrl(QStringLiteral("http://127.0.0.1:8080")),
                          QUrl(QStringLiteral("http://localhost:8081/")));
        auto *method = pane.findChild<QComboBox *>(QStringLiteral("methodCombo"));
        auto *contentType = pane.findChild<QComboBox *>(QStringLiteral("contentTypeCombo"));
        auto *body = pane.findChild<QPlainTextEdit *>(QStringLiteral("bodyEdit"));
        auto *status = pane.findChild<QLabel *>(QStringLiteral("bodyStatus"));
        auto *readHeaders = pane.findChild<QLineEdit *>(QStringLiteral("readHeadersEdit"));
        QVERIFY(method && contentType && body && status && readHeaders);
        QCOMPARE(method->currentText(), QStringLiteral("POST"));
        QCOMPARE(contentType->currentText(), QStringLiteral("application/json"));
        QCOMPARE(body->toPlainText(), *chat.client.body);
        QCOMPARE(readHeaders->text(), QStringLiteral("Mcp-Session-Id"));
        QVERIFY(method->isEnabled() && body->isEnabled());
        QCOMPARE(status->text(), QStringLiteral("Valid JSON"));

        QString error;
        ClientOptions options = pane.options(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(options.intent.mode, RequestMode::Fetch);
        QCOMPARE(options.intent.url, QUrl(QStringLiteral("http://127.0.0.1:8080/mcp")));
        QCOMPARE(options.intent.method, QByteArray("POST"));
        QVERIFY(options.intent.hasBody);
        QCOMPARE(options.intent.body, chat.client.body->toUtf8());
        QCOMPARE(options.intent.extraHeaders.combinedValue("Content-Type"), QByteArray("application/json"));
        QCOMPARE(options.intent.extraHeaders.combinedValue("Accept"), QByteArray("application/json, text/event-stream"));
        QCOMPARE(options.intent.readHeaders, QList<QByteArray> {"Mcp-Session-Id"});

        // Not JSON while the Content-Type says JSON: said at once (the page would still send it).
        body->setPlainText(QStringLiteral("{\"stream\": tru}"));
        QVERIFY2(status->text().startsWith(QStringLiteral("Not valid JSON: ")), qPrintable(status->text()));
        options = pane.options(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        contentType->setCurrentText(QStringLiteral("text/plain"));
        QVERIFY(status->text().isEmpty());

        // What fetch() itself refuses is refused here, with why.
        method->setCurrentText(QStringLiteral("GET"));
        pane.options(&error);
        QVERIFY2(error.startsWith(QStringLiteral("fetch() refuses a body with GET")), qPrintable(error));
        body->clear();
        readHeaders->setText(QStringLiteral("Mcp-Session-Id, bad:name"));
        error.clear();
        pane.options(&error);
        QCOMPARE(error, QStringLiteral("Not a header name: bad:name"));

        // EventSource: none of it applies, and the fields say so.
        const Scenario plain = PresetLibrary::defaultScenario();
        pane.followServer(plain, true, QUrl(QStringLiteral("http://127.0.0.1:8080")),
                          QUrl(QStringLiteral("http://localhost:8081/")));
        QVERIFY(!method->isEnabled() && !body->isEnabled() && !readHeaders->isEnabled());
        error.clear();
        options = pane.options(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(options.intent.method, QByteArray("GET"));
        QVERIFY(!options.intent.hasBody);
        QVERIFY(options.intent.readHeaders.isEmpty());
    }

    // The Timeline says what happened, or why nothing did: never "0 events · peak 1 per …".
    // The scenario editor in a narrow dock (1366-pixel screens) stacks the JSON below the tree so
    // both keep whole lines; wide, they stand side by side.
    void scenarioEditorStacksWhenNarrow()
    {
        ScenarioEditor editor;
        editor.setScenario(Scenario());
        auto *splitter = editor.findChild<QSplitter *>(QStringLiteral("scenarioSplitter"));
        QVERIFY(splitter);
        // Not shown (the offscreen platform warns about top-level windows): the resize events
        // the window system would send, sent by hand.
        const auto resizeTo = [&editor](int width) {
            const QSize old = editor.size();
            editor.resize(width, 600);
            QResizeEvent event(editor.size(), old);
            QCoreApplication::sendEvent(&editor, &event);
        };
        resizeTo(ScenarioEditor::sideBySideMinWidth - 250); // the Scenario dock at 1366 pixels
        QCOMPARE(splitter->orientation(), Qt::Vertical);
        resizeTo(ScenarioEditor::sideBySideMinWidth + 200);
        QCOMPARE(splitter->orientation(), Qt::Horizontal);
        resizeTo(ScenarioEditor::sideBySideMinWidth - 1);
        QCOMPARE(splitter->orientation(), Qt::Vertical);
        QCOMPARE(splitter->widget(0)->objectName(), QStringLiteral("scenarioTree")); // the tree stays first
    }

    void timelineSummarySaysWhatHappened_data()
    {
        QTest::addColumn<SessionTimeline>("timeline");
        QTest::addColumn<QStringList>("says");
        SessionTimeline none;
        QTest::addRow("no session") << none << QStringList{QStringLiteral("No session yet")};

        SessionTimeline refused;
        refused.empty = SessionTimeline::Empty::ClosedWithoutEvents;
        refused.requests = 1;
        refused.endMs = 12;
        refused.lastReason = QStringLiteral("error");
        QTest::addRow("refused") << refused
                                 << QStringList{QStringLiteral("CLOSED before any event arrived (error)"),
                                                QStringLiteral("1 request(s)")};

        SessionTimeline looping;
        looping.empty = SessionTimeline::Empty::Connecting;
        looping.requests = 4;
        looping.reconnects = 3;
        looping.endMs = 9500;
        QTest::addRow("reconnect loop") << looping
                                        << QStringList{QStringLiteral("CONNECTING: no event has arrived in 9.5 s"),
                                                       QStringLiteral("4 request(s)"), QStringLiteral("3 reconnect(s)")};

        SessionTimeline proxied;
        proxied.empty = SessionTimeline::Empty::No;
        proxied.events = 32;
        proxied.requests = 1;
        proxied.endMs = 8000;
        proxied.bursts = {TimelineBurst {1, 4000, 16, 4000}, TimelineBurst {1, 8000, 16, 4000}};
        proxied.writes = {ServerWrite {1, 1, 0, 4000}};
        proxied.longestDelayMs = 4000;
        proxied.lateWrites = 30;
        QTest::addRow("buffering proxy") << proxied
                                         << QStringList{QStringLiteral("32 event(s) in 8.0 s"), QStringLiteral("2 burst(s)"),
                                                        QStringLiteral("up to 16 events in one delivery"),
                                                        QStringLiteral("longest 4000 ms"),
                                                        QStringLiteral("30 event(s) held 500 ms or more")};
    }
    void timelineSummarySaysWhatHappened()
    {
        QFETCH(SessionTimeline, timeline);
        QFETCH(QStringList, says);
        QLocale::setDefault(QLocale::c());
        TimelinePane pane;
        pane.resize(800, 300);
        pane.showTimeline(timeline);
        const QString text = pane.summaryText();
        for (const QString &part : says) {
            QVERIFY2(text.contains(part), qPrintable(text));
        }
        QVERIFY2(!text.contains(QStringLiteral("peak")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral(" 0 event")) && !text.startsWith(QStringLiteral("0 event")), qPrintable(text));
        // The chart takes the same data and draws it (marks, bursts, write lines) without complaint.
        QCOMPARE(pane.timeline()->timeline().bursts.size(), timeline.bursts.size());
        QCOMPARE(pane.timeline()->timeline().writes.size(), timeline.writes.size());
        QVERIFY(pane.timeline()->spanMs() >= timeline.endMs);
        QVERIFY(!pane.grab().isNull());
        pane.clear();
        QVERIFY(pane.summaryText().startsWith(QStringLiteral("No session yet")));
        QVERIFY(pane.timeline()->timeline().marks.isEmpty());
    }

    // A finding with a knob fix offers "Apply to Scenario" for a session against the mock server;
    // the click hands the fixed scenario and the knobs to the window.
    void diagnosisOffersTheScenarioFix()
    {
        FindingsModel findings;
        findings.setFindings({recorded("http.http1-stream"), recorded("cors.wildcard-with-credentials")});
        DiagnosisPane pane(&findings);
        pane.resize(900, 600);
        auto *view = pane.findChild<QTableView *>(QStringLiteral("findingsView"));
        QVERIFY(view);
        const Scenario preset = *PresetLibrary::preset(QStringLiteral("wildcard-with-credentials"));
        QPushButton *apply = pane.applyFixButton();
        QVERIFY(!apply->isVisibleTo(&pane)); // not against the mock server yet
        pane.setMockScenario(preset);
        view->setCurrentIndex(view->model()->index(1, 0)); // the error
        QVERIFY(apply->isVisibleTo(&pane));
        QVERIFY2(apply->toolTip().contains(QStringLiteral("cors.allowOrigin = \"echo\"")), qPrintable(apply->toolTip()));

        QSignalSpy applied(&pane, &DiagnosisPane::applyToScenario);
        apply->click();
        QCOMPARE(applied.size(), 1);
        const Scenario fixed = applied.at(0).at(0).value<Scenario>();
        QCOMPARE(fixed.cors.allowOrigin, CorsPolicy::AllowOrigin::Echo);
        QVERIFY(fixed.cors.varyOrigin);
        QCOMPARE(fixed.name, preset.name);
        QCOMPARE(applied.at(0).at(1).toStringList(),
                 (QStringList{QStringLiteral("cors.allowOrigin = \"echo\""), QStringLiteral("cors.varyOrigin = true")}));

        // No fix for an informational finding, none once the scenario has it, none off the mock server.
        view->setCurrentIndex(view->model()->index(0, 0));
        QVERIFY(!apply->isVisibleTo(&pane));
        view->setCurrentIndex(view->model()->index(1, 0));
        QVERIFY(apply->isVisibleTo(&pane));
        pane.setMockScenario(fixed);
        QVERIFY(!apply->isVisibleTo(&pane));
        pane.setMockScenario(preset);
        QVERIFY(apply->isVisibleTo(&pane));
        pane.setMockScenario(std::nullopt);
        QVERIFY(!apply->isVisibleTo(&pane));
    }
};

QTEST_MAIN(TestPanes)
#include "tst_panes.moc"
