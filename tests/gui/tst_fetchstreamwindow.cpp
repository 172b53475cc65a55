// Offscreen: the window shows a fetch-read stream's events as events (issue 18: "the events of a
// fetch stream shown as events, not only as bytes" — DevTools' EventStream tab stays empty for
// them). The chat and MCP presets POST a JSON body; their answers' `data:` blocks, ids and arrival
// times must reach the Events table, as the stream's bytes reach the raw view.

#include "windowtesthelpers.h"

#include <models/eventsmodel.h>
#include <models/exchangesmodel.h>
#include <models/modelroles.h>
#include <server/mockservercontroller.h>
#include <gui/panes/timelinepane.h>
#include <session/session.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableView>
#include <QTest>

using namespace SseScope;
using namespace SseScope::WindowTest;
using SseScope::Gui::MainWindow;

namespace {

// The server runs; the client waits for the preset (the default scenario does not connect first).
MainWindow::StartOptions serverOnly()
{
    return startOptions(true, false, false);
}

// The stream exchange (the POST, not its preflight) and its body size.
const SessionExchange *streamExchange(const ExchangesModel *exchanges)
{
    for (int row = 0; row < exchanges->rowCount(); ++row) {
        const SessionExchange &exchange = exchanges->exchangeAt(row);
        if (exchange.kind == ExchangeKind::Stream) {
            return &exchange;
        }
    }
    return nullptr;
}

} // namespace

class tst_FetchStreamWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { useTestSettings(QStringLiteral("tst_fetchstreamwindow")); }

    void init() { WindowTest::startCleanly(); }

    // The chat preset: a preflighted POST whose answer is 13 chat.completion.chunk events and
    // `data: [DONE]`, then the server ends the response.
    void chatStreamTokensAreEvents()
    {
        MainWindow window(serverOnly());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *eventsView = window.findChild<QTableView *>(QStringLiteral("eventsView"));
        QVERIFY(eventsView);
        QAbstractItemModelTester tester(eventsView->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(window.server()->isRunning(), 5000);

        pickPreset(window, QStringLiteral("chat-stream"));
        window.findChild<QAction *>(QStringLiteral("connectAction"))->trigger();
        const EventsModel *events = window.eventsModel();
        QTRY_COMPARE_WITH_TIMEOUT(events->rowCount(), 14, 10000);
        QCOMPARE(eventsView->model()->rowCount(), 14);
        qint64 previousMs = -1;
        for (int row = 0; row < 13; ++row) {
            const QModelIndex index = events->index(row, 0);
            QCOMPARE(index.data(EventTypeRole).toString(), QStringLiteral("message"));
            const QJsonObject chunk = QJsonDocument::fromJson(index.data(EventDataRole).toString().toUtf8()).object();
            QCOMPARE(chunk.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion.chunk"));
            QCOMPARE(index.data(EventSequenceRole).toULongLong(), quint64(row + 1));
            const qint64 at = index.data(EventReceivedMsRole).toLongLong();
            QVERIFY2(at >= previousMs, qPrintable(QString::number(row)));
            previousMs = at;
        }
        QCOMPARE(events->index(13, 0).data(EventDataRole).toString(), QStringLiteral("[DONE]"));
        // Each event belongs to the POST's exchange, whose bytes it came from.
        QTRY_VERIFY_WITH_TIMEOUT(streamExchange(window.exchangesModel()), 5000);
        const SessionExchange *post = streamExchange(window.exchangesModel());
        QCOMPARE(post->request.method, QByteArray("POST"));
        QCOMPARE(events->index(0, 0).data(EventExchangeIdRole).toULongLong(), post->id);
        // The banner and the Timeline count the same events (the outcome is the session's).
        QTRY_COMPARE_WITH_TIMEOUT(window.verdictText(), QStringLiteral("Chromium opened this stream; the server ended it"), 5000);
        auto *timeline = window.findChild<SseScope::Gui::TimelinePane *>(QStringLiteral("timelinePane"));
        QVERIFY(timeline);
        QTRY_VERIFY2_WITH_TIMEOUT(timeline->summaryText().startsWith(QStringLiteral("14 event(s)")),
            qPrintable(timeline->summaryText()), 5000);
    }

    // The MCP preset: the initialize answer is one SSE event with an id on the POST's stream.
    void mcpInitializeResultIsAnEventWithItsId()
    {
        MainWindow window(serverOnly());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.server()->isRunning(), 5000);
        pickPreset(window, QStringLiteral("mcp-streamable-http"));
        window.findChild<QAction *>(QStringLiteral("connectAction"))->trigger();
        const EventsModel *events = window.eventsModel();
        QTRY_COMPARE_WITH_TIMEOUT(events->rowCount(), 1, 10000);
        const QModelIndex index = events->index(0, 0);
        QVERIFY(!index.data(EventIdRole).toString().isEmpty());
        const QJsonObject message = QJsonDocument::fromJson(index.data(EventDataRole).toString().toUtf8()).object();
        QCOMPARE(message.value(QLatin1String("jsonrpc")).toString(), QStringLiteral("2.0"));
        QCOMPARE(message.value(QLatin1String("id")).toInt(), 1);
        QVERIFY(message.value(QLatin1String("result")).toObject().contains(QLatin1String("protocolVersion")));
        // The Events column shows the id the page's reader would see.
        QCOMPARE(events->index(0, EventColumn::Id).data().toString(), index.data(EventIdRole).toString());
    }
};

QTEST_MAIN(tst_FetchStreamWindow)
#include "tst_fetchstreamwindow.moc"
