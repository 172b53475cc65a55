#include "interceptproxy.h"

#include "proxyconnection.h"

#include <common/logging.h>

#include <QCoreApplication>
#include <QHostAddress>
#include <QSslSocket>

namespace SseScope {

InterceptProxy::InterceptProxy(LocalCa *ca, QObject *parent)
    : QTcpServer(parent)
    , m_ca(ca)
    , m_bodyTimer(this) // a child: it moves with the proxy to the proxy's thread
{
    qRegisterMetaType<InterceptedExchange>();
    qRegisterMetaType<QList<RawChunk>>();
    m_bodyTimer.setSingleShot(true);
    connect(&m_bodyTimer, &QTimer::timeout, this, &InterceptProxy::flushBodies);
}

InterceptProxy::~InterceptProxy()
{
    stop();
}

bool InterceptProxy::start(const Options &options, QString *error)
{
    m_options = options;
    // A browser opens connections in bursts; Qt's default backlog of 50 made the 51st client of
    // a burst wait a second for its SYN to be retried (tst_interceptproxyhostile's waves of 100).
    setListenBacklogSize(1024);
    // Loopback only, by design: the proxy ends TLS with a CA the user's browser trusts.
    if (!listen(QHostAddress::LocalHost, options.port)) {
        if (error) {
            *error = QCoreApplication::translate("InterceptProxy", "cannot listen on 127.0.0.1:%1: %2")
                         .arg(options.port)
                         .arg(errorString());
        }
        return false;
    }
    setMaxPendingConnections(1024);
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_clock.start();
    return true;
}

void InterceptProxy::stop()
{
    close();
    const QSet<ProxyConnection *> connections = std::exchange(m_connections, {});
    for (ProxyConnection *connection : connections) {
        connection->shutdown();
        delete connection;
    }
}

bool InterceptProxy::acceptsPeer(const QHostAddress &peer)
{
    return !peer.isNull() && peer.isLoopback();
}

QUrl InterceptProxy::proxyUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(serverPort());
    return url;
}

void InterceptProxy::reportFinished(const InterceptedExchange &exchange)
{
    if (!m_pendingBodies.isEmpty()) {
        flushBodies(); // its last chunks first
    }
    emit exchangeFinished(exchange);
}

void InterceptProxy::reportBody(const RawChunk &chunk)
{
    if (m_options.bodyReportIntervalMs <= 0) {
        return;
    }
    m_pendingBodies.append(chunk);
    if (!m_bodyTimer.isActive()) {
        m_bodyTimer.start(m_options.bodyReportIntervalMs);
    }
}

void InterceptProxy::flushBodies()
{
    m_bodyTimer.stop();
    if (!m_pendingBodies.isEmpty()) {
        emit bodiesRecorded(std::exchange(m_pendingBodies, {}));
    }
}

void InterceptProxy::reportRefused(const QString &what)
{
    ++m_refused;
    qCWarning(lcIntercept).noquote() << "refused:" << what;
    emit refused(what);
}

void InterceptProxy::connectionClosed(ProxyConnection *connection)
{
    if (m_connections.remove(connection)) {
        connection->deleteLater();
    }
}

void InterceptProxy::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QSslSocket;
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    if (!acceptsPeer(peer)) {
        reportRefused(QStringLiteral("a client that is not on loopback (%1)").arg(peer.toString()));
        socket->abort();
        delete socket;
        return;
    }
    if (m_connections.size() >= m_options.maxConnections) {
        reportRefused(QStringLiteral("a client over the limit of %1 connections").arg(m_options.maxConnections));
        socket->abort();
        delete socket;
        return;
    }
    m_connections.insert(new ProxyConnection(this, socket, ++m_lastConnectionId));
}

} // namespace SseScope
