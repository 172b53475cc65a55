#include "hostileserver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

#include <sys/socket.h>

namespace SseScope::Hostile {

namespace {

constexpr qint64 highWater = 1024 * 1024; // keep at most this much queued in our socket

QByteArray streamHead()
{
    return QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                             "Connection: close\r\n");
}

} // namespace

HostileServer::HostileServer(Mode mode, qint64 limitBytes)
    : m_mode(mode)
    , m_limit(limitBytes)
{
    m_thread.setObjectName(QStringLiteral("hostile-server"));
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_context, [this] { listen(); }, Qt::BlockingQueuedConnection);
}

HostileServer::~HostileServer()
{
    QMetaObject::invokeMethod(m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void HostileServer::listen()
{
    m_server = new QTcpServer(m_context);
    if (m_server->listen(QHostAddress(QHostAddress::LocalHost), 0)) {
        m_port = m_server->serverPort();
    }
    connect(m_server, &QTcpServer::newConnection, m_context, [this] { onConnection(); });
    if (m_mode == Mode::EndlessHeaders) {
        // Header lines of 1 KiB each, numbered so that no two are the same field.
        m_filler.reserve(64 * 1024);
        for (int i = 0; m_filler.size() < 63 * 1024; ++i) {
            m_filler += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(1000, 'p') + "\r\n";
        }
    } else {
        m_filler = QByteArray(64 * 1024, 'a');
    }
}

void HostileServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(m_context);
        const int number = ++m_connections;
        // Owned by the connection below: freed with the socket, even when the socket goes with
        // m_context at shutdown (after m_context's own connections are gone).
        const auto request = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, request, number] {
            if (request->endsWith("\r\n\r\n")) {
                socket->readAll(); // already answered
                return;
            }
            request->append(socket->readAll());
            if (!request->contains("\r\n\r\n")) {
                return;
            }
            request->clear();
            request->append("\r\n\r\n");
            const int misbehaving = 1;
            if (number > misbehaving && m_mode != Mode::ResetMidEvent) {
                socket->write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
                return;
            }
            if (number > misbehaving) {
                socket->write(streamHead() + "\r\ndata: resumed\n\n");
                return;
            }
            respond(socket);
        });
    }
}

void HostileServer::respond(QTcpSocket *socket)
{
    QByteArray head = streamHead();
    switch (m_mode) {
    case Mode::EndlessLine:
    case Mode::LongLine:
        socket->write(head + "\r\ndata: ");
        connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket] { pump(socket); });
        pump(socket);
        return;
    case Mode::InvalidUtf8: {
        QByteArray body = "retry: 100000\n\n";
        for (int i = 0; i < 100; ++i) {
            body += "data: caf\xe9 \xff\xfe \xc3 \xed\xa0\x80 " + QByteArray::number(i) + "\n\n";
        }
        socket->write(head + "\r\n" + body);
        return;
    }
    case Mode::ManyHeaders:
        for (int i = 0; i < fieldCount(); ++i) {
            head += "X-Hostile-" + QByteArray::number(i) + ": value-" + QByteArray::number(i) + "\r\n";
        }
        socket->write(head + "\r\ndata: after-headers\n\n");
        return;
    case Mode::ManyHeadersChunked:
        head = QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                                 "Transfer-Encoding: chunked\r\n");
        for (int i = 0; i < fieldCount(); ++i) {
            head += "X-Hostile-" + QByteArray::number(i) + ": value-" + QByteArray::number(i) + "\r\n";
        }
        // "data: one\n\n" split across chunks, then "data: two\n\n", then the last chunk: the
        // connection stays open, so only the framing says that the body ended.
        socket->write(head + "\r\n6\r\ndata: \r\n5\r\none\n\n\r\nb\r\ndata: two\n\n\r\n0\r\n\r\n");
        return;
    case Mode::EndlessHeaders:
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n");
        connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket] { pump(socket); });
        pump(socket);
        return;
    case Mode::StalledBody:
        // A few regular chunks (so the silence stands out), then half an event, then nothing.
        socket->write(head + "\r\ndata: first\n\n");
        QTimer::singleShot(100, socket, [socket] { socket->write("data: second\n\n"); });
        QTimer::singleShot(200, socket, [socket] { socket->write("data: third\n\n"); });
        QTimer::singleShot(300, socket, [socket] { socket->write("data: never-fini"); });
        return;
    case Mode::ResetMidEvent:
        socket->write(head + "\r\nretry: 50\ndata: complete\n\ndata: half-of-an-ev");
        // After the client has read it: SO_LINGER 0 makes close() send RST instead of FIN (the
        // "connection reset" a crashing proxy causes).
        QTimer::singleShot(300, socket, [socket] {
            const struct linger reset = {1, 0};
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
            socket->abort();
        });
        return;
    }
}

void HostileServer::pump(QTcpSocket *socket)
{
    while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < highWater) {
        if (m_limit > 0 && m_written.load() >= m_limit) {
            if (socket->bytesToWrite() == 0) {
                socket->disconnectFromHost();
            }
            return;
        }
        const qint64 n = m_limit > 0 ? qMin<qint64>(m_filler.size(), m_limit - m_written.load()) : m_filler.size();
        socket->write(m_filler.constData(), n);
        m_written += n;
    }
}

} // namespace SseScope::Hostile
