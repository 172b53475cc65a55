#include "wirereply.h"

#include "wireaccessmanager.h"

#include <common/logging.h>

#include <QBuffer>
#include <QHash>
#include <QNetworkProxyFactory>
#include <QNetworkProxyQuery>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>

namespace SseScope {

namespace {

constexpr qint64 readChunkBytes = 64 * 1024; // one socket read; also the socket's own buffer

bool isHttps(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

QNetworkProxy proxyFor(const QNetworkAccessManager *manager, const QUrl &url)
{
    QNetworkProxy proxy = manager ? manager->proxy() : QNetworkProxy(QNetworkProxy::DefaultProxy);
    if (proxy.type() == QNetworkProxy::DefaultProxy) {
        // As QNAM does: the application's proxy factory (which skips loopback hosts).
        const QList<QNetworkProxy> proxies = QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
        proxy = proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : proxies.constFirst();
    }
    if (proxy.type() == QNetworkProxy::DefaultProxy) {
        proxy.setType(QNetworkProxy::NoProxy);
    }
    return proxy;
}

bool isHttpProxy(const QNetworkProxy &proxy)
{
    return proxy.type() == QNetworkProxy::HttpProxy || proxy.type() == QNetworkProxy::HttpCachingProxy;
}

// The request's Content-Length as the browser writes it for a body it knows the size of: the
// planned line's value replaced where it stands, or a new line after Connection (Chromium's
// order: Host, Connection, Content-Length, ...), else after Host, else first.
HttpHeaders withContentLength(const HttpHeaders &headers, qint64 length)
{
    const QByteArray value = QByteArray::number(length);
    const QByteArray name = QByteArrayLiteral("Content-Length");
    HttpHeaders out;
    if (headers.contains(name)) {
        bool written = false;
        for (const HttpHeader &header : headers.lines()) {
            if (!headerNameEquals(header.name, name)) {
                out.append(header.name, header.value);
            } else if (!written) {
                out.append(header.name, value);
                written = true;
            }
        }
        return out;
    }
    qsizetype after = -1;
    const QList<HttpHeader> &lines = headers.lines();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (headerNameEquals(lines.at(i).name, QByteArrayLiteral("Connection"))) {
            after = i;
            break;
        }
        if (headerNameEquals(lines.at(i).name, QByteArrayLiteral("Host"))) {
            after = i;
        }
    }
    if (after < 0) {
        out.append(name, value);
    }
    for (qsizetype i = 0; i < lines.size(); ++i) {
        out.append(lines.at(i).name, lines.at(i).value);
        if (i == after) {
            out.append(name, value);
        }
    }
    return out;
}

} // namespace

WireReply::WireReply(WireAccessManager *manager, QNetworkAccessManager::Operation operation,
    const QNetworkRequest &request, const QByteArray &method, const QByteArray &body, QObject *parent)
    : QNetworkReply(parent)
    , m_manager(manager)
    , m_method(method)
    , m_requestBody(body)
{
    setRequest(request);
    setUrl(request.url());
    setOperation(operation);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);

    RequestHead head;
    const QVariant planned = request.attribute(PlannedRequestAttribute);
    if (planned.canConvert<RequestHead>()) {
        head = planned.value<RequestHead>();
    } else {
        const QList<QByteArray> names = request.rawHeaderList();
        for (const QByteArray &name : names) {
            head.headers.append(name, request.rawHeader(name));
        }
    }
    head.method = method;
    head.url = request.url();
    if (!body.isEmpty() || method == "POST" || method == "PUT") {
        head.headers = withContentLength(head.headers, body.size());
    }
    m_requestHead = head;
    m_proxy = proxyFor(manager, head.url);
    m_viaHttpProxy = !isHttps(head.url) && isHttpProxy(m_proxy);
    m_requestBytes = serializeRequestHead(head, m_viaHttpProxy) + body;
    // Started from the event loop, as Qt's replies are: the caller connects its slots first.
    QMetaObject::invokeMethod(this, &WireReply::startConnection, Qt::QueuedConnection);
}

