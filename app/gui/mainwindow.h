#pragma once

#include "sessioncoordinator.h"
#include "sessiontabs.h"
#include "settings.h"

#include <QMainWindow>

#include <functional>

class QDockWidget;
class QLabel;
class QTextBrowser;

namespace SseScope {
class BrowserClientController;
class EventsModel;
class ExchangesModel;
class FindingsModel;
class MockServerController;
class Session;
struct Scenario;
} // namespace SseScope

namespace SseScope::Gui {

class BannerPane;
class ClientPane;
class HelpDock;
class ScenarioPane;
class ServerPane;
class SessionCoordinator;
class WindowActions;

// The inspector's frame: menus, toolbar, the docks (client, mock server, scenario), the verdict
// banner above the session's tabs, and the status bar. The panes (app/gui/panes/) show; the
// SessionCoordinator wires the server, the client, the session and HAR; this class places them
// and routes the user's commands.
//
// The GUI thread owns widgets and models only: the mock server and the client run on their own
// threads behind their controllers, and events reach the models in batches.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    struct StartOptions
    {
        bool startServer = true; // start the mock server when the window opens
        bool connectClient = true; // and connect the client to it (first launch: events flow)
        bool firstRunTour = true; // open the presets tour on the very first launch (tests turn it off)
        QString recoveryDirectory; // unsaved scenario edits; empty: ScenarioRecovery::defaultDirectory()
    };

    using SessionTab = SessionTabs::Tab; // the session's tabs, in their order (View menu: Ctrl+1 …)

    // Where warnings and errors go: a message box by default; tests record them instead.
    using MessageHandler = std::function<void(const QString &title, const QString &text)>;
    // Yes/no questions (restore unsaved edits?): a message box by default.
    using QuestionHandler = std::function<bool(const QString &title, const QString &text)>;

    explicit MainWindow(QWidget *parent = nullptr);
    explicit MainWindow(const StartOptions &start, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and scripting the window.
    void selectPreset(const QString &name);
    bool connectClient(); // false when the options are unusable (the status bar says why)
    void disconnectClient();
    void reconnectNow();
    bool startServer();
    void stopServer();
    bool openScenarioFile(const QString &path);
    bool saveScenarioFile(const QString &path);
    void showTab(SessionTab tab);
    SessionTab currentTab() const;

    // HAR (docs/har.md): the shown session to a file, sanitized unless keepSecrets; and a file
    // into the panes, read-only (the live client is disconnected first). A bad file is refused
    // whole, the panes stay as they were, and lastError() says file:line:column and why.
    bool exportSessionHar(const QString &path, bool keepSecrets);
    // browser: diagnose the file's stream as that engine (BrowserProfile::names()); empty: the
    // one the file names. diagnoseImportAs() re-reads the shown import for another engine.
    bool importSessionHar(const QString &path, const QString &browser = QString());
    bool diagnoseImportAs(const QString &browser);
    bool isShowingImport() const { return m_coordinator->isShowingImport(); }
    const Session &shownSession() const { return m_coordinator->shownSession(); } // the imported one, else the client's
    QString lastError() const { return m_lastError; }
    void setMessageHandler(MessageHandler handler) { m_messageHandler = std::move(handler); }
    void setQuestionHandler(QuestionHandler handler) { m_questionHandler = std::move(handler); }

    // Crash recovery (ScenarioRecovery): every edit is kept until the scenario is saved, another
    // one is loaded or the window closes cleanly; at start the window offers what a crash left.
    const Scenario &editedScenario() const;
    QString currentScenarioFile() const;
    bool hasUnsavedEdits() const;
    void storeRecoveryNow(); // what the debounce timer does (tests)

    // Help: the shipped Markdown docs (share/doc/ssescope/, else the source tree's docs/) in the
    // window's Help dock (right; hidden until asked for), else the online copy. On the very first
    // launch the dock opens on the presets tour, inside the window. helpDocPath() is empty when
    // no local copy exists.
    static QString helpDocPath(const QString &file);
    void openHelp(const QString &file);
    QTextBrowser *helpViewer() const;
    QDockWidget *helpDock() const;

    const EventsModel *eventsModel() const { return m_coordinator->events(); }
    const FindingsModel *findingsModel() const { return m_coordinator->findings(); }
    const ExchangesModel *exchangesModel() const { return m_coordinator->exchanges(); }
    const BrowserClientController *client() const { return m_coordinator->client(); }
    const MockServerController *server() const { return m_coordinator->server(); }
    const SessionCoordinator *coordinator() const { return m_coordinator; }
    QString verdictText() const;
    QString enginesText() const; // the banner's line of one verdict per engine

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildDocks();
    void connectPanes();
    void restoreState();
    void startUp(const StartOptions &start);

    void followMockServer();
    void updateBanner();
    void updateStatus();
    void offerScenarioFixes();
    void updateServerState();
    void clearEvents();
    void openTestPage();
    void exportSessionDialog();
    void importSessionDialog();
    void showMessage(const QString &title, const QString &text);
    void addRecent(const QString &path);
    void showTourIfFirstRun();
    bool ask(const QString &title, const QString &text);

    Settings m_settings;
    SessionCoordinator *m_coordinator = nullptr;
    QString m_lastError;
    MessageHandler m_messageHandler;
    QuestionHandler m_questionHandler;
    HelpDock *m_helpDock = nullptr;

    WindowActions *m_actions = nullptr;
    // panes
    BannerPane *m_banner = nullptr;
    SessionTabs *m_tabs = nullptr;
    ClientPane *m_clientPane = nullptr;
    ServerPane *m_serverPane = nullptr;
    ScenarioPane *m_scenarioPane = nullptr;

    // status bar
    QLabel *m_serverStatus = nullptr;
    QLabel *m_clientStatus = nullptr;
    QLabel *m_rateStatus = nullptr;
};

} // namespace SseScope::Gui
