#include "streamconnection_p.h"

#include "broadcaster_p.h"

#include <common/logging.h>

#include <QTimerEvent>

// The stream's life: its head, its events (own generator, broadcast or script), its end.
// The body pipeline and the socket are in streamtransport.cpp.

namespace SseScope {

StreamConnection::StreamConnection(MockServer::Private *server, std::shared_ptr<const Scenario> scenario,
    QHttpServerResponder &&responder, QTcpSocket *socket, ServerExchange record, StreamPlan plan)
    : QObject(server->q)
    , m_server(server)
    , m_scenario(std::move(scenario))
    , m_responder(std::move(responder))
    , m_socket(socket)
    , m_record(std::move(record))
    , m_headers(std::move(plan.headers))
    , m_lastEventId(std::move(plan.lastEventId))
    , m_generate(std::move(plan.generate))
    , m_nextSequence(plan.nextSequence)
    , m_scriptIndex(plan.scriptIndex)
{
    connect(socket, &QTcpSocket::disconnected, this, [this] { finish(ServerExchange::End::ClientClosed); });
}

StreamConnection::~StreamConnection()
{
    if (m_deflateReady) {
        deflateEnd(&m_deflate);
    }
    closeDescriptor();
}

void StreamConnection::start()
{
    const int delay = m_scenario->transport.headerDelayMs;
    if (delay > 0) {
        m_headerTimer = startTimer(delay, Qt::PreciseTimer);
    } else {
        writeHead();
    }
}

void StreamConnection::stop()
{
    m_endReason = ServerExchange::End::ServerStopped;
    if (m_socket) {
        m_socket->disconnectFromHost();
    }
    finish(ServerExchange::End::ServerStopped);
}

void StreamConnection::flushEventBatch()
{
    stopTimer(m_batchTimer);
    if (!m_pendingEvents.isEmpty()) {
        Q_EMIT m_server->q->eventsWritten(m_record.id, m_pendingEvents);
        m_pendingEvents.clear();
    }
}

void StreamConnection::broadcastEvent(const GeneratedEvent &event, const QByteArray &framed)
{
    if (producing()) {
        writeEvent(event.bytes, event.id, event.type, &framed);
    }
}

void StreamConnection::timerEvent(QTimerEvent *event)
{
    const int id = event->timerId();
    if (id == m_headerTimer) {
        stopTimer(m_headerTimer);
        writeHead();
    } else if (id == m_tickTimer) {
        tick();
    } else if (id == m_heartbeatTimer) {
        heartbeat();
    } else if (id == m_proxyTimer) {
        flushHeld();
    } else if (id == m_dripTimer) {
        drip();
    } else if (id == m_endTimer) {
        stopTimer(m_endTimer);
        endStream();
    } else if (id == m_batchTimer) {
        flushEventBatch();
    }
}

bool StreamConnection::broadcasting() const
{
    return m_scenario->stream.broadcast && m_scenario->stream.source == StreamPolicy::Source::Generator;
}

void StreamConnection::stopTimer(int &id)
{
    if (id != 0) {
        killTimer(id);
        id = 0;
    }
}

void StreamConnection::writeHead()
{
    if (!m_socket || m_finished) {
        return;
    }
    const Scenario &s = *m_scenario;
    m_responder->writeStatusLine(QHttpServerResponder::StatusCode(s.response.status));
    m_record.wireBytes += statusLineBytes;
    for (const HttpHeader &h : m_headers.lines()) {
        m_responder->writeHeader(h.name, h.value);
        m_record.wireBytes += h.name.size() + h.value.size() + 4;
    }
    m_record.response.status = s.response.status;
    m_record.response.headers = m_headers;
    m_headers = HttpHeaders(); // kept in the record; an idle stream holds one copy
    Q_EMIT m_server->q->exchangeStarted(m_record);
    if (s.transport.headersNeverEnd) {
        m_socket->flush();
        return; // the browser waits for the blank line forever
    }
    // In 6.4 the first writeBody() ends the header block; an empty one sends the head now
    // without putting any byte in the body.
    m_responder->writeBody(QByteArray());
    m_record.wireBytes += 2;
    m_record.headersSentUs = monotonicMicroseconds();
    takeOverSocket();

    if (s.transport.gzip) {
        m_deflate = z_stream {};
        m_deflateReady
            = deflateInit2(&m_deflate, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    if (s.transport.proxy.enabled && s.transport.proxy.flushEveryMs > 0) {
        m_proxyTimer = startTimer(s.transport.proxy.flushEveryMs, Qt::PreciseTimer);
    }
    if (s.transport.dripBytes > 0) {
        m_dripTimer = startTimer(s.transport.dripIntervalMs, Qt::PreciseTimer);
    }
    if (s.stream.heartbeat.intervalMs > 0) {
        m_heartbeatTimer = startTimer(s.stream.heartbeat.intervalMs);
    }
    if (s.stream.endAfterMs > 0) {
        m_endTimer = startTimer(s.stream.endAfterMs, Qt::PreciseTimer);
    }

    if (s.stream.openingComment) {
        body(':' + s.stream.openingComment->toUtf8() + "\n\n", false);
    }
    if (s.stream.retryMs) {
        body("retry: " + QByteArray::number(*s.stream.retryMs) + "\n\n", false);
    }
    if (broadcasting()) {
        m_broadcaster = m_server->broadcasterFor(m_scenario);
        quint64 missed = 0;
        const QList<GeneratedEvent> replay = m_broadcaster->join(this, m_lastEventId, &missed);
        m_record.replayMissed = missed;
        m_record.replayedEvents = quint64(replay.size());
        if (missed > 0) {
            qCInfo(lcServer) << "stream" << m_record.id << "Last-Event-ID" << m_lastEventId
                             << "is older than the replay buffer:" << missed << "events lost";
        }
        for (const GeneratedEvent &event : replay) {
            if (!producing()) {
                break;
            }
            writeEvent(event.bytes, event.id, event.type);
        }
    } else if (s.stream.source == StreamPolicy::Source::Generator) {
        m_tickTimer = startTimer(s.stream.generator.intervalMs, Qt::PreciseTimer);
        tick(); // the first event at once, then one per interval
    } else {
        scheduleScript();
    }
}

void StreamConnection::tick()
{
    if (!producing()) {
        return;
    }
    if (m_scenario->stream.source == StreamPolicy::Source::Script) {
        stopTimer(m_tickTimer);
        playScript();
        return;
    }
    // Back-pressure: a peer that does not read must not make us buffer without bound (a
    // connection's own generator can wait; a broadcast cannot, see dropSlowClient()).
    if (pendingBytes() > backpressureBytes || m_dripQueue.size() > backpressureBytes) {
        return;
    }
    const quint64 sequence = m_nextSequence++;
    const GeneratedEvent event = m_generate ? m_generate(sequence) : generatorEvent(m_scenario->stream, sequence);
    writeEvent(event.bytes, event.id, event.type);
}

void StreamConnection::scheduleScript()
{
    const StreamPolicy &stream = m_scenario->stream;
    if (m_scriptIndex >= stream.script.size()) {
        if (stream.loopScript && !stream.script.isEmpty()) {
            m_scriptIndex = 0;
            // A looping script of zero delays would spin: wait at least 1 ms per round.
            m_tickTimer = startTimer(qMax(1, stream.script.constFirst().delayMs), Qt::PreciseTimer);
            return;
        }
        endStream();
        return;
    }
    const int delay = stream.script.at(m_scriptIndex).delayMs;
    if (delay > 0) {
        m_tickTimer = startTimer(delay, Qt::PreciseTimer);
    } else {
        playScript();
    }
}

void StreamConnection::playScript()
{
    const StreamPolicy &stream = m_scenario->stream;
    // Write every item that is due now (zero delay), then wait for the next one.
    while (producing() && m_scriptIndex < stream.script.size()) {
        const ScriptedEvent &e = stream.script.at(m_scriptIndex++);
        bool isEvent = false;
        const QByteArray bytes = scriptedEventBytes(e, &isEvent);
        if (isEvent) {
            writeEvent(bytes, e.id ? e.id->toUtf8() : QByteArray(), e.event ? e.event->toUtf8() : QByteArray());
        } else {
            body(bytes, false);
        }
        if (m_scriptIndex < stream.script.size() && stream.script.at(m_scriptIndex).delayMs > 0) {
            break;
        }
    }
    if (producing()) {
        scheduleScript();
    }
}

void StreamConnection::heartbeat()
{
    if (m_scenario->stream.heartbeat.asEvent) {
        body(QByteArrayLiteral("event: ping\ndata: \n\n"), false);
    } else {
        body(QByteArrayLiteral(": ping\n\n"), false);
    }
}

void StreamConnection::writeEvent(
    const QByteArray &bytes, const QByteArray &id, const QByteArray &type, const QByteArray *framed)
{
    ++m_record.eventCount;
    if (m_server->recordEvents) { // a clock read and a record per event and client: only when asked
        WrittenEvent event;
        event.sequence = m_record.eventCount;
        event.id = id;
        event.type = type;
        event.writtenUs = monotonicMicroseconds();
        event.bodyOffset = m_record.bodyBytes;
        event.size = int(bytes.size());
        m_pendingEvents.append(event);
        if (m_batchTimer == 0) {
            m_batchTimer = startTimer(eventBatchMs); // only while events flow
        }
    }
    body(bytes, true, framed);

    const StreamPolicy &stream = m_scenario->stream;
    if (stream.endAfterEvents > 0 && m_record.eventCount >= quint64(stream.endAfterEvents)) {
        endStream();
    } else if (stream.dropEveryEvents > 0 && m_record.eventCount >= quint64(stream.dropEveryEvents)) {
        drop();
    }
}

void StreamConnection::endStream()
{
    if (m_finished || m_closing) {
        return;
    }
    flushHeld();
    if (m_deflateReady) {
        encode(QByteArray(), true);
    }
    if (m_scenario->transport.framing == TransportPolicy::Framing::Chunked) {
        wire(QByteArrayLiteral("0\r\n\r\n"));
    }
    m_closing = true;
    m_endReason = ServerExchange::End::EndedByScenario;
    stopProducing();
    if (m_dripQueue.isEmpty()) {
        closeSocket();
    }
}

void StreamConnection::drop()
{
    m_held.clear();
    m_dripQueue.clear();
    m_closing = true;
    m_endReason = ServerExchange::End::DroppedByScenario;
    stopProducing();
    closeSocket();
}

void StreamConnection::stopProducing()
{
    stopTimer(m_tickTimer);
    stopTimer(m_heartbeatTimer);
    stopTimer(m_proxyTimer);
    stopTimer(m_endTimer);
}

void StreamConnection::finish(ServerExchange::End reason)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    if (m_endReason != ServerExchange::End::Open) {
        reason = m_endReason;
    }
    stopProducing();
    stopTimer(m_dripTimer);
    stopTimer(m_headerTimer);
    stopTimer(m_batchTimer);
    flushEventBatch();
    closeDescriptor();
    if (m_broadcaster) {
        m_broadcaster->leave(this);
        m_broadcaster = nullptr;
    }
    m_record.end = reason;
    m_record.endedUs = monotonicMicroseconds();
    if (m_record.response.status == 0) {
        // Ended before the head was written (header delay): nothing reached the wire.
        Q_EMIT m_server->q->exchangeStarted(m_record);
    }
    qCDebug(lcServer) << "stream" << m_record.id << "ended:" << exchangeEndName(reason) << m_record.eventCount
                      << "events";
    Q_EMIT m_server->q->exchangeFinished(m_record);
    m_server->streams.remove(this);
    m_server->connectionClosed();
    deleteLater();
}

} // namespace SseScope
