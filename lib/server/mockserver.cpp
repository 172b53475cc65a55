#include "mockserver.h"

#include <common/logging.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
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

#include <functional>
#include <memory>

namespace SseScope {

namespace {

constexpr qsizetype socketReadLimit = 256 * 1024; // a request head or /report body beyond this stalls, never OOMs
constexpr qsizetype maxRequestBodyRecorded = 64 * 1024;
constexpr qsizetype maxReportBytes = 64 * 1024;
constexpr qsizetype maxHeldBytes = 8 * 1024 * 1024; // a proxy whose buffers are full flushes
constexpr qsizetype backpressureBytes = 1024 * 1024; // stop producing while the peer does not read
constexpr int eventBatchMs = 50;
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
class BoundedTcpServer final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        socket->setReadBufferSize(socketReadLimit);
        addPendingConnection(socket);
    }
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
    bool recordEvents = true;
    quint64 nextExchangeId = 1;
    QByteArray pageTemplate;

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
};

// One open event stream: carries the scenario it started with through headers, events, the
// transport faults, and the end; records everything into its ServerExchange.
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
    {
        const StreamPolicy &stream = m_scenario->stream;
        if (stream.replay && !lastEventId.isEmpty()) {
            if (stream.source == StreamPolicy::Source::Generator) {
                bool ok = false;
                const quint64 last = lastEventId.toULongLong(&ok);
                if (ok) {
                    m_nextSequence = last + 1;
                }
            } else {
                for (int i = 0; i < stream.script.size(); ++i) {
                    if (stream.script.at(i).id && stream.script.at(i).id->toUtf8() == lastEventId) {
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
        m_responder.writeStatusLine(QHttpServerResponder::StatusCode(s.response.status));
        m_record.wireBytes += statusLineBytes;
        for (const HttpHeader &h : m_headers.lines()) {
            m_responder.writeHeader(h.name, h.value);
            m_record.wireBytes += h.name.size() + h.value.size() + 4;
        }
        m_record.response.status = s.response.status;
        m_record.response.headers = m_headers;
        Q_EMIT m_server->q->exchangeStarted(m_record);
        if (s.transport.headersNeverEnd) {
            m_socket->flush();
            return; // the browser waits for the blank line forever
        }
        // In 6.4 the first writeBody() ends the header block; an empty one sends the head now
        // without putting any byte in the body.
        m_responder.writeBody(QByteArray());
        m_record.wireBytes += 2;
        m_record.headersSentUs = monotonicMicroseconds();

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
        if (s.stream.source == StreamPolicy::Source::Generator) {
            m_tickTimer = startTimer(s.stream.generator.intervalMs, Qt::PreciseTimer);
            tick(); // the first event at once, then one per interval
        } else {
            scheduleScript();
        }
    }

    bool producing() const { return !m_finished && !m_closing && m_socket; }

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
        // Back-pressure: a peer that does not read must not make us buffer without bound.
        if (m_socket->bytesToWrite() > backpressureBytes || m_dripQueue.size() > backpressureBytes) {
            return;
        }
        const StreamPolicy::Generator &g = m_scenario->stream.generator;
        const quint64 seq = m_nextSequence++;
        QByteArray type;
        if (!g.eventTypes.isEmpty()) {
            type = g.eventTypes.at(int((seq - 1) % quint64(g.eventTypes.size()))).toUtf8();
        }
        if (type == "message") {
            type.clear();
        }
        QByteArray data = "{\"seq\":" + QByteArray::number(seq);
        if (g.payloadBytes > data.size() + 12) {
            data += ",\"pad\":\"" + QByteArray(g.payloadBytes - data.size() - 10, 'x') + '"';
        }
        data += '}';
        if (g.multiLine) {
            data.replace(",", ",\n");
            data.replace("{", "{\n");
            data.replace("}", "\n}");
        }
        QByteArray bytes;
        if (!type.isEmpty()) {
            bytes += "event: " + type + '\n';
        }
        const QByteArray id = m_scenario->stream.ids ? QByteArray::number(seq) : QByteArray();
        if (!id.isEmpty()) {
            bytes += "id: " + id + '\n';
        }
        bytes += dataLines(data) + '\n';
        writeEvent(bytes, id, type);
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

    void writeEvent(const QByteArray &bytes, const QByteArray &id, const QByteArray &type)
    {
        WrittenEvent event;
        event.sequence = ++m_record.eventCount;
        event.id = id;
        event.type = type;
        event.writtenUs = monotonicMicroseconds();
        event.bodyOffset = m_record.bodyBytes;
        event.size = int(bytes.size());
        if (m_server->recordEvents) {
            m_pendingEvents.append(event);
            if (m_batchTimer == 0) {
                m_batchTimer = startTimer(eventBatchMs); // only while events flow
            }
        }
        body(bytes, true);

        const StreamPolicy &stream = m_scenario->stream;
        if (stream.endAfterEvents > 0 && m_record.eventCount >= quint64(stream.endAfterEvents)) {
            endStream();
        } else if (stream.dropEveryEvents > 0 && m_record.eventCount >= quint64(stream.dropEveryEvents)) {
            drop();
        }
    }

    // The body pipeline: [buffering proxy] -> [gzip] -> [chunk framing] -> [drip] -> socket.
    void body(const QByteArray &bytes, bool isEvent)
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
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
            return;
        }
        m_responder.writeBody(bytes);
        m_record.wireBytes += bytes.size();
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
        deleteLater();
    }

    MockServer::Private *m_server;
    std::shared_ptr<const Scenario> m_scenario;
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    ServerExchange m_record;
    HttpHeaders m_headers;
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
    HttpHeaders headers;
    const CorsPolicy &cors = s.cors;
    switch (cors.allowOrigin) {
    case CorsPolicy::AllowOrigin::Absent:
        break;
    case CorsPolicy::AllowOrigin::Wildcard:
        headers.append("Access-Control-Allow-Origin", "*");
        break;
    case CorsPolicy::AllowOrigin::Echo:
        for (const QString &allowed : cors.allowlist) {
            if (!requestOrigin.isEmpty() && expand(allowed).toUtf8() == requestOrigin) {
                headers.append("Access-Control-Allow-Origin", requestOrigin);
                break;
            }
        }
        break;
    case CorsPolicy::AllowOrigin::Fixed:
        headers.append("Access-Control-Allow-Origin", expand(cors.values.value(0)).toUtf8());
        break;
    case CorsPolicy::AllowOrigin::Multiple:
        if (cors.multipleAsLines) {
            for (const QString &value : cors.values) {
                headers.append("Access-Control-Allow-Origin", expand(value).toUtf8());
            }
        } else {
            QStringList expanded;
            for (const QString &value : cors.values) {
                expanded.append(expand(value));
            }
            headers.append("Access-Control-Allow-Origin", expanded.join(QStringLiteral(", ")).toUtf8());
        }
        break;
    case CorsPolicy::AllowOrigin::Null:
        headers.append("Access-Control-Allow-Origin", "null");
        break;
    }
    if (cors.allowCredentials) {
        headers.append("Access-Control-Allow-Credentials", cors.allowCredentials->toUtf8());
    }
    if (cors.varyOrigin) {
        headers.append("Vary", "Origin");
    }
    if (preflight) {
        if (cors.preflight.allowMethods) {
            headers.append("Access-Control-Allow-Methods", cors.preflight.allowMethods->toUtf8());
        }
        if (cors.preflight.allowHeaders) {
            headers.append("Access-Control-Allow-Headers", cors.preflight.allowHeaders->toUtf8());
        }
        if (cors.preflight.maxAge) {
            headers.append("Access-Control-Max-Age", QByteArray::number(*cors.preflight.maxAge));
        }
    } else if (!cors.exposeHeaders.isEmpty()) {
        headers.append("Access-Control-Expose-Headers", cors.exposeHeaders.join(QStringLiteral(", ")).toUtf8());
    }
    return headers;
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
    qCDebug(lcServer) << record.request.method << record.request.url.toString() << "->" << status;
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

MockServer::MockServer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
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
        auto *tcp = new BoundedTcpServer(this);
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
