#include "mockserver.h"

#include <common/logging.h>
#include <scenario/corsheaders.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QTimerEvent>
#include <QUrlQuery>

// The only place QtHttpServer is included (DESIGN.md: its API changes in Qt 6.8).
// What this file uses from the 6.4 API, and so what to port: QAbstractHttpServer::bind(QTcpServer *)
// (6.8: returns bool), handleRequest()/missingHandler() taking a QTcpSocket (6.8: a
// QHttpServerResponder &), the protected makeResponder(), and QHttpServerResponder's
// writeStatusLine()/writeHeader()/writeBody() that put raw bytes on the socket (6.8 replaces them
// with write(QHttpHeaders) and writeBeginChunked()/writeChunk()/writeEndChunked(); the exact-bytes
// knobs — any status, duplicate header lines, our own chunk framing, gzip, a head that never
// ends — would then take the socket over for the stream).
#include <QtHttpServer/QAbstractHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>

#include <zlib.h>

#include <algorithm>
#include <deque>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#endif

// glibc only, and not under AddressSanitizer (its allocator is not glibc's).
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#if defined(__has_feature)
#if !__has_feature(address_sanitizer)
#define SSESCOPE_MALLOC_TRIM 1
#endif
#else
#define SSESCOPE_MALLOC_TRIM 1
#endif
#endif
#ifdef SSESCOPE_MALLOC_TRIM
#include <malloc.h>
#endif

namespace SseScope {

namespace {

constexpr qsizetype socketReadLimit = 256 * 1024; // a request (head and body) beyond this is closed, never OOMs
constexpr qsizetype maxRequestBodyRecorded = 64 * 1024;
constexpr qsizetype maxReportBytes = 64 * 1024;
constexpr qsizetype maxHeldBytes = 8 * 1024 * 1024; // a proxy whose buffers are full flushes
constexpr qsizetype backpressureBytes = 1024 * 1024; // stop producing while the peer does not read
// What a client may fall behind before it is dropped (End::SlowClient): a broadcast cannot
// wait for one reader, and a script ignores back-pressure.
constexpr qsizetype maxBacklogBytes = 4 * 1024 * 1024;
constexpr int eventBatchMs = 50;
constexpr int idleTrimDelayMs = 300; // quiet time after the last connection before the heap is trimmed
// And once more after this: the receiving thread frees the exchange records this thread
// allocated (queued signals) when it gets to them, which on a loaded machine is later.
constexpr int idleRetrimDelayMs = 2000;
// "HTTP/1.1 NNN" + CRLF. QHttpServerResponder adds " <reason>" from its own table, which it does
// not expose, so wireBytes leaves the reason phrase out.
constexpr qint64 statusLineBytes = 14;

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QByteArrayLiteral("TRACE");
    default:
        return QByteArrayLiteral("UNKNOWN");
    }
}

// A QTcpServer whose sockets have a bounded read buffer: QAbstractHttpServer 6.4 reads a request
// inside a socket transaction with no size limit, so hostile input must be capped here.
// It also tells the server of every socket it accepts (to count the open connections).
class BoundedTcpServer final : public QTcpServer
{
public:
    BoundedTcpServer(std::function<void(QTcpSocket *)> accepted, QObject *parent)
        : QTcpServer(parent)
        , m_accepted(std::move(accepted))
    {
    }

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        socket->setReadBufferSize(socketReadLimit);
        m_accepted(socket);
        addPendingConnection(socket);
    }

private:
    std::function<void(QTcpSocket *)> m_accepted;
};

// QAbstractHttpServer parses requests; we answer every one ourselves, because a mock server must
// write exactly the bytes the scenario asks for (two ACAO lines, any status, chunk framing, gzip,
// a header block that never ends). QHttpServerResponder 6.4 writes status line, header lines and
// body bytes straight to the socket, so it can do all of that without taking the socket over.
class HttpFrontend final : public QAbstractHttpServer
{
public:
    using Handler = std::function<void(const QHttpServerRequest &, QTcpSocket *)>;

    HttpFrontend(Handler handler, QObject *parent)
        : QAbstractHttpServer(parent)
        , m_handler(std::move(handler))
    {
    }

    static QHttpServerResponder responder(const QHttpServerRequest &request, QTcpSocket *socket)
    {
        return makeResponder(request, socket);
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_handler(request, socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }

private:
    Handler m_handler;
};

// Splits text on "\n" into data: lines (the HTML standard joins them back with "\n").
QByteArray dataLines(const QByteArray &data)
{
    QByteArray out;
    for (const QByteArray &line : data.split('\n')) {
        out += "data: " + line + '\n';
    }
    return out;
}

} // namespace

class StreamConnection;
class Broadcaster;

