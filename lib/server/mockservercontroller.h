#pragma once

#include "mockserver.h"

#include <QList>
#include <QObject>

class QThread;

namespace SseScope {

// Owns a MockServer on its own QThread and talks to it through queued calls, so the GUI or CLI
// thread never blocks on a socket. Re-emits the server's signals on the owner's thread and keeps
// the last maxKeptExchanges exchanges (bounded memory for a long session).
class MockServerController final : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxKeptExchanges = 200;

    explicit MockServerController(QObject *parent = nullptr);
    ~MockServerController() override;

    // Starts the thread and listens; returns once listening (or failed).
    bool start(const Scenario &scenario, const ServerOptions &options = {}, QString *errorString = nullptr);
    // Shuts the server down cleanly and joins its thread.
    void stop();
    bool isRunning() const { return m_running; }

    // Applies to connections accepted after the call.
    void setScenario(const Scenario &scenario);
    Scenario scenario() const { return m_scenario; }

    QUrl apiUrl() const { return m_apiUrl; }
    QUrl pageUrl() const { return m_pageUrl; }

    QList<ServerExchange> recentExchanges() const { return m_recent; }

Q_SIGNALS:
    void exchangeStarted(const SseScope::ServerExchange &exchange);
    void eventsWritten(quint64 exchangeId, const QList<SseScope::WrittenEvent> &events);
    void exchangeFinished(const SseScope::ServerExchange &exchange);
    void reportReceived(const QJsonObject &report);

private:
    ServerExchange *findRecent(quint64 id);
    void keep(const ServerExchange &exchange);

    QThread *m_thread = nullptr;
    MockServer *m_server = nullptr;
    bool m_running = false;
    Scenario m_scenario;
    QUrl m_apiUrl;
    QUrl m_pageUrl;
    QList<ServerExchange> m_recent;
};

} // namespace SseScope