WireReply::~WireReply()
{
    closeSocket();
}

void WireReply::startConnection()
{
    if (m_stage != Stage::Connecting || m_socket) {
        return;
    }
    const QUrl target = url();
    const bool https = isHttps(target);
    const quint16 port = quint16(target.port(https ? 443 : 80));
    QAbstractSocket *socket = nullptr;
    if (https) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration config = request().sslConfiguration();
        // ALPN as a browser offers it; h2 is handed to Qt's reply (onEncrypted).
        const bool h2 = request().attribute(QNetworkRequest::Http2AllowedAttribute).toBool();
        config.setAllowedNextProtocols(h2 ? QList<QByteArray> {QByteArrayLiteral("h2"), QByteArrayLiteral("http/1.1")}
                                          : QList<QByteArray> {QByteArrayLiteral("http/1.1")});
        ssl->setSslConfiguration(config);
        connect(ssl, &QSslSocket::encrypted, this, &WireReply::onEncrypted);
        connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
            QPointer<WireReply> self(this);
            Q_EMIT sslErrors(errors);
            if (self && m_ignoreSslErrors && m_socket == ssl) {
                ssl->ignoreSslErrors();
            }
        });
        socket = ssl;
    } else {
        auto *tcp = new QTcpSocket(this);
        connect(tcp, &QTcpSocket::connected, this, &WireReply::onConnected);
        socket = tcp;
    }
    m_socket = socket;
    socket->setReadBufferSize(readChunkBytes);
    connect(socket, &QAbstractSocket::readyRead, this, &WireReply::onSocketReadyRead);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) { onSocketGone(); });
    connect(socket, &QAbstractSocket::disconnected, this, &WireReply::onSocketGone);

    QString host = target.host();
    quint16 hostPort = port;
    if (m_viaHttpProxy) {
        socket->setProxy(QNetworkProxy::NoProxy); // the request itself goes to the proxy
        host = m_proxy.hostName();
        hostPort = m_proxy.port();
    } else if (m_proxy.type() == QNetworkProxy::HttpCachingProxy) {
        QNetworkProxy tunnel = m_proxy;
        tunnel.setType(QNetworkProxy::HttpProxy); // CONNECT
        socket->setProxy(tunnel);
    } else {
        socket->setProxy(m_proxy);
    }
    qCDebug(lcClient) << "wire:" << m_method << urlForLog(target);
    if (https) {
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(host, hostPort);
    } else {
        socket->connectToHost(host, hostPort);
    }
}

void WireReply::onConnected()
{
    if (!m_socket || m_stage != Stage::Connecting) {
        return;
    }
    m_stage = Stage::Head;
    m_socket->write(m_requestBytes);
    Q_EMIT requestSent();
}

void WireReply::onEncrypted()
{
    auto *ssl = qobject_cast<QSslSocket *>(m_socket);
    if (!ssl || m_stage != Stage::Connecting) {
        return;
    }
    if (ssl->sslConfiguration().nextNegotiatedProtocol() == QByteArrayLiteral("h2")) {
        handToQt();
        return;
    }
    onConnected();
}

