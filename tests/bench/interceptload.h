#pragma once

// Streams through the intercept proxy, and the same streams straight to the server, on loopback:
// what bench_intercept measures (added latency per event, 1,000 concurrent streams) and what
// tst_interceptstreams checks with a handful (every event arrives, in order, nothing timed).
//
// StampServer (its own thread) answers every GET with a chunked text/event-stream and writes one
// event per tick to every open stream, `data: <steady clock, ns>` in one chunk each; after the
// last event it ends the body. The client (the calling thread) reads raw sockets — no HTTP
// library between the wire and the clock — and takes each event's latency as its arrival time
// minus the stamp, both on the same monotonic clock of this process.

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <memory>

namespace SseScopeBench {

inline qint64 steadyNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// The upstream SSE server. Create it, then start() moves it onto its own thread.
class StampServer final : public QTcpServer
{
public:
    struct Options
    {
        int events = 100; // per stream, then the body ends
        int intervalMs = 10; // one event per stream per tick
    };

    explicit StampServer(const Options &options)
        : m_options(options)
    {
    }

    // Listens on 127.0.0.1 on a thread of its own; the port, or 0.
    quint16 start()
    {
        m_thread = std::make_unique<QThread>();
        moveToThread(m_thread.get());
        m_thread->start();
        quint16 port = 0;
        QMetaObject::invokeMethod(
            this,
            [this, &port] {
                setListenBacklogSize(4096);
                setMaxPendingConnections(4096);
                if (listen(QHostAddress::LocalHost, 0)) {
                    port = serverPort();
                }
                m_tick = new QTimer(this);
                m_tick->setTimerType(Qt::PreciseTimer);
                connect(m_tick, &QTimer::timeout, this, &StampServer::tick);
                m_tick->start(m_options.intervalMs);
            },
            Qt::BlockingQueuedConnection);
        return port;
    }

    void stopAndDelete()
    {
        std::unique_ptr<QThread> thread = std::move(m_thread);
        QMetaObject::invokeMethod(
            this, [this] { delete this; }, Qt::BlockingQueuedConnection);
        thread->quit();
        thread->wait();
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto *stream = new Stream;
        stream->socket = socket;
        m_streams.append(stream);
        connect(socket, &QTcpSocket::readyRead, this, [socket, stream] {
            stream->request += socket->readAll();
            if (!stream->answered && stream->request.contains("\r\n\r\n")) {
                stream->answered = true;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                              "Access-Control-Allow-Origin: *\r\nTransfer-Encoding: chunked\r\n\r\n");
                socket->write("d\r\n: connected\n\n\r\n"); // the head goes out at once, as a real server's
            }
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket, stream] {
            m_streams.removeOne(stream);
            delete stream;
            socket->deleteLater();
        });
    }

private:
    struct Stream
    {
        QTcpSocket *socket = nullptr;
        QByteArray request;
        bool answered = false;
        int sent = 0;
    };

    void tick()
    {
        const QList<Stream *> streams = m_streams;
        for (Stream *stream : streams) {
            if (!stream->answered || stream->sent >= m_options.events) {
                continue;
            }
            const QByteArray event = "data: " + QByteArray::number(steadyNs()) + "\n\n";
            stream->socket->write(QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n");
            if (++stream->sent == m_options.events) {
                stream->socket->write("0\r\n\r\n");
                stream->socket->disconnectFromHost();
            } else {
                stream->socket->flush(); // on the wire now, not at the next turn of the event loop
            }
        }
    }

    Options m_options;
    std::unique_ptr<QThread> m_thread;
    QTimer *m_tick = nullptr;
    QList<Stream *> m_streams;
};

struct LoadResult
{
    int streams = 0;
    int complete = 0; // streams that got every event, in order
    qint64 events = 0; // events received over all streams
    QList<qint64> latenciesNs; // one per event
    qint64 wallMs = 0;
};

// Opens `streams` connections — to the server, or to the proxy with absolute-form requests when
// proxyPort is set — reads until each stream has `events` events or the deadline passes.
inline LoadResult runLoad(quint16 serverPort, quint16 proxyPort, int streams, int events, int timeoutMs)
{
    struct Client
    {
        std::unique_ptr<QTcpSocket> socket;
        QByteArray pending;
        int received = 0;
        qint64 lastStamp = 0;
        bool ordered = true;
    };
    LoadResult result;
    result.streams = streams;
    result.latenciesNs.reserve(qsizetype(streams) * events);
    QList<std::shared_ptr<Client>> clients;
    int done = 0;
    QElapsedTimer wall;
    wall.start();
    const QByteArray target = "http://127.0.0.1:" + QByteArray::number(serverPort) + "/events";
    const QByteArray request = "GET " + (proxyPort ? target : QByteArray("/events")) + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + QByteArray::number(serverPort) + "\r\nAccept: text/event-stream\r\nOrigin: http://localhost:3000\r\n\r\n";
    for (int i = 0; i < streams; ++i) {
        auto client = std::make_shared<Client>();
        client->socket = std::make_unique<QTcpSocket>();
        QTcpSocket *socket = client->socket.get();
        Client *c = client.get();
        QObject::connect(socket, &QTcpSocket::connected, socket, [socket, request] {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            socket->write(request);
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, c, events, &result, &done] {
            const qint64 now = steadyNs();
            c->pending += socket->readAll();
            qsizetype start = 0;
            for (qsizetype end = c->pending.indexOf('\n'); end >= 0; end = c->pending.indexOf('\n', start)) {
                const QByteArray line = c->pending.mid(start, end - start);
                start = end + 1;
                if (!line.startsWith("data: ")) {
                    continue;
                }
                const qint64 stamp = line.mid(6).trimmed().toLongLong();
                c->ordered = c->ordered && stamp > c->lastStamp;
                c->lastStamp = stamp;
                result.latenciesNs.append(now - stamp);
                ++result.events;
                if (++c->received == events) {
                    result.complete += c->ordered ? 1 : 0;
                    ++done;
                    socket->abort();
                    return;
                }
            }
            c->pending.remove(0, start);
        });
        socket->connectToHost(QHostAddress::LocalHost, proxyPort ? proxyPort : serverPort);
        clients.append(client);
        if (i % 50 == 49) {
            QCoreApplication::processEvents(); // connect in waves, as a browser's tabs would
        }
    }
    QDeadlineTimer deadline(timeoutMs);
    while (done < streams && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    result.wallMs = wall.elapsed();
    return result;
}

inline qint64 percentile(QList<qint64> values, double p)
{
    if (values.isEmpty()) {
        return -1;
    }
    const qsizetype index = std::min(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + index, values.end());
    return values.at(index);
}

} // namespace SseScopeBench
