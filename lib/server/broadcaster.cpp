#include "broadcaster_p.h"

#include "streamconnection_p.h"

#include <QTimerEvent>

#include <algorithm>
#include <iterator>

namespace SseScope {

Broadcaster::Broadcaster(MockServer::Private *server, std::shared_ptr<const Scenario> scenario)
    : QObject(server->q)
    , m_server(server)
    , m_scenario(std::move(scenario))
{
    m_clock.start();
    m_dueMs = m_scenario->stream.generator.intervalMs;
    m_timer = startTimer(m_scenario->stream.generator.intervalMs, Qt::PreciseTimer);
}

QList<GeneratedEvent> Broadcaster::join(StreamConnection *stream, const QByteArray &lastEventId, quint64 *missed)
{
    m_streams.append(stream);
    *missed = 0;
    QList<GeneratedEvent> replay;
    if (!m_scenario->stream.replay || lastEventId.isEmpty() || m_history.empty()) {
        return replay;
    }
    auto after = m_history.end();
    for (auto it = m_history.rbegin(); it != m_history.rend(); ++it) {
        if (it->id == lastEventId) {
            after = it.base(); // the element after the match
            break;
        }
    }
    if (after == m_history.end()) {
        bool ok = false;
        const quint64 last = lastEventId.toULongLong(&ok);
        if (!ok || !m_scenario->stream.ids || last >= m_history.front().sequence - 1) { // no last + 1: it wraps at the largest id
            return replay; // not one of ours (or a future id): live events only
        }
        *missed = m_history.front().sequence - last - 1; // older than the buffer: a gap
        after = m_history.begin();
    }
    replay.reserve(qsizetype(std::distance(after, m_history.end())));
    std::copy(after, m_history.end(), std::back_inserter(replay));
    return replay;
}

void Broadcaster::leave(StreamConnection *stream)
{
    m_streams.removeOne(stream);
    if (m_streams.isEmpty()) {
        m_server->retireBroadcasters();
    }
}

void Broadcaster::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer) {
        return;
    }
    killTimer(m_timer);
    tick();
    // Keep the schedule; a late tick is followed by the next at once (a 0 ms timer, so I/O runs
    // in between), and missed ticks are not replayed.
    m_dueMs += m_scenario->stream.generator.intervalMs;
    const qint64 now = m_clock.elapsed();
    if (m_dueMs <= now) {
        m_dueMs = now;
    }
    m_timer = startTimer(int(m_dueMs - now), Qt::PreciseTimer);
}

void Broadcaster::tick()
{
    const GeneratedEvent event = generatorEvent(m_scenario->stream, ++m_sequence);
    if (m_scenario->stream.replay) {
        m_history.push_back(event);
        while (m_history.size() > size_t(qMax(1, m_scenario->stream.replayBuffer))) {
            m_history.pop_front();
        }
    }
    const QByteArray framed = m_scenario->transport.framing == TransportPolicy::Framing::Chunked
        ? QByteArray::number(event.bytes.size(), 16) + "\r\n" + event.bytes + "\r\n"
        : event.bytes;
    // A stream may end inside the loop (end after N events, a drop, a slow client): walk a copy;
    // an ended stream is only deleted later, and writes nothing.
    const QList<StreamConnection *> streams = m_streams;
    for (StreamConnection *stream : streams) {
        stream->broadcastEvent(event, framed);
    }
}

Broadcaster *MockServer::Private::broadcasterFor(const std::shared_ptr<const Scenario> &s)
{
    Broadcaster *&broadcaster = broadcasters[s.get()];
    if (!broadcaster) {
        broadcaster = new Broadcaster(this, s);
    }
    return broadcaster;
}

void MockServer::Private::retireBroadcasters()
{
    for (auto it = broadcasters.begin(); it != broadcasters.end();) {
        if (it.key() != scenario.get() && it.value()->idle()) {
            it.value()->deleteLater(); // may be inside its own tick
            it = broadcasters.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace SseScope
