#include "stuckconnection.h"

#include <common/logging.h>

#include <QHash>

#ifdef Q_OS_LINUX
#include <QDir>
#include <QFileInfo>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#endif

namespace SseScope {

namespace {

// inode → descriptor
QHash<quint64, int> socketsToPort(quint16 peerPort)
{
    QHash<quint64, int> found;
#ifdef Q_OS_LINUX
    const QStringList entries = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System);
    for (const QString &entry : entries) {
        bool ok = false;
        const int fd = entry.toInt(&ok);
        if (!ok) {
            continue;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) {
            continue;
        }
        int type = 0;
        socklen_t typeLength = sizeof type;
        if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typeLength) != 0 || type != SOCK_STREAM) {
            continue;
        }
        sockaddr_storage peer {};
        socklen_t peerLength = sizeof peer;
        if (::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &peerLength) != 0) {
            continue;
        }
        quint16 port = 0;
        if (peer.ss_family == AF_INET) {
            port = ntohs(reinterpret_cast<const sockaddr_in *>(&peer)->sin_port);
        } else if (peer.ss_family == AF_INET6) {
            port = ntohs(reinterpret_cast<const sockaddr_in6 *>(&peer)->sin6_port);
        }
        if (port == peerPort) {
            found.insert(quint64(st.st_ino), fd);
        }
    }
#else
    Q_UNUSED(peerPort)
#endif
    return found;
}

} // namespace

QSet<quint64> tcpSocketsToPort(quint16 peerPort)
{
    const QHash<quint64, int> sockets = socketsToPort(peerPort);
    return QSet<quint64>(sockets.keyBegin(), sockets.keyEnd());
}

bool shutDownNewSocket(quint16 peerPort, const QSet<quint64> &before)
{
#ifdef Q_OS_LINUX
    const QHash<quint64, int> now = socketsToPort(peerPort);
    quint64 inode = 0;
    int fd = -1;
    for (auto it = now.cbegin(); it != now.cend(); ++it) {
        if (before.contains(it.key())) {
            continue;
        }
        if (fd >= 0) {
            qCDebug(lcClient) << "more than one new connection to port" << peerPort << ": none shut down";
            return false;
        }
        inode = it.key();
        fd = it.value();
    }
    struct stat st {};
    // Still the same socket (the descriptor was not closed and reused meanwhile).
    if (fd < 0 || ::fstat(fd, &st) != 0 || quint64(st.st_ino) != inode) {
        return false;
    }
    qCDebug(lcClient) << "shutting down the connection Qt's HTTP thread is stuck on, port" << peerPort;
    return ::shutdown(fd, SHUT_RDWR) == 0;
#else
    Q_UNUSED(peerPort)
    Q_UNUSED(before)
    return false;
#endif
}

} // namespace SseScope
