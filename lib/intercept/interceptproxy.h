#pragma once

#include "interceptedexchange.h"
#include "rewriterules.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QSet>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTimer>
#include <QUrl>

namespace SseScope {

class LocalCa;
class ProxyConnection;

// Intercept mode's forward proxy (DESIGN.md "Layers": proxy): listens on 127.0.0.1 only and
// refuses any other peer; takes absolute-form HTTP requests and CONNECT tunnels, which it ends
// with a leaf certificate of the LocalCa and carries on to the real server over TLS. Every
// exchange is recorded (InterceptedExchange) and reported when it starts and when it ends.
//
// Streaming through: each body chunk is written on as it arrives; a side that cannot keep up
// stops the reading of the other (back pressure), so memory per connection stays bounded — heads
// are capped at ProxyHttp::maxHeadBytes, socket buffers at Options::socketBufferBytes, and the
// body bytes kept for the recording at Options::maxKeptStreamBytes. Malformed requests get a 400
// and a warning in the `ssescope.intercept` log; the proxy keeps serving.
//
// Lives on the thread that created it (the CLI's main thread); nothing here blocks.
class InterceptProxy final : public QTcpServer
{
    Q_OBJECT

public:
    struct Options
    {
        quint16 port = 0; // 0: chosen by the system
        QList<QSslCertificate> upstreamCaCertificates; // trusted for upstream TLS besides the system's
        qint64 socketBufferBytes = 256 * 1024; // per socket: read buffer and write high-water mark
        qint64 maxKeptStreamBytes = 8 * 1024 * 1024; // body bytes recorded per event stream
        qint64 maxKeptOtherBytes = 64 * 1024; // body bytes recorded per other exchange
        // Chunk records per exchange (arrival time, offset, size): a server that trickles its body
        // a byte at a time would otherwise cost one record per byte. Past it, kept bytes join the
        // last record and only the totals grow.
        int maxChunkRecords = 100000;
        int maxConnections = 4096; // further clients are closed at once
        int handshakeTimeoutMs = 10000; // a client's TLS handshake inside CONNECT
        int headTimeoutMs = 30000; // a request head, or the next one on a kept-alive connection
        int upstreamTimeoutMs = 30000; // connecting to the server and receiving its response head
        // > 0: the body chunks of event streams are also reported while they arrive (bodiesRecorded),
        // gathered and sent at most once per this interval, for a window that shows streams live.
        // 0 (the CLI, the benchmark): only the finished exchange carries them.
        int bodyReportIntervalMs = 0;
    };

    explicit InterceptProxy(LocalCa *ca, QObject *parent = nullptr);
    ~InterceptProxy() override;

    void setRewriteRules(const RewriteRules &rules) { m_rules = rules; }
    const RewriteRules &rewriteRules() const { return m_rules; }

    // Listens on 127.0.0.1:port. False with a reason when the port is taken.
    bool start(const Options &options, QString *error = nullptr);
    // Ends every connection; an exchange still open is reported as ended (closed by the proxy).
    void stop();

    // Whether a client at this address is served: loopback only (the proxy also listens on
    // 127.0.0.1 only, so this is the second wall, not the first).
    static bool acceptsPeer(const QHostAddress &peer);

    QUrl proxyUrl() const; // http://127.0.0.1:PORT
    const Options &options() const { return m_options; }
    LocalCa *ca() const { return m_ca; }
    QDateTime startedAt() const { return m_startedAt; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    int connectionCount() const { return int(m_connections.size()); }
    quint64 refusedCount() const { return m_refused; }

    // Called by ProxyConnection.
    quint64 nextExchangeId() { return ++m_lastExchangeId; }
    void reportStarted(const InterceptedExchange &exchange) { emit exchangeStarted(exchange); }
    void reportFinished(const InterceptedExchange &exchange);
    void reportBody(const RawChunk &chunk); // an event stream's chunk, as recorded
    void reportRefused(const QString &what);
    void connectionClosed(ProxyConnection *connection);

signals:
    void exchangeStarted(const SseScope::InterceptedExchange &exchange); // the response head arrived
    void exchangeFinished(const SseScope::InterceptedExchange &exchange);
    // Event-stream chunks recorded since the last report, oldest first (Options::bodyReportIntervalMs).
    // A finished exchange's chunks are reported before exchangeFinished.
    void bodiesRecorded(const QList<SseScope::RawChunk> &chunks);
    // A request the proxy refused (malformed, not loopback, too large…), in words for a log.
    void refused(const QString &what);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void flushBodies();

    LocalCa *m_ca;
    Options m_options;
    RewriteRules m_rules;
    QDateTime m_startedAt;
    QElapsedTimer m_clock;
    QSet<ProxyConnection *> m_connections;
    quint64 m_lastConnectionId = 0;
    quint64 m_lastExchangeId = 0;
    quint64 m_refused = 0;
    QList<RawChunk> m_pendingBodies;
    QTimer m_bodyTimer;
};

} // namespace SseScope
