#pragma once

#include "serverexchange.h"

#include <scenario/scenario.h>

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

namespace SseScope {

struct ServerOptions
{
    // Loopback unless the user explicitly asks for another address (DESIGN.md "Security").
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 apiPort = 0; // 0: chosen by the system
    quint16 pagePort = 0;
    // Emit eventsWritten() for every event (the buffering diagnosis needs it); a load test
    // may turn it off.
    bool recordEvents = true;
};

// The mock SSE server: the API origin (GET /events, OPTIONS /events, GET|POST /login, GET
// /stream as a redirect target) and the page origin (GET / serves the browser test page, POST
// /report takes its outcome). The API is http://127.0.0.1:PORT and the page http://localhost:PORT,
// so the pair is cross-site, as in production.
//
// It lives on one thread (MockServerController runs it on its own QThread) and is the only code
// that includes QtHttpServer, whose API changes in Qt 6.8. Every exchange is recorded and
// emitted as a ServerExchange. setScenario() applies to connections accepted afterwards; streams
// already open keep the scenario they started with.
class MockServer final : public QObject
{
    Q_OBJECT

public:
    explicit MockServer(QObject *parent = nullptr);
    ~MockServer() override;

    bool start(const ServerOptions &options, QString *errorString = nullptr);
    // Ends every open stream (recorded as ServerStopped) and closes the listening sockets.
    void stop();
    bool isListening() const;

    quint16 apiPort() const;
    quint16 pagePort() const;
    QUrl apiUrl() const; // "http://127.0.0.1:PORT" (or the explicit bind address)
    QUrl pageUrl() const; // "http://localhost:PAGEPORT/"

    void setScenario(const Scenario &scenario);
    Scenario scenario() const;
    int openStreamCount() const;

Q_SIGNALS:
    void exchangeStarted(const SseScope::ServerExchange &exchange);
    // Batched (every ~50 ms per stream), so a fast stream does not flood the receiving thread.
    void eventsWritten(quint64 exchangeId, const QList<SseScope::WrittenEvent> &events);
    void exchangeFinished(const SseScope::ServerExchange &exchange);
    // What the test page saw in the visiting browser (POST /report on the page origin).
    void reportReceived(const QJsonObject &report);

private:
    friend class StreamConnection;
    friend class Broadcaster;
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace SseScope
