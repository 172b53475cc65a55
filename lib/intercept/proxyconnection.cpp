#include "proxyconnection.h"

#include "interceptproxy.h"
#include "localca.h"

#include <client/bodydecoder.h>
#include <common/logging.h>

#include <QHostAddress>
#include <QScopedValueRollback>
#include <QSslConfiguration>
#include <QSslSocket>

namespace SseScope {

namespace {

// Chromium's names for what went wrong upstream (the same names a `check` session records).
QString netErrorName(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("ERR_CONNECTION_REFUSED");
    case QAbstractSocket::HostNotFoundError:
        return QStringLiteral("ERR_NAME_NOT_RESOLVED");
    case QAbstractSocket::SocketTimeoutError:
        return QStringLiteral("ERR_TIMED_OUT");
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("ERR_CONNECTION_CLOSED");
    case QAbstractSocket::SslHandshakeFailedError:
        return QStringLiteral("ERR_SSL_PROTOCOL_ERROR");
    default:
        return QStringLiteral("ERR_FAILED");
    }
}

bool isLoopbackName(const QByteArray &host)
{
    const QHostAddress address(QString::fromLatin1(host));
    return host.compare("localhost", Qt::CaseInsensitive) == 0 || (!address.isNull() && address.isLoopback());
}

QByteArray hostForUrl(const QByteArray &host)
{
    return host.contains(':') ? '[' + host + ']' : host;
}

} // namespace

ProxyConnection::ProxyConnection(InterceptProxy *proxy, QSslSocket *client, quint64 id)
    : QObject(proxy)
    , m_proxy(proxy)
    , m_client(client)
    , m_id(id)
{
    m_client->setParent(this);
    m_client->setReadBufferSize(m_proxy->options().socketBufferBytes);
    // Events are small writes: without this, Nagle's algorithm holds one back while the previous
    // one is unacknowledged.
    m_client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_state == State::Forwarding) {
            failUpstream(QStringLiteral("ERR_TIMED_OUT"), QStringLiteral("no response head in time"));
        } else {
            // A head that never completes, a handshake never finished, or an idle kept-alive connection.
            if (m_state == State::Handshake) {
                m_proxy->reportRefused(QStringLiteral("connection %1: the TLS handshake did not finish in time").arg(m_id));
            }
            closeClient();
        }
    });
    connect(m_client, &QSslSocket::readyRead, this, &ProxyConnection::readClient);
    connect(m_client, &QSslSocket::disconnected, this, &ProxyConnection::onClientGone);
    connect(m_client, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (m_state == State::Handshake) {
            m_proxy->reportRefused(QStringLiteral("connection %1: the client's TLS handshake failed (%2)")
                                       .arg(m_id)
                                       .arg(m_client->errorString()));
        }
        if (error != QAbstractSocket::RemoteHostClosedError) {
            onClientGone();
        }
    });
    connect(m_client, &QSslSocket::bytesWritten, this, [this] {
        // The client drained: read more of the answer.
        if (m_upstream && m_client->bytesToWrite() < m_proxy->options().socketBufferBytes) {
            readUpstream();
        }
    });
    connect(m_client, &QSslSocket::encrypted, this, [this] {
        m_state = State::Head;
        armTimer(m_proxy->options().headTimeoutMs);
        readClient();
    });
    connect(m_client, &QSslSocket::sslErrors, this, [this] { closeClient(); });
    armTimer(m_proxy->options().headTimeoutMs);
}

ProxyConnection::~ProxyConnection() = default;

void ProxyConnection::armTimer(int ms)
{
    m_timer.start(ms);
}

void ProxyConnection::readClient()
{
    if (m_state == State::Handshake || m_state == State::Closing) {
        return;
    }
    if (m_state == State::Forwarding) {
        pumpRequestBody();
        return;
    }
    // A head: read at most one byte past the cap, so an endless head costs no more than that.
    const qint64 room = ProxyHttp::maxHeadBytes + 1 - m_clientIn.size();
    if (room > 0) {
        m_clientIn += m_client->read(qMin(room, m_client->bytesAvailable()));
    }
    if (!m_clientIn.isEmpty()) {
        takeRequestHead();
    }
}

