// The Timeline's data (lib/session/sessiontimeline): state changes, requests and reconnects as
// marks in time order, bursts (many events in one delivery), the server's write time against the
// arrival time, and why a session without events has none.

#include <session/sessiontimeline.h>

#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::SessionTimeline::Empty)

namespace {

SessionExchange exchange(quint64 id, ExchangeKind kind, int attempt, qint64 startedMs, int status, const QString &netError = {})
{
    SessionExchange e;
    e.id = id;
    e.kind = kind;
    e.attempt = attempt;
    e.startedMs = startedMs;
    e.endedMs = startedMs + 5;
    if (status > 0) {
        ResponseHead head;
        head.status = status;
        e.response = head;
        e.firstByteMs = startedMs + 2;
    }
    e.netError = netError;
    return e;
}

Verdict verdictIn(ReadyState state)
{
    Verdict v;
    v.readyState = state;
    return v;
}

void deliver(Session &session, quint64 exchangeId, qint64 atMs, int events)
{
    RawChunk chunk;
    chunk.exchangeId = exchangeId;
    chunk.receivedMs = atMs;
    chunk.offset = 0;
    chunk.size = 10;
    chunk.events = events;
    const qint64 offset = session.exchange(exchangeId) ? session.exchange(exchangeId)->bodyBytes : 0;
    chunk.offset = offset;
    session.appendChunks({chunk});
    QList<RecordedEvent> recorded;
    for (int i = 0; i < events; ++i) {
        recorded.append(RecordedEvent {exchangeId, atMs, "message", "x", {}});
    }
    session.appendEvents(recorded);
}

// A stream refused by CORS: CONNECTING, the request, CLOSED.
Session refused()
{
    Session session;
    session.setVerdict(verdictIn(ReadyState::Connecting), 0, QStringLiteral("connecting"));
    session.recordExchange(exchange(1, ExchangeKind::Stream, 1, 1, 200));
    session.setVerdict(verdictIn(ReadyState::Closed), 12, QStringLiteral("error"));
    return session;
}

// A preflight, then a stream that fails twice with a 503 and opens on the third attempt.
Session reconnecting()
{
    Session session;
    session.setVerdict(verdictIn(ReadyState::Connecting), 0, QStringLiteral("connecting"));
    session.recordExchange(exchange(1, ExchangeKind::Preflight, 0, 1, 204));
    session.recordExchange(exchange(2, ExchangeKind::Stream, 1, 10, 503));
    session.recordExchange(exchange(3, ExchangeKind::Stream, 2, 3020, 503));
    session.recordExchange(exchange(4, ExchangeKind::Stream, 3, 6030, 200));
    session.setVerdict(verdictIn(ReadyState::Open), 6040, QStringLiteral("open"));
    return session;
}

} // namespace