struct MockServer::Private
{
    MockServer *q = nullptr;
    HttpFrontend *api = nullptr;
    HttpFrontend *page = nullptr;
    quint16 apiPort = 0;
    quint16 pagePort = 0;
    QString apiHost = QStringLiteral("127.0.0.1");
    std::shared_ptr<const Scenario> scenario = std::make_shared<Scenario>();
    QSet<StreamConnection *> streams;
    // The broadcast generators, one per scenario value that has stream.broadcast (keyed by the
    // shared scenario, so setScenario() starts a new broadcast for new connections).
    QHash<const Scenario *, Broadcaster *> broadcasters;
    bool recordEvents = true;
    quint64 nextExchangeId = 1;
    QByteArray pageTemplate;
    // Sockets QtHttpServer still has (a lean stream keeps only its descriptor: see streams).
    int openSockets = 0;
    QTimer *idleTrimTimer = nullptr; // a child of q, so it moves to the server's thread with it
    bool retrimPending = false;

    void socketAccepted(QTcpSocket *socket);
    // Called when a connection ends: once none is left, the heap is trimmed (see trimHeap()).
    void connectionClosed();
    static void trimHeap();

    QString apiOrigin() const { return QStringLiteral("http://%1:%2").arg(apiHost).arg(apiPort); }
    QString pageOrigin() const { return QStringLiteral("http://localhost:%1").arg(pagePort); }
    QString expand(QString text) const
    {
        return text.replace(QLatin1String("${page}"), pageOrigin()).replace(QLatin1String("${api}"), apiOrigin());
    }

    ServerExchange newExchange(const QHttpServerRequest &request, QTcpSocket *socket, const QString &origin);
    HttpHeaders corsHeaders(const Scenario &s, const QByteArray &requestOrigin, bool preflight) const;
    bool authorized(const Scenario &s, const QHttpServerRequest &request) const;
    void respond(const QHttpServerRequest &request, QTcpSocket *socket, ServerExchange record, int status,
        const HttpHeaders &headers, const QByteArray &body);
    void handleApi(const QHttpServerRequest &request, QTcpSocket *socket);
    void handlePage(const QHttpServerRequest &request, QTcpSocket *socket);
    QByteArray testPage(const Scenario &s) const;
    Broadcaster *broadcasterFor(const std::shared_ptr<const Scenario> &s);
    // Ends the broadcasts nobody listens to and no new connection can join.
    void retireBroadcasters();
};

// One generator event of the scenario (the per-connection generator and the broadcast share it).
struct GeneratedEvent
{
    quint64 sequence = 0;
    QByteArray id;
    QByteArray type;
    QByteArray bytes; // the whole event, blank line included
};

GeneratedEvent generatorEvent(const StreamPolicy &stream, quint64 seq)
{
    const StreamPolicy::Generator &g = stream.generator;
    GeneratedEvent e;
    e.sequence = seq;
    if (!g.eventTypes.isEmpty()) {
        e.type = g.eventTypes.at(int((seq - 1) % quint64(g.eventTypes.size()))).toUtf8();
    }
    if (e.type == "message") {
        e.type.clear();
    }
    QByteArray data;
    if (g.data) {
        data = g.data->toUtf8();
    } else {
        data = "{\"seq\":" + QByteArray::number(seq);
        if (g.payloadBytes > data.size() + 12) {
            data += ",\"pad\":\"" + QByteArray(g.payloadBytes - data.size() - 10, 'x') + '"';
        }
        data += '}';
        if (g.multiLine) {
            data.replace(",", ",\n");
            data.replace("{", "{\n");
            data.replace("}", "\n}");
        }
    }
    if (!e.type.isEmpty()) {
        e.bytes += "event: " + e.type + '\n';
    }
    e.id = stream.ids ? QByteArray::number(seq) : QByteArray();
    if (!e.id.isEmpty()) {
        e.bytes += "id: " + e.id + '\n';
    }
    e.bytes += dataLines(data) + '\n';
    return e;
}


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
    StreamConnection(MockServer::Private *server, std::shared_ptr<const Scenario> scenario,
        QHttpServerResponder &&responder, QTcpSocket *socket, ServerExchange record, HttpHeaders headers,
        QByteArray lastEventId)
        : QObject(server->q)
        , m_server(server)
        , m_scenario(std::move(scenario))
        , m_responder(std::move(responder))
        , m_socket(socket)
        , m_record(std::move(record))
        , m_headers(std::move(headers))
        , m_lastEventId(std::move(lastEventId))
    {
        const StreamPolicy &stream = m_scenario->stream;
        if (stream.replay && !m_lastEventId.isEmpty() && !broadcasting()) {
            // A connection's own generator or script: nothing happened while the client was away,
            // so resuming right after its last id is the whole replay.
            if (stream.source == StreamPolicy::Source::Generator) {
                bool ok = false;
                const quint64 last = m_lastEventId.toULongLong(&ok);
                if (ok) {
                    m_nextSequence = last + 1;
                }
            } else {
                for (int i = 0; i < stream.script.size(); ++i) {
                    if (stream.script.at(i).id && stream.script.at(i).id->toUtf8() == m_lastEventId) {
                        m_scriptIndex = i + 1;
                    }
                }
            }
        }
        connect(socket, &QTcpSocket::disconnected, this, [this] { finish(ServerExchange::End::ClientClosed); });
    }

    ~StreamConnection() override
    {
        if (m_deflateReady) {
            deflateEnd(&m_deflate);
        }
        closeDescriptor();
    }

    void start()
    {
        const int delay = m_scenario->transport.headerDelayMs;
        if (delay > 0) {
            m_headerTimer = startTimer(delay, Qt::PreciseTimer);
        } else {
            writeHead();
        }
    }

    // The server is shutting down.
    void stop()
    {
        m_endReason = ServerExchange::End::ServerStopped;
        if (m_socket) {
            m_socket->disconnectFromHost();
        }
        finish(ServerExchange::End::ServerStopped);
    }

    // Sends the batched event records to the receiving thread.
    void flushEventBatch()
    {
        stopTimer(m_batchTimer);
        if (!m_pendingEvents.isEmpty()) {
            Q_EMIT m_server->q->eventsWritten(m_record.id, m_pendingEvents);
            m_pendingEvents.clear();
        }
    }

    // One broadcast tick. framed is the event with this scenario's chunk framing already applied
    // (the same for every stream of the broadcast), used when nothing else transforms the body.
    void broadcastEvent(const GeneratedEvent &event, const QByteArray &framed)
    {
        if (producing()) {
            writeEvent(event.bytes, event.id, event.type, &framed);
        }
    }

    bool producing() const { return !m_finished && !m_closing && (m_fd >= 0 || m_socket); }

