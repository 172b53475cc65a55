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

} // namespace

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
    return serializeRequestHead(request);
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