bool ProxyConnection::takeRequestHead()
{
    const qsizetype end = ProxyHttp::headEnd(m_clientIn);
    if (end < 0) {
        if (m_clientIn.size() > ProxyHttp::maxHeadBytes) {
            refuse(431, "Request Header Fields Too Large",
                QStringLiteral("a request head over %1 bytes").arg(ProxyHttp::maxHeadBytes));
        }
        return false;
    }
    QByteArray reason;
    const std::optional<ProxyHttp::RequestLine> request = ProxyHttp::parseRequest(QByteArrayView(m_clientIn).first(end), &reason);
    m_clientIn.remove(0, end);
    if (!request) {
        refuse(400, "Bad Request", QString::fromLatin1(reason));
        return false;
    }
    if (request->method == "CONNECT") {
        startTunnel(*request);
    } else {
        startRequest(*request);
    }
    return true;
}

void ProxyConnection::startTunnel(const ProxyHttp::RequestLine &request)
{
    QByteArray host;
    quint16 port = 0;
    if (m_tunneled || !ProxyHttp::parseAuthority(request.target, &host, &port)) {
        refuse(400, "Bad Request", QStringLiteral("a malformed CONNECT target"));
        return;
    }
    if (isLoopbackName(host) && port == m_proxy->serverPort()) {
        refuse(508, "Loop Detected", QStringLiteral("a CONNECT to the proxy itself"));
        return;
    }
    QString error;
    const std::optional<LeafCertificate> leaf = m_proxy->ca()->leafFor(QString::fromLatin1(host), &error);
    if (!leaf) {
        refuse(400, "Bad Request", error);
        return;
    }
    if (!m_clientIn.isEmpty()) {
        // TLS bytes sent before our 200: a client that does not wait is not one we can serve.
        refuse(400, "Bad Request", QStringLiteral("data after CONNECT before the tunnel was open"));
        return;
    }
    m_tunneled = true;
    m_tunnelHost = host;
    m_tunnelPort = port;
    QSslConfiguration configuration = m_client->sslConfiguration();
    // The chain includes our CA: Chromium's --ignore-certificate-errors-spki-list matches the keys
    // of the chain the server presents.
    configuration.setLocalCertificateChain({leaf->certificate, m_proxy->ca()->certificate()});
    configuration.setPrivateKey(leaf->key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    // HTTP/1.1 only: the proxy reads HTTP/1.1 heads, so the browser must not pick h2.
    configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
    m_client->setSslConfiguration(configuration);
    m_client->write("HTTP/1.1 200 Connection Established\r\n\r\n");
    m_client->flush(); // in plain text, before the handshake takes over the write path
    m_state = State::Handshake;
    armTimer(m_proxy->options().handshakeTimeoutMs);
    m_client->startServerEncryption();
}

void ProxyConnection::startRequest(ProxyHttp::RequestLine request)
{
    QUrl url;
    if (m_tunneled) {
        if (!request.target.startsWith('/')) {
            refuse(400, "Bad Request", QStringLiteral("a request in a tunnel that is not in origin form"));
            return;
        }
        m_upstreamHost = m_tunnelHost;
        m_upstreamPort = m_tunnelPort;
        m_upstreamTls = true;
        url = QUrl::fromEncoded("https://" + hostForUrl(m_tunnelHost) + ':' + QByteArray::number(m_tunnelPort)
            + request.target, QUrl::StrictMode);
    } else {
        url = QUrl::fromEncoded(request.target, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty()
            || !url.userInfo().isEmpty()) {
            refuse(400, "Bad Request", QStringLiteral("a request that is neither absolute-form http:// nor CONNECT"));
            return;
        }
        m_upstreamHost = url.host(QUrl::FullyEncoded).toLatin1();
        m_upstreamPort = quint16(url.port(80));
        m_upstreamTls = false;
        request.target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (request.target.isEmpty() || !request.target.startsWith('/')) {
            request.target.prepend('/');
        }
    }
    if (!url.isValid()) {
        refuse(400, "Bad Request", QStringLiteral("a malformed request target"));
        return;
    }
    if (isLoopbackName(m_upstreamHost) && m_upstreamPort == m_proxy->serverPort()) {
        refuse(508, "Loop Detected", QStringLiteral("a request to the proxy itself"));
        return;
    }
    const std::optional<ProxyHttp::Framing> framing = ProxyHttp::requestFraming(request.headers);
    if (!framing) {
        refuse(400, "Bad Request", QStringLiteral("conflicting Content-Length / Transfer-Encoding"));
        return;
    }
    m_timer.stop();
    m_state = State::Forwarding;
    m_exchange = std::make_unique<InterceptedExchange>();
    SessionExchange &exchange = m_exchange->exchange;
    exchange.id = m_proxy->nextExchangeId();
    exchange.request = RequestHead{request.method, url, request.headers};
    exchange.plannedRequest = exchange.request;
    exchange.startedMs = m_proxy->elapsedMs();
    m_exchange->connection = m_id;
    m_exchange->tunneled = m_tunneled;
    m_eventStream = m_exchange->isEventStream(); // from the request; the answer may say so too
    m_closeAfterResponse = request.version == "HTTP/1.0"
        || request.headers.combinedValue("Connection").toLower().contains("close")
        || request.headers.combinedValue("Proxy-Connection").toLower().contains("close");

    m_rule = m_proxy->rewriteRules().match(exchange.request);
    if (m_rule) {
        RequestHead rewritten = exchange.request;
        const QList<QByteArray> notes = RewriteRules::applyToRequest(*m_rule, &rewritten);
        if (!notes.isEmpty()) {
            request.headers = rewritten.headers;
            m_exchange->rewriteNotes += notes;
        }
    }
    // One upstream connection per exchange: no pooling to get wrong, and a stream has its own.
    ProxyHttp::removeHopByHop(&request.headers);
    if (!request.headers.contains("Host")) {
        request.headers.append("Host", url.authority(QUrl::FullyEncoded).toLatin1());
    }
    request.headers.append("Connection", "close");
    request.version = "HTTP/1.1";
    m_requestBytes = ProxyHttp::serialize(request);
    m_requestFraming = *framing;
    m_requestRemaining = framing->length;
    m_requestChunks = ChunkedDecoder();
    m_requestDone = framing->kind == ProxyHttp::Framing::Kind::None;
    m_responseHeadSeen = false;
    m_upstreamIn.clear();
    m_bodyOffset = 0;
    m_decoder.reset();
    m_responseChunks = ChunkedDecoder();
    connectUpstream();
}

void ProxyConnection::connectUpstream()
{
    QTcpSocket *socket = nullptr;
    if (m_upstreamTls) {
        auto *tls = new QSslSocket(this);
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        if (!m_proxy->options().upstreamCaCertificates.isEmpty()) {
            configuration.addCaCertificates(m_proxy->options().upstreamCaCertificates);
        }
        configuration.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")});
        tls->setSslConfiguration(configuration);
        tls->setPeerVerifyName(QString::fromLatin1(m_upstreamHost));
        connect(tls, &QSslSocket::encrypted, this, &ProxyConnection::pumpRequestBody);
        connect(tls, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            failUpstream(QStringLiteral("ERR_CERT_AUTHORITY_INVALID"),
                errors.isEmpty() ? QString() : errors.constFirst().errorString());
        });
        socket = tls;
    } else {
        socket = new QTcpSocket(this);
        connect(socket, &QTcpSocket::connected, this, &ProxyConnection::pumpRequestBody);
    }
    connect(socket, &QTcpSocket::connected, this, [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
    socket->setReadBufferSize(m_proxy->options().socketBufferBytes);
    m_upstream = socket;
    connect(socket, &QTcpSocket::readyRead, this, &ProxyConnection::readUpstream);
    connect(socket, &QTcpSocket::bytesWritten, this, &ProxyConnection::pumpRequestBody);
    connect(socket, &QTcpSocket::disconnected, this, &ProxyConnection::onUpstreamGone);
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
        if (socket != m_upstream) {
            return;
        }
        if (error == QAbstractSocket::RemoteHostClosedError) {
            onUpstreamGone();
        } else if (!m_responseHeadSeen) {
            failUpstream(netErrorName(error), socket->errorString());
        } else {
            finishExchange(netErrorName(error), socket->errorString());
            closeClient();
        }
    });
    armTimer(m_proxy->options().upstreamTimeoutMs);
    if (m_upstreamTls) {
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(QString::fromLatin1(m_upstreamHost), m_upstreamPort);
    } else {
        socket->connectToHost(QString::fromLatin1(m_upstreamHost), m_upstreamPort);
    }
}