protected:
    void timerEvent(QTimerEvent *event) override
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

private:
    bool broadcasting() const
    {
        return m_scenario->stream.broadcast && m_scenario->stream.source == StreamPolicy::Source::Generator;
    }

    void stopTimer(int &id)
    {
        if (id != 0) {
            killTimer(id);
            id = 0;
        }
    }

    void writeHead()
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

    // Takes the connection from QTcpSocket (see the class comment). Stays on the socket when
    // anything is still in Qt's buffers, or on a platform without dup()/send().
    void takeOverSocket()
    {
#ifdef Q_OS_UNIX
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
            return;
        }
        m_socket->flush();
        if (m_socket->bytesToWrite() != 0) {
            return;
        }
        const int fd = ::fcntl(int(m_socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            return;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        m_fd = fd;
        QTcpSocket *socket = m_socket;
        disconnect(socket, nullptr, this, nullptr);
        m_socket = nullptr;
        m_responder.reset();
        socket->abort(); // QAbstractHttpServer deletes it; our descriptor keeps the connection
        m_readNotifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
        connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { readPeer(); });
#endif
    }

    // The client's bytes on a lean stream: discarded (an SSE client sends nothing after its
    // request), but reading them is how a close is seen.
    void readPeer()
    {
#ifdef Q_OS_UNIX
        char buffer[4096];
        for (int i = 0; i < 16 && m_fd >= 0; ++i) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
            if (n > 0) {
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                return;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            finish(ServerExchange::End::ClientClosed); // 0: the peer closed; <0: reset
            return;
        }
#endif
    }

    qint64 pendingBytes() const
    {
        if (m_fd >= 0) {
            return m_backlog.size() - m_backlogSent;
        }
        return m_socket ? m_socket->bytesToWrite() : 0;
    }

    void sendBytes(const QByteArray &bytes)
    {
#ifdef Q_OS_UNIX
        qsizetype offset = 0;
        if (pendingBytes() == 0) {
            const ssize_t n = ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                finish(ServerExchange::End::ClientClosed);
                return;
            }
            offset = n > 0 ? qsizetype(n) : 0;
            if (offset == bytes.size()) {
                return;
            }
        }
        m_backlog.append(bytes.constData() + offset, bytes.size() - offset);
        if (pendingBytes() > maxBacklogBytes) {
            dropSlowClient();
            return;
        }
        if (!m_writeNotifier) {
            m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
            connect(m_writeNotifier, &QSocketNotifier::activated, this, [this] { sendBacklog(); });
        }
        m_writeNotifier->setEnabled(true);
#else
        Q_UNUSED(bytes);
#endif
    }

    void sendBacklog()
    {
#ifdef Q_OS_UNIX
        while (m_fd >= 0 && pendingBytes() > 0) {
            const ssize_t n = ::send(
                m_fd, m_backlog.constData() + m_backlogSent, size_t(pendingBytes()), MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) {
                    continue;
                }
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    break;
                }
                finish(ServerExchange::End::ClientClosed);
                return;
            }
            m_backlogSent += qsizetype(n);
        }
        if (m_fd < 0) {
            return;
        }
        if (pendingBytes() == 0) {
            m_backlog = QByteArray(); // a stream that caught up holds no buffer
            m_backlogSent = 0;
            m_writeNotifier->setEnabled(false);
            if (m_closing && m_dripQueue.isEmpty()) {
                closeSocket();
            }
        } else if (m_backlogSent > 64 * 1024 && m_backlogSent > m_backlog.size() / 2) {
            m_backlog.remove(0, m_backlogSent);
            m_backlogSent = 0;
        }
