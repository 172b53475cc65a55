#include "mainwindow.h"

#include "harexportdialog.h"
#include "helpviewer.h"
#include "interceptdialog.h"
#include "panes/bannerpane.h"
#include "panes/clientpane.h"
#include "panes/diagnosispane.h"
#include "panes/enginespane.h"
#include "panes/eventspane.h"
#include "panes/realbrowserpane.h"
#include "panes/scenariopane.h"
#include "panes/serverpane.h"
#include "presentationmodels.h"
#include "sessioncoordinator.h"
#include "sessiontabs.h"
#include "windowactions.h"

#include <client/browserclientcontroller.h>
#include <models/eventsmodel.h>
#include <models/findingsmodel.h>
#include <server/mockservercontroller.h>
#include <session/harwriter.h>

#include <QAction>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace SseScope::Gui {

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(StartOptions{}, parent)
{
}

MainWindow::MainWindow(const StartOptions &start, QWidget *parent)
    : QMainWindow(parent)
    , m_coordinator(new SessionCoordinator(start.recoveryDirectory, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("SSE Scope"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    buildActions();

    // The verdict banner sits above every pane: the answer is always in view.
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(4, 4, 4, 0);
    centralLayout->setSpacing(4);
    m_banner = new BannerPane(central);
    centralLayout->addWidget(m_banner);

    m_tabs = new SessionTabs(m_coordinator, m_settings, m_actions->openPage->icon(), central);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    buildDocks();

    // Status bar.
    m_serverStatus = new QLabel(this);
    m_clientStatus = new QLabel(this);
    m_rateStatus = new QLabel(this);
    statusBar()->addPermanentWidget(m_clientStatus);
    statusBar()->addPermanentWidget(m_rateStatus);
    statusBar()->addPermanentWidget(m_serverStatus);
    // The settings are saved from the event loop; a full disk must not pass in silence.
    connect(&m_settings, &Settings::saveFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("The settings were not saved: %1").arg(error), 8000);
    });
    connectPanes();

    restoreState();
    m_scenarioPane->showInitial(m_coordinator->scenario()); // the default scenario
    updateBanner();
    updateServerState();
    updateStatus();
    QTimer::singleShot(0, this, [this, start] { startUp(start); });
}

MainWindow::~MainWindow()
{
    // While the panes still listen: the last notifications of both ends reach living widgets.
    m_coordinator->client()->stop();
    m_coordinator->server()->stop();
}

// -- building --

void MainWindow::buildActions()
{
    m_actions = new WindowActions(this, SessionTabs::titles());
    WindowActions *a = m_actions;
    connect(a->connectClient, &QAction::triggered, this, [this] { connectClient(); });
    connect(a->disconnectClient, &QAction::triggered, this, &MainWindow::disconnectClient);
    connect(a->reconnect, &QAction::triggered, this, &MainWindow::reconnectNow);
    connect(a->startServer, &QAction::triggered, this, [this] { startServer(); });
    connect(a->stopServer, &QAction::triggered, this, &MainWindow::stopServer);
    connect(a->openScenario, &QAction::triggered, this, [this] { m_scenarioPane->openDialog(); });
    connect(a->saveScenario, &QAction::triggered, this, [this] {
        if (m_coordinator->currentFile().isEmpty()) {
            m_scenarioPane->saveDialog();
        } else {
            saveScenarioFile(m_coordinator->currentFile());
        }
    });
    connect(a->saveScenarioAs, &QAction::triggered, this, [this] { m_scenarioPane->saveDialog(); });
    connect(a->openPage, &QAction::triggered, this, &MainWindow::openTestPage);
    connect(a->compareEngines, &QAction::toggled, this, [this](bool on) { m_coordinator->setCompareEngines(on); });
    connect(a->interceptBrowser, &QAction::triggered, this, [this] { InterceptDialog::showFor(this, m_settings); });
    connect(a->clearEvents, &QAction::triggered, this, &MainWindow::clearEvents);
    connect(a->exportHar, &QAction::triggered, this, &MainWindow::exportSessionDialog);
    connect(a->importHar, &QAction::triggered, this, &MainWindow::importSessionDialog);
    for (QAction *as : std::as_const(a->diagnoseImportAs)) {
        connect(as, &QAction::triggered, this, [this, as] { diagnoseImportAs(as->data().toString()); });
    }
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->find, &QAction::triggered, this, [this] {
        showTab(SessionTab::Events);
        m_tabs->events()->focusSearch();
    });
    for (int i = 0; i < a->tabs.size(); ++i) {
        connect(a->tabs.at(i), &QAction::triggered, this, [this, i] { showTab(SessionTab(i)); });
    }
    for (QAction *doc : std::as_const(a->docs)) {
        connect(doc, &QAction::triggered, this, [this, doc] { openHelp(doc->data().toString()); });
    }
    connect(a, &WindowActions::recentFileChosen, this, [this](const QString &path) {
        if (path.endsWith(QStringLiteral(".har"), Qt::CaseInsensitive)) {
            importSessionHar(path);
        } else {
            openScenarioFile(path);
        }
    });
    connect(a, &WindowActions::clearRecentFiles, this, [this] {
        m_settings.clearRecentFiles();
        m_actions->setRecentFiles(m_settings.recentFiles());
    });
    a->setRecentFiles(m_settings.recentFiles());
}