void WireReply::handToQt()
{
    // HTTP/2 chosen by ALPN: Qt's own HTTP/2 layer reads every field of every head as sent. No
    // request was written on our connection; Qt opens its own.
    closeSocket();
    if (!m_manager) {
        fail(UnknownNetworkError, QStringLiteral("ERR_FAILED"), QStringLiteral("the access manager is gone"));
        return;
    }
    QBuffer *body = nullptr;
    if (!m_requestBody.isEmpty()) {
        body = new QBuffer(this); // read by Qt's reply until it finishes
        body->setData(m_requestBody);
        body->open(QIODevice::ReadOnly);
    }
    QNetworkReply *inner = m_manager->createQtReply(operation(), request(), body);
    inner->setParent(this);
    inner->setReadBufferSize(readBufferSize());
    if (m_ignoreSslErrors) {
        inner->ignoreSslErrors();
    }
    m_inner = inner;
    connect(inner, &QNetworkReply::requestSent, this, &QNetworkReply::requestSent);
    connect(inner, &QNetworkReply::sslErrors, this, &QNetworkReply::sslErrors);
    connect(inner, &QNetworkReply::metaDataChanged, this, [this, inner] {
        const QVariant status = inner->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (m_headDone || !status.isValid()) {
            return;
        }
        m_head = ResponseHead();
        m_head.status = status.toInt();
        m_head.reasonPhrase = inner->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        const QList<RawHeaderPair> pairs = inner->rawHeaderPairs();
        for (const RawHeaderPair &pair : pairs) {
            const bool cookie = headerNameEquals(pair.first, "Set-Cookie");
            const QList<QByteArray> values = cookie ? pair.second.split('\n') : QList<QByteArray> {pair.second};
            for (const QByteArray &value : values) {
                m_head.headers.append(pair.first, value);
            }
        }
        m_version = inner->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? QByteArrayLiteral("2")
                                                                                      : QByteArrayLiteral("1.1");
        m_headDone = true;
        m_stage = Stage::Body;
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_head.status);
        setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, m_head.reasonPhrase);
        setAttribute(QNetworkRequest::Http2WasUsedAttribute, m_version == "2");
        setQtHeaders();
        Q_EMIT metaDataChanged();
    });
    connect(inner, &QNetworkReply::readyRead, this, [this, inner] {
        const QByteArray bytes = inner->readAll();
        if (!bytes.isEmpty() && m_stage == Stage::Body) {
            m_buffer.append(bytes);
            Q_EMIT readyRead();
        }
    });
    connect(inner, &QNetworkReply::finished, this, [this, inner] {
        if (m_stage == Stage::Done) {
            return;
        }
        const QByteArray rest = inner->readAll();
        if (!rest.isEmpty() && m_stage == Stage::Body) {
            m_buffer.append(rest);
        }
        const NetworkError error = inner->error();
        // Qt reports HTTP error statuses as errors too: the answer arrived, the caller judges it.
        if (error != NoError && int(error) < 200) {
            m_stage = Stage::Done;
            setError(error, inner->errorString());
            setFinished(true);
            QPointer<WireReply> self(this);
            Q_EMIT errorOccurred(error);
            if (self) {
                Q_EMIT finished();
            }
            return;
        }
        finishOk();
    });
}

void WireReply::onSocketReadyRead()
{
    processSocket();
}

void WireReply::setQtHeaders()
{
    // Qt's QNetworkReply::rawHeader() form: repeats joined with ", " (Set-Cookie with "\n"), in
    // the order of first appearance. Linear: a head may have thousands of fields.
    QList<QByteArray> names;
    QHash<QByteArray, QList<QByteArray>> values;
    for (const HttpHeader &header : m_head.headers.lines()) {
        const QByteArray key = header.name.toLower();
        auto it = values.find(key);
        if (it == values.end()) {
            names.append(header.name);
            it = values.insert(key, {});
        }
        it->append(header.value);
    }
    for (const QByteArray &name : std::as_const(names)) {
        const QList<QByteArray> &all = values[name.toLower()];
        setRawHeader(name, all.join(headerNameEquals(name, "Set-Cookie") ? QByteArray("\n") : QByteArray(", ")));
    }
}

qint64 WireReply::bufferLimit() const
{
    return readBufferSize();
}

