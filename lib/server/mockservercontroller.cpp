#include "mockservercontroller.h"

#include <QCoreApplication>
#include <QThread>

namespace SseScope {

MockServerController::MockServerController(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<SseScope::ServerExchange>();
    qRegisterMetaType<SseScope::WrittenEvent>();
    qRegisterMetaType<QList<SseScope::WrittenEvent>>();
    qRegisterMetaType<SseScope::Scenario>();
}

MockServerController::~MockServerController()
{
    stop();
}

bool MockServerController::start(const Scenario &scenario, const ServerOptions &options, QString *errorString)
{
    stop();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("ssescope-server"));
    m_server = new MockServer;
    m_server->moveToThread(m_thread);
    connect(m_server, &MockServer::exchangeStarted, this, [this](const ServerExchange &exchange) {
        keep(exchange);
        Q_EMIT exchangeStarted(exchange);
    });
    connect(m_server, &MockServer::eventsWritten, this, [this](quint64 id, const QList<WrittenEvent> &events) {
        if (ServerExchange *kept = findRecent(id)) {
            for (const WrittenEvent &event : events) {
                if (kept->events.size() >= ServerExchange::maxRecordedEvents) {
                    break;
                }
                if (kept->events.isEmpty() || kept->events.constLast().sequence < event.sequence) {
                    kept->events.append(event);
                }
            }
            if (!events.isEmpty()) {
                kept->eventCount = qMax(kept->eventCount, events.constLast().sequence);
            }
        }
        Q_EMIT eventsWritten(id, events);
    });
    connect(m_server, &MockServer::exchangeFinished, this, [this](const ServerExchange &exchange) {
        keep(exchange);
        const ServerExchange *kept = findRecent(exchange.id);
        Q_EMIT exchangeFinished(kept ? *kept : exchange); // with the events merged in
    });
    connect(m_server, &MockServer::reportReceived, this, &MockServerController::reportReceived);
    m_thread->start();

    bool ok = false;
    QString error;
    QUrl api;
    QUrl page;
    MockServer *server = m_server;
    QMetaObject::invokeMethod(
        m_server,
        [&] {
            server->setScenario(scenario);
            ok = server->start(options, &error);
            api = server->apiUrl();
            page = server->pageUrl();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        stop();
        if (errorString) {
            *errorString = error;
        }
        return false;
    }
    m_running = true;
    m_scenario = scenario;
    m_apiUrl = api;
    m_pageUrl = page;
    return true;
}

void MockServerController::stop()
{
    if (!m_thread) {
        return;
    }
    MockServer *server = m_server;
    if (server) {
        // Destroyed on its own thread, where its sockets and timers live.
        QMetaObject::invokeMethod(
            server,
            [server] {
                server->stop();
                delete server;
            },
            Qt::BlockingQueuedConnection);
    }
    m_server = nullptr;
    m_thread->quit();
    m_thread->wait();
    // Deliver what the server queued for us while shutting down (the final ServerStopped
    // records), so stop() returns with the recording complete.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    delete m_thread;
    m_thread = nullptr;
    m_running = false;
}

void MockServerController::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    if (m_server) {
        MockServer *server = m_server;
        QMetaObject::invokeMethod(
            server, [server, scenario] { server->setScenario(scenario); }, Qt::QueuedConnection);
    }
}

ServerExchange *MockServerController::findRecent(quint64 id)
{
    for (qsizetype i = m_recent.size() - 1; i >= 0; --i) {
        if (m_recent[i].id == id) {
            return &m_recent[i];
        }
    }
    return nullptr;
}

void MockServerController::keep(const ServerExchange &exchange)
{
    if (ServerExchange *kept = findRecent(exchange.id)) {
        const QList<WrittenEvent> events = kept->events;
        *kept = exchange;
        if (kept->events.size() < events.size()) {
            kept->events = events;
        }
        return;
    }
    m_recent.append(exchange);
    while (m_recent.size() > maxKeptExchanges) {
        m_recent.removeFirst();
    }
}

} // namespace SseScope
