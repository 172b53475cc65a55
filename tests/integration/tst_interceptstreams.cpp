// The intercept benchmark's load (tests/bench/interceptload.h) with a handful of streams, for
// correctness only — nothing here is timed: a chunked event stream from a loopback server passes
// through the proxy to raw-socket clients, every event arrives once and in order, straight and
// through the proxy alike, and the proxy records each stream whole with its events. The figures
// (latency added per event, 1,000 concurrent streams) are bench_intercept's.

#include "interceptload.h"

#include <intercept/interceptproxy.h>
#include <intercept/interceptrecording.h>
#include <intercept/localca.h>

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace SseScope;
using namespace SseScopeBench;

class tst_InterceptStreams : public QObject
{
    Q_OBJECT

private slots:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void everyEventArrivesThroughTheProxy_data()
    {
        QTest::addColumn<int>("streams");
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("intervalMs");
        QTest::addRow("one stream, 20 events") << 1 << 20 << 5;
        QTest::addRow("8 streams, 5 events") << 8 << 5 << 20;
        QTest::addRow("32 streams at once, 3 events") << 32 << 3 << 30;
    }

    void everyEventArrivesThroughTheProxy()
    {
        QFETCH(int, streams);
        QFETCH(int, events);
        QFETCH(int, intervalMs);
        QTemporaryDir caDir;
        std::optional<LocalCa> ca = LocalCa::openOrCreate(caDir.path());
        QVERIFY(ca);
        InterceptProxy proxy(&*ca);
        QList<InterceptedExchange> finished;
        connect(&proxy, &InterceptProxy::exchangeFinished, &proxy,
            [&finished](const InterceptedExchange &exchange) { finished.append(exchange); });
        QVERIFY(proxy.start({}));

        auto *server = new StampServer({events, intervalMs});
        const quint16 port = server->start();
        QVERIFY(port != 0);
        const auto stopServer = qScopeGuard([server] { server->stopAndDelete(); });

        const LoadResult direct = runLoad(port, 0, streams, events, 20000);
        QCOMPARE(direct.complete, streams);
        QCOMPARE(direct.events, qint64(streams) * events);

        const LoadResult proxied = runLoad(port, proxy.serverPort(), streams, events, 20000);
        QCOMPARE(proxied.complete, streams); // every event, in order, on every stream
        QCOMPARE(proxied.events, qint64(streams) * events);
        QCOMPARE(proxied.latenciesNs.size(), qsizetype(streams) * events);
        QVERIFY(
            std::all_of(proxied.latenciesNs.cbegin(), proxied.latenciesNs.cend(), [](qint64 ns) { return ns > 0; }));

        // Recorded whole: each stream's body, its events found by the recording's diagnosis.
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), streams, 10000);
        InterceptRecording recording(proxy.startedAt(), QStringLiteral("chromium"));
        for (const InterceptedExchange &exchange : std::as_const(finished)) {
            QVERIFY(exchange.isEventStream());
            QCOMPARE(exchange.exchange.response->status, 200);
            QVERIFY(exchange.exchange.netError.isEmpty());
            recording.add(exchange);
        }
        const std::optional<HarImport> diagnosed = recording.diagnose(finished.constFirst());
        QVERIFY(diagnosed);
        QVERIFY(diagnosed->session.verdict().opened);
        QCOMPARE(diagnosed->session.events().size(), qsizetype(events));
        proxy.stop();
    }
};

QTEST_GUILESS_MAIN(tst_InterceptStreams)
#include "tst_interceptstreams.moc"