void WireReply::processSocket()
{
    m_processQueued = false;
    QPointer<WireReply> self(this);
    while (m_socket && m_stage != Stage::Done && m_stage != Stage::Connecting) {
        const qint64 buffered = m_buffer.size() - m_bufferPos;
        if (m_stage == Stage::Body && bufferLimit() > 0 && buffered >= bufferLimit()) {
            return; // the reader has not taken what we hold; readData() resumes
        }
        QByteArray bytes = m_socket->read(readChunkBytes);
        if (bytes.isEmpty()) {
            break;
        }
        m_bytesReceived += bytes.size();
        if (m_stage == Stage::Head) {
            if (!processHead(bytes)) {
                if (!self) {
                    return;
                }
                continue; // more head needed, or it failed (the loop ends)
            }
            if (!self) {
                return;
            }
        }
        if (m_stage == Stage::Body && !bytes.isEmpty()) {
            deliverBody(bytes);
            if (!self) {
                return;
            }
        }
    }
    if (!self || m_stage == Stage::Done || !m_socket) {
        return;
    }
    if (m_stage == Stage::Body) {
        const bool complete = m_framing == Framing::None || (m_framing == Framing::Length && m_remaining == 0)
            || (m_framing == Framing::Chunked && m_chunked.finished());
        if (complete) {
            finishOk();
            return;
        }
    }
    if (m_socket->state() == QAbstractSocket::UnconnectedState && m_socket->bytesAvailable() == 0) {
        onSocketGone();
    }
}

bool WireReply::processHead(QByteArray &bytes)
{
    for (;;) {
        const qsizetype took = m_reader.feed(bytes);
        bytes.remove(0, took);
        switch (m_reader.state()) {
        case ResponseHeadReader::State::NeedMore:
            return false;
        case ResponseHeadReader::State::TooBig:
            fail(ProtocolFailure, QStringLiteral("ERR_RESPONSE_HEADERS_TOO_BIG"),
                QStringLiteral("%1 bytes of response head without its end (Chromium's cap)").arg(m_reader.headBytes()));
            return false;
        case ResponseHeadReader::State::Malformed:
            fail(ProtocolFailure, QStringLiteral("ERR_INVALID_HTTP_RESPONSE"),
                QStringLiteral("the response does not start with an HTTP/1.x status line"));
            return false;
        case ResponseHeadReader::State::Complete:
            break;
        }
        const ResponseHead head = m_reader.head();
        if (head.status >= 100 && head.status < 200 && head.status != 101) {
            // An interim answer (103 Early Hints, 100 Continue): the browser waits for the final one.
            m_interim.append(head);
            m_reader = ResponseHeadReader(chromiumMaxResponseHeadBytes);
            continue;
        }
        m_head = head;
        m_version = m_reader.httpVersion();
        m_headBytes = m_reader.headBytes();
        m_headDone = true;
        beginBody();
        return m_stage == Stage::Body;
    }
}

void WireReply::beginBody()
{
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, m_head.status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute, m_head.reasonPhrase);
    setAttribute(QNetworkRequest::Http2WasUsedAttribute, false);
    setAttribute(QNetworkRequest::ConnectionEncryptedAttribute, isHttps(url()));
    setQtHeaders();

    // The body's framing (RFC 9112 §6.3, as Chromium's HttpStreamParser applies it).
    const QByteArray codings = m_head.headers.combinedValue("Transfer-Encoding").trimmed().toLower();
    const QList<QByteArray> lengths = m_head.headers.values("Content-Length");
    if (m_method == "HEAD" || m_head.status == 204 || m_head.status == 304) {
        m_framing = Framing::None;
    } else if (!codings.isEmpty() && codings.endsWith("chunked")) {
        m_framing = Framing::Chunked;
    } else if (!lengths.isEmpty()) {
        bool ok = false;
        const qint64 length = lengths.constFirst().trimmed().toLongLong(&ok);
        for (const QByteArray &other : lengths) {
            if (other.trimmed() != lengths.constFirst().trimmed()) {
                fail(ProtocolFailure, QStringLiteral("ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH"),
                    QStringLiteral("Content-Length lines disagree"));
                return;
            }
        }
        if (ok && length >= 0) {
            m_framing = Framing::Length;
            m_remaining = length;
        } else {
            m_framing = Framing::Close;
        }
    } else {
        m_framing = Framing::Close;
    }
    m_stage = Stage::Body;
    Q_EMIT metaDataChanged();
}

