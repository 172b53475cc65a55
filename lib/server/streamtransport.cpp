#include "streamconnection_p.h"

#include <common/logging.h>

#include <QSocketNotifier>

#include <utility>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#endif

// A stream's bytes on their way out: the body pipeline, and the socket it ends in (QTcpSocket
// until the stream goes lean, then its own descriptor: see StreamConnection).

namespace SseScope {

void StreamConnection::body(const QByteArray &bytes, bool isEvent, const QByteArray *framed)
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

void StreamConnection::flushHeld()
{
    if (m_held.isEmpty()) {
        return;
    }
    const QByteArray held = std::exchange(m_held, QByteArray());
    m_heldEvents = 0;
    encode(held, false);
}

void StreamConnection::encode(const QByteArray &bytes, bool finish)
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

QByteArray StreamConnection::deflateBytes(const QByteArray &input, int flush)
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

void StreamConnection::wire(const QByteArray &bytes)
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

void StreamConnection::drip()
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

void StreamConnection::toSocket(const QByteArray &bytes)
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

void StreamConnection::takeOverSocket()
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

void StreamConnection::readPeer()
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

qint64 StreamConnection::pendingBytes() const
{
    if (m_fd >= 0) {
        return m_backlog.size() - m_backlogSent;
    }
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void StreamConnection::sendBytes(const QByteArray &bytes)
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

void StreamConnection::sendBacklog()
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

void StreamConnection::dropSlowClient()
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

void StreamConnection::closeSocket()
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

void StreamConnection::closeDescriptor()
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

} // namespace SseScope
