#pragma once

#include "settings.h"

#include <client/clientoptions.h>
#include <scenario/scenario.h>
#include <scenario/scenariorecovery.h>

#include <QJsonObject>
#include <QMainWindow>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTreeWidget;

namespace SseScope {
class BrowserClientController;
class CookiesModel;
class EventFilterProxyModel;
class EventsModel;
class ExchangesModel;
class FindingsModel;
class MockServerController;
class Session;
} // namespace SseScope

namespace SseScope::Gui {

class ScenarioEditor;
class TimelineWidget;

// The inspector: scenario and server on the left, the client's target and settings above them,
// and the session in the middle (events, exchanges, diagnosis, timeline, the real browser),
// under a verdict banner that always says what the chosen browser does with the stream.
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

    // HAR (docs/har.md): the shown session to a file, sanitized unless keepSecrets; and a file
    // into the panes, read-only (the live client is disconnected first). A bad file is refused
    // whole, the panes stay as they were, and lastError() says file:line:column and why.
    bool exportSessionHar(const QString &path, bool keepSecrets);
    bool importSessionHar(const QString &path);
    bool isShowingImport() const { return m_imported != nullptr; }
    const Session &shownSession() const; // the imported one, else the client's
    QString lastError() const { return m_lastError; }
    void setMessageHandler(MessageHandler handler) { m_messageHandler = std::move(handler); }
    void setQuestionHandler(QuestionHandler handler) { m_questionHandler = std::move(handler); }

    // Crash recovery (ScenarioRecovery): every edit is kept until the scenario is saved, another
    // one is loaded or the window closes cleanly; at start the window offers what a crash left.
    const Scenario &editedScenario() const;
    QString currentScenarioFile() const { return m_currentFile; }
    bool hasUnsavedEdits() const { return m_unsavedEdits; }
    void storeRecoveryNow(); // what the debounce timer does (tests)

    // Help: the shipped Markdown docs (share/doc/ssescope/, else the source tree's docs/) in a
    // non-modal viewer, else the online copy. helpDocPath() is empty when no local copy exists.
    static QString helpDocPath(const QString &file);
    void openHelp(const QString &file);
    QTextBrowser *helpViewer() const { return m_helpViewer; }

    const EventsModel *eventsModel() const { return m_events; }
    const FindingsModel *findingsModel() const { return m_findings; }
    const ExchangesModel *exchangesModel() const { return m_exchanges; }
    const BrowserClientController *client() const { return m_client; }
    const MockServerController *server() const { return m_server; }
    QString verdictText() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolBar();
    QWidget *buildClientPanel();
    QWidget *buildServerPanel();
    QWidget *buildEventsPane();
    QWidget *buildExchangesPane();
    QWidget *buildDiagnosisPane();
    QWidget *buildBrowserPane();
    void restoreState();
    void startUp(const StartOptions &start);

    void applyScenario(const Scenario &scenario, bool fromPreset);
    void followMockServer();
    ClientOptions clientOptions(QString *errorString) const;
    void clearSession();

    void onEventsRecorded(qsizetype count);
    void onChunksRecorded(qsizetype count);
    void onExchangeRecorded(quint64 id);
    void onCookiesRecorded(qsizetype count);
    void onFindingsChanged();
    void onVerdictChanged();
    void onClientFinished();
    void onReportReceived(const QJsonObject &report);
    void flushRaw();
    void updateBanner();
    void updateStatus();
    void updateServerPanel();
    void showEvent(const QModelIndex &proxyIndex);
    void showExchange(const QModelIndex &index);
    void showFinding(const QModelIndex &index);
    void updateEventTypeFilter();
    void updateRecentMenu();
    void openScenarioDialog();
    void saveScenarioDialog();
    void openTestPage();
    void exportSessionDialog();
    void importSessionDialog();
    void showMessage(const QString &title, const QString &text);
    void showSession(const Session &session); // fills every pane from a finished session
    void appendChunks(const Session &session, qsizetype count);
    void addRecent(const QString &path);
    void showTourIfFirstRun();
    void offerRecovery();
    void discardRecovery(); // the current document's edits are saved or thrown away
    bool ask(const QString &title, const QString &text);

