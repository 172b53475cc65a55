#pragma once

#include "interceptedexchange.h"
#include "proxyhttp.h"
#include "rewriterules.h"

#include <client/chunkeddecoder.h>

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QSslSocket;
class QTcpSocket;

namespace SseScope {

class BodyDecoder;
class InterceptProxy;

// One client connection of the intercept proxy: reads request heads (absolute form, or origin
// form inside a CONNECT tunnel it has ended with TLS), opens one upstream connection per request,
// and streams the answer back, recording it. Keeps the client connection alive between requests
// when the answer's framing allows it.
class ProxyConnection final : public QObject
{
    Q_OBJECT

public:
    ProxyConnection(InterceptProxy *proxy, QSslSocket *client, quint64 id);
    ~ProxyConnection() override;

    // Ends the connection now; an open exchange is reported as closed by the proxy.
    void shutdown();

private:
    enum class State
    {
        Head, // waiting for a request head
        Handshake, // CONNECT answered, the client's TLS handshake under way
        Forwarding, // a request sent (or being sent) upstream, its answer streamed back
        Closing,
    };

    void readClient();
    bool takeRequestHead();
    void startTunnel(const ProxyHttp::RequestLine &request);
    void startRequest(ProxyHttp::RequestLine request);
    void connectUpstream();
    void pumpRequestBody();
    void readUpstream();
    bool takeResponseHead();
    void forwardBody(QByteArray wire);
    void writeBodyToClient(const QByteArray &wire, const QByteArray &decoded);
    void record(const QByteArray &decoded);
    void onUpstreamGone();
    void finishExchange(const QString &netError, const QString &detail);
    void refuse(int status, const QByteArray &reason, const QString &why);
    void failUpstream(const QString &netError, const QString &detail);
    void closeClient();
    void onClientGone();
    void armTimer(int ms);

    InterceptProxy *m_proxy;
    QSslSocket *m_client;
    QPointer<QTcpSocket> m_upstream;
    quint64 m_id;
    State m_state = State::Head;
    QTimer m_timer;

    // The tunnel, once CONNECT succeeded: requests inside it go to https://host:port.
    QByteArray m_tunnelHost;
    quint16 m_tunnelPort = 0;
    bool m_tunneled = false;

    QByteArray m_clientIn; // client bytes not yet handled (a head in progress, a body's start)
    QByteArray m_upstreamIn; // the response head in progress

    // The exchange in flight.
    std::unique_ptr<InterceptedExchange> m_exchange;
    const RewriteRules::Rule *m_rule = nullptr;
    QByteArray m_upstreamHost;
    quint16 m_upstreamPort = 0;
    bool m_upstreamTls = false;
    QByteArray m_requestBytes; // head (and body start) waiting for the upstream connection
    ProxyHttp::Framing m_requestFraming;
    qint64 m_requestRemaining = 0;
    ChunkedDecoder m_requestChunks;
    bool m_requestDone = false;
    bool m_responseHeadSeen = false;
    ProxyHttp::Framing m_responseFraming;
    qint64 m_responseRemaining = 0;
    ChunkedDecoder m_responseChunks;
    std::unique_ptr<BodyDecoder> m_decoder; // stripping Content-Encoding
    bool m_closeAfterResponse = false;
    bool m_suppressBody = false; // a rewritten status that has no body (204)
    bool m_eventStream = false;
    qint64 m_bodyOffset = 0;
    bool m_readingUpstream = false; // readUpstream() is on the stack
};

} // namespace SseScope