// Moves the request (head, then body) to the server as far as both sides allow.
void ProxyConnection::pumpRequestBody()
{
    if (!m_upstream || m_state != State::Forwarding) {
        return;
    }
    const bool ready = m_upstreamTls ? static_cast<QSslSocket *>(m_upstream.data())->isEncrypted()
                                     : m_upstream->state() == QAbstractSocket::ConnectedState;
    if (!ready) {
        return;
    }
    if (!m_requestBytes.isEmpty()) {
        m_upstream->write(m_requestBytes);
        m_requestBytes.clear();
    }
    while (!m_requestDone && m_upstream->bytesToWrite() < m_proxy->options().socketBufferBytes) {
        if (m_clientIn.isEmpty()) {
            m_clientIn = m_client->read(qMin(m_client->bytesAvailable(), m_proxy->options().socketBufferBytes));
            if (m_clientIn.isEmpty()) {
                return;
            }
        }
        QByteArray piece;
        if (m_requestFraming.kind == ProxyHttp::Framing::Kind::Length) {
            piece = m_clientIn.left(m_requestRemaining);
            m_requestRemaining -= piece.size();
            m_requestDone = m_requestRemaining == 0;
            m_clientIn.remove(0, piece.size());
        } else {
            // Chunked: passed on as it is; the decoder only tells where it ends.
            piece = m_clientIn;
            m_clientIn.clear();
            m_requestChunks.decode(piece);
            m_requestDone = m_requestChunks.finished();
            if (m_requestChunks.failed()) {
                refuse(400, "Bad Request", QStringLiteral("malformed chunked request body"));
                return;
            }
        }
        m_upstream->write(piece);
    }
}