void WireReply::deliverBody(QByteArrayView bytes)
{
    QByteArray out;
    switch (m_framing) {
    case Framing::None:
        return; // bytes after a body-less answer are not a body
    case Framing::Length: {
        const qsizetype n = qsizetype(qMin<qint64>(bytes.size(), m_remaining));
        out = bytes.first(n).toByteArray();
        m_remaining -= n;
        break;
    }
    case Framing::Chunked:
        out = m_chunked.decode(bytes);
        if (m_chunked.failed()) {
            if (!out.isEmpty()) {
                m_buffer.append(out);
            }
            fail(ProtocolFailure, QStringLiteral("ERR_INVALID_CHUNKED_ENCODING"),
                QStringLiteral("the chunked framing of the body is broken"));
            return;
        }
        break;
    case Framing::Close:
        out = bytes.toByteArray();
        break;
    }
    if (out.isEmpty()) {
        return;
    }
    if (m_bufferPos > 0 && m_bufferPos == m_buffer.size()) {
        m_buffer.clear();
        m_bufferPos = 0;
    }
    m_buffer.append(out);
    Q_EMIT readyRead();
}

void WireReply::onSocketGone()
{
    if (!m_socket || m_stage == Stage::Done) {
        return;
    }
    QAbstractSocket *socket = m_socket;
    if (socket->bytesAvailable() > 0 && m_stage != Stage::Connecting) {
        // What arrived before the close counts; processSocket() comes back here when it is read.
        if (!m_processQueued) {
            m_processQueued = true;
            QMetaObject::invokeMethod(this, &WireReply::processSocket, Qt::QueuedConnection);
        }
        return;
    }
    const QAbstractSocket::SocketError socketError = socket->error();
    const QString text = socket->errorString();
    switch (m_stage) {
    case Stage::Connecting:
    case Stage::Head: {
        if (m_stage == Stage::Head && socketError == QAbstractSocket::RemoteHostClosedError) {
            if (m_reader.headBytes() == 0) {
                // Closed before any byte of an answer: Chromium does not retry on a new connection.
                fail(RemoteHostClosedError, QStringLiteral("ERR_EMPTY_RESPONSE"), text);
                return;
            }
            if (isHttps(url())) {
                fail(RemoteHostClosedError, QStringLiteral("ERR_RESPONSE_HEADERS_TRUNCATED"), text);
                return;
            }
            // Over http:// Chromium takes a head cut short as the whole head, with no body.
            m_reader.endOfInput();
            QPointer<WireReply> self(this);
            QByteArray none;
            const bool head = processHead(none);
            if (!self) {
                return;
            }
            if (head) {
                finishOk();
            } else {
                fail(RemoteHostClosedError, QStringLiteral("ERR_EMPTY_RESPONSE"), text);
            }
            return;
        }
        switch (socketError) {
        case QAbstractSocket::ConnectionRefusedError:
            fail(ConnectionRefusedError, QStringLiteral("ERR_CONNECTION_REFUSED"), text);
            return;
        case QAbstractSocket::HostNotFoundError:
            fail(HostNotFoundError, QStringLiteral("ERR_NAME_NOT_RESOLVED"), text);
            return;
        case QAbstractSocket::SocketTimeoutError:
            fail(TimeoutError, QStringLiteral("ERR_TIMED_OUT"), text);
            return;
        case QAbstractSocket::SslHandshakeFailedError:
            fail(SslHandshakeFailedError, QStringLiteral("ERR_CERT_AUTHORITY_INVALID"), text);
            return;
        case QAbstractSocket::ProxyConnectionRefusedError:
        case QAbstractSocket::ProxyConnectionClosedError:
        case QAbstractSocket::ProxyNotFoundError:
        case QAbstractSocket::ProxyProtocolError:
        case QAbstractSocket::ProxyConnectionTimeoutError:
            fail(ProxyConnectionRefusedError, QStringLiteral("ERR_PROXY_CONNECTION_FAILED"), text);
            return;
        case QAbstractSocket::RemoteHostClosedError:
            fail(RemoteHostClosedError, QStringLiteral("ERR_CONNECTION_CLOSED"), text);
            return;
        default:
            fail(UnknownNetworkError, QStringLiteral("ERR_FAILED"), text);
            return;
        }
    }
    case Stage::Body:
        switch (m_framing) {
        case Framing::Close:
        case Framing::None:
            finishOk(); // the end of the connection ends the body
            return;
        case Framing::Length:
            if (m_remaining == 0) {
                finishOk();
            } else {
                fail(RemoteHostClosedError, QStringLiteral("ERR_CONTENT_LENGTH_MISMATCH"), text);
            }
            return;
        case Framing::Chunked:
            if (m_chunked.finished()) {
                finishOk();
            } else {
                fail(RemoteHostClosedError, QStringLiteral("ERR_INCOMPLETE_CHUNKED_ENCODING"), text);
            }
            return;
        }
        return;
    case Stage::Done:
        return;
    }
}

