#include "engineclients.h"

#include "browserclientcontroller.h"

#include <session/sessionreport.h>

namespace SseScope {

EngineClients::EngineClients(const Session::Limits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{
}

EngineClients::~EngineClients()
{
    for (const auto &client : m_clients) {
        client->disconnect(this);
        client->stop();
    }
}

bool EngineClients::start(const ClientOptions &options, const QList<BrowserProfile> &profiles, QString *errorString)
{
    stop();
    for (const auto &client : m_clients) {
        client->disconnect(this);
    }
    m_clients.clear();
    m_profiles.clear();
    m_running = 0;

    std::vector<std::unique_ptr<BrowserClientController>> clients;
    for (const BrowserProfile &profile : profiles) {
        ClientOptions engineOptions = options;
        engineOptions.profile = profile;
        auto client = std::make_unique<BrowserClientController>(m_limits);
        connect(client.get(), &BrowserClientController::verdictChanged, this, &EngineClients::changed);
        connect(client.get(), &BrowserClientController::findingsChanged, this, &EngineClients::changed);
        connect(client.get(), &BrowserClientController::finished, this, [this] {
            Q_EMIT changed();
            if (m_running > 0 && --m_running == 0) {
                Q_EMIT finished();
            }
        });
        if (!client->start(engineOptions, errorString)) {
            for (const auto &started : clients) {
                started->disconnect(this);
                started->stop();
            }
            return false;
        }
        clients.push_back(std::move(client));
    }
    m_clients = std::move(clients);
    m_profiles = profiles;
    m_running = int(m_clients.size());
    return true;
}

void EngineClients::stop()
{
    for (const auto &client : m_clients) {
        client->stop(); // emits finished(), which counts m_running down
    }
}

const Session &EngineClients::session(qsizetype index) const
{
    return m_clients.at(std::size_t(index))->session();
}

QList<EngineResult> EngineClients::results() const
{
    QList<EngineResult> results;
    for (const auto &client : m_clients) {
        results.append(engineResultOf(client->session()));
    }
    return results;
}

} // namespace SseScope