void ProxyConnection::readUpstream()
{
    // Writing to the client flushes at once, and a flush reports bytesWritten, which asks for more
    // of the answer: the loop below is already reading it.
    if (!m_upstream || !m_exchange || m_readingUpstream) {
        return;
    }
    const QScopedValueRollback reading(m_readingUpstream, true);
    while (m_upstream && m_exchange && m_upstream->bytesAvailable() > 0) {
        if (!m_responseHeadSeen) {
            const qint64 room = ProxyHttp::maxHeadBytes + 1 - m_upstreamIn.size();
            m_upstreamIn += m_upstream->read(qBound<qint64>(0, room, m_upstream->bytesAvailable()));
            if (!takeResponseHead()) {
                return;
            }
            continue;
        }
        // Back pressure: leave the rest in the upstream socket until the client has drained.
        if (m_client->bytesToWrite() >= m_proxy->options().socketBufferBytes) {
            return;
        }
        // What arrived, at its own size: read(cap) would allocate the cap for every event (and a
        // kept chunk would hold that allocation), and what is buffered whole is handed over uncopied.
        forwardBody(m_upstream->read(qMin(m_upstream->bytesAvailable(), m_proxy->options().socketBufferBytes)));
    }
}

bool ProxyConnection::takeResponseHead()
{
    const qsizetype end = ProxyHttp::headEnd(m_upstreamIn);
    if (end < 0) {
        if (m_upstreamIn.size() > ProxyHttp::maxHeadBytes) {
            failUpstream(QStringLiteral("ERR_RESPONSE_HEADERS_TOO_BIG"),
                QStringLiteral("a response head over %1 bytes").arg(ProxyHttp::maxHeadBytes));
        }
        return false;
    }
    QByteArray reason;
    std::optional<ProxyHttp::StatusLine> response = ProxyHttp::parseResponse(QByteArrayView(m_upstreamIn).first(end), &reason);
    const QByteArray rest = m_upstreamIn.mid(end);
    m_upstreamIn.clear();
    if (!response) {
        failUpstream(QStringLiteral("ERR_INVALID_HTTP_RESPONSE"), QString::fromLatin1(reason));
        return false;
    }
    if (response->status < 200) {
        // 100 Continue and friends: passed on; the real head follows.
        if (response->status != 101) {
            m_client->write(ProxyHttp::serialize(*response));
            m_upstreamIn = rest;
            return true;
        }
        failUpstream(QStringLiteral("ERR_FAILED"), QStringLiteral("protocol upgrades are not proxied"));
        return false;
    }
    std::optional<ProxyHttp::Framing> framing
        = ProxyHttp::responseFraming(m_exchange->exchange.request.method, response->status, response->headers);
    if (!framing) {
        failUpstream(QStringLiteral("ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"),
            QStringLiteral("conflicting Content-Length / Transfer-Encoding"));
        return false;
    }
    m_timer.stop();
    m_responseHeadSeen = true;
    SessionExchange &exchange = m_exchange->exchange;
    ResponseHead head{response->status, response->reason, response->headers};
    if (m_rule) {
        ResponseHead rewritten = head;
        const QList<QByteArray> notes = RewriteRules::applyToResponse(*m_rule, exchange.request, &rewritten);
        if (!notes.isEmpty()) {
            m_exchange->originalResponse = head;
            m_exchange->rewriteNotes += notes;
            head = rewritten;
            response->status = head.status;
            response->headers = head.headers;
        }
        if (m_rule->stripContentEncoding && head.headers.contains("Content-Encoding")) {
            const QByteArray coding = head.headers.combinedValue("Content-Encoding").trimmed();
            m_decoder = BodyDecoder::create(coding);
            if (m_decoder) {
                if (!m_exchange->originalResponse) {
                    m_exchange->originalResponse = ResponseHead{response->status, response->reason, response->headers};
                }
                m_exchange->rewriteNotes.append("removed Content-Encoding: " + coding + " (body decoded)");
                head.headers.remove("Content-Encoding");
            }
        }
    }
    m_exchange->rewritten = !m_exchange->rewriteNotes.isEmpty();
    exchange.response = head;
    exchange.httpVersion = response->version.mid(5);
    exchange.firstByteMs = m_proxy->elapsedMs();
    m_eventStream = m_eventStream || m_exchange->isEventStream();
    m_responseFraming = *framing;
    m_responseRemaining = framing->length;

    // What the client gets: hop-by-hop fields dropped; a body whose length we change, or that
    // ends with the server's close, ends the client connection too.
    ProxyHttp::StatusLine out{QByteArrayLiteral("HTTP/1.1"), head.status, response->reason, head.headers};
    ProxyHttp::removeHopByHop(&out.headers);
    m_suppressBody = head.status == 204 || head.status == 304;
    if (m_suppressBody) {
        out.headers.remove("Content-Length");
        out.headers.remove("Transfer-Encoding");
    } else if (m_decoder) {
        out.headers.remove("Content-Length");
        out.headers.remove("Transfer-Encoding");
        m_closeAfterResponse = true;
    }
    if (framing->kind == ProxyHttp::Framing::Kind::UntilClose) {
        m_closeAfterResponse = true;
    }
    if (m_closeAfterResponse) {
        out.headers.append("Connection", "close");
    }
    m_client->write(ProxyHttp::serialize(out));
    m_client->flush();
    if (!m_exchange) {
        return false; // the client went while we wrote to it
    }
    m_proxy->reportStarted(*m_exchange);
    if (framing->kind == ProxyHttp::Framing::Kind::None) {
        finishExchange({}, {});
        return false;
    }
    if (!rest.isEmpty()) {
        forwardBody(rest);
    }
    return m_exchange != nullptr;
}

