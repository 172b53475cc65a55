// Missed and repeated events across reconnects (lib/session/replaycheck): the ids the page received
// before a reconnect against what the server sent after the Last-Event-ID it was given.

#include <session/replaycheck.h>

#include <QTest>

using namespace SseScope;

namespace {

// A connection: its Last-Event-ID ("" when none was sent) and the ids of its events ("-" is an
// event without an id field).
struct Connection
{
    QByteArray lastEventIdSent;
    QList<QByteArray> ids;
};

struct Result
{
    QList<Finding> findings;
    QList<RecordedEvent> events;
};

Result run(const QList<Connection> &connections)
{
    Session session;
    ReplayCheck check;
    Result result;
    quint64 exchangeId = 0;
    QByteArray lastId;
    for (const Connection &connection : connections) {
        SessionExchange exchange;
        exchange.id = ++exchangeId;
        exchange.attempt = int(exchangeId);
        if (!connection.lastEventIdSent.isEmpty()) {
            exchange.request.headers.append("Last-Event-ID", connection.lastEventIdSent);
        }
        session.recordExchange(exchange);
        QList<RecordedEvent> events;
        for (const QByteArray &id : connection.ids) {
            RecordedEvent event;
            event.exchangeId = exchange.id;
            event.type = "message";
            event.data = "x";
            event.hasId = id != "-";
            if (event.hasId) {
                lastId = id;
            }
            event.lastEventId = lastId; // MessageEvent.lastEventId: the last id set, also on later events
            events.append(event);
        }
        // Delivered one event at a time, as a slow stream would.
        for (qsizetype i = 0; i < events.size(); ++i) {
            QList<RecordedEvent> one {events.at(i)};
            result.findings += check.observe(one, session);
            session.appendEvents(one);
            result.events.append(one);
        }
    }
    return result;
}

QString marks(const QList<RecordedEvent> &events)
{
    QStringList list;
    for (const RecordedEvent &event : events) {
        switch (event.replay) {
        case RecordedEvent::Replay::None:
            list.append(QStringLiteral("."));
            break;
        case RecordedEvent::Replay::Repeated:
            list.append(QStringLiteral("R"));
            break;
        case RecordedEvent::Replay::AfterGap:
            list.append(QStringLiteral("G%1").arg(event.missedBefore));
            break;
        }
    }
    return list.join(u' ');
}

QStringList ids(const QList<Finding> &findings)
{
    QStringList list;
    for (const Finding &finding : findings) {
        list.append(finding.id);
    }
    return list;
}

} // namespace

Q_DECLARE_METATYPE(QList<Connection>)

