// Buffering measured exactly: the mock server's write time of each event against the arrival
// time of the chunk that carried its last byte, on one monotonic clock.

#include <session/wirediagnosis.h>

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

namespace {

constexpr qint64 kStartUs = 10000000; // the session's time 0 on the monotonic clock
constexpr int kEventBytes = 20;
using Arrivals = QList<QPair<qint64, int>>; // (arrival ms, how many of the next events the chunk carries)

// Events written at `writtenMs` (session time), kEventBytes each, back to back in the body;
// chunk arrivals as (arrival ms, how many of the next events it carries).
Session sessionWith(const Arrivals &arrivals, qint64 endedMs)
{
    Session session;
    SessionExchange exchange;
    exchange.id = 1;
    exchange.kind = ExchangeKind::Stream;
    exchange.startedMs = 0;
    exchange.endedMs = endedMs;
    session.recordExchange(exchange);
    qint64 offset = 0;
    QList<RawChunk> chunks;
    for (const auto &arrival : arrivals) {
        RawChunk chunk;
        chunk.exchangeId = 1;
        chunk.receivedMs = arrival.first;
        chunk.offset = offset;
        chunk.size = qint64(arrival.second) * kEventBytes;
        chunk.bytes = QByteArray(chunk.size, 'x');
        offset += chunk.size;
        chunks.append(chunk);
    }
    session.appendChunks(chunks);
    return session;
}

QList<WrittenEvent> written(const QList<qint64> &writtenMs)
{
    QList<WrittenEvent> events;
    for (qsizetype i = 0; i < writtenMs.size(); ++i) {
        WrittenEvent event;
        event.sequence = quint64(i + 1);
        event.writtenUs = kStartUs + writtenMs.at(i) * 1000;
        event.bodyOffset = i * kEventBytes;
        event.size = kEventBytes;
        events.append(event);
    }
    return events;
}

} // namespace

class tst_WireDiagnosis final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void delaysFollowBodyOffsets()
    {
        // Two events in the first chunk, one in the second.
        const Session session = sessionWith({{50, 2}, {300, 1}}, -1);
        const QList<EventDelay> delays = eventDelays(session, 1, kStartUs, written({10, 40, 290}));
        QCOMPARE(delays.size(), 3);
        QCOMPARE(delays.at(0).delayMs(), qint64(40));
        QCOMPARE(delays.at(1).delayMs(), qint64(10));
        QCOMPARE(delays.at(2).delayMs(), qint64(10));
        // An event whose bytes have not arrived has no arrival.
        const QList<EventDelay> more = eventDelays(session, 1, kStartUs, written({10, 40, 290, 400}));
        QCOMPARE(more.at(3).arrivedUs, qint64(-1));
    }

    void buffering_data()
    {
        QTest::addColumn<QList<qint64>>("writes");
        QTest::addColumn<Arrivals>("arrivals");
        QTest::addColumn<qint64>("endedMs");
        QTest::addColumn<bool>("buffered");
        QTest::addColumn<QString>("detailPart");

        QList<qint64> every100;
        Arrivals oneByOne;
        for (int i = 0; i < 10; ++i) {
            every100.append(i * 100);
            oneByOne.append({i * 100 + 2, 1});
        }
        QTest::addRow("flushed one by one") << every100 << oneByOne << qint64(2000) << false << QString();
        QTest::addRow("held and flushed every second")
            << every100 << Arrivals {{1000, 10}} << qint64(2000) << true << QStringLiteral("6 of 10 events");
        QTest::addRow("never arrived") << QList<qint64> {0, 100, 200, 300, 400} << Arrivals {} << qint64(2000) << true
                                       << QStringLiteral("5 not arrived");
        QTest::addRow("written just before the end: too early to tell")
            << QList<qint64> {1800, 1850, 1900, 1950} << Arrivals {} << qint64(2000) << false << QString();
        QTest::addRow("three events are too few")
            << QList<qint64> {0, 100, 200} << Arrivals {{1000, 3}} << qint64(2000) << false << QString();
    }

    void buffering()
    {
        QFETCH(QList<qint64>, writes);
        QFETCH(Arrivals, arrivals);
        QFETCH(qint64, endedMs);
        QFETCH(bool, buffered);
        QFETCH(QString, detailPart);
        const Session session = sessionWith(arrivals, endedMs);
        const QList<Finding> findings = measureBuffering(session, 1, kStartUs, written(writes));
        QCOMPARE(findings.size(), buffered ? 1 : 0);
        if (buffered) {
            QCOMPARE(findings.constFirst().id, QStringLiteral("transport.buffered"));
            QVERIFY2(findings.constFirst().detail.contains(detailPart), qPrintable(findings.constFirst().detail));
        }
    }

    void matchesTheServersExchange()
    {
        Session session;
        for (quint64 id = 1; id <= 2; ++id) {
            SessionExchange exchange;
            exchange.id = id;
            exchange.kind = ExchangeKind::Stream;
            exchange.startedMs = id == 1 ? 0 : 3000;
            exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/events"));
            exchange.request.headers.append(QByteArrayLiteral("Origin"), QByteArrayLiteral("http://localhost:2"));
            session.recordExchange(exchange);
        }
        ServerExchange server;
        server.kind = ServerExchange::Kind::Stream;
        server.request.url = QUrl(QStringLiteral("/events"));
        server.request.headers.append(QByteArrayLiteral("Origin"), QByteArrayLiteral("http://localhost:2"));
        server.startedUs = kStartUs + 3001000; // 1 ms after the second request was sent
        QCOMPARE(matchServerExchange(session, kStartUs, server), quint64(2));
        server.startedUs = kStartUs + 2000;
        QCOMPARE(matchServerExchange(session, kStartUs, server), quint64(1));
        server.request.headers.set(QByteArrayLiteral("Origin"), QByteArrayLiteral("http://elsewhere"));
        QCOMPARE(matchServerExchange(session, kStartUs, server), quint64(0));
    }
};

QTEST_GUILESS_MAIN(tst_WireDiagnosis)
#include "tst_wirediagnosis.moc"