void ProxyConnection::forwardBody(QByteArray wire)
{
    if (!m_exchange || wire.isEmpty()) {
        return;
    }
    bool done = false;
    QByteArray decoded;
    switch (m_responseFraming.kind) {
    case ProxyHttp::Framing::Kind::Length:
        wire.truncate(m_responseRemaining); // bytes past the length are not this answer's
        m_responseRemaining -= wire.size();
        done = m_responseRemaining == 0;
        decoded = wire;
        break;
    case ProxyHttp::Framing::Kind::Chunked:
        decoded = m_responseChunks.decode(wire);
        done = m_responseChunks.finished();
        if (m_responseChunks.failed()) {
            writeBodyToClient(wire, decoded);
            finishExchange(QStringLiteral("ERR_INVALID_CHUNKED_ENCODING"), QStringLiteral("malformed chunked framing"));
            closeClient();
            return;
        }
        break;
    case ProxyHttp::Framing::Kind::UntilClose:
    case ProxyHttp::Framing::Kind::None:
        decoded = wire;
        break;
    }
    writeBodyToClient(wire, decoded);
    if (done) {
        finishExchange({}, {});
    }
}

void ProxyConnection::writeBodyToClient(const QByteArray &wire, const QByteArray &decoded)
{
    if (m_suppressBody) {
        record(decoded);
    } else if (m_decoder) {
        const QByteArray plain = m_decoder->decode(decoded);
        m_client->write(plain);
        record(plain);
    } else {
        m_client->write(wire);
        record(decoded);
    }
    // On the wire now: a buffered write would wait for the next turn of the event loop, behind
    // every other connection that has something to read in this one.
    m_client->flush();
}