void WireReply::fail(NetworkError error, const QString &netError, const QString &text)
{
    if (m_stage == Stage::Done) {
        return;
    }
    m_stage = Stage::Done;
    m_netError = netError;
    closeSocket();
    setError(error, text.isEmpty() ? netError : text);
    setFinished(true);
    qCDebug(lcClient) << "wire:" << netError << text;
    QPointer<WireReply> self(this);
    Q_EMIT errorOccurred(error);
    if (self) {
        Q_EMIT finished();
    }
}

void WireReply::finishOk()
{
    if (m_stage == Stage::Done) {
        return;
    }
    m_stage = Stage::Done;
    closeSocket(); // one request per connection: nothing else will use it
    setFinished(true);
    QPointer<WireReply> self(this);
    Q_EMIT readChannelFinished();
    if (self) {
        Q_EMIT finished();
    }
}

void WireReply::abort()
{
    if (m_inner) {
        disconnect(m_inner, nullptr, this, nullptr);
        m_inner->abort();
    }
    if (m_stage == Stage::Done) {
        closeSocket();
        return;
    }
    m_stage = Stage::Done;
    closeSocket();
    setError(OperationCanceledError, tr("Operation canceled"));
    setFinished(true);
    QPointer<WireReply> self(this);
    Q_EMIT errorOccurred(OperationCanceledError);
    if (self) {
        Q_EMIT finished();
    }
}

void WireReply::close()
{
    abort();
    QNetworkReply::close();
}

void WireReply::ignoreSslErrors()
{
    m_ignoreSslErrors = true;
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data())) {
        ssl->ignoreSslErrors();
    }
    if (m_inner) {
        m_inner->ignoreSslErrors();
    }
}

void WireReply::setReadBufferSize(qint64 size)
{
    QNetworkReply::setReadBufferSize(size);
    if (m_inner) {
        m_inner->setReadBufferSize(size);
    }
}

qint64 WireReply::bytesAvailable() const
{
    return (m_buffer.size() - m_bufferPos) + QNetworkReply::bytesAvailable();
}

qint64 WireReply::readData(char *data, qint64 maxSize)
{
    const qint64 available = m_buffer.size() - m_bufferPos;
    if (available == 0) {
        return m_stage == Stage::Done ? -1 : 0;
    }
    const qint64 n = qMin(available, maxSize);
    memcpy(data, m_buffer.constData() + m_bufferPos, size_t(n));
    m_bufferPos += qsizetype(n);
    if (m_bufferPos == m_buffer.size()) {
        m_buffer.clear();
        m_bufferPos = 0;
    } else if (m_bufferPos > readChunkBytes && m_bufferPos * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_bufferPos);
        m_bufferPos = 0;
    }
    if (m_socket && m_stage == Stage::Body && m_socket->bytesAvailable() > 0 && !m_processQueued) {
        // processSocket() stopped at the buffer's limit: go on from the event loop.
        m_processQueued = true;
        QMetaObject::invokeMethod(this, &WireReply::processSocket, Qt::QueuedConnection);
    }
    return n;
}

void WireReply::closeSocket()
{
    QAbstractSocket *socket = m_socket;
    m_socket = nullptr;
    if (socket) {
        disconnect(socket, nullptr, this, nullptr);
        socket->abort();
        socket->deleteLater();
    }
}

} // namespace SseScope