// Left: the client's target above the scenario; the server's status tabbed with the client.
void MainWindow::buildDocks()
{
    const auto dock = [this](const QString &title, const QString &name, QWidget *pane) {
        auto *widget = new QDockWidget(title, this);
        widget->setObjectName(name);
        pane->setParent(widget);
        widget->setWidget(pane);
        m_actions->viewMenu->addAction(widget->toggleViewAction());
        return widget;
    };
    m_clientPane = new ClientPane(m_settings);
    m_serverPane = new ServerPane(m_settings);
    m_scenarioPane = new ScenarioPane(m_coordinator, m_settings);
    QDockWidget *clientDock = dock(tr("Client"), QStringLiteral("clientDock"), m_clientPane);
    QDockWidget *serverDock = dock(tr("Mock server"), QStringLiteral("serverDock"), m_serverPane);
    QDockWidget *scenarioDock = dock(tr("Scenario"), QStringLiteral("scenarioDock"), m_scenarioPane);
    addDockWidget(Qt::LeftDockWidgetArea, clientDock);
    addDockWidget(Qt::LeftDockWidgetArea, scenarioDock);
    splitDockWidget(clientDock, scenarioDock, Qt::Vertical);
    tabifyDockWidget(clientDock, serverDock);
    clientDock->raise();
    resizeDocks({clientDock, scenarioDock}, {230, 470}, Qt::Vertical);
    resizeDocks({clientDock}, {520}, Qt::Horizontal);

    // Help (the tour, the docs) lives in the window, not in a second one: the app is what a user
    // sees first, and the docs stay beside it.
    m_helpDock = new HelpDock(this);
    m_actions->viewMenu->addAction(m_helpDock->toggleViewAction());
}