void ProxyConnection::record(const QByteArray &decoded)
{
    if (decoded.isEmpty()) {
        return;
    }
    SessionExchange &exchange = m_exchange->exchange;
    RawChunk chunk;
    chunk.exchangeId = exchange.id;
    chunk.receivedMs = m_proxy->elapsedMs();
    chunk.offset = m_bodyOffset;
    chunk.size = decoded.size();
    const qint64 cap = m_eventStream ? m_proxy->options().maxKeptStreamBytes : m_proxy->options().maxKeptOtherBytes;
    const qint64 room = qMax<qint64>(0, cap - m_exchange->bodyBytesKept);
    chunk.bytes = decoded.left(room);
    m_exchange->bodyBytesKept += chunk.bytes.size();
    m_bodyOffset += decoded.size();
    exchange.bodyBytes += decoded.size();
    ++exchange.chunks;
    // A bounded number of records: past it, kept bytes join the last record (it ends where this
    // chunk starts, as every chunk before the cap was recorded) and bytes past the byte cap are
    // only counted.
    if (m_exchange->chunks.size() < m_proxy->options().maxChunkRecords) {
        m_exchange->chunks.append(chunk);
        if (m_eventStream && !chunk.bytes.isEmpty()) {
            m_proxy->reportBody(chunk);
        }
    } else if (!chunk.bytes.isEmpty() && !m_exchange->chunks.isEmpty()) {
        RawChunk &last = m_exchange->chunks.last();
        last.bytes += chunk.bytes;
        last.size += chunk.size;
    }
}

