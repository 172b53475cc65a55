#pragma once

// Private to lib/server: MockServer's state, shared by the files that make up the server
// (mockserver.cpp: sockets and answers; streamconnection*.cpp: one open stream; broadcaster.cpp:
// a broadcast scenario's shared generator; requestrouter.cpp: what each request gets).

#include "mcpsessions.h"
#include "mockserver.h"
#include "requestrouter.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
class QTcpSocket;
class QTimer;
QT_END_NAMESPACE

namespace SseScope {

constexpr qsizetype socketReadLimit = 256 * 1024; // a request (head and body) beyond this is closed, never OOMs
constexpr qsizetype maxRequestBodyRecorded = 64 * 1024;
constexpr qsizetype maxHeldBytes = 8 * 1024 * 1024; // a proxy whose buffers are full flushes
constexpr qsizetype backpressureBytes = 1024 * 1024; // stop producing while the peer does not read
// What a client may fall behind before it is dropped (End::SlowClient): a broadcast cannot
// wait for one reader, and a script ignores back-pressure.
constexpr qsizetype maxBacklogBytes = 4 * 1024 * 1024;
constexpr int eventBatchMs = 50;
constexpr int idleTrimDelayMs = 300; // quiet time after the last connection before the heap is trimmed
// And once more after this: the receiving thread frees the exchange records this thread
// allocated (queued signals) when it gets to them, which on a loaded machine is later.
constexpr int idleRetrimDelayMs = 2000;
// "HTTP/1.1 NNN" + CRLF. QHttpServerResponder adds " <reason>" from its own table, which it does
// not expose, so wireBytes leaves the reason phrase out.
constexpr qint64 statusLineBytes = 14;

class HttpFrontend;
class StreamConnection;
class Broadcaster;

struct MockServer::Private
{
    MockServer *q = nullptr;
    HttpFrontend *api = nullptr;
    HttpFrontend *page = nullptr;
    quint16 apiPort = 0;
    quint16 pagePort = 0;
    QString apiHost = QStringLiteral("127.0.0.1");
    std::shared_ptr<const Scenario> scenario = std::make_shared<Scenario>();
    QSet<StreamConnection *> streams;
    // The broadcast generators, one per scenario value that has stream.broadcast (keyed by the
    // shared scenario, so setScenario() starts a new broadcast for new connections).
    QHash<const Scenario *, Broadcaster *> broadcasters;
    bool recordEvents = true;
    quint64 nextExchangeId = 1;
    QByteArray pageTemplate;
    // /mcp's sessions (mcpendpoint.cpp); mutable because the router, given a const context, may
    // open and end them.
    mutable McpSessions mcpSessions;
    // Sockets QtHttpServer still has (a lean stream keeps only its descriptor: see streams).
    int openSockets = 0;
    QTimer *idleTrimTimer = nullptr; // a child of q, so it moves to the server's thread with it
    bool retrimPending = false;

    void socketAccepted(QTcpSocket *socket);
    // Called when a connection ends: once none is left, the heap is trimmed (see trimHeap()).
    void connectionClosed();
    static void trimHeap();

    QString apiOrigin() const { return QStringLiteral("http://%1:%2").arg(apiHost).arg(apiPort); }
    QString pageOrigin() const { return QStringLiteral("http://localhost:%1").arg(pagePort); }
    RouterContext routerContext() const
    {
        return RouterContext {apiOrigin(), pageOrigin(), pageTemplate, &mcpSessions};
    }

    ServerExchange newExchange(const RouterRequest &request, const QString &origin);
    // Answers one request of the API (listener Api) or the page origin (Page): asks the router,
    // then writes its answer or opens the stream it plans.
    void handle(RouterListener listener, const QHttpServerRequest &request, QTcpSocket *socket);
    void respond(const QHttpServerRequest &request, QTcpSocket *socket, ServerExchange record,
        const RoutedResponse &response);
    Broadcaster *broadcasterFor(const std::shared_ptr<const Scenario> &s);
    // Ends the broadcasts nobody listens to and no new connection can join.
    void retireBroadcasters();
};

} // namespace SseScope