    Settings m_settings;
    MockServerController *m_server = nullptr;
    BrowserClientController *m_client = nullptr;
    QString m_currentFile;
    std::unique_ptr<Session> m_imported; // set while an imported HAR is shown
    QString m_lastError;
    MessageHandler m_messageHandler;
    QuestionHandler m_questionHandler;
    ScenarioRecovery m_recovery;
    QTimer m_recoveryTimer; // debounces edits before they are written
    bool m_unsavedEdits = false;
    QTextBrowser *m_helpViewer = nullptr;
    int m_openStreams = 0;
    bool m_clientWanted = false; // the user asked to be connected (edits reconnect)
    QTimer m_reconnectTimer; // debounces live edits
    QTimer m_statusTimer;
    quint64 m_eventsAtLastTick = 0;
    double m_eventsPerSecond = 0;
    qsizetype m_stateChangesShown = 0; // session().stateChanges() already on the timeline

    // models
    EventsModel *m_events = nullptr;
    EventFilterProxyModel *m_eventFilter = nullptr;
    ExchangesModel *m_exchanges = nullptr;
    FindingsModel *m_findings = nullptr;
    CookiesModel *m_cookies = nullptr;
    QSortFilterProxyModel *m_cookieFilter = nullptr;

    // actions
    QAction *m_connectAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_startServerAction = nullptr;
    QAction *m_stopServerAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_openPageAction = nullptr;
    QAction *m_clearAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;

    // scenario and server
    QComboBox *m_presetCombo = nullptr;
    QLabel *m_presetSummary = nullptr;
    ScenarioEditor *m_editor = nullptr;
    QLabel *m_apiUrlLabel = nullptr;
    QLabel *m_pageUrlLabel = nullptr;
    QLabel *m_connectionsLabel = nullptr;
    QSpinBox *m_apiPortSpin = nullptr;
    QSpinBox *m_pagePortSpin = nullptr;
    QPushButton *m_serverButton = nullptr;

    // client
    QCheckBox *m_followMock = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QLineEdit *m_originEdit = nullptr;
    QComboBox *m_profileCombo = nullptr;
    QComboBox *m_modeCombo = nullptr;
    QCheckBox *m_credentialsCheck = nullptr;
    QPlainTextEdit *m_headersEdit = nullptr;
    QLineEdit *m_loginEdit = nullptr;

    // session panes
    QLabel *m_banner = nullptr;
    QLabel *m_bannerDetail = nullptr;
    QTabWidget *m_tabs = nullptr;
    QComboBox *m_typeFilter = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QCheckBox *m_autoScroll = nullptr;
    QLabel *m_eventCountLabel = nullptr;
    QTableView *m_eventsView = nullptr;
    QPlainTextEdit *m_eventDetail = nullptr;
    QPlainTextEdit *m_rawView = nullptr;
    QString m_rawPending;
    qint64 m_rawPendingDropped = 0;
    QSet<quint64> m_bodyAdvanced; // exchanges whose body grew since the last flushRaw()
    QTimer m_rawTimer;
    QTableView *m_exchangesView = nullptr;
    QTreeWidget *m_exchangeDetail = nullptr;
    QTableView *m_cookiesView = nullptr;
    QPlainTextEdit *m_consoleView = nullptr;
    QTableView *m_findingsView = nullptr;
    QTextBrowser *m_findingDetail = nullptr;
    QTabWidget *m_snippetTabs = nullptr;
    QPlainTextEdit *m_fixHeaders = nullptr;
    QPlainTextEdit *m_snippetExpress = nullptr;
    QPlainTextEdit *m_snippetNginx = nullptr;
    QPlainTextEdit *m_snippetGo = nullptr;
    TimelineWidget *m_timeline = nullptr;
    QTextBrowser *m_predictionView = nullptr;
    QTextBrowser *m_reportView = nullptr;
    QLabel *m_agreementLabel = nullptr;
    QJsonObject m_lastReport;

    // status bar
    QLabel *m_serverStatus = nullptr;
    QLabel *m_clientStatus = nullptr;
    QLabel *m_rateStatus = nullptr;
    QList<QSplitter *> m_splitters;
};

} // namespace SseScope::Gui
