#pragma once

// A raw loopback HTTP/1.1 server for client tests: every complete request (its head, and its body
// when Content-Length says there is one) is answered with the same scripted bytes, then the
// connection is held, closed or reset. It keeps every request it read, byte for byte, so a test
// can say how many requests the server saw and what they carried.
//
//   SseScopeTest::ScriptedServer server(answer, SseScopeTest::ScriptedServer::After::Close);
//   QVERIFY(server.listen(QHostAddress::LocalHost));
//   ... QCOMPARE(server.requestCount(), 1);

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPointer>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>

#include <memory>

namespace SseScopeTest {

class ScriptedServer final : public QTcpServer
{
public:
    enum class After
    {
        Hold, // the connection stays open
        Close, // closed after the answer
        Reset, // a TCP reset shortly after the answer (the client sees the end mid-event)
    };

    ScriptedServer(QByteArray answer, After after)
        : m_answer(std::move(answer))
        , m_after(after)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                m_sockets.append(socket);
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] { read(socket, *buffer); });
            }
        });
    }

    // Every request read, in order: the head with its blank line, then its Content-Length body.
    QList<QByteArray> requests;
    int requestCount() const { return int(requests.size()); }

private:
    void read(QTcpSocket *socket, QByteArray &buffer)
    {
        buffer.append(socket->readAll());
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            static const QRegularExpression lengthLine(QStringLiteral("(?i)\r\ncontent-length: *(\\d+)"));
            const QRegularExpressionMatch match = lengthLine.match(QString::fromLatin1(buffer.left(end)));
            const qsizetype length = match.hasMatch() ? match.captured(1).toLongLong() : 0;
            if (buffer.size() < end + 4 + length) {
                return;
            }
            requests.append(buffer.left(end + 4 + length));
            buffer.remove(0, end + 4 + length);
            if (!answer(socket)) {
                return;
            }
        }
    }

    // False when the connection is gone.
    bool answer(QTcpSocket *socket)
    {
        socket->write(m_answer);
        socket->flush();
        switch (m_after) {
        case After::Hold:
            return true;
        case After::Close:
            socket->disconnectFromHost();
            return false;
        case After::Reset:
            socket->waitForBytesWritten(1000);
            QTest::qWait(50);
            socket->abort(); // SO_LINGER is not set: Qt's abort closes at once
            return false;
        }
        return false;
    }

    QByteArray m_answer;
    After m_after;
    QList<QPointer<QTcpSocket>> m_sockets;
};

} // namespace SseScopeTest
