#pragma once

#include <QSet>
#include <QtGlobal>

namespace SseScope {

// Qt 6.4's HTTP thread reads a response head one byte per read() call and returns to its event
// loop only when the socket has nothing more: a server that pours header lines without end keeps
// that thread in the loop forever, so aborting the reply (a queued call to that thread) never runs,
// later requests of the same QNetworkAccessManager wait, and deleting it waits 5 s and leaks the
// thread. QNAM does not expose its socket, so the client finds it itself: the one TCP socket of
// this process to the server's port that appeared since the request was sent. shutdown() (not
// close(): the descriptor stays Qt's) makes Qt's next read() see the end of the stream, and the
// thread comes back. Linux only (/proc/self/fd); elsewhere the functions do nothing.

// Inodes of this process's TCP sockets connected to `peerPort` on the other side.
QSet<quint64> tcpSocketsToPort(quint16 peerPort);

// Shuts down the one socket to `peerPort` that is not in `before`. Returns false, touching nothing,
// when there is not exactly one such socket.
bool shutDownNewSocket(quint16 peerPort, const QSet<quint64> &before);

} // namespace SseScope
