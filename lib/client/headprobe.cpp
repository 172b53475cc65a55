#include "headprobe.h"

#include <common/logging.h>

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace SseScope {

namespace {

constexpr qint64 readChunkBytes = 64 * 1024; // also the socket's read buffer: bounded

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

} // namespace

ResponseHeadReader::ResponseHeadReader(qint64 maxHeadBytes)
    : m_max(maxHeadBytes)
{
}

qsizetype ResponseHeadReader::feed(QByteArrayView data)
{
    if (m_state != State::NeedMore || data.isEmpty()) {
        return 0;
    }
    const qsizetype take = qsizetype(qMin<qint64>(data.size(), m_max - m_buffer.size()));
    m_buffer.append(data.first(take));
    // The head ends at an LF followed by an empty line: "\n\n" or "\n\r\n" (Chromium's
    // HttpUtil::LocateEndOfHeaders). An LF in the last two bytes may still be undecided.
    const qsizetype size = m_buffer.size();
    for (qsizetype i = m_scanFrom; i < size; ++i) {
        if (m_buffer.at(i) != '\n') {
            continue;
        }
        qsizetype j = i + 1;
        if (j < size && m_buffer.at(j) == '\r') {
            ++j;
        }
        if (j < size && m_buffer.at(j) == '\n') {
            const qsizetype end = j + 1;
            const qsizetype rest = size - end; // body bytes: not ours
            m_buffer.truncate(end);
            parse();
            return take - rest;
        }
    }
    m_scanFrom = qMax<qsizetype>(m_scanFrom, size - 2);
    if (m_buffer.size() >= m_max) {
        m_state = State::TooBig;
    }
    return take;
}

void ResponseHeadReader::parse()
{
    QList<QByteArray> lines = m_buffer.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r')) {
            line.chop(1);
        }
    }
    // The status line: "HTTP/1.1 200 OK"; the reason phrase may be missing.
    const QByteArray statusLine = lines.value(0);
    const qsizetype space = statusLine.indexOf(' ');
    const QByteArray version = statusLine.left(space);
    const QByteArray rest = space < 0 ? QByteArray() : statusLine.mid(space + 1).trimmed();
    const QByteArray code = rest.left(3);
    // Three ASCII digits: toInt() alone took "+12", " 12" and "2\0" (it stops at a NUL).
    const bool digits = code.size() == 3 && std::all_of(code.cbegin(), code.cend(), [](char c) {
        return c >= '0' && c <= '9';
    });
    const int status = digits ? code.toInt() : 0;
    if (!version.startsWith("HTTP/1.") || version.size() != 8 || !digits || (rest.size() > 3 && !isBlank(rest.at(3)))) {
        m_state = State::Malformed;
        return;
    }
    m_version = version.mid(5);
    m_head.status = status;
    m_head.reasonPhrase = rest.mid(3).trimmed();

    QList<HttpHeader> fields;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.isEmpty()) {
            break; // the end of the head
        }
        if (isBlank(line.at(0))) {
            // obs-fold (RFC 9112 §5.2): Chromium joins it to the previous field with a space, then
            // trims the value, so a blank continuation or an empty first part adds no space.
            if (fields.isEmpty()) {
                ++m_dropped;
            } else {
                QByteArray &value = fields.last().value;
                value = QByteArray(value + ' ' + line.trimmed()).trimmed();
                ++m_folded;
            }
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon < 0 ? QByteArray() : line.left(colon).trimmed();
        if (name.isEmpty()) {
            ++m_dropped;
            continue;
        }
        fields.append(HttpHeader {name, line.mid(colon + 1).trimmed()});
    }
    for (const HttpHeader &field : std::as_const(fields)) {
        m_head.headers.append(field.name, field.value);
    }
    m_state = State::Complete;
}

QString headProbeOutcomeName(HeadProbeResult::Outcome outcome)
{
    switch (outcome) {
    case HeadProbeResult::Outcome::Complete:
        return QStringLiteral("complete");
    case HeadProbeResult::Outcome::TooBig:
        return QStringLiteral("too big");
    case HeadProbeResult::Outcome::Malformed:
        return QStringLiteral("not an HTTP/1.x response");
    case HeadProbeResult::Outcome::Closed:
        return QStringLiteral("closed before the head ended");
    case HeadProbeResult::Outcome::Failed:
        return QStringLiteral("failed");
    case HeadProbeResult::Outcome::TimedOut:
        return QStringLiteral("timed out");
    }
    return QString();
}

HeadProbe::HeadProbe(QObject *parent)
    : QObject(parent)
{
}

HeadProbe::~HeadProbe()
{
    closeSocket();
}

