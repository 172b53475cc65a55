#pragma once

#include "session.h"

#include <QSet>

namespace SseScope {

// Missed and repeated events across reconnects, from the ids the page received: the ids of the
// events before a reconnect against what the server sends after the Last-Event-ID it was given.
// - repeated: an event on a later connection whose id the page already received;
// - missed: the first id on a reconnect is not the one after Last-Event-ID (both numbers): the
//   ids between were never sent.
// Fed in arrival order (the client's deliveries), it marks the events (RecordedEvent::replay,
// missedBefore) and returns the findings (stream.events-repeated / stream.events-missed, at most
// one of each per reconnect). Only events with an `id:` field of their own count
// (RecordedEvent::hasId). Bounded: it remembers at most maxIds ids.
class ReplayCheck
{
public:
    static constexpr qsizetype maxIds = 200000;

    // `events` are about to be appended to `session` (whose exchanges they belong to).
    QList<Finding> observe(QList<RecordedEvent> &events, const Session &session);
    void clear();

    quint64 repeated() const { return m_repeated; }
    quint64 missed() const { return m_missed; }

private:
    struct Connection
    {
        quint64 exchangeId = 0;
        bool firstIdSeen = false;
        quint64 repeated = 0;
        QByteArray lastEventIdSent;
    };
    void closeConnection();

    QSet<QByteArray> m_seenBefore; // ids of earlier connections
    QList<QByteArray> m_seenNow; // ids of the current connection (moved into m_seenBefore on the next)
    Connection m_current;
    quint64 m_repeated = 0;
    quint64 m_missed = 0;
};

} // namespace SseScope