#endif
    }

    // A client that stopped reading while events keep coming: a real server drops it rather than
    // buffer without bound.
    void dropSlowClient()
    {
        qCInfo(lcServer) << "stream" << m_record.id << "dropped: the client is" << pendingBytes()
                         << "bytes behind";
        m_endReason = ServerExchange::End::SlowClient;
        m_closing = true;
        stopProducing();
        m_backlog = QByteArray();
        m_backlogSent = 0;
        m_dripQueue.clear();
        if (m_socket) {
            m_socket->abort(); // emits disconnected(): finish() below is then a no-op
        }
        finish(m_endReason);
    }

    void closeDescriptor()
    {
#ifdef Q_OS_UNIX
        if (m_fd < 0) {
            return;
        }
        // Unregister before the descriptor goes (a notifier on a closed fd warns).
        for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
            if (notifier) {
                notifier->setEnabled(false);
                notifier->deleteLater();
            }
        }
        m_readNotifier = m_writeNotifier = nullptr;
        // Unread input at close() would make the kernel answer with a reset, which can destroy
        // the tail the client has not read yet: read it first.
        char buffer[4096];
        while (::recv(m_fd, buffer, sizeof(buffer), MSG_DONTWAIT) > 0) {
        }
        ::close(m_fd);
        m_fd = -1;
