#pragma once

#include <QByteArray>
#include <QObject>
#include <QThread>

#include <atomic>

class QTcpServer;
class QTcpSocket;

namespace SseScope::Hostile {

// A raw TCP server that misbehaves on purpose, for the client's hostile-server tests
// (docs/hardening.md). It runs on its own thread, so it can pour bytes as fast as the client
// takes them while the test's main thread plays the window. Only the first connection gets the
// misbehaviour (the client sends one request per attempt, as a browser does); later ones (the EventSource's reconnects) get 204 No Content, which makes a browser
// stop for good, except in ResetMidEvent where the reconnect gets a normal stream.
class HostileServer final : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        EndlessLine, // "data: aaaa…" with no line end, until the client leaves
        LongLine, // the same, `limitBytes` of it, then the connection closes
        InvalidUtf8, // events whose data holds bytes that are not UTF-8
        ManyHeaders, // a response head with `limitBytes` header fields (default 10,000), then one event
        ManyHeadersChunked, // the same with a chunked body: two events in three chunks, then the last chunk
        EndlessHeaders, // a status line, then header fields forever: no blank line
        StalledBody, // one event, half of the next, then silence with the connection open
        ResetMidEvent, // one event, half of the next, then a TCP reset
    };

    Q_ENUM(Mode)

    explicit HostileServer(Mode mode, qint64 limitBytes = 0);
    ~HostileServer() override;

    quint16 port() const { return m_port; }
    qint64 bytesWritten() const { return m_written.load(); }
    int connections() const { return m_connections.load(); }

private:
    void listen(); // on the server thread
    void onConnection();
    void respond(QTcpSocket *socket);
    void pump(QTcpSocket *socket);
    int fieldCount() const { return m_limit > 0 ? int(m_limit) : 10000; }

    const Mode m_mode;
    const qint64 m_limit;
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread; parent of the server and sockets
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
    QByteArray m_filler; // what pump() repeats
    std::atomic<qint64> m_written{0};
    std::atomic<int> m_connections{0};
};

} // namespace SseScope::Hostile