void MainWindow::connectPanes()
{
    SessionCoordinator *c = m_coordinator;
    connect(m_scenarioPane, &ScenarioPane::scenarioApplied, this, [this] {
        if (m_clientPane->isFollowingServer()) {
            followMockServer();
        }
        offerScenarioFixes();
    });
    connect(m_scenarioPane, &ScenarioPane::fileUsed, this, &MainWindow::addRecent);
    connect(m_scenarioPane, &ScenarioPane::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_clientPane, &ClientPane::followServerRequested, this, &MainWindow::followMockServer);
    connect(m_clientPane, &ClientPane::profileChanged, this, &MainWindow::updateBanner);
    connect(m_serverPane, &ServerPane::startStopClicked, this,
            [this] { m_coordinator->server()->isRunning() ? stopServer() : void(startServer()); });
    connect(m_tabs->diagnosis(), &DiagnosisPane::applyToScenario, this,
            [this](const Scenario &fixed, const QStringList &knobs) {
                m_scenarioPane->applyEdit(fixed, knobs.join(QStringLiteral(", ")));
                statusBar()->showMessage(
                    tr("Applied to the scenario: %1. The stream reconnects with it.").arg(knobs.join(QStringLiteral(", "))),
                    8000);
            });
    connect(m_tabs, &SessionTabs::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_tabs->realBrowser(), &RealBrowserPane::openRequested, this, &MainWindow::openTestPage);
    m_tabs->realBrowser()->setInstalledBrowsers(detectInstalledBrowsers());
    connect(m_tabs->realBrowser(), &RealBrowserPane::openInBrowserRequested, this,
        [this](const InstalledBrowser &browser) {
            const MockServerController *server = m_coordinator->server();
            if (!server->isRunning()) {
                return;
            }
            const bool started = browser.launch(server->pageUrl());
            showTab(SessionTab::RealBrowser);
            statusBar()->showMessage(started ? tr("Opened %1 in %2; waiting for its report.")
                                                   .arg(server->pageUrl().toString(), browser.displayName)
                                             : tr("Could not start %1 (%2).").arg(browser.displayName, browser.program),
                5000);
        });

    // The tabs follow the coordinator themselves (SessionTabs); the banner, the scenario's fixes
    // and the status bar are the window's.
    connect(c, &SessionCoordinator::outcomeChanged, this, [this] {
        offerScenarioFixes();
        updateBanner();
        updateStatus();
    });
    connect(c, &SessionCoordinator::serverStateChanged, this, &MainWindow::updateServerState);
    connect(c, &SessionCoordinator::reconnectDue, this, &MainWindow::reconnectNow);
    connect(c, &SessionCoordinator::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(c, &SessionCoordinator::ticked, this, &MainWindow::updateStatus);
}

void MainWindow::showTab(SessionTab tab)
{
    m_tabs->show(tab);
}

MainWindow::SessionTab MainWindow::currentTab() const
{
    return m_tabs->current();
}

void MainWindow::restoreState()
{
    const QByteArray geometry = m_settings.windowGeometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        resize(1366, 768);
    }
    QMainWindow::restoreState(m_settings.windowState());
    for (QSplitter *splitter : m_tabs->splitters()) {
        splitter->restoreState(m_settings.splitterState(splitter->objectName()));
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    for (QSplitter *splitter : m_tabs->splitters()) {
        m_settings.setSplitterState(splitter->objectName(), splitter->saveState());
    }
    m_serverPane->savePorts();
    // A clean close: the edits were left unsaved on purpose, so nothing is offered next time.
    m_coordinator->discardRecovery();
    m_coordinator->client()->stop();
    m_coordinator->server()->stop();
    event->accept();
}

void MainWindow::startUp(const StartOptions &start)
{
    if (start.startServer && m_settings.connectOnStart()) {
        if (startServer() && start.connectClient) {
            connectClient();
        }
    }
    m_scenarioPane->offerRecovery([this](const QString &title, const QString &text) { return ask(title, text); });
    if (start.firstRunTour) {
        showTourIfFirstRun();
    }
}

// -- scenario and server --

void MainWindow::selectPreset(const QString &name)
{
    m_scenarioPane->selectPreset(name);
}

void MainWindow::followMockServer()
{
    const MockServerController *server = m_coordinator->server();
    m_clientPane->followServer(m_scenarioPane->scenario(), server->isRunning(), server->apiUrl(), server->pageUrl());
}

bool MainWindow::startServer()
{
    QString error;
    if (!m_coordinator->startServer(m_serverPane->options(), &error)) {
        statusBar()->showMessage(tr("The mock server did not start: %1").arg(error));
        return false;
    }
    if (m_clientPane->isFollowingServer()) {
        followMockServer();
    }
    return true;
}

void MainWindow::stopServer()
{
    m_coordinator->stopServer();
}

void MainWindow::updateServerState()
{
    const MockServerController *server = m_coordinator->server();
    const bool running = server->isRunning();
    const int streams = m_coordinator->openStreams();
    m_serverPane->showState(running, server->apiUrl(), server->pageUrl(), streams);
    m_actions->startServer->setEnabled(!running);
    m_actions->stopServer->setEnabled(running);
    m_actions->openPage->setEnabled(running);
    m_serverStatus->setText(running ? tr("Mock server %1 · %n open stream(s)", nullptr, streams)
                                          .arg(server->apiUrl().toString())
                                    : tr("Mock server stopped"));
}

bool MainWindow::openScenarioFile(const QString &path)
{
    return m_scenarioPane->openFile(path);
}

bool MainWindow::saveScenarioFile(const QString &path)
{
    return m_scenarioPane->saveFile(path);
}

void MainWindow::addRecent(const QString &path)
{
    m_settings.addRecentFile(path);
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    m_actions->setRecentFiles(m_settings.recentFiles());
}

void MainWindow::openTestPage()
{
    const MockServerController *server = m_coordinator->server();
    if (!server->isRunning()) {
        return;
    }
    m_tabs->realBrowser()->clearReports();
    QDesktopServices::openUrl(server->pageUrl());
    showTab(SessionTab::RealBrowser);
    statusBar()->showMessage(tr("Opened %1 in your browser; waiting for its report.").arg(server->pageUrl().toString()),
                             5000);
}

// -- client --

bool MainWindow::connectClient()
{
    QString error;
    const ClientOptions options = m_clientPane->options(&error);
    if (!error.isEmpty()) {
        statusBar()->showMessage(error, 8000);
        return false;
    }
    if (!m_coordinator->connectClient(options, &error)) {
        statusBar()->showMessage(tr("Cannot connect: %1").arg(error), 8000);
        return false;
    }
    return true;
}

void MainWindow::disconnectClient()
{
    m_coordinator->disconnectClient();
}

void MainWindow::reconnectNow()
{
    connectClient();
}

void MainWindow::clearEvents()
{
    m_tabs->clearEvents();
    updateStatus();
}

// -- presentation of the session --

QString MainWindow::verdictText() const
{
    return m_banner->headlineText();
}

QString MainWindow::enginesText() const
{
    return m_banner->enginesText();
}

void MainWindow::updateBanner()
{
    const Session &session = m_coordinator->shownSession();
    EngineOutcome outcome;
    outcome.browser = m_coordinator->isShowingImport() ? BrowserProfile::fromName(session.info().browser).displayName
                                                       : m_clientPane->browserName();
    outcome.verdict = session.verdict();
    outcome.findings = session.findings();
    outcome.running = m_coordinator->client()->isRunning();
    outcome.recorded = !session.exchanges().isEmpty();
    m_banner->showOutcomes({outcome});
    const QList<EngineResult> engines = m_coordinator->engineResults();
    m_banner->showEngines(engines);
    m_tabs->engines()->showEngines(engines);
    // Beside the real browsers' reports: the three predictions, or the shown engine's alone.
    const BrowserProfile shown = BrowserProfile::fromName(
        m_coordinator->isShowingImport() ? session.info().browser : m_clientPane->browser());
    m_tabs->realBrowser()->showPredictions(
        engines.isEmpty() ? QList<EngineResult>{EngineResult{shown.name, shown.displayName, outcome.verdict, {}}} : engines);
}

void MainWindow::offerScenarioFixes()
{
    // Only a session against the mock server (live, following it) can be fixed by its scenario.
    const bool onMock = !m_coordinator->isShowingImport() && m_clientPane->isFollowingServer()
        && m_coordinator->server()->isRunning();
    m_tabs->diagnosis()->setMockScenario(onMock ? std::optional<Scenario>(m_scenarioPane->scenario()) : std::nullopt);
}

void MainWindow::updateStatus()
{
    const bool running = m_coordinator->client()->isRunning();
    m_actions->connectClient->setEnabled(true);
    m_actions->disconnectClient->setEnabled(running);
    for (QAction *as : std::as_const(m_actions->diagnoseImportAs)) {
        as->setEnabled(m_coordinator->isShowingImport());
    }
    const Verdict &verdict = m_coordinator->shownSession().verdict();
    m_clientStatus->setText(m_coordinator->isShowingImport() ? tr("Imported session (read-only)")
                            : running ? tr("Client: %1 · %n reconnect(s)", nullptr, verdict.reconnects)
                                            .arg(readyStateName(verdict.readyState))
                                      : tr("Client: idle"));
    m_rateStatus->setText(tr("%1 events/s").arg(QLocale().toString(m_coordinator->eventsPerSecond(), 'f', 0)));
    m_tabs->events()->updateCount();
}

// -- HAR --

void MainWindow::showMessage(const QString &title, const QString &text)
{
    if (m_messageHandler) {
        m_messageHandler(title, text);
    } else {
        QMessageBox::warning(this, title, text);
    }
}

bool MainWindow::exportSessionHar(const QString &path, bool keepSecrets)
{
    QString error;
    if (!m_coordinator->exportHar(path, keepSecrets, &error)) {
        m_lastError = error;
        showMessage(tr("Export Session as HAR"), error);
        return false;
    }
    m_lastError.clear();
    addRecent(path);
    statusBar()->showMessage(tr("Exported %1").arg(path), 5000);
    if (keepSecrets) {
        // The file holds cookies and credentials: say so every time, as the CLI does.
        showMessage(tr("Export Session as HAR"), HarWriter::keepSecretsWarning(path));
    }
    return true;
}

bool MainWindow::importSessionHar(const QString &path, const QString &browser)
{
    QString error;
    QString creator;
    const std::optional<BrowserProfile> profile
        = browser.isEmpty() ? std::nullopt : std::optional<BrowserProfile>(BrowserProfile::fromName(browser));
    if (!m_coordinator->importHar(path, &error, &creator, profile)) {
        // Refused whole: the panes keep what they showed.
        m_lastError = error;
        showMessage(tr("Import HAR"), tr("Cannot import the HAR file:\n%1").arg(m_lastError));
        return false;
    }
    m_lastError.clear();
    addRecent(path);
    setWindowTitle(tr("SSE Scope — %1 (imported, read-only)").arg(QFileInfo(path).fileName()));
    const QString diagnosedAs = shownSession().info().browser;
    for (QAction *as : std::as_const(m_actions->diagnoseImportAs)) {
        as->setChecked(as->data().toString() == diagnosedAs);
    }
    statusBar()->showMessage(tr("Imported %1 (%2): %n event(s)", nullptr, int(shownSession().events().size()))
                                 .arg(QFileInfo(path).fileName(), creator),
                             8000);
    return true;
}

bool MainWindow::diagnoseImportAs(const QString &browser)
{
    const QString path = m_coordinator->importedPath();
    return !path.isEmpty() && importSessionHar(path, browser);
}

void MainWindow::exportSessionDialog()
{
    const std::optional<bool> keepSecrets = HarExportDialog::ask(this);
    if (!keepSecrets) {
        return;
    }
    const QString suggested = QDir(m_settings.lastDirectory()).filePath(QStringLiteral("session.har"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Session as HAR"), suggested,
                                                      tr("HAR files (*.har);;All files (*)"));
    if (!path.isEmpty()) {
        exportSessionHar(path, *keepSecrets);
    }
}

void MainWindow::importSessionDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import HAR"), m_settings.lastDirectory(),
                                                      tr("HAR files (*.har *.json);;All files (*)"));
    if (!path.isEmpty()) {
        importSessionHar(path);
    }
}