QByteArray HeadProbe::serializeRequest(const RequestHead &request)
{
    const QUrl &url = request.url;
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty()) {
        target = QByteArrayLiteral("/");
    }
    if (url.hasQuery()) {
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    }
    QByteArray out = request.method + ' ' + target + " HTTP/1.1\r\n";
    if (!request.headers.contains(QByteArrayLiteral("Host"))) {
        const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
        QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        if (url.port(defaultPort) != defaultPort) {
            host += ':' + QByteArray::number(url.port());
        }
        out += "Host: " + host + "\r\n";
    }
    for (const HttpHeader &header : request.headers.lines()) {
        out += header.name + ": " + header.value + "\r\n";
    }
    return out + "\r\n";
}

void HeadProbe::start(const RequestHead &request)
{
    closeSocket();
    m_reader = ResponseHeadReader(m_maxHeadBytes);
    m_requestBytes = serializeRequest(request);
    m_elapsed.start();

    const QUrl &url = request.url;
    const bool https = url.scheme() == QLatin1String("https");
    const quint16 port = quint16(url.port(https ? 443 : 80));
    if (https) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration config = ssl->sslConfiguration();
        config.setAllowedNextProtocols({QByteArrayLiteral("http/1.1")}); // the head we read is HTTP/1.x
        if (m_acceptInvalidCertificates) {
            config.setPeerVerifyMode(QSslSocket::VerifyNone); // the client's own option, already reported
        }
        ssl->setSslConfiguration(config);
        connect(ssl, &QSslSocket::encrypted, this, [this] { m_socket->write(m_requestBytes); });
        m_socket = ssl;
    } else {
        auto *tcp = new QTcpSocket(this);
        connect(tcp, &QTcpSocket::connected, this, [this] { m_socket->write(m_requestBytes); });
        m_socket = tcp;
    }
    QAbstractSocket *socket = m_socket;
    socket->setReadBufferSize(readChunkBytes);
    connect(socket, &QAbstractSocket::readyRead, this, &HeadProbe::onReadyRead);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError error) {
        onSocketGone(socket->errorString(), error == QAbstractSocket::RemoteHostClosedError);
    });
    connect(socket, &QAbstractSocket::disconnected, this, [this] { onSocketGone(QString(), true); });

    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] { finish(HeadProbeResult::Outcome::TimedOut); });
    }
    m_timer->start(m_timeoutMs);

    qCDebug(lcClient) << "head probe:" << request.method << urlForLog(url);
    if (https) {
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(url.host(), port);
    } else {
        socket->connectToHost(url.host(), port);
    }
}

void HeadProbe::abort()
{
    if (m_timer) {
        m_timer->stop();
    }
    closeSocket();
}

void HeadProbe::onReadyRead()
{
    while (m_socket && m_socket->bytesAvailable() > 0 && m_reader.state() == ResponseHeadReader::State::NeedMore) {
        const QByteArray bytes = m_socket->read(readChunkBytes);
        if (bytes.isEmpty()) {
            break;
        }
        m_reader.feed(bytes);
    }
    switch (m_reader.state()) {
    case ResponseHeadReader::State::NeedMore:
        return;
    case ResponseHeadReader::State::Complete:
        finish(HeadProbeResult::Outcome::Complete);
        return;
    case ResponseHeadReader::State::TooBig:
        finish(HeadProbeResult::Outcome::TooBig);
        return;
    case ResponseHeadReader::State::Malformed:
        finish(HeadProbeResult::Outcome::Malformed);
        return;
    }
}

void HeadProbe::onSocketGone(const QString &error, bool closedByPeer)
{
    if (!m_socket) {
        return;
    }
    onReadyRead(); // what arrived before the close counts
    if (!m_socket) {
        return;
    }
    finish(closedByPeer ? HeadProbeResult::Outcome::Closed : HeadProbeResult::Outcome::Failed, error);
}

void HeadProbe::finish(HeadProbeResult::Outcome outcome, const QString &error)
{
    if (!m_socket) {
        return;
    }
    m_timer->stop();
    closeSocket();
    HeadProbeResult result;
    result.outcome = outcome;
    result.headBytes = m_reader.headBytes();
    result.elapsedMs = m_elapsed.elapsed();
    result.errorString = error;
    if (outcome == HeadProbeResult::Outcome::Complete) {
        result.head = m_reader.head();
        result.httpVersion = m_reader.httpVersion();
    }
    qCDebug(lcClient) << "head probe:" << headProbeOutcomeName(outcome) << result.headBytes << "bytes of head in"
                      << result.elapsedMs << "ms";
    Q_EMIT finished(result);
}

void HeadProbe::closeSocket()
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
