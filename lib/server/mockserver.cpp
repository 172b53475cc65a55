#include "mockserver.h"

#include "broadcaster_p.h"
#include "mockserver_p.h"
#include "requestrouter.h"
#include "streamconnection_p.h"

#include <common/logging.h>

#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

// The server's sockets: the two listeners, the request each connection brings (handed to the
// router, requestrouter.cpp), and the complete answers; an open stream is a StreamConnection.

// Where QtHttpServer is included (DESIGN.md: its API changes in Qt 6.8): here, and in
// streamconnection_p.h for the responder a stream writes its head with.
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

#include <functional>
#include <memory>
#include <utility>

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
// The request as the router takes it (requestrouter.h): no socket but the peer's address.
RouterRequest routerRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    RouterRequest parsed;
    parsed.method = methodName(request.method());
    parsed.url = request.url();
    for (const auto &header : request.headers()) {
        parsed.headers.append(header.first, header.second);
    }
    parsed.body = request.body();
    parsed.peer = socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
    return parsed;
}

} // namespace

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

ServerExchange MockServer::Private::newExchange(const RouterRequest &request, const QString &origin)
{
    ServerExchange record;
    record.id = nextExchangeId++;
    record.scenario = scenario->name;
    record.origin = origin;
    record.peer = request.peer;
    record.request.method = request.method;
    record.request.url = request.url;
    record.request.headers = request.headers;
    record.requestBody = request.body.left(maxRequestBodyRecorded);
    record.startedUs = monotonicMicroseconds();
    return record;
}

void MockServer::Private::handle(RouterListener listener, const QHttpServerRequest &request, QTcpSocket *socket)
{
    std::shared_ptr<const Scenario> current = scenario; // new connections take the scenario of now
    RouterRequest parsed = routerRequest(request, socket);
    ServerExchange record
        = newExchange(parsed, listener == RouterListener::Api ? QStringLiteral("api") : QStringLiteral("page"));
    RouteResult route = routeRequest(listener, parsed, *current, routerContext());
    record.kind = route.kind;
    if (route.stream) {
        if (route.stream->scenario) {
            current = std::move(route.stream->scenario); // an endpoint's own events (chat, MCP)
        }
        auto *stream = new StreamConnection(this, current, HttpFrontend::responder(request, socket), socket,
            std::move(record), std::move(*route.stream));
        streams.insert(stream);
        stream->start();
        return;
    }
    respond(request, socket, std::move(record), *route.response);
    if (route.report) {
        Q_EMIT q->reportReceived(*route.report);
    }
}

void MockServer::Private::respond(
    const QHttpServerRequest &request, QTcpSocket *socket, ServerExchange record, const RoutedResponse &response)
{
    QHttpServerResponder responder = HttpFrontend::responder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    qint64 wire = statusLineBytes;
    for (const HttpHeader &h : response.headers.lines()) {
        responder.writeHeader(h.name, h.value);
        wire += h.name.size() + h.value.size() + 4;
    }
    responder.writeBody(response.body);
    record.response.status = response.status;
    record.response.headers = response.headers;
    record.headersSentUs = record.endedUs = monotonicMicroseconds();
    record.bodyBytes = response.body.size();
    record.wireBytes = wire + 2 + record.bodyBytes;
    record.end = ServerExchange::End::Completed;
    qCDebug(lcServer) << record.request.method << urlForLog(record.request.url) << "->" << response.status;
    Q_EMIT q->exchangeStarted(record);
    Q_EMIT q->exchangeFinished(record);
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
    d->api = new HttpFrontend([this](const QHttpServerRequest &r, QTcpSocket *s) { d->handle(RouterListener::Api, r, s); }, this);
    d->page = new HttpFrontend([this](const QHttpServerRequest &r, QTcpSocket *s) { d->handle(RouterListener::Page, r, s); }, this);
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
    d->mcpSessions.clear();
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