// -- help and tour --

QTextBrowser *MainWindow::helpViewer() const
{
    return m_helpDock->viewer();
}

QDockWidget *MainWindow::helpDock() const
{
    return m_helpDock;
}

QString MainWindow::helpDocPath(const QString &file)
{
    return HelpViewer::docPath(file);
}

void MainWindow::openHelp(const QString &file)
{
    m_helpDock->open(file);
}

void MainWindow::showTourIfFirstRun()
{
    if (m_settings.tourShown()) {
        return;
    }
    // Once only: the Help menu has it afterwards.
    m_settings.setTourShown(true);
    openHelp(QStringLiteral("presets-tour.md"));
}

// -- the scenario document and its crash recovery (ScenarioPane, SessionCoordinator) --

const Scenario &MainWindow::editedScenario() const
{
    return m_scenarioPane->scenario();
}

QString MainWindow::currentScenarioFile() const
{
    return m_coordinator->currentFile();
}

bool MainWindow::hasUnsavedEdits() const
{
    return m_coordinator->hasUnsavedEdits();
}

void MainWindow::storeRecoveryNow()
{
    m_coordinator->storeRecoveryNow();
}

bool MainWindow::ask(const QString &title, const QString &text)
{
    if (m_questionHandler) {
        return m_questionHandler(title, text);
    }
    return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
        == QMessageBox::Yes;
}

} // namespace SseScope::Gui
