#pragma once

// Private to lib/server: one open event stream. streamconnection.cpp has its life (head, events,
// script, end); streamtransport.cpp the body pipeline and the socket it ends in.

#include "eventgenerator_p.h"
#include "mockserver_p.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QtHttpServer/QHttpServerResponder>

#include <zlib.h>

#include <functional>
#include <optional>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace SseScope {

class Broadcaster;

// One open event stream: carries the scenario it started with through headers, events, the
// transport faults, and the end; records everything into its ServerExchange.
//
// Lean streams (POSIX only): QTcpSocket in Qt 6.4 keeps a 32 KiB write buffer and a 16 KiB read
// buffer for its whole life, and every buffered write toggles its write notifier (with the glib
// dispatcher that is a list walk per write, O(N²) per broadcast tick). So once the head is on
// the wire, the stream takes a duplicate of the socket's descriptor, lets QHttpServer free the
// QTcpSocket (abort() closes only Qt's descriptor), and writes with send() itself: a read
// notifier sees the peer close (and discards whatever it sends), and the unsent tail of a write
// waits in m_backlog behind a write notifier — memory that exists only while a client is behind,
// bounded by maxBacklogBytes (then the client is dropped, End::SlowClient). Every knob works on
// both paths, since the body pipeline only ends in toSocket(); only headersNeverEnd (whose head
// is never complete) and a head Qt could not flush at once stay on the QTcpSocket path.
// With no notifier toggled per write, the default (glib) event dispatcher is no longer the limit
// of a broadcast (measured: same events per CPU-second with QT_NO_GLIB=1; the kernel's loopback
// TCP path is ~88 % of the server's CPU), so serve keeps the default dispatcher.
class StreamConnection final : public QObject
{
public:
    // plan: the head and the resume point the router chose (requestrouter.h).
    StreamConnection(MockServer::Private *server, std::shared_ptr<const Scenario> scenario,
        QHttpServerResponder &&responder, QTcpSocket *socket, ServerExchange record, StreamPlan plan);
    ~StreamConnection() override;

    void start();
    // The server is shutting down.
    void stop();
    // Sends the batched event records to the receiving thread.
    void flushEventBatch();
    // One broadcast tick. framed is the event with this scenario's chunk framing already applied
    // (the same for every stream of the broadcast), used when nothing else transforms the body.
    void broadcastEvent(const GeneratedEvent &event, const QByteArray &framed);
    bool producing() const { return !m_finished && !m_closing && (m_fd >= 0 || m_socket); }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // streamconnection.cpp: the stream's life.
    bool broadcasting() const;
    void stopTimer(int &id);
    void writeHead();
    void tick();
    void scheduleScript();
    void playScript();
    void heartbeat();
    void writeEvent(
        const QByteArray &bytes, const QByteArray &id, const QByteArray &type, const QByteArray *framed = nullptr);
    // A clean end: everything held is sent, the gzip and chunked streams are terminated, and
    // the connection closes (the browser then reconnects, as the HTML standard says).
    void endStream();
    // A cut: whatever a proxy still holds is lost and the response is never terminated.
    void drop();
    void stopProducing();
    void finish(ServerExchange::End reason);

    // streamtransport.cpp: the body pipeline,
    // [buffering proxy] -> [gzip] -> [chunk framing] -> [drip] -> socket.
    // framed: bytes with the chunk framing already applied (a broadcast frames once per tick).
    void body(const QByteArray &bytes, bool isEvent, const QByteArray *framed = nullptr);
    void flushHeld();
    void encode(const QByteArray &bytes, bool finish);
    QByteArray deflateBytes(const QByteArray &input, int flush);
    void wire(const QByteArray &bytes);
    void drip();
    void toSocket(const QByteArray &bytes);
    // ... and the socket: QTcpSocket until the stream goes lean, then its own descriptor.
    // Takes the connection from QTcpSocket (see the class comment). Stays on the socket when
    // anything is still in Qt's buffers, or on a platform without dup()/send().
    void takeOverSocket();
    // The client's bytes on a lean stream: discarded (an SSE client sends nothing after its
    // request), but reading them is how a close is seen.
    void readPeer();
    qint64 pendingBytes() const;
    void sendBytes(const QByteArray &bytes);
    void sendBacklog();
    // A client that stopped reading while events keep coming: a real server drops it rather than
    // buffer without bound.
    void dropSlowClient();
    void closeSocket();
    void closeDescriptor();

    MockServer::Private *m_server;
    std::shared_ptr<const Scenario> m_scenario;
    std::optional<QHttpServerResponder> m_responder; // only until the stream goes lean
    QPointer<QTcpSocket> m_socket; // null once lean
    ServerExchange m_record;
    HttpHeaders m_headers;
    QByteArray m_lastEventId;
    std::function<GeneratedEvent(quint64)> m_generate; // StreamPlan::generate
    Broadcaster *m_broadcaster = nullptr;
    int m_fd = -1; // the lean stream's own descriptor
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr; // created when a write first falls behind
    QByteArray m_backlog; // what send() could not take yet; empty while the client keeps up
    qsizetype m_backlogSent = 0;
    QList<WrittenEvent> m_pendingEvents;
    QByteArray m_held;
    int m_heldEvents = 0;
    QByteArray m_dripQueue;
    z_stream m_deflate {};
    bool m_deflateReady = false;
    quint64 m_nextSequence = 1;
    int m_scriptIndex = 0;
    bool m_closing = false;
    bool m_finished = false;
    ServerExchange::End m_endReason = ServerExchange::End::Open;
    int m_headerTimer = 0;
    int m_tickTimer = 0;
    int m_heartbeatTimer = 0;
    int m_proxyTimer = 0;
    int m_dripTimer = 0;
    int m_endTimer = 0;
    int m_batchTimer = 0;
};

} // namespace SseScope