#endif
    }

    void tick()
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
        const GeneratedEvent event = generatorEvent(m_scenario->stream, m_nextSequence++);
        writeEvent(event.bytes, event.id, event.type);
    }

    void scheduleScript()
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

    void playScript()
    {
        const StreamPolicy &stream = m_scenario->stream;
        // Write every item that is due now (zero delay), then wait for the next one.
        while (producing() && m_scriptIndex < stream.script.size()) {
            const ScriptedEvent &e = stream.script.at(m_scriptIndex++);
            QByteArray bytes;
            bool isEvent = false;
            if (e.raw) {
                bytes = *e.raw;
                isEvent = true;
            } else {
                if (e.comment) {
                    bytes += ':' + e.comment->toUtf8() + '\n';
                }
                if (e.event) {
                    bytes += "event: " + e.event->toUtf8() + '\n';
                }
                if (e.id) {
                    bytes += "id: " + e.id->toUtf8() + '\n';
                }
                if (e.retry) {
                    bytes += "retry: " + QByteArray::number(*e.retry) + '\n';
                }
                if (e.data) {
                    bytes += dataLines(e.data->toUtf8());
                    isEvent = true;
                }
                bytes += '\n';
            }
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

    void heartbeat()
    {
        if (m_scenario->stream.heartbeat.asEvent) {
            body(QByteArrayLiteral("event: ping\ndata: \n\n"), false);
        } else {
            body(QByteArrayLiteral(": ping\n\n"), false);
        }
    }

    void writeEvent(
        const QByteArray &bytes, const QByteArray &id, const QByteArray &type, const QByteArray *framed = nullptr)
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

    // The body pipeline: [buffering proxy] -> [gzip] -> [chunk framing] -> [drip] -> socket.
    // framed: bytes with the chunk framing already applied (a broadcast frames once per tick).
    void body(const QByteArray &bytes, bool isEvent, const QByteArray *framed = nullptr)
    {
        if (m_finished || m_closing) {
            return;
        }
        m_record.bodyBytes += bytes.size();
        const TransportPolicy::BufferingProxy &proxy = m_scenario->transport.proxy;
        if (proxy.enabled) {
            m_held += bytes;
            if (isEvent) {
                ++m_heldEvents;
            }
            if ((proxy.flushEveryEvents > 0 && m_heldEvents >= proxy.flushEveryEvents)
                || m_held.size() > maxHeldBytes) {
                flushHeld();
            }
            return;
        }
        if (framed && !m_deflateReady) {
            wire(*framed);
            return;
        }
        encode(bytes, false);
    }

    void flushHeld()
    {
        if (m_held.isEmpty()) {
            return;
        }
        const QByteArray held = std::exchange(m_held, QByteArray());
        m_heldEvents = 0;
        encode(held, false);
    }

    void encode(const QByteArray &bytes, bool finish)
    {
        QByteArray out = bytes;
        if (m_deflateReady) {
            out = deflateBytes(
                bytes, finish ? Z_FINISH : (m_scenario->transport.gzipFlushEachWrite ? Z_SYNC_FLUSH : Z_NO_FLUSH));
        }
        if (out.isEmpty()) {
            return;
        }
        if (m_scenario->transport.framing == TransportPolicy::Framing::Chunked) {
            out = QByteArray::number(out.size(), 16) + "\r\n" + out + "\r\n";
        }
        wire(out);
    }

    QByteArray deflateBytes(const QByteArray &input, int flush)
    {
        QByteArray out;
        m_deflate.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
        m_deflate.avail_in = uInt(input.size());
        char buffer[16384];
        do {
            m_deflate.next_out = reinterpret_cast<Bytef *>(buffer);
            m_deflate.avail_out = sizeof(buffer);
            const int rc = deflate(&m_deflate, flush);
            if (rc == Z_STREAM_ERROR) {
                qCWarning(lcServer) << "deflate failed";
                break;
            }
            out.append(buffer, qsizetype(sizeof(buffer) - m_deflate.avail_out));
        } while (m_deflate.avail_out == 0);
        return out;
    }

    void wire(const QByteArray &bytes)
    {
        if (m_scenario->transport.dripBytes > 0) {
            m_dripQueue += bytes;
            if (m_dripQueue.size() > maxBacklogBytes) {
                dropSlowClient(); // a broadcast outruns the drip without bound
            }
            return;
        }
        toSocket(bytes);
    }

    void drip()
    {
        if (!m_dripQueue.isEmpty()) {
            const qsizetype n = qMin(qsizetype(m_scenario->transport.dripBytes), m_dripQueue.size());
            toSocket(m_dripQueue.left(n));
            m_dripQueue.remove(0, n);
        }
        if (m_dripQueue.isEmpty() && m_closing) {
            closeSocket();
        }
    }

    void toSocket(const QByteArray &bytes)
    {
        if (m_fd >= 0) {
            m_record.wireBytes += bytes.size();
            sendBytes(bytes);
            return;
        }
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
            return;
        }
        m_responder->writeBody(bytes);
        m_record.wireBytes += bytes.size();
        if (m_socket->bytesToWrite() > maxBacklogBytes) {
            dropSlowClient();
        }
    }

    // A clean end: everything held is sent, the gzip and chunked streams are terminated, and
    // the connection closes (the browser then reconnects, as the HTML standard says).
    void endStream()
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

    // A cut: whatever a proxy still holds is lost and the response is never terminated.
    void drop()
    {
        m_held.clear();
        m_dripQueue.clear();
        m_closing = true;
        m_endReason = ServerExchange::End::DroppedByScenario;
        stopProducing();
        closeSocket();
    }

    void stopProducing()
    {
        stopTimer(m_tickTimer);
        stopTimer(m_heartbeatTimer);
        stopTimer(m_proxyTimer);
        stopTimer(m_endTimer);
    }

    void closeSocket()
    {
        if (m_fd >= 0) {
            if (pendingBytes() == 0) {
                finish(m_endReason); // closes the descriptor: FIN after everything sent
            }
            return; // sendBacklog() comes back here once the client has read the tail
        }
        if (m_socket) {
            m_socket->disconnectFromHost(); // sends what Qt still buffers, then FIN
        }
        if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState) {
            finish(m_endReason);
        }
    }

    void finish(ServerExchange::End reason)
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

    MockServer::Private *m_server;
    std::shared_ptr<const Scenario> m_scenario;
    std::optional<QHttpServerResponder> m_responder; // only until the stream goes lean
    QPointer<QTcpSocket> m_socket; // null once lean
    ServerExchange m_record;
    HttpHeaders m_headers;
    QByteArray m_lastEventId;
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
        if (!ok || !m_scenario->stream.ids || last + 1 >= m_history.front().sequence) {
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

ServerExchange MockServer::Private::newExchange(
    const QHttpServerRequest &request, QTcpSocket *socket, const QString &origin)
{
    ServerExchange record;
    record.id = nextExchangeId++;
    record.scenario = scenario->name;
    record.origin = origin;
    record.peer = socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
    record.request.method = methodName(request.method());
    record.request.url = request.url();
    for (const auto &header : request.headers()) {
        record.request.headers.append(header.first, header.second);
    }
    record.requestBody = request.body().left(maxRequestBodyRecorded);
    record.startedUs = monotonicMicroseconds();
    return record;
}

HttpHeaders MockServer::Private::corsHeaders(const Scenario &s, const QByteArray &requestOrigin, bool preflight) const
{
    return scenarioCorsHeaders(s.cors, requestOrigin, preflight, [this](const QString &text) { return expand(text); });
}

bool MockServer::Private::authorized(const Scenario &s, const QHttpServerRequest &request) const
{
    switch (s.auth.mode) {
    case AuthPolicy::Mode::None:
        return true;
    case AuthPolicy::Mode::Cookie: {
        const QByteArray wanted = s.auth.cookie.name.toUtf8() + '=' + s.auth.cookie.value.toUtf8();
        for (const auto &header : request.headers()) {
            if (headerNameEquals(header.first, "Cookie")) {
                for (const QByteArray &pair : header.second.split(';')) {
                    if (pair.trimmed() == wanted) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
    case AuthPolicy::Mode::Bearer:
        for (const auto &header : request.headers()) {
            if (headerNameEquals(header.first, "Authorization") && header.second == "Bearer " + s.auth.token.toUtf8()) {
                return true;
            }
        }
        return false;
    case AuthPolicy::Mode::QueryToken:
        return request.query().queryItemValue(s.auth.queryParameter, QUrl::FullyDecoded) == s.auth.token;
    }
    return false;
}

void MockServer::Private::respond(const QHttpServerRequest &request, QTcpSocket *socket, ServerExchange record,
    int status, const HttpHeaders &headers, const QByteArray &body)
{
    QHttpServerResponder responder = HttpFrontend::responder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(status));
    HttpHeaders written = headers;
    const bool noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    if (!noBody) {
        written.append("Content-Length", QByteArray::number(body.size()));
    }
    qint64 wire = statusLineBytes;
    for (const HttpHeader &h : written.lines()) {
        responder.writeHeader(h.name, h.value);
        wire += h.name.size() + h.value.size() + 4;
    }
    responder.writeBody(noBody ? QByteArray() : body);
    record.response.status = status;
    record.response.headers = written;
    record.headersSentUs = record.endedUs = monotonicMicroseconds();
    record.bodyBytes = noBody ? 0 : body.size();
    record.wireBytes = wire + 2 + record.bodyBytes;
    record.end = ServerExchange::End::Completed;
    qCDebug(lcServer) << record.request.method << urlForLog(record.request.url) << "->" << status;
    Q_EMIT q->exchangeStarted(record);
    Q_EMIT q->exchangeFinished(record);
}

void MockServer::Private::handleApi(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const std::shared_ptr<const Scenario> current = scenario; // new connections take the scenario of now
    const Scenario &s = *current;
    ServerExchange record = newExchange(request, socket, QStringLiteral("api"));
    const QString path = request.url().path();
    const QByteArray origin = request.value("Origin");
    const QHttpServerRequest::Method method = request.method();

    if (method == QHttpServerRequest::Method::Options) {
        record.kind = ServerExchange::Kind::Preflight;
        if (!s.cors.preflight.handle) {
            // "No OPTIONS handling": what a framework without a CORS middleware answers.
            respond(request, socket, record, 405, HttpHeaders {{"Allow", "GET, POST"}, {"Content-Type", "text/plain"}},
                QByteArrayLiteral("method not allowed\n"));
            return;
        }
        respond(request, socket, record, s.cors.preflight.status, corsHeaders(s, origin, true), QByteArray());
        return;
    }
    if (path == QLatin1String("/login")
        && (method == QHttpServerRequest::Method::Get || method == QHttpServerRequest::Method::Post)) {
        record.kind = ServerExchange::Kind::Login;
        HttpHeaders headers = corsHeaders(s, origin, false);
        headers.append("Content-Type", "application/json");
        headers.append("Cache-Control", "no-store");
        CookieSpec cookie = s.auth.cookie;
        if (cookie.domain) {
            cookie.domain = expand(*cookie.domain);
        }
        headers.append("Set-Cookie", cookie.setCookieValue());
        respond(request, socket, record, 200, headers, QByteArrayLiteral("{\"ok\":true}\n"));
        return;
    }
    const bool eventsPath = path == QLatin1String("/events");
    if ((eventsPath || path == QLatin1String("/stream")) && method == QHttpServerRequest::Method::Get) {
        if (eventsPath && s.response.redirect.enabled) {
            record.kind = ServerExchange::Kind::Redirect;
            HttpHeaders headers = s.response.redirect.withCors ? corsHeaders(s, origin, false) : HttpHeaders();
            headers.append("Location", expand(s.response.redirect.target).toUtf8());
            respond(request, socket, record, s.response.redirect.status, headers, QByteArray());
            return;
        }
        record.kind = ServerExchange::Kind::Stream;
        HttpHeaders headers;
        if (!authorized(s, request)) {
            headers = corsHeaders(s, origin, false);
            headers.append("Content-Type", "text/plain");
            if (s.auth.mode == AuthPolicy::Mode::Bearer) {
                headers.append("WWW-Authenticate", "Bearer");
            }
            respond(request, socket, record, s.auth.unauthorizedStatus, headers, QByteArrayLiteral("unauthorized\n"));
            return;
        }
        const ResponsePolicy &r = s.response;
        if (r.contentType) {
            headers.append("Content-Type", r.contentType->toUtf8());
        }
        if (r.cacheControl) {
            headers.append("Cache-Control", r.cacheControl->toUtf8());
        }
        if (r.accelBuffering) {
            headers.append("X-Accel-Buffering", r.accelBuffering->toUtf8());
        }
        if (r.contentTypeOptions) {
            headers.append("X-Content-Type-Options", r.contentTypeOptions->toUtf8());
        }
        const HttpHeaders cors = corsHeaders(s, origin, false);
        for (const HttpHeader &h : cors.lines()) {
            headers.append(h.name, h.value);
        }
        for (const HttpHeader &h : r.extraHeaders.lines()) {
            headers.append(h.name, h.value);
        }
        if (r.status != 200) {
            // Not a stream: a complete short answer, so the browser decides at once.
            respond(request, socket, record, r.status, headers,
                QByteArrayLiteral("status ") + QByteArray::number(r.status) + '\n');
            return;
        }
        if (s.transport.gzip) {
            headers.append("Content-Encoding", "gzip");
        }
        if (s.transport.framing == TransportPolicy::Framing::Chunked) {
            headers.append("Transfer-Encoding", "chunked");
        }
        auto *stream = new StreamConnection(this, current, HttpFrontend::responder(request, socket), socket,
            std::move(record), headers, request.value("Last-Event-ID"));
        streams.insert(stream);
        stream->start();
        return;
    }
    record.kind = ServerExchange::Kind::Other;
    respond(
        request, socket, record, 404, HttpHeaders {{"Content-Type", "text/plain"}}, QByteArrayLiteral("not found\n"));
}

QByteArray MockServer::Private::testPage(const Scenario &s) const
{
    QStringList eventTypes {QStringLiteral("message")};
    const auto addType = [&](const QString &type) {
        if (!type.isEmpty() && !eventTypes.contains(type)) {
            eventTypes.append(type);
        }
    };
    for (const QString &type : s.stream.generator.eventTypes) {
        addType(type);
    }
    for (const ScriptedEvent &e : s.stream.script) {
        addType(e.event.value_or(QString()));
    }
    if (s.stream.heartbeat.intervalMs > 0 && s.stream.heartbeat.asEvent) {
        addType(QStringLiteral("ping"));
    }
    QJsonArray headers;
    for (const HttpHeader &h : s.client.headers.lines()) {
        headers.append(QJsonArray {QString::fromLatin1(h.name), QString::fromUtf8(h.value)});
    }
    const QJsonObject config {
        {QStringLiteral("scenario"), s.name},
        {QStringLiteral("title"), s.title},
        {QStringLiteral("summary"), s.summary},
        {QStringLiteral("api"), apiOrigin()},
        {QStringLiteral("streamUrl"), QString(apiOrigin() + expand(s.client.path))},
        {QStringLiteral("loginUrl"), QString(apiOrigin() + QStringLiteral("/login"))},
        {QStringLiteral("reportUrl"), QStringLiteral("/report")},
        {QStringLiteral("mode"), clientModeName(s.client.mode)},
        {QStringLiteral("withCredentials"), s.client.withCredentials},
        {QStringLiteral("login"), s.client.loginFirst},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("eventTypes"), QJsonArray::fromStringList(eventTypes)},
    };
    // "<" never appears raw, so nothing in the JSON can close the <script> element.
    QByteArray json = QJsonDocument(config).toJson(QJsonDocument::Compact);
    json.replace("<", "\\u003c");
    QByteArray page = pageTemplate;
    page.replace("\"__SSESCOPE_CONFIG__\"", json);
    return page;
}

void MockServer::Private::handlePage(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const std::shared_ptr<const Scenario> current = scenario;
    ServerExchange record = newExchange(request, socket, QStringLiteral("page"));
    const QString path = request.url().path();
    if (request.method() == QHttpServerRequest::Method::Get
        && (path == QLatin1String("/") || path == QLatin1String("/index.html"))) {
        record.kind = ServerExchange::Kind::Page;
        respond(request, socket, record, 200,
            HttpHeaders {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"}},
            testPage(*current));
        return;
    }
    if (request.method() == QHttpServerRequest::Method::Post && path == QLatin1String("/report")) {
        record.kind = ServerExchange::Kind::Report;
        if (request.body().size() > maxReportBytes) {
            respond(request, socket, record, 413, HttpHeaders {{"Content-Type", "text/plain"}},
                QByteArrayLiteral("a report is at most 64 KiB\n"));
            return;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(request.body(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            respond(request, socket, record, 400, HttpHeaders {{"Content-Type", "text/plain"}},
                QByteArrayLiteral("a report is a JSON object\n"));
            return;
        }
        respond(request, socket, record, 204, HttpHeaders(), QByteArray());
        Q_EMIT q->reportReceived(document.object());
        return;
    }
    record.kind = ServerExchange::Kind::Other;
    respond(
        request, socket, record, 404, HttpHeaders {{"Content-Type", "text/plain"}}, QByteArrayLiteral("not found\n"));
}

void MockServer::Private::socketAccepted(QTcpSocket *socket)
{
    ++openSockets;
    idleTrimTimer->stop();
    // QtHttpServer deletes its sockets (deleteLater() on disconnect, or once a lean stream took
    // the descriptor over). Children of the listening socket, so they go before q does.
    QObject::connect(socket, &QObject::destroyed, q, [this] {
        --openSockets;
        connectionClosed();
    });
    // QAbstractHttpServer 6.4 reads a request inside a socket transaction, so a request larger
    // than the read buffer (socketReadLimit) can never complete; and once the buffer is full Qt
    // stops reading, so it would not even see the client leave: the socket and its full buffer
    // stayed for the life of the server (found while measuring known gap 8). Such a connection
    // is closed instead. Connected before QAbstractHttpServer's slot, so the bytes counted are
    // the ones it has not parsed yet.
    auto buffered = std::make_shared<qint64>(0);
    QObject::connect(socket, &QTcpSocket::readyRead, q, [socket, buffered] {
        if (!socket->isTransactionStarted()) {
            *buffered = 0; // a new request begins
        }
        *buffered += socket->bytesAvailable();
        if (*buffered >= socketReadLimit) {
            qCInfo(lcServer) << "a request over" << socketReadLimit / 1024 << "KiB: connection closed";
            QMetaObject::invokeMethod(socket, &QAbstractSocket::abort, Qt::QueuedConnection);
        }
    });
}

void MockServer::Private::connectionClosed()
{
    if (openSockets == 0 && streams.isEmpty()) {
        retrimPending = true;
        idleTrimTimer->start(idleTrimDelayMs); // restarted by every close: a busy server is not trimmed
    }
}

// Measured (docs/hardening.md, known gap 8): after 10,000 connect/disconnect cycles in waves of
// 100, `ssescope serve` stayed up to +44 MiB above its baseline while glibc's malloc_stats()
// counted ~1.3 MiB in use in the server thread's arena (of the 50-70 MiB it held): a burst of
// connections grows that arena, and glibc returns a non-main arena's memory only from its top,
// so the freed middle stays resident. malloc_trim(0) gives the free pages of every arena back;
// with it the server ends +0.7 to +7.7 MiB above its baseline. Called once the server has been
// idle (no socket, no stream) for idleTrimDelayMs, and once more idleRetrimDelayMs later, never
// on every close.
void MockServer::Private::trimHeap()
{
#ifdef SSESCOPE_MALLOC_TRIM
    const int released = ::malloc_trim(0);
    qCDebug(lcServer) << "idle: malloc_trim released" << (released ? "memory" : "nothing");
#endif
}

MockServer::MockServer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->idleTrimTimer = new QTimer(this);
    d->idleTrimTimer->setSingleShot(true);
    connect(d->idleTrimTimer, &QTimer::timeout, this, [this] {
        if (d->openSockets == 0 && d->streams.isEmpty()) {
            Private::trimHeap();
            if (std::exchange(d->retrimPending, false)) {
                d->idleTrimTimer->start(idleRetrimDelayMs);
            }
        }
    });
    QFile page(QStringLiteral(":/ssescope/testpage/index.html"));
    if (page.open(QIODevice::ReadOnly)) {
        d->pageTemplate = page.readAll();
    } else {
        qCWarning(lcServer) << "the test page resource is missing";
    }
}

MockServer::~MockServer()
{
    stop();
}

bool MockServer::start(const ServerOptions &options, QString *errorString)
{
    stop();
    const auto listenOn = [this, errorString](HttpFrontend *frontend, const QHostAddress &address, quint16 port,
                              bool required) -> quint16 {
        auto *tcp = new BoundedTcpServer([this](QTcpSocket *socket) { d->socketAccepted(socket); }, this);
        tcp->setListenBacklogSize(1024); // many streams may connect at once (benchmarks)
        if (!tcp->listen(address, port)) {
            if (required && errorString) {
                *errorString = QStringLiteral("cannot listen on %1 port %2: %3")
                                   .arg(address.toString())
                                   .arg(port)
                                   .arg(tcp->errorString());
            }
            delete tcp;
            return 0;
        }
        frontend->bind(tcp);
        return tcp->serverPort();
    };
    d->api = new HttpFrontend([this](const QHttpServerRequest &r, QTcpSocket *s) { d->handleApi(r, s); }, this);
    d->page = new HttpFrontend([this](const QHttpServerRequest &r, QTcpSocket *s) { d->handlePage(r, s); }, this);
    d->recordEvents = options.recordEvents;
    d->apiPort = listenOn(d->api, options.bindAddress, options.apiPort, true);
    d->pagePort = d->apiPort ? listenOn(d->page, options.bindAddress, options.pagePort, true) : 0;
    if (!d->apiPort || !d->pagePort) {
        stop();
        return false;
    }
    const bool loopback = options.bindAddress.isLoopback();
    const bool ipv6 = options.bindAddress.protocol() == QAbstractSocket::IPv6Protocol;
    const bool any = options.bindAddress == QHostAddress(QHostAddress::Any)
        || options.bindAddress == QHostAddress(QHostAddress::AnyIPv4)
        || options.bindAddress == QHostAddress(QHostAddress::AnyIPv6);
    // The page is http://localhost:PORT: answer on both loopback addresses a browser may try.
    if (!any) {
        listenOn(d->page, QHostAddress(ipv6 && loopback ? QHostAddress::LocalHost : QHostAddress::LocalHostIPv6),
            d->pagePort, false);
        if (!loopback) {
            listenOn(d->page, QHostAddress(QHostAddress::LocalHost), d->pagePort, false);
        }
    }
    if (any || (loopback && !ipv6)) {
        d->apiHost = QStringLiteral("127.0.0.1");
    } else {
        d->apiHost = ipv6 ? QLatin1Char('[') + options.bindAddress.toString() + QLatin1Char(']')
                          : options.bindAddress.toString();
    }
    qCDebug(lcServer) << "listening: api" << d->apiOrigin() << "page" << d->pageOrigin();
    return true;
}

void MockServer::stop()
{
    const QSet<StreamConnection *> streams = d->streams;
    for (StreamConnection *stream : streams) {
        stream->stop();
    }
    d->streams.clear();
    qDeleteAll(d->broadcasters);
    d->broadcasters.clear();
    delete d->api;
    delete d->page;
    d->api = nullptr;
    d->page = nullptr;
    d->apiPort = d->pagePort = 0;
}

bool MockServer::isListening() const
{
    return d->api != nullptr;
}

quint16 MockServer::apiPort() const
{
    return d->apiPort;
}

quint16 MockServer::pagePort() const
{
    return d->pagePort;
}

QUrl MockServer::apiUrl() const
{
    return QUrl(d->apiOrigin());
}

QUrl MockServer::pageUrl() const
{
    return QUrl(d->pageOrigin() + QLatin1Char('/'));
}

void MockServer::setScenario(const Scenario &scenario)
{
    d->scenario = std::make_shared<const Scenario>(scenario);
    d->retireBroadcasters();
}

Scenario MockServer::scenario() const
{
    return *d->scenario;
}

int MockServer::openStreamCount() const
{
    return int(d->streams.size());
}

} // namespace SseScope
