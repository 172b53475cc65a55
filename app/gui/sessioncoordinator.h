#pragma once

#include <scenario/scenario.h>
#include <scenario/scenariorecovery.h>
#include <server/realbrowserreport.h>
#include <session/session.h>

#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace SseScope {
class BrowserClientController;
class CookiesModel;
class EngineClients;
struct EngineResult;
class EventsModel;
class ExchangesModel;
class FindingsModel;
class MockServerController;
struct ClientOptions;
struct ServerExchange;
struct ServerOptions;
} // namespace SseScope

namespace SseScope::Gui {

// The wiring between the mock server, the client, the shown session and its models, with no
// widget: it starts and stops both ends, feeds the client's recordings into the models, swaps in
// an imported HAR, exports the shown session, and keeps the crash-recovery copy of the edited
// scenario. The panes listen to its signals and read shownSession(); the window decides nothing
// about a session that this class does not already hold.
class SessionCoordinator final : public QObject
{
    Q_OBJECT

public:
    explicit SessionCoordinator(const QString &recoveryDirectory, QObject *parent = nullptr);
    ~SessionCoordinator() override;

    MockServerController *server() const { return m_server; }
    BrowserClientController *client() const { return m_client; }
    EventsModel *events() const { return m_events; }
    ExchangesModel *exchanges() const { return m_exchanges; }
    FindingsModel *findings() const { return m_findings; }
    CookiesModel *cookies() const { return m_cookies; }

    // The edited scenario: what the server runs. A new one reconnects a client the user wants
    // connected (debounced, so a burst of edits makes one reconnect).
    const Scenario &scenario() const { return m_scenario; }
    void setScenario(const Scenario &scenario);

    bool startServer(const ServerOptions &options, QString *errorString);
    void stopServer();
    int openStreams() const { return m_openStreams; }

    // A fresh live session (an imported one goes). False and why when the client refuses.
    bool connectClient(const ClientOptions &options, QString *errorString);
    void disconnectClient();
    bool isClientWanted() const { return m_clientWanted; }

    const Session &shownSession() const; // the imported one, else the client's

    // The engines side by side (issue 15): while the client runs one engine, two companion
    // clients run the other two on the same options, each on its own connection. Only the
    // chosen engine's session fills the panes and is correlated with the mock server's record.
    // On by default; a change applies from the next connect.
    void setCompareEngines(bool compare);
    bool comparesEngines() const { return m_compareEngines; }
    // Chromium, Firefox, Safari (the chosen one from the client's session); empty while an
    // imported session is shown or no comparison ran.
    QList<EngineResult> engineResults() const;
    bool isShowingImport() const { return m_imported != nullptr; }
    double eventsPerSecond() const { return m_eventsPerSecond; }

    // HAR (docs/har.md). A refused import leaves the shown session as it was.
    bool exportHar(const QString &path, bool keepSecrets, QString *errorString);
    // profile: the browser to diagnose the file's stream as (HarReadOptions); by default the
    // one the file names. importedPath() is the file shown, for "Diagnose Import As".
    bool importHar(const QString &path, QString *errorString, QString *creator,
        const std::optional<BrowserProfile> &profile = std::nullopt);
    QString importedPath() const { return m_imported ? m_importedPath : QString(); }

    // The scenario document and its crash recovery (ScenarioRecovery): an edit is kept on disk
    // (debounced) until the document is saved, another is loaded or the window closes cleanly.
    QString currentFile() const { return m_currentFile; }
    void setCurrentFile(const QString &path) { m_currentFile = path; }
    bool hasUnsavedEdits() const { return m_unsavedEdits; }
    void noteEdited(); // the edited scenario differs from the document
    void storeRecoveryNow();
    void discardRecovery(); // the current document's edits are saved or thrown away
    ScenarioRecovery &recovery() { return m_recovery; }

Q_SIGNALS:
    void sessionCleared(); // every pane empties: a new session starts
    void arrivalsAdded(const QList<qint64> &receivedMs);
    void stateChangesAdded(const QList<SseScope::StateChange> &changes);
    void chunksAdded(qsizetype count); // the newest `count` of shownSession().chunks()
    void exchangeRecorded();
    void outcomeChanged(); // verdict, findings or the client's running state
    void sessionShown(); // a whole (imported) session was put into the models at once
    void serverStateChanged();
    void reconnectDue(); // an edit settled while the user wants to be connected: reconnect with the current options
    void reportReceived(const SseScope::RealBrowserReport &report);
    void reportRefused(const QString &reason);
    void statusMessage(const QString &text, int timeoutMs);
    void ticked(); // once a second: the rate and the session's clock moved on

private:
    void clearSession();
    void onServerExchange(const ServerExchange &exchange, bool started);
    void onEventsRecorded(qsizetype count);
    void onChunksRecorded(qsizetype count);
    void onExchangeRecorded(quint64 id);
    void onCookiesRecorded(qsizetype count);
    void onFindingsChanged();
    void onVerdictChanged();
    void onClientFinished();
    void flushBodies();
    void tick();

    MockServerController *m_server = nullptr;
    BrowserClientController *m_client = nullptr;
    EngineClients *m_companions = nullptr;
    bool m_compareEngines = true;
    EventsModel *m_events = nullptr;
    ExchangesModel *m_exchanges = nullptr;
    FindingsModel *m_findings = nullptr;
    CookiesModel *m_cookies = nullptr;

    Scenario m_scenario;
    std::unique_ptr<Session> m_imported; // set while an imported HAR is shown
    QString m_importedPath;
    int m_openStreams = 0;
    bool m_clientWanted = false; // the user asked to be connected (edits reconnect)
    QTimer m_reconnectTimer; // debounces live edits
    QSet<quint64> m_writesPending; // server exchanges with events written since the last tick()
    QSet<quint64> m_bodyAdvanced; // exchanges whose body grew since the last flushBodies()
    QTimer m_bodyTimer;
    QTimer m_tickTimer;
    quint64 m_eventsAtLastTick = 0;
    double m_eventsPerSecond = 0;
    qsizetype m_stateChangesShown = 0; // session().stateChanges() already announced

    QString m_currentFile;
    ScenarioRecovery m_recovery;
    QTimer m_recoveryTimer; // debounces edits before they are written
    bool m_unsavedEdits = false;
};

} // namespace SseScope::Gui
