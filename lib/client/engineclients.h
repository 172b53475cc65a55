#pragma once

#include "clientoptions.h"

#include <browser/enginecomparison.h>
#include <session/session.h>

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

namespace SseScope {

class BrowserClientController;

// The same page's stream opened by several engine profiles at once, each on its own connection
// (the engines send different requests, so each must get its own answers) and its own thread:
// `ssescope check --browser all` runs all three, the window runs the two it does not show beside
// its own client. One BrowserClientController per profile; this class only fans the options out
// and collects the verdicts.
class EngineClients final : public QObject
{
    Q_OBJECT

public:
    explicit EngineClients(const Session::Limits &limits = {}, QObject *parent = nullptr);
    ~EngineClients() override;

    // Starts one client per profile with `options` (its profile replaced). Stops a previous run
    // first. False and why when the options are unusable (then nothing runs).
    bool start(const ClientOptions &options, const QList<BrowserProfile> &profiles, QString *errorString = nullptr);
    void stop(); // ends every observation now; finished() follows
    bool isRunning() const { return m_running > 0; }

    qsizetype count() const { return qsizetype(m_clients.size()); }
    const BrowserProfile &profile(qsizetype index) const { return m_profiles.at(index); }
    const Session &session(qsizetype index) const;
    // Each engine's column of the comparison, in the order of the profiles given to start().
    QList<EngineResult> results() const;

Q_SIGNALS:
    void changed(); // a verdict or the findings of one of the engines changed
    void finished(); // every engine's observation ended

private:
    Session::Limits m_limits;
    QList<BrowserProfile> m_profiles;
    std::vector<std::unique_ptr<BrowserClientController>> m_clients;
    int m_running = 0;
};

} // namespace SseScope