class tst_SessionTimeline final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyStateSaysWhy_data()
    {
        QTest::addColumn<int>("shape");
        QTest::addColumn<SessionTimeline::Empty>("empty");
        QTest::addRow("no session") << 0 << SessionTimeline::Empty::NoSession;
        QTest::addRow("connecting, no answer") << 1 << SessionTimeline::Empty::Connecting;
        QTest::addRow("open, nothing arrives") << 2 << SessionTimeline::Empty::OpenWithoutEvents;
        QTest::addRow("refused") << 3 << SessionTimeline::Empty::ClosedWithoutEvents;
        QTest::addRow("events arrived") << 4 << SessionTimeline::Empty::No;
    }
    void emptyStateSaysWhy()
    {
        QFETCH(int, shape);
        QFETCH(SessionTimeline::Empty, empty);
        Session session;
        if (shape == 3) {
            session = refused();
        } else if (shape > 0) {
            session.setVerdict(verdictIn(ReadyState::Connecting), 0, QStringLiteral("connecting"));
            session.recordExchange(exchange(1, ExchangeKind::Stream, 1, 1, shape >= 2 ? 200 : 0));
            if (shape >= 2) {
                session.setVerdict(verdictIn(ReadyState::Open), 5, QStringLiteral("open"));
            }
            if (shape == 4) {
                deliver(session, 1, 20, 1);
            }
        }
        const SessionTimeline timeline = sessionTimeline(session);
        QCOMPARE(timeline.empty, empty);
        QCOMPARE(timeline.events, quint64(shape == 4 ? 1 : 0));
    }

    void refusedStreamHasItsStatesAndRequest()
    {
        const SessionTimeline timeline = sessionTimeline(refused());
        QCOMPARE(timeline.marks.size(), 3);
        QCOMPARE(timeline.marks.at(0).kind, TimelineMark::Kind::State);
        QCOMPARE(timeline.marks.at(0).state, ReadyState::Connecting);
        QCOMPARE(timeline.marks.at(1).kind, TimelineMark::Kind::Request);
        QCOMPARE(timeline.marks.at(1).exchange, ExchangeKind::Stream);
        QCOMPARE(timeline.marks.at(1).detail, QStringLiteral("200"));
        QCOMPARE(timeline.marks.at(2).state, ReadyState::Closed);
        QCOMPARE(timeline.lastReason, QStringLiteral("error"));
        QCOMPARE(timeline.requests, 1);
        QCOMPARE(timeline.reconnects, 0);
        QCOMPARE(timeline.endMs, qint64(12));
        QVERIFY(timeline.bursts.isEmpty());
        QVERIFY(timeline.writes.isEmpty());
    }

    void reconnectsAreMarkedApartFromRequests()
    {
        const SessionTimeline timeline = sessionTimeline(reconnecting());
        QCOMPARE(timeline.requests, 4);
        QCOMPARE(timeline.reconnects, 2);
        QList<int> attempts;
        QList<ExchangeKind> kinds;
        for (const TimelineMark &mark : timeline.marks) {
            if (mark.kind == TimelineMark::Kind::Reconnect) {
                attempts.append(mark.attempt);
            }
            if (mark.kind == TimelineMark::Kind::Request) {
                kinds.append(mark.exchange);
            }
        }
        QCOMPARE(attempts, (QList<int>{2, 3}));
        QCOMPARE(kinds, (QList<ExchangeKind>{ExchangeKind::Preflight, ExchangeKind::Stream}));
        for (qsizetype i = 1; i < timeline.marks.size(); ++i) {
            QVERIFY(timeline.marks.at(i - 1).atMs <= timeline.marks.at(i).atMs);
        }
        QCOMPARE(timeline.marks.constLast().kind, TimelineMark::Kind::State);
        QCOMPARE(timeline.marks.constLast().state, ReadyState::Open);
        QCOMPARE(timeline.empty, SessionTimeline::Empty::OpenWithoutEvents);
        // A live session's clock runs on past the last mark.
        QCOMPARE(sessionTimeline(reconnecting(), 9000).endMs, qint64(9000));
    }

    void burstsAreDeliveriesOfManyEvents_data()
    {
        QTest::addColumn<QList<int>>("perDelivery"); // events in each delivery, 250 ms apart
        QTest::addColumn<QList<int>>("bursts"); // the bursts' sizes
        QTest::addRow("steady") << QList<int>{1, 1, 1, 1, 1, 1} << QList<int>{};
        QTest::addRow("a few together is not a burst") << QList<int>{2, kBurstEvents - 1, 1} << QList<int>{};
        QTest::addRow("buffering proxy") << QList<int>{16, 0, 16} << QList<int>{16, 16};
        QTest::addRow("one burst among singles") << QList<int>{1, 1, kBurstEvents, 1} << QList<int>{kBurstEvents};
    }
    void burstsAreDeliveriesOfManyEvents()
    {
        QFETCH(QList<int>, perDelivery);
        QFETCH(QList<int>, bursts);
        Session session;
        session.recordExchange(exchange(1, ExchangeKind::Stream, 1, 0, 200));
        for (qsizetype i = 0; i < perDelivery.size(); ++i) {
            deliver(session, 1, 250 * (i + 1), perDelivery.at(i));
        }
        const SessionTimeline timeline = sessionTimeline(session);
        QList<int> sizes;
        for (const TimelineBurst &burst : timeline.bursts) {
            sizes.append(burst.events);
            QCOMPARE(burst.quietBeforeMs, qint64(burst.atMs == 250 ? 248 : 250)); // after the head, or the previous delivery
        }
        QCOMPARE(sizes, bursts);
        int total = 0;
        for (const int n : perDelivery) {
            total += n;
        }
        QCOMPARE(timeline.events, quint64(total));
    }

    void serverWritesAgainstArrivals()
    {
        Session session;
        session.recordExchange(exchange(1, ExchangeKind::Stream, 1, 0, 200));
        // Written every 250 ms; a proxy delivers the first four at 1000 ms; the fifth never arrives.
        QList<ServerWrite> writes;
        for (int i = 0; i < 5; ++i) {
            writes.append(ServerWrite {1, quint64(i + 1), 250 * i, i < 4 ? 1000 : -1});
        }
        session.recordServerWrites(1, writes);
        SessionTimeline timeline = sessionTimeline(session, 1100);
        QCOMPARE(timeline.writes.size(), 5);
        QCOMPARE(timeline.longestDelayMs, qint64(1000)); // written at 0, arrived at 1000
        // Held 500 ms or more: written at 0 and 250 (arrived at 1000), and the one still on its way
        // since 1000 is not (100 ms so far); 500 → 1000 is exactly 500.
        QCOMPARE(timeline.lateWrites, 3);
        timeline = sessionTimeline(session, 1600); // now the fifth has been on its way 600 ms
        QCOMPARE(timeline.lateWrites, 4);

        // Recording the exchange again replaces its writes; another exchange's stay.
        session.recordServerWrites(2, {ServerWrite {0, 1, 10, 12}});
        session.recordServerWrites(1, {ServerWrite {0, 1, 10, 11}});
        QCOMPARE(session.serverWrites().size(), 2);
        QCOMPARE(session.serverWrites().at(0).exchangeId, quint64(1));
        QCOMPARE(session.serverWrites().at(0).arrivedMs, qint64(11));
        QCOMPARE(session.serverWrites().at(1).exchangeId, quint64(2));
    }

    void serverWritesAreBounded()
    {
        Session::Limits limits;
        limits.maxServerWrites = 10;
        Session session(limits);
        for (quint64 exchangeId = 1; exchangeId <= 3; ++exchangeId) {
            QList<ServerWrite> writes;
            for (int i = 0; i < 6; ++i) {
                writes.append(ServerWrite {exchangeId, quint64(i + 1), i, i + 1});
            }
            session.recordServerWrites(exchangeId, writes);
        }
        QCOMPARE(session.serverWrites().size(), 10);
        QCOMPARE(session.serverWrites().constLast().exchangeId, quint64(3)); // the oldest went
        QCOMPARE(session.serverWrites().constFirst().exchangeId, quint64(2));
    }
};

QTEST_GUILESS_MAIN(tst_SessionTimeline)
#include "tst_sessiontimeline.moc"
