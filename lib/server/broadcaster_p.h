#pragma once

// Private to lib/server: the shared generator of a broadcast scenario.

#include "eventgenerator_p.h"
#include "mockserver_p.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>

#include <deque>
#include <memory>

namespace SseScope {

class StreamConnection;

// The shared generator of a scenario with stream.broadcast: one timer for every stream of that
// scenario (a broadcast server, not one generator per client), and the replay buffer — the last
// stream.replayBuffer events, which answer a reconnect's Last-Event-ID with what it missed.
// It ticks from its first stream until the scenario is replaced and its last stream ended, so
// events do happen while a client is away (that is what a replay buffer is for).
class Broadcaster final : public QObject
{
public:
    Broadcaster(MockServer::Private *server, std::shared_ptr<const Scenario> scenario);

    const Scenario &scenario() const { return *m_scenario; }
    // Adds the stream. Returns the kept events after lastEventId (all of them, with *missed set
    // to the number the buffer no longer holds, when the id is older than the oldest kept).
    QList<GeneratedEvent> join(StreamConnection *stream, const QByteArray &lastEventId, quint64 *missed);
    void leave(StreamConnection *stream);
    bool idle() const { return m_streams.isEmpty(); }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void tick();

    MockServer::Private *m_server;
    std::shared_ptr<const Scenario> m_scenario;
    QList<StreamConnection *> m_streams; // a flat array: the fan-out loop walks it every tick
    std::deque<GeneratedEvent> m_history;
    quint64 m_sequence = 0;
    QElapsedTimer m_clock;
    qint64 m_dueMs = 0;
    int m_timer = 0;
};

} // namespace SseScope