void ProxyConnection::onUpstreamGone()
{
    if (!m_exchange || !m_upstream) {
        return;
    }
    // What is still buffered belongs to the answer.
    if (m_upstream->bytesAvailable() > 0 && m_responseHeadSeen) {
        forwardBody(m_upstream->readAll());
    }
    if (!m_exchange) {
        return;
    }
    if (!m_responseHeadSeen) {
        failUpstream(QStringLiteral("ERR_EMPTY_RESPONSE"), QStringLiteral("the server closed the connection without an answer"));
        return;
    }
    const bool complete = m_responseFraming.kind == ProxyHttp::Framing::Kind::UntilClose;
    finishExchange(complete ? QString() : QStringLiteral("ERR_CONNECTION_CLOSED"),
        complete ? QString() : QStringLiteral("the server closed the connection before the body ended"));
    closeClient();
}

void ProxyConnection::finishExchange(const QString &netError, const QString &detail)
{
    if (!m_exchange) {
        return;
    }
    std::unique_ptr<InterceptedExchange> exchange = std::move(m_exchange);
    exchange->exchange.endedMs = m_proxy->elapsedMs();
    exchange->exchange.netError = netError;
    exchange->exchange.errorDetail = detail;
    if (m_upstream) {
        QTcpSocket *upstream = m_upstream;
        m_upstream = nullptr;
        upstream->disconnect(this);
        upstream->abort();
        upstream->deleteLater();
    }
    m_proxy->reportFinished(*exchange);
    if (m_state == State::Closing) {
        return;
    }
    if (m_closeAfterResponse || !netError.isEmpty() || !m_requestDone) {
        closeClient();
        return;
    }
    // Kept alive: the next request may already be waiting.
    m_state = State::Head;
    armTimer(m_proxy->options().headTimeoutMs);
    QMetaObject::invokeMethod(this, &ProxyConnection::readClient, Qt::QueuedConnection);
}

void ProxyConnection::failUpstream(const QString &netError, const QString &detail)
{
    if (!m_exchange) {
        return;
    }
    qCWarning(lcIntercept).noquote() << "upstream" << urlForLog(m_exchange->exchange.request.url) << netError << detail;
    if (!m_responseHeadSeen) {
        m_client->write(ProxyHttp::errorResponse(502, "Bad Gateway",
            "ssescope intercept: " + netError.toLatin1() + " (" + detail.toUtf8().left(200) + ')'));
    }
    finishExchange(netError, detail);
    closeClient();
}

void ProxyConnection::refuse(int status, const QByteArray &reason, const QString &why)
{
    m_proxy->reportRefused(QStringLiteral("connection %1: %2 %3: %4").arg(m_id).arg(status).arg(QString::fromLatin1(reason), why));
    if (m_client->state() == QAbstractSocket::ConnectedState) {
        m_client->write(ProxyHttp::errorResponse(status, reason, "ssescope intercept: " + why.toUtf8()));
    }
    finishExchange(QStringLiteral("ERR_FAILED"), why);
    closeClient();
}

void ProxyConnection::closeClient()
{
    if (m_state == State::Closing) {
        return;
    }
    m_state = State::Closing;
    m_timer.stop();
    finishExchange(QStringLiteral("ERR_ABORTED"), QStringLiteral("closed by the proxy"));
    // disconnectFromHost() flushes what is written (an error answer, a body's end) first.
    m_client->disconnectFromHost();
    if (m_client->state() == QAbstractSocket::UnconnectedState) {
        onClientGone();
    }
}

void ProxyConnection::onClientGone()
{
    if (m_exchange) {
        m_exchange->exchange.closedByClient = true;
        m_state = State::Closing;
        finishExchange(QStringLiteral("ERR_ABORTED"), QStringLiteral("the client closed the connection"));
    }
    m_state = State::Closing;
    m_timer.stop();
    m_client->disconnect(this);
    m_client->abort();
    m_proxy->connectionClosed(this);
}

void ProxyConnection::shutdown()
{
    if (m_exchange) {
        m_exchange->exchange.closedByClient = true;
    }
    m_state = State::Closing;
    finishExchange({}, QStringLiteral("closed when the proxy stopped"));
    m_client->disconnect(this);
    m_client->abort();
}

} // namespace SseScope
