#include "replaycheck.h"

#include <browser/findings.h>

namespace SseScope {

namespace {

std::optional<quint64> number(const QByteArray &id)
{
    if (id.isEmpty() || !std::all_of(id.cbegin(), id.cend(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    bool ok = false;
    const quint64 value = id.toULongLong(&ok);
    return ok ? std::optional<quint64>(value) : std::nullopt;
}

} // namespace

void ReplayCheck::clear()
{
    *this = ReplayCheck();
}

void ReplayCheck::closeConnection()
{
    for (const QByteArray &id : std::as_const(m_seenNow)) {
        if (m_seenBefore.size() >= maxIds) {
            break;
        }
        m_seenBefore.insert(id);
    }
    m_seenNow.clear();
}

QList<Finding> ReplayCheck::observe(QList<RecordedEvent> &events, const Session &session)
{
    QList<Finding> findings;
    // Read through a const view: most batches mark nothing, and writing through `events` would copy
    // the whole batch (it is shared with the signal that delivered it). Only a marked event detaches.
    const QList<RecordedEvent> &view = events;
    for (qsizetype i = 0; i < view.size(); ++i) {
        const RecordedEvent &event = view.at(i);
        if (event.exchangeId != m_current.exchangeId) {
            // A new connection: the previous one's ids are now "received before".
            closeConnection();
            m_current = Connection();
            m_current.exchangeId = event.exchangeId;
            if (const SessionExchange *exchange = session.exchange(event.exchangeId)) {
                m_current.lastEventIdSent = exchange->request.headers.combinedValue(QByteArrayLiteral("Last-Event-ID"));
            }
        }
        // Only events that carry an id of their own (an `id:` field, not empty).
        if (!event.hasId || event.lastEventId.isEmpty()) {
            continue;
        }
        // `event` is not used past this point: a write below may detach `events` from it.
        const QByteArray id = event.lastEventId;
        const bool first = !m_current.firstIdSeen;
        m_current.firstIdSeen = true;
        if (m_seenBefore.contains(id)) {
            events[i].replay = RecordedEvent::Replay::Repeated;
            ++m_repeated;
            if (m_current.repeated++ == 0) {
                // Once per connection: the marks in the events table count every one.
                findings.append(makeFinding("stream.events-repeated",
                    QStringLiteral("exchange #%1 (sent with Last-Event-ID: %2) delivered again the event with id %3, "
                                   "which the page had already received")
                        .arg(m_current.exchangeId)
                        .arg(QString::fromUtf8(m_current.lastEventIdSent.left(40)),
                             QString::fromUtf8(id.left(40)))));
            }
        } else if (first && !m_current.lastEventIdSent.isEmpty()) {
            const std::optional<quint64> sent = number(m_current.lastEventIdSent);
            const std::optional<quint64> got = number(id);
            if (sent && got && *got > *sent + 1) {
                const quint64 gap = *got - *sent - 1;
                events[i].replay = RecordedEvent::Replay::AfterGap;
                events[i].missedBefore = quint32(std::min<quint64>(gap, std::numeric_limits<quint32>::max()));
                m_missed += gap;
                findings.append(makeFinding("stream.events-missed",
                    QStringLiteral("exchange #%1 was opened with Last-Event-ID: %2 and its first event has id %3: "
                                   "%4 event(s) in between never arrived")
                        .arg(m_current.exchangeId)
                        .arg(*sent)
                        .arg(*got)
                        .arg(gap)));
            }
        }
        if (m_seenBefore.size() + m_seenNow.size() < maxIds) {
            m_seenNow.append(id);
        }
    }
    return findings;
}

} // namespace SseScope
