// Session: a bounded recording. Updates replace by id, the event and chunk logs drop their oldest
// entries past the limits and count them, findings are kept once (and capped per id).

#include <session/session.h>

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

namespace {

RecordedEvent makeEvent(int n)
{
    return RecordedEvent {1, n, QByteArrayLiteral("message"), QByteArray::number(n), QByteArray::number(n)};
}

RawChunk chunk(qint64 offset, qint64 size)
{
    RawChunk c;
    c.exchangeId = 1;
    c.offset = offset;
    c.size = size;
    c.bytes = QByteArray(size, 'x');
    c.receivedMs = offset;
    return c;
}

Finding finding(const char *id, const QString &detail)
{
    return makeFinding(id, detail);
}

} // namespace

class tst_Session final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void recordExchangeAddsThenReplaces()
    {
        Session session;
        SessionExchange exchange;
        exchange.id = 1;
        exchange.startedMs = 5;
        session.recordExchange(exchange);
        QVERIFY(session.exchange(1)->isOpen());
        exchange.endedMs = 9;
        exchange.response = ResponseHead {200, QByteArrayLiteral("OK"), {}};
        session.recordExchange(exchange);
        QCOMPARE(session.exchanges().size(), 1);
        QVERIFY(!session.exchange(1)->isOpen());
        QCOMPARE(session.exchange(1)->response->status, 200);
        QCOMPARE(session.exchange(2), nullptr);
    }

    // An open stream's size grows with its chunks; the client's own record of the exchange (at its
    // end) replaces the counters, and a chunk it already counts is not counted twice.
    void chunksMoveTheirExchangesBodyCountersOn()
    {
        Session session;
        SessionExchange exchange;
        exchange.id = 1;
        session.recordExchange(exchange); // the head: nothing read yet
        const Session before = session; // a copy shares the exchanges: it must not change
        session.appendChunks({chunk(0, 100), chunk(100, 50)});
        QCOMPARE(session.exchange(1)->bodyBytes, 150);
        QCOMPARE(session.exchange(1)->chunks, 2);
        QCOMPARE(before.exchange(1)->bodyBytes, 0);

        exchange.bodyBytes = 180;
        exchange.chunks = 3;
        session.recordExchange(exchange); // the client's record, which already counts the next chunk
        session.appendChunks({chunk(150, 30)});
        QCOMPARE(session.exchange(1)->bodyBytes, 180);
        QCOMPARE(session.exchange(1)->chunks, 3);

        RawChunk other = chunk(0, 10);
        other.exchangeId = 2; // an exchange the session does not know (dropped): only kept as a chunk
        session.appendChunks({other});
        QCOMPARE(session.exchange(2), nullptr);
        QCOMPARE(session.chunks().size(), 4);
    }

    void eventsDropTheOldestPastTheLimit()
    {
        Session::Limits limits;
        limits.maxEvents = 3;
        Session session(limits);
        session.appendEvents({makeEvent(1), makeEvent(2)});
        session.appendEvents({makeEvent(3), makeEvent(4), makeEvent(5)});
        QCOMPARE(session.events().size(), 3);
        QCOMPARE(session.eventsDropped(), quint64(2));
        QCOMPARE(session.events().constFirst().data, QByteArray("3"));
        QCOMPARE(session.events().constLast().data, QByteArray("5"));
    }

    void chunksAreBoundedByCountAndBytes_data()
    {
        QTest::addColumn<int>("maxChunks");
        QTest::addColumn<qint64>("maxRawBytes");
        QTest::addColumn<int>("kept");
        QTest::addRow("by count") << 2 << qint64(1 << 20) << 2;
        QTest::addRow("by bytes") << 100 << qint64(250) << 2;
        QTest::addRow("no limit reached") << 100 << qint64(1 << 20) << 4;
    }

    void chunksAreBoundedByCountAndBytes()
    {
        QFETCH(int, maxChunks);
        QFETCH(qint64, maxRawBytes);
        QFETCH(int, kept);
        Session::Limits limits;
        limits.maxChunks = maxChunks;
        limits.maxRawBytes = maxRawBytes;
        Session session(limits);
        session.appendChunks({chunk(0, 100), chunk(100, 100), chunk(200, 100), chunk(300, 100)});
        QCOMPARE(session.chunks().size(), kept);
        QCOMPARE(session.chunksDropped(), quint64(4 - kept));
        QCOMPARE(session.chunks().constLast().offset, qint64(300));
        QCOMPARE(session.rawBytesKept(), qint64(kept) * 100);
    }

    void aHugeChunkKeepsItsSizeButNotAllItsBytes()
    {
        Session::Limits limits;
        limits.maxChunkBytes = 10;
        Session session(limits);
        session.appendChunks({chunk(0, 1000)});
        QCOMPARE(session.chunks().constFirst().size, qint64(1000));
        QCOMPARE(session.chunks().constFirst().bytes.size(), 10);
        QCOMPARE(session.rawBytesKept(), qint64(10));
    }

    void findingsAreKeptOnceAndCappedPerId()
    {
        Session::Limits limits;
        limits.maxFindingsPerId = 2;
        Session session(limits);
        QCOMPARE(session.addFindings({finding("eventsource.reconnect", QStringLiteral("a"))}, 1), 1);
        QCOMPARE(session.addFindings({finding("eventsource.reconnect", QStringLiteral("a"))}, 2), 0);
        QCOMPARE(session.addFindings({finding("eventsource.reconnect", QStringLiteral("b")),
                                         finding("eventsource.reconnect", QStringLiteral("c")),
                                         finding("http.redirect", QStringLiteral("a"))},
                     3, 7),
            2);
        QCOMPARE(session.findings().size(), 3);
        QCOMPARE(session.findingsDropped(), quint64(1));
        QCOMPARE(session.findings().constLast().exchangeId, quint64(7));
        QCOMPARE(session.findings().constLast().raisedMs, qint64(3));
        QVERIFY(session.hasFinding(QStringLiteral("http.redirect")));
        QVERIFY(!session.hasFinding(QStringLiteral("cors.missing-allow-origin")));
    }

    void verdictTimelineRecordsStateChanges()
    {
        Session session;
        Verdict verdict;
        session.setVerdict(verdict, 0, QStringLiteral("connecting"));
        verdict.events = 1;
        session.setVerdict(verdict, 5); // same state: no new entry
        verdict.readyState = ReadyState::Open;
        verdict.opened = true;
        session.setVerdict(verdict, 10, QStringLiteral("open"));
        QCOMPARE(session.stateChanges().size(), 2);
        QCOMPARE(session.stateChanges().constLast().readyState, ReadyState::Open);
        QCOMPARE(session.stateChanges().constLast().atMs, qint64(10));
        QVERIFY(session.verdict().opened);
        session.clear();
        QVERIFY(!session.verdict().opened);
        QVERIFY(session.stateChanges().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