class tst_ReplayCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void marksAndFindings_data()
    {
        QTest::addColumn<QList<Connection>>("connections");
        QTest::addColumn<QString>("marks");
        QTest::addColumn<QStringList>("findings");

        QTest::addRow("one connection") << QList<Connection>{{"", {"1", "2", "3"}}} << QStringLiteral(". . .")
                                        << QStringList{};
        QTest::addRow("resumed right after Last-Event-ID")
            << QList<Connection>{{"", {"1", "2", "3"}}, {"3", {"4", "5"}}} << QStringLiteral(". . . . .")
            << QStringList{};
        QTest::addRow("resumed at Last-Event-ID: one event twice")
            << QList<Connection>{{"", {"1", "2", "3"}}, {"3", {"3", "4", "5"}}} << QStringLiteral(". . . R . .")
            << QStringList{QStringLiteral("stream.events-repeated")};
        QTest::addRow("replayed from the start: every earlier id twice, one finding")
            << QList<Connection>{{"", {"1", "2"}}, {"2", {"1", "2", "3"}}} << QStringLiteral(". . R R .")
            << QStringList{QStringLiteral("stream.events-repeated")};
        QTest::addRow("two events skipped")
            << QList<Connection>{{"", {"1", "2", "3"}}, {"3", {"6", "7"}}} << QStringLiteral(". . . G2 .")
            << QStringList{QStringLiteral("stream.events-missed")};
        QTest::addRow("each reconnect its own finding")
            << QList<Connection>{{"", {"1", "2"}}, {"2", {"2", "3"}}, {"3", {"3", "4"}}}
            << QStringLiteral(". . R . R .")
            << QStringList{QStringLiteral("stream.events-repeated"), QStringLiteral("stream.events-repeated")};
        QTest::addRow("words as ids: repeats seen, gaps cannot be")
            << QList<Connection>{{"", {"a", "b"}}, {"b", {"b", "z"}}} << QStringLiteral(". . R .")
            << QStringList{QStringLiteral("stream.events-repeated")};
        QTest::addRow("events without an id keep the last id: not repeats")
            << QList<Connection>{{"", {"1", "-"}}, {"1", {"-", "2"}}} << QStringLiteral(". . . .") << QStringList{};
        QTest::addRow("no Last-Event-ID sent: a fresh start is no gap")
            << QList<Connection>{{"", {"1", "2"}}, {"", {"7"}}} << QStringLiteral(". . .") << QStringList{};
        QTest::addRow("the same id twice on one connection is not a reconnect's doing")
            << QList<Connection>{{"", {"1", "1", "2"}}} << QStringLiteral(". . .") << QStringList{};
    }
    void marksAndFindings()
    {
        QFETCH(QList<Connection>, connections);
        QFETCH(QString, marks);
        QFETCH(QStringList, findings);
        const Result result = run(connections);
        QCOMPARE(::marks(result.events), marks);
        QCOMPARE(ids(result.findings), findings);
        for (const Finding &finding : result.findings) {
            QVERIFY2(finding.severity == Severity::Warning, qPrintable(finding.id));
            QVERIFY2(finding.detail.contains(QStringLiteral("exchange #")), qPrintable(finding.detail));
        }
    }

    void missedDetailNamesTheIds()
    {
        const Result result = run({{"", {"1", "2", "3"}}, {"3", {"6"}}});
        QCOMPARE(result.findings.size(), 1);
        QVERIFY2(result.findings.constFirst().detail.contains(QStringLiteral("Last-Event-ID: 3 and its first event has id 6: 2 event(s)")),
                 qPrintable(result.findings.constFirst().detail));
    }

    void boundedMemory()
    {
        // Far more ids than it keeps: the check goes on, and stops remembering past maxIds.
        Session session;
        ReplayCheck check;
        QList<RecordedEvent> events;
        for (qsizetype i = 0; i < ReplayCheck::maxIds + 10; ++i) {
            RecordedEvent event;
            event.exchangeId = 1;
            event.hasId = true;
            event.lastEventId = QByteArray::number(i);
            events.append(event);
        }
        QVERIFY(check.observe(events, session).isEmpty());
        QCOMPARE(check.repeated(), quint64(0));
    }

    // A batch arrives shared with the signal that delivered it. Reading it must not copy it (a copy
    // of every event was most of the client's cost: docs/check.md "How fast it reads"); marking an
    // event writes into the caller's list only.
    void aBatchItDoesNotMarkIsNotCopied()
    {
        Session session;
        ReplayCheck check;
        QList<RecordedEvent> delivered;
        for (int i = 1; i <= 3; ++i) {
            RecordedEvent event;
            event.exchangeId = 1;
            event.hasId = true;
            event.lastEventId = QByteArray::number(i);
            delivered.append(event);
        }
        QList<RecordedEvent> batch = delivered;
        QVERIFY(check.observe(batch, session).isEmpty());
        QVERIFY(batch.isSharedWith(delivered));

        // Reconnected with Last-Event-ID: 3, the server sends 2 again: that event is marked, in the
        // caller's list, and the delivered one is left as it was.
        SessionExchange second;
        second.id = 2;
        second.request.headers.append("Last-Event-ID", "3");
        session.recordExchange(second);
        QList<RecordedEvent> again = delivered;
        for (RecordedEvent &event : again) {
            event.exchangeId = 2;
        }
        const QList<RecordedEvent> sent = again;
        QCOMPARE(check.observe(again, session).size(), 1);
        QCOMPARE(again.at(1).replay, RecordedEvent::Replay::Repeated);
        QCOMPARE(sent.at(1).replay, RecordedEvent::Replay::None);
    }
};

QTEST_GUILESS_MAIN(tst_ReplayCheck)
#include "tst_replaycheck.moc"
