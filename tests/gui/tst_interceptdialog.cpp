// Offscreen tests of intercept mode's window (Session → Intercept a Browser…): the proxy started
// as `--launch none` would, loopback mock servers reached through it by our own client and by a
// plain QNetworkAccessManager; each event stream appears as a session with the outcome, events and
// findings of the recording's diagnosis, other requests are listed undiagnosed, and the HAR export
// reads back.

#include "windowtesthelpers.h"

#include <gui/interceptdialog.h>
#include <gui/mainwindow.h>
#include <gui/panes/bannerpane.h>
#include <gui/settings.h>

#include <browser/verdict.h>
#include <client/browserclientcontroller.h>
#include <models/eventsmodel.h>
#include <models/findingsmodel.h>
#include <models/modelroles.h>
#include <scenario/presetlibrary.h>
#include <server/mockservercontroller.h>
#include <session/harreader.h>

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace SseScope;
using SseScope::WindowTest::hasFinding;
using SseScope::Gui::InterceptDialog;
using SseScope::Gui::InterceptPane;

namespace {
QTreeWidgetItem *rowOf(const InterceptDialog &dialog, quint64 id)
{
    QTreeWidget *list = dialog.pane()->exchangeList();
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->data(InterceptPane::IdColumn, Qt::UserRole).toULongLong() == id) {
            return list->topLevelItem(i);
        }
    }
    return nullptr;
}

// The newest event stream the proxy saw whose URL starts with `prefix`, or 0.
quint64 streamTo(const InterceptController &controller, const QUrl &prefix)
{
    const QList<quint64> ids = controller.exchangeIds();
    for (qsizetype i = ids.size() - 1; i >= 0; --i) {
        const InterceptedExchange *exchange = controller.exchange(ids.at(i));
        if (exchange && exchange->isEventStream()
            && exchange->exchange.request.url.toString().startsWith(prefix.toString())) {
            return ids.at(i);
        }
    }
    return 0;
}
} // namespace

class TestInterceptDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_caDir;

    std::unique_ptr<InterceptDialog> startDialog(Gui::Settings &settings)
    {
        auto dialog = std::make_unique<InterceptDialog>(settings);
        dialog->setCaDirectory(m_caDir.path());
        InterceptPane::Choice choice;
        choice.launch = InterceptController::Launch::None; // as `ssescope intercept --launch none`
        choice.browser = QStringLiteral("chromium");
        dialog->setChoice(choice);
        dialog->QDialog::show();
        if (!QTest::qWaitForWindowExposed(dialog.get()) || !dialog->startIntercept()) {
            qWarning("intercept did not start: %s", qPrintable(dialog->lastError()));
            return nullptr;
        }
        return dialog;
    }

    // Our own client through the proxy, as a page at http://localhost:3000 would connect.
    static bool runClient(const InterceptDialog &dialog, const QUrl &url, qint64 maxEvents)
    {
        ClientOptions options;
        options.pageOrigin = Origin::fromString(QStringLiteral("http://localhost:3000"));
        options.intent.url = url;
        options.durationMs = 8000;
        options.maxEvents = maxEvents;
        // Set on the client's manager: Qt's application proxy would skip a loopback host.
        options.proxy = QNetworkProxy(
            QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), quint16(dialog.controller()->proxyUrl().port()));
        BrowserClientController client;
        QSignalSpy finished(&client, &BrowserClientController::finished);
        QString error;
        if (!client.start(options, &error)) {
            qWarning("client: %s", qPrintable(error));
            return false;
        }
        return finished.wait(15000);
    }

    static std::optional<QUrl> startServer(MockServerController &server, const QString &preset)
    {
        std::optional<Scenario> scenario = PresetLibrary::preset(preset);
        if (!scenario) {
            return std::nullopt;
        }
        scenario->stream.generator.intervalMs = 60;
        QString error;
        if (!server.start(*scenario, ServerOptions {}, &error)) {
            qWarning("server: %s", qPrintable(error));
            return std::nullopt;
        }
        return server.apiUrl().resolved(QUrl(QStringLiteral("/events")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        WindowTest::useTestSettings(QStringLiteral("tst_interceptdialog"));
        QVERIFY(m_caDir.isValid());
    }

    void init()
    {
        WindowTest::failOnWarnings();
    }

    void sessionMenuOpensTheInterceptWindow()
    {
        Gui::MainWindow::StartOptions start;
        start.startServer = false;
        start.connectClient = false;
        start.firstRunTour = false;
        Gui::MainWindow window(start);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *action = window.findChild<QAction *>(QStringLiteral("interceptBrowserAction"));
        QVERIFY(action);
        action->trigger();
        auto *dialog = window.findChild<InterceptDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->controller()->isRunning()); // started by the user, not by opening it
        QVERIFY(dialog->pane()->startButton()->isEnabled());
        QVERIFY(!dialog->pane()->stopButton()->isEnabled());
        action->trigger(); // the same window again, not a second one
        QCOMPARE(window.findChildren<InterceptDialog *>().size(), 1);
    }

    void streamsThroughTheProxyAreDiagnosed()
    {
        MockServerController opens;
        MockServerController blocks;
        const std::optional<QUrl> opensUrl = startServer(opens, QStringLiteral("default"));
        const std::optional<QUrl> blocksUrl = startServer(blocks, QStringLiteral("missing-allow-origin"));
        QVERIFY(opensUrl && blocksUrl);

        Gui::Settings settings;
        const std::unique_ptr<InterceptDialog> dialog = startDialog(settings);
        QVERIFY(dialog);
        const InterceptController *controller = dialog->controller();
        QVERIFY(controller->isRunning());
        // --launch none: the address and the CA file are shown for the user's own client.
        const auto *address = dialog->findChild<QLabel *>(QStringLiteral("interceptAddress"));
        QVERIFY(address);
        QVERIFY2(address->text().contains(controller->proxyUrl().toString()), qPrintable(address->text()));
        QVERIFY(address->text().contains(controller->caCertificatePath()));
        QVERIFY(controller->caCertificatePath().startsWith(m_caDir.path()));
        QVERIFY(!dialog->pane()->startButton()->isEnabled());

        // A stream that opens: shown by itself as the first stream, live, then with all its events.
        QSignalSpy updated(controller, &InterceptController::exchangeUpdated);
        QSignalSpy shown(dialog.get(), &InterceptDialog::streamShown);
        QVERIFY(runClient(*dialog, *opensUrl, 4));
        QTRY_VERIFY_WITH_TIMEOUT(streamTo(*controller, *opensUrl) != 0, 10000);
        const quint64 openId = streamTo(*controller, *opensUrl);
        QTRY_VERIFY_WITH_TIMEOUT(!controller->isOpen(openId), 10000); // the client went: the stream ended
        QVERIFY(!updated.isEmpty()); // the body was reported while the stream was open
        QCOMPARE(dialog->shownId(), openId);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->shownSession().verdict().events >= 4, 10000);
        QVERIFY(shown.size() >= 2); // at its head, and again as it grew or ended
        const Session &opened = dialog->shownSession();
        QVERIFY(opened.verdict().opened);
        QCOMPARE(outcomeOf(opened.verdict()) == Outcome::Opens || outcomeOf(opened.verdict()) == Outcome::Reconnecting,
            true);
        QCOMPARE(opened.info().browser, QStringLiteral("chromium"));
        QCOMPARE(dialog->eventsModel()->rowCount(), int(opened.events().size()));
        QVERIFY(dialog->verdictText().contains(QStringLiteral("Chromium")));
        // The window shows the recording's own diagnosis: the same as `ssescope intercept` prints.
        QCOMPARE(dialog->verdictText(),
            Gui::BannerPane::headline({QStringLiteral("Chromium"), opened.verdict(), opened.findings(), false, true})
                .text);
        QTreeWidgetItem *openRow = rowOf(*dialog, openId);
        QVERIFY(openRow);
        QCOMPARE(openRow->text(InterceptPane::OutcomeColumn), dialog->verdictText());

        // A stream the browser blocks (no Access-Control-Allow-Origin): its finding and console.
        QVERIFY(runClient(*dialog, *blocksUrl, 1));
        QTRY_VERIFY_WITH_TIMEOUT(streamTo(*controller, *blocksUrl) != 0, 10000);
        const quint64 blockedId = streamTo(*controller, *blocksUrl);
        QCOMPARE(dialog->shownId(), openId); // the user's view is not taken away
        dialog->selectExchange(blockedId);
        QCOMPARE(dialog->shownId(), blockedId);
        QTRY_VERIFY_WITH_TIMEOUT(
            hasFinding(dialog->findingsModel(), QStringLiteral("cors.missing-allow-origin")), 10000);
        const Session &blocked = dialog->shownSession();
        QVERIFY(!blocked.verdict().opened);
        QCOMPARE(outcomeOf(blocked.verdict()), Outcome::Blocked);
        QVERIFY(blocked.verdict().console.join(u'\n').contains(QStringLiteral("has been blocked by CORS policy")));
        QVERIFY(dialog->verdictText().contains(QStringLiteral("blocks")));
        QCOMPARE(blocked.verdict().events, quint64(0)); // the page received none

        // Another request: listed with its status, not diagnosed.
        QNetworkAccessManager manager;
        manager.setProxy(QNetworkProxy(
            QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), quint16(controller->proxyUrl().port())));
        QNetworkReply *page = manager.get(QNetworkRequest(opens.pageUrl()));
        QSignalSpy pageDone(page, &QNetworkReply::finished);
        QVERIFY(pageDone.wait(10000));
        QCOMPARE(page->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        page->deleteLater();
        quint64 otherId = 0;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const quint64 id : controller->exchangeIds()) {
                    const InterceptedExchange *e = controller->exchange(id);
                    if (e && !e->isEventStream() && e->exchange.request.url.host() == opens.pageUrl().host()) {
                        otherId = id;
                    }
                }
                return otherId != 0 && !controller->isOpen(otherId);
            }(),
            10000);
        QTreeWidgetItem *otherRow = rowOf(*dialog, otherId);
        QVERIFY(otherRow);
        QCOMPARE(otherRow->text(InterceptPane::StatusColumn), QStringLiteral("200"));
        QVERIFY(otherRow->text(InterceptPane::OutcomeColumn).isEmpty());
        QVERIFY(!controller->diagnose(otherId));
        dialog->selectExchange(otherId);
        QCOMPARE(dialog->shownSession().exchanges().size(), 1);
        QVERIFY(dialog->verdictText().isEmpty());
        QCOMPARE(dialog->findingsModel()->rowCount(), 0);

        // HAR as today: every exchange, readable by the HAR reader (and `ssescope har`).
        QTemporaryDir out;
        const QString harPath = out.filePath(QStringLiteral("intercept.har"));
        QVERIFY2(dialog->exportHar(harPath, false), qPrintable(dialog->lastError()));
        HarError error;
        const std::optional<HarImport> imported = HarReader::readFile(harPath, &error);
        QVERIFY2(imported, qPrintable(error.toString()));
        QVERIFY(imported->session.verdict().opened); // the first stream in the file opens

        dialog->stopIntercept();
        QVERIFY(!controller->isRunning());
        QVERIFY(dialog->pane()->startButton()->isEnabled());
        QVERIFY(rowOf(*dialog, blockedId)); // the recording stays until the next start
    }

    // A fix tried before deploying it: the same blocked stream, once as the server answers it,
    // then with a rule that adds Access-Control-Allow-Origin — it opens, its row says it was
    // rewritten, and the server's own head (without the header) is kept beside the rewritten one.
    void aRewriteRuleOpensABlockedStream()
    {
        MockServerController backend;
        const std::optional<QUrl> url = startServer(backend, QStringLiteral("missing-allow-origin"));
        QVERIFY(url);
        Gui::Settings settings;

        // Without the rule: blocked, nothing rewritten.
        std::unique_ptr<InterceptDialog> dialog = startDialog(settings);
        QVERIFY(dialog);
        QVERIFY(runClient(*dialog, *url, 1));
        QTRY_VERIFY_WITH_TIMEOUT(streamTo(*dialog->controller(), *url) != 0, 10000);
        const quint64 blockedId = streamTo(*dialog->controller(), *url);
        dialog->selectExchange(blockedId);
        QTRY_COMPARE_WITH_TIMEOUT(outcomeOf(dialog->shownSession().verdict()), Outcome::Blocked, 10000);
        QVERIFY(!dialog->controller()->exchange(blockedId)->rewritten);
        QVERIFY(!rowOf(*dialog, blockedId)->text(InterceptPane::KindColumn).contains(QStringLiteral("rewritten")));
        dialog->stopIntercept();

        // With the rule, scoped to this backend's host and path.
        QTemporaryDir dir;
        const QString rulesPath = dir.filePath(QStringLiteral("fix.json"));
        QFile rules(rulesPath);
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write(R"({"rewrite": [{"hosts": [")" + url->host().toUtf8() + R"("], "paths": ["/events"],
                       "scenario": {"version": 1, "name": "fix", "cors": {"allowOrigin": "wildcard"}}}]})");
        rules.close();
        InterceptPane::Choice choice = dialog->pane()->choice();
        choice.rulesPath = rulesPath;
        dialog->setChoice(choice);
        QVERIFY2(dialog->startIntercept(), qPrintable(dialog->lastError()));
        QVERIFY(runClient(*dialog, *url, 3));
        QTRY_VERIFY_WITH_TIMEOUT(streamTo(*dialog->controller(), *url) != 0, 10000);
        const quint64 fixedId = streamTo(*dialog->controller(), *url);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->controller()->isOpen(fixedId), 10000);
        dialog->selectExchange(fixedId);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->shownId() == fixedId && dialog->shownSession().verdict().events >= 3, 10000);
        const Session &fixed = dialog->shownSession();
        QVERIFY(fixed.verdict().opened);
        QVERIFY(!hasFinding(dialog->findingsModel(), QStringLiteral("cors.missing-allow-origin")));
        QVERIFY2(!dialog->verdictText().contains(QStringLiteral("blocks")), qPrintable(dialog->verdictText()));

        // Marked rewritten, the browser's head and the server's own side by side.
        const InterceptedExchange *exchange = dialog->controller()->exchange(fixedId);
        QVERIFY(exchange && exchange->rewritten);
        QVERIFY(exchange->exchange.response);
        QCOMPARE(exchange->exchange.response->headers.combinedValue("Access-Control-Allow-Origin"), QByteArray("*"));
        QVERIFY(exchange->originalResponse);
        QVERIFY(!exchange->originalResponse->headers.contains("Access-Control-Allow-Origin"));
        QCOMPARE(exchange->originalResponse->status, 200);
        QTreeWidgetItem *row = rowOf(*dialog, fixedId);
        QVERIFY(row);
        QVERIFY(row->text(InterceptPane::KindColumn).contains(QStringLiteral("rewritten")));
        const QString tip = row->toolTip(InterceptPane::KindColumn);
        QVERIFY2(tip.contains(QStringLiteral("Access-Control-Allow-Origin: *")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("The server's own answer:\n  200 ")), qPrintable(tip));
        const QString ownAnswer = tip.mid(tip.indexOf(QStringLiteral("The server's own answer:")));
        QVERIFY(ownAnswer.contains(QStringLiteral("Content-Type: text/event-stream"), Qt::CaseInsensitive));
        QVERIFY2(!ownAnswer.contains(QStringLiteral("Access-Control-Allow-Origin"), Qt::CaseInsensitive), qPrintable(tip));
        // (Ids start again with each recording: this is the second run's stream.)
        QCOMPARE(outcomeOf(fixed.verdict()) == Outcome::Opens || outcomeOf(fixed.verdict()) == Outcome::Reconnecting
                || outcomeOf(fixed.verdict()) == Outcome::Ended,
            true);
        dialog->stopIntercept();
    }

    void rewriteRulesAreLoadedFromALocalFileOnly()
    {
        Gui::Settings settings;
        InterceptDialog dialog(settings);
        dialog.setCaDirectory(m_caDir.path());
        InterceptPane::Choice choice;
        choice.launch = InterceptController::Launch::None;
        choice.rulesPath = QStringLiteral("https://example.com/rules.json");
        dialog.setChoice(choice);
        QVERIFY(!dialog.startIntercept());
        QVERIFY(!dialog.lastError().isEmpty());
        QVERIFY(!dialog.controller()->isRunning());
    }
};

QTEST_MAIN(TestInterceptDialog)
#include "tst_interceptdialog.moc"
