#include "mainwindow.h"

#include "presentationmodels.h"
#include "scenarioeditor.h"
#include "timelinewidget.h"

#include <client/browserclientcontroller.h>
#include <models/cookiesmodel.h>
#include <models/eventfilterproxymodel.h>
#include <models/eventsmodel.h>
#include <models/exchangesmodel.h>
#include <models/findingsmodel.h>
#include <scenario/presetlibrary.h>
#include <scenario/scenariojson.h>
#include <server/mockservercontroller.h>
#include <session/harreader.h>
#include <session/harwriter.h>
#include <session/session.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace SseScope::Gui {

namespace {
// The session keeps fewer events than the window: the events model holds the million the
// window shows (DESIGN.md "Budgets"); the session's copy is for reports and export.
Session::Limits sessionLimits()
{
    Session::Limits limits;
    limits.maxEvents = 100000;
    return limits;
}

QTableView *makeTable(QWidget *parent, const QString &objectName)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    // Fixed row height: a million rows must not be measured.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QPlainTextEdit *makeTextView(QWidget *parent, const QString &objectName)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

// Raw bytes with their line endings visible: CR as ␍, LF as ␊ (then a line break).
QString rawText(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("␍␊\n"));
    text.replace(u'\r', QStringLiteral("␍\n"));
    QString result;
    result.reserve(text.size() + 16);
    for (const QChar c : std::as_const(text)) {
        if (c == u'\n') {
            // "␍\n" and "␍␊\n" already carry their marker; a bare LF gets ␊.
            if (!result.endsWith(u'␍') && !result.endsWith(u'␊')) {
                result += u'␊';
            }
            result += u'\n';
        } else {
            result += c;
        }
    }
    return result;
}

QString headersText(const HttpHeaders &headers)
{
    QString text;
    for (const HttpHeader &line : headers.lines()) {
        text += QString::fromLatin1(line.name) + QStringLiteral(": ") + QString::fromUtf8(line.value) + u'\n';
    }
    return text;
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(StartOptions{}, parent)
{
}

MainWindow::MainWindow(const StartOptions &start, QWidget *parent)
    : QMainWindow(parent)
    , m_recovery(start.recoveryDirectory.isEmpty() ? ScenarioRecovery::defaultDirectory() : start.recoveryDirectory)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("SSE Scope"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_server = new MockServerController(this);
    m_client = new BrowserClientController(sessionLimits(), this);

    m_events = new EventsModel(this);
    m_eventFilter = new EventFilterProxyModel(this);
    m_eventFilter->setSourceModel(m_events);
    m_exchanges = new ExchangesModel(this);
    m_findings = new FindingsModel(this);
    m_cookies = new CookiesModel(this);
    m_cookieFilter = new QSortFilterProxyModel(this);
    m_cookieFilter->setSourceModel(m_cookies);
    m_cookieFilter->setFilterRole(CookieExchangeIdRole);
    m_cookieFilter->setFilterKeyColumn(CookieColumn::Exchange);

    buildActions();
    buildMenus();
    buildToolBar();

    // The verdict banner sits above every pane: the answer is always in view.
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(4, 4, 4, 0);
    centralLayout->setSpacing(4);
    auto *bannerBox = new QFrame(central);
    bannerBox->setObjectName(QStringLiteral("verdictBanner"));
    bannerBox->setFrameShape(QFrame::StyledPanel);
    auto *bannerLayout = new QVBoxLayout(bannerBox);
    bannerLayout->setContentsMargins(10, 6, 10, 6);
    bannerLayout->setSpacing(2);
    m_banner = new QLabel(bannerBox);
    m_banner->setObjectName(QStringLiteral("verdictLabel"));
    QFont bannerFont = m_banner->font();
    bannerFont.setPointSizeF(bannerFont.pointSizeF() * 1.3);
    bannerFont.setBold(true);
    m_banner->setFont(bannerFont);
    m_bannerDetail = new QLabel(bannerBox);
    m_bannerDetail->setObjectName(QStringLiteral("verdictDetail"));
    m_bannerDetail->setWordWrap(true);
    m_bannerDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bannerLayout->addWidget(m_banner);
    bannerLayout->addWidget(m_bannerDetail);
    centralLayout->addWidget(bannerBox);

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("sessionTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildEventsPane(), tr("&Events"));
    m_tabs->addTab(buildExchangesPane(), tr("E&xchanges"));
    m_tabs->addTab(buildDiagnosisPane(), tr("&Diagnosis"));
    m_timeline = new TimelineWidget(m_tabs);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_tabs->addTab(m_timeline, tr("&Timeline"));
    m_tabs->addTab(buildBrowserPane(), tr("&Real browser"));
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    // Left: the client's target above the scenario; the server's status tabbed with the client.
    auto *clientDock = new QDockWidget(tr("Client"), this);
    clientDock->setObjectName(QStringLiteral("clientDock"));
    clientDock->setWidget(buildClientPanel());
    addDockWidget(Qt::LeftDockWidgetArea, clientDock);
    auto *serverDock = new QDockWidget(tr("Mock server"), this);
    serverDock->setObjectName(QStringLiteral("serverDock"));
    serverDock->setWidget(buildServerPanel());

    auto *scenarioDock = new QDockWidget(tr("Scenario"), this);
    scenarioDock->setObjectName(QStringLiteral("scenarioDock"));
    auto *scenarioWidget = new QWidget(scenarioDock);
    auto *scenarioLayout = new QVBoxLayout(scenarioWidget);
    scenarioLayout->setContentsMargins(4, 4, 4, 4);
    auto *presetRow = new QHBoxLayout;
    auto *presetLabel = new QLabel(tr("&Preset:"), scenarioWidget);
    m_presetCombo = new QComboBox(scenarioWidget);
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    presetLabel->setBuddy(m_presetCombo);
    for (const Scenario &preset : PresetLibrary::all()) {
        m_presetCombo->addItem(preset.title.isEmpty() ? preset.name : preset.title, preset.name);
        m_presetCombo->setItemData(m_presetCombo->count() - 1, preset.summary, Qt::ToolTipRole);
    }
    presetRow->addWidget(presetLabel);
    presetRow->addWidget(m_presetCombo, 1);
    scenarioLayout->addLayout(presetRow);
    m_presetSummary = new QLabel(scenarioWidget);
    m_presetSummary->setObjectName(QStringLiteral("presetSummary"));
    m_presetSummary->setWordWrap(true);
    m_presetSummary->setForegroundRole(QPalette::PlaceholderText);
    scenarioLayout->addWidget(m_presetSummary);
    m_editor = new ScenarioEditor(scenarioWidget);
    m_editor->setObjectName(QStringLiteral("scenarioEditor"));
    scenarioLayout->addWidget(m_editor, 1);
    scenarioDock->setWidget(scenarioWidget);
    addDockWidget(Qt::LeftDockWidgetArea, scenarioDock);
    splitDockWidget(clientDock, scenarioDock, Qt::Vertical);
    tabifyDockWidget(clientDock, serverDock);
    clientDock->raise();
    resizeDocks({clientDock, scenarioDock}, {230, 470}, Qt::Vertical);
    resizeDocks({clientDock}, {520}, Qt::Horizontal);

    m_viewMenu->addAction(clientDock->toggleViewAction());
    m_viewMenu->addAction(serverDock->toggleViewAction());
    m_viewMenu->addAction(scenarioDock->toggleViewAction());

    connect(m_presetCombo, &QComboBox::activated, this, [this](int index) {
        selectPreset(m_presetCombo->itemData(index).toString());
    });
    connect(m_editor, &ScenarioEditor::scenarioEdited, this, [this](const Scenario &scenario) {
        m_unsavedEdits = true;
        m_recoveryTimer.start();
        applyScenario(scenario, false);
    });
    m_recoveryTimer.setSingleShot(true);
    m_recoveryTimer.setInterval(400);
    connect(&m_recoveryTimer, &QTimer::timeout, this, &MainWindow::storeRecoveryNow);

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

    // The client's notifications.
    connect(m_client, &BrowserClientController::eventsRecorded, this, &MainWindow::onEventsRecorded);
    connect(m_client, &BrowserClientController::chunksRecorded, this, &MainWindow::onChunksRecorded);
    connect(m_client, &BrowserClientController::exchangeRecorded, this, &MainWindow::onExchangeRecorded);
    connect(m_client, &BrowserClientController::cookiesRecorded, this, &MainWindow::onCookiesRecorded);
    connect(m_client, &BrowserClientController::findingsChanged, this, &MainWindow::onFindingsChanged);
    connect(m_client, &BrowserClientController::verdictChanged, this, &MainWindow::onVerdictChanged);
    connect(m_client, &BrowserClientController::finished, this, &MainWindow::onClientFinished);

    // The server's: streams counted, and each exchange handed to the client so it measures
    // buffering exactly (write time vs. arrival time).
    connect(m_server, &MockServerController::exchangeStarted, this, [this](const ServerExchange &exchange) {
        if (exchange.kind == ServerExchange::Kind::Stream) {
            ++m_openStreams;
            updateServerPanel();
        }
        m_client->correlateServerExchange(exchange);
    });
    connect(m_server, &MockServerController::exchangeFinished, this, [this](const ServerExchange &exchange) {
        if (exchange.kind == ServerExchange::Kind::Stream) {
            m_openStreams = std::max(0, m_openStreams - 1);
            updateServerPanel();
        }
        m_client->correlateServerExchange(exchange);
    });
    connect(m_server, &MockServerController::reportReceived, this, &MainWindow::onReportReceived);

    m_rawTimer.setSingleShot(true);
    m_rawTimer.setInterval(150);
    connect(&m_rawTimer, &QTimer::timeout, this, &MainWindow::flushRaw);
    m_reconnectTimer.setSingleShot(true);
    m_reconnectTimer.setInterval(300);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        if (m_clientWanted) {
            reconnectNow();
        }
    });
    m_statusTimer.setInterval(1000);
    connect(&m_statusTimer, &QTimer::timeout, this, [this] {
        const quint64 total = m_events->totalCount();
        m_eventsPerSecond = double(total - std::min(total, m_eventsAtLastTick));
        m_eventsAtLastTick = total;
        const QDateTime startedAt = m_client->session().info().startedAt;
        if (m_client->isRunning() && startedAt.isValid()) {
            // Session time runs on while nothing arrives: the timeline's right edge follows it.
            m_timeline->setNow(startedAt.msecsTo(QDateTime::currentDateTimeUtc()));
        }
        updateStatus();
    });
    m_statusTimer.start();

    restoreState();
    const Scenario initial = PresetLibrary::defaultScenario();
    m_presetCombo->setCurrentIndex(std::max(0, m_presetCombo->findData(initial.name)));
    m_presetSummary->setText(initial.summary);
    m_editor->setScenario(initial);
    updateBanner();
    updateServerPanel();
    updateStatus();
    QTimer::singleShot(0, this, [this, start] { startUp(start); });
}

MainWindow::~MainWindow()
{
    m_client->stop();
    m_server->stop();
}

// -- building --

void MainWindow::buildActions()
{
    QStyle *style = this->style();
    m_connectAction = new QAction(style->standardIcon(QStyle::SP_MediaPlay), tr("&Connect"), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_connectAction->setToolTip(tr("Connect the client to the URL (F5)"));
    connect(m_connectAction, &QAction::triggered, this, [this] { connectClient(); });

    m_disconnectAction = new QAction(style->standardIcon(QStyle::SP_MediaStop), tr("&Disconnect"), this);
    m_disconnectAction->setObjectName(QStringLiteral("disconnectAction"));
    m_disconnectAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_disconnectAction->setToolTip(tr("Close the stream, as when the page goes away (Shift+F5)"));
    connect(m_disconnectAction, &QAction::triggered, this, &MainWindow::disconnectClient);

    m_reconnectAction = new QAction(style->standardIcon(QStyle::SP_BrowserReload), tr("&Reconnect now"), this);
    m_reconnectAction->setObjectName(QStringLiteral("reconnectAction"));
    m_reconnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_reconnectAction->setToolTip(tr("Start a fresh session with the current settings (Ctrl+R)"));
    connect(m_reconnectAction, &QAction::triggered, this, &MainWindow::reconnectNow);

    m_startServerAction = new QAction(tr("&Start mock server"), this);
    connect(m_startServerAction, &QAction::triggered, this, [this] { startServer(); });
    m_stopServerAction = new QAction(tr("S&top mock server"), this);
    connect(m_stopServerAction, &QAction::triggered, this, &MainWindow::stopServer);

    m_openAction = new QAction(style->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Scenario…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openScenarioDialog);
    m_saveAction = new QAction(style->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save Scenario"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, [this] {
        if (m_currentFile.isEmpty()) {
            saveScenarioDialog();
        } else {
            saveScenarioFile(m_currentFile);
        }
    });
    m_saveAsAction = new QAction(tr("Save Scenario &As…"), this);
    m_saveAsAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAction, &QAction::triggered, this, &MainWindow::saveScenarioDialog);

    m_openPageAction = new QAction(style->standardIcon(QStyle::SP_ComputerIcon), tr("Open in &Browser"), this);
    m_openPageAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_openPageAction->setToolTip(tr("Open the test page in your browser and compare what it reports (Ctrl+B)"));
    connect(m_openPageAction, &QAction::triggered, this, &MainWindow::openTestPage);

    m_clearAction = new QAction(style->standardIcon(QStyle::SP_DialogResetButton), tr("C&lear Events"), this);
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_clearAction, &QAction::triggered, this, [this] {
        m_events->clear();
        m_timeline->clear();
        m_rawView->clear();
        m_eventDetail->clear();
        updateEventTypeFilter();
        updateStatus();
    });
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addSeparator();
    QAction *exportSession = file->addAction(tr("&Export Session as HAR…"));
    exportSession->setObjectName(QStringLiteral("exportHarAction"));
    exportSession->setToolTip(tr("Save the session as a HAR 1.2 file, sanitized unless you keep secrets"));
    connect(exportSession, &QAction::triggered, this, &MainWindow::exportSessionDialog);
    QAction *importSession = file->addAction(tr("&Import HAR…"));
    importSession->setObjectName(QStringLiteral("importHarAction"));
    importSession->setToolTip(tr("Show a HAR saved by SSE Scope, Chrome or Firefox, with its diagnosis (read-only)"));
    connect(importSession, &QAction::triggered, this, &MainWindow::importSessionDialog);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    updateRecentMenu();

    QMenu *session = menuBar()->addMenu(tr("&Session"));
    session->addAction(m_connectAction);
    session->addAction(m_disconnectAction);
    session->addAction(m_reconnectAction);
    session->addSeparator();
    session->addAction(m_clearAction);
    session->addAction(m_openPageAction);

    QMenu *server = menuBar()->addMenu(tr("Se&rver"));
    server->addAction(m_startServerAction);
    server->addAction(m_stopServerAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *find = m_viewMenu->addAction(tr("&Find in Events"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_searchEdit->setFocus();
        m_searchEdit->selectAll();
    });
    const QString paneNames[] = {tr("&Events"), tr("E&xchanges"), tr("&Diagnosis"), tr("&Timeline"),
                                 tr("&Real browser")};
    for (int i = 0; i < 5; ++i) {
        QAction *pane = m_viewMenu->addAction(paneNames[i]);
        pane->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(pane, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
    m_viewMenu->addSeparator();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    const std::pair<QString, QString> docs[] = {
        {tr("Presets &Tour"), QStringLiteral("presets-tour.md")},
        {tr("&Walk-through: Your Own Server"), QStringLiteral("walkthrough.md")},
        {tr("&Findings Catalogue"), QStringLiteral("findings.md")},
        {tr("&Scenario File Reference"), QStringLiteral("scenario-reference.md")},
        {tr("&Command-Line Reference"), QStringLiteral("cli.md")},
        {tr("&Documentation"), QStringLiteral("index.md")},
    };
    for (const auto &[title, fileName] : docs) {
        QAction *doc = help->addAction(title);
        const QString docFile = fileName;
        connect(doc, &QAction::triggered, this, [this, docFile] { openHelp(docFile); });
    }
    help->addSeparator();
    QAction *about = help->addAction(tr("&About SSE Scope"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About SSE Scope"),
                           tr("<b>SSE Scope %1</b><p>Debug cross-origin Server-Sent Events: a mock server driven "
                              "by scenarios, a client that connects as a chosen browser would, and a live "
                              "diagnosis with the exact console message and the fix.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Session"));
    bar->setObjectName(QStringLiteral("sessionToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addAction(m_connectAction);
    bar->addAction(m_disconnectAction);
    bar->addAction(m_reconnectAction);
    bar->addSeparator();
    bar->addAction(m_clearAction);
    bar->addAction(m_openPageAction);
    bar->addSeparator();
    bar->addAction(m_openAction);
    bar->addAction(m_saveAction);
}

QWidget *MainWindow::buildClientPanel()
{
    auto *panel = new QWidget(this);
    auto *outer = new QVBoxLayout(panel);
    outer->setContentsMargins(6, 4, 6, 4);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    outer->addStretch(1);
    form->setVerticalSpacing(4);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_followMock = new QCheckBox(tr("Follow the mock server and the scenario's client side"), panel);
    m_followMock->setObjectName(QStringLiteral("followMock"));
    m_followMock->setChecked(true);
    form->addRow(m_followMock);

    m_urlEdit = new QLineEdit(panel);
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setPlaceholderText(tr("https://api.example.com/events"));
    m_urlEdit->setClearButtonEnabled(true);
    form->addRow(tr("&URL:"), m_urlEdit);

    m_originEdit = new QLineEdit(panel);
    m_originEdit->setObjectName(QStringLiteral("originEdit"));
    m_originEdit->setPlaceholderText(tr("https://app.example.com"));
    form->addRow(tr("Page &origin:"), m_originEdit);

    auto *row = new QHBoxLayout;
    m_profileCombo = new QComboBox(panel);
    m_profileCombo->setObjectName(QStringLiteral("profileCombo"));
    for (const BrowserProfile &profile :
         {BrowserProfile::chromium(), BrowserProfile::firefox(), BrowserProfile::safari()}) {
        m_profileCombo->addItem(profile.displayName, profile.name);
    }
    m_profileCombo->setCurrentIndex(std::max(0, m_profileCombo->findData(m_settings.browserProfile())));
    m_modeCombo = new QComboBox(panel);
    m_modeCombo->setObjectName(QStringLiteral("modeCombo"));
    m_modeCombo->addItem(tr("EventSource"), int(RequestMode::EventSource));
    m_modeCombo->addItem(tr("fetch (streaming)"), int(RequestMode::Fetch));
    m_credentialsCheck = new QCheckBox(tr("with&Credentials"), panel);
    m_credentialsCheck->setObjectName(QStringLiteral("credentialsCheck"));
    row->addWidget(m_profileCombo);
    row->addWidget(m_modeCombo);
    row->addWidget(m_credentialsCheck);
    form->addRow(tr("Browser:"), row);

    m_headersEdit = new QPlainTextEdit(panel);
    m_headersEdit->setObjectName(QStringLiteral("headersEdit"));
    m_headersEdit->setPlaceholderText(tr("Authorization: Bearer …  (fetch mode; one per line)"));
    m_headersEdit->setFixedHeight(m_headersEdit->fontMetrics().height() * 3 + 10);
    m_headersEdit->setTabChangesFocus(true);
    form->addRow(tr("&Headers:"), m_headersEdit);

    m_loginEdit = new QLineEdit(panel);
    m_loginEdit->setObjectName(QStringLiteral("loginEdit"));
    m_loginEdit->setPlaceholderText(tr("none: no login step first"));
    form->addRow(tr("&Login URL:"), m_loginEdit);

    const auto modeChanged = [this] {
        const bool fetch = RequestMode(m_modeCombo->currentData().toInt()) == RequestMode::Fetch;
        m_headersEdit->setEnabled(fetch);
        m_credentialsCheck->setText(fetch ? tr("credentials: include") : tr("with&Credentials"));
    };
    connect(m_modeCombo, &QComboBox::currentIndexChanged, this, modeChanged);
    modeChanged();
    connect(m_followMock, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            followMockServer();
        }
    });
    // Typing a URL of one's own means: not the mock.
    connect(m_urlEdit, &QLineEdit::textEdited, this, [this] { m_followMock->setChecked(false); });
    connect(m_profileCombo, &QComboBox::activated, this, [this] {
        m_settings.setBrowserProfile(m_profileCombo->currentData().toString());
        updateBanner();
    });
    return panel;
}

QWidget *MainWindow::buildServerPanel()
{
    auto *panel = new QWidget(this);
    auto *outer = new QVBoxLayout(panel);
    outer->setContentsMargins(6, 4, 6, 4);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    outer->addStretch(1);
    m_apiUrlLabel = new QLabel(panel);
    m_apiUrlLabel->setObjectName(QStringLiteral("apiUrlLabel"));
    m_apiUrlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pageUrlLabel = new QLabel(panel);
    m_pageUrlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_connectionsLabel = new QLabel(panel);
    m_connectionsLabel->setObjectName(QStringLiteral("connectionsLabel"));
    form->addRow(tr("API:"), m_apiUrlLabel);
    form->addRow(tr("Test page:"), m_pageUrlLabel);
    form->addRow(tr("Open streams:"), m_connectionsLabel);
    auto *ports = new QHBoxLayout;
    m_apiPortSpin = new QSpinBox(panel);
    m_apiPortSpin->setRange(0, 65535);
    m_apiPortSpin->setSpecialValueText(tr("any"));
    m_apiPortSpin->setValue(m_settings.apiPort());
    m_pagePortSpin = new QSpinBox(panel);
    m_pagePortSpin->setRange(0, 65535);
    m_pagePortSpin->setSpecialValueText(tr("any"));
    m_pagePortSpin->setValue(m_settings.pagePort());
    ports->addWidget(new QLabel(tr("API"), panel));
    ports->addWidget(m_apiPortSpin);
    ports->addWidget(new QLabel(tr("page"), panel));
    ports->addWidget(m_pagePortSpin);
    form->addRow(tr("Ports:"), ports);
    m_serverButton = new QPushButton(panel);
    m_serverButton->setObjectName(QStringLiteral("serverButton"));
    connect(m_serverButton, &QPushButton::clicked, this, [this] {
        if (m_server->isRunning()) {
            stopServer();
        } else {
            startServer();
        }
    });
    form->addRow(QString(), m_serverButton);
    auto *note = new QLabel(tr("Listens on loopback only. Port changes apply at the next start."), panel);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(note);
    return panel;
}

QWidget *MainWindow::buildEventsPane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    m_typeFilter = new QComboBox(pane);
    m_typeFilter->setObjectName(QStringLiteral("typeFilter"));
    m_typeFilter->setMinimumContentsLength(12);
    m_typeFilter->addItem(tr("All types"), QString());
    m_searchEdit = new QLineEdit(pane);
    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Search data and ids (Ctrl+F)"));
    m_searchEdit->setClearButtonEnabled(true);
    m_autoScroll = new QCheckBox(tr("Follow &newest"), pane);
    m_autoScroll->setChecked(m_settings.autoScroll());
    m_eventCountLabel = new QLabel(pane);
    m_eventCountLabel->setObjectName(QStringLiteral("eventCountLabel"));
    bar->addWidget(new QLabel(tr("Type:"), pane));
    bar->addWidget(m_typeFilter);
    bar->addWidget(m_searchEdit, 1);
    bar->addWidget(m_autoScroll);
    bar->addWidget(m_eventCountLabel);
    layout->addLayout(bar);

    m_eventsView = makeTable(pane, QStringLiteral("eventsView"));
    auto *presentation = new EventsPresentationModel(this);
    presentation->setSourceModel(m_eventFilter);
    m_eventsView->setModel(presentation);
    QHeaderView *header = m_eventsView->horizontalHeader();
    const QFontMetrics metrics = m_eventsView->fontMetrics();
    header->resizeSection(EventColumn::Time, metrics.horizontalAdvance(QStringLiteral("00000.000 s")) + 12);
    header->resizeSection(EventColumn::Delta, metrics.horizontalAdvance(QStringLiteral("+00000 ms")) + 12);
    header->resizeSection(EventColumn::Type, metrics.horizontalAdvance(QStringLiteral("message-xx")) + 12);
    header->resizeSection(EventColumn::Id, metrics.horizontalAdvance(QStringLiteral("0000000")) + 12);
    header->moveSection(EventColumn::Size, EventColumn::Data); // size before the wide data column

    m_eventDetail = makeTextView(pane, QStringLiteral("eventDetail"));
    m_eventDetail->setPlaceholderText(tr("Select an event to see it in full."));
    m_rawView = makeTextView(pane, QStringLiteral("rawView"));
    m_rawView->setMaximumBlockCount(5000);
    m_rawView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rawView->setPlaceholderText(tr("The stream's bytes as received, line endings shown as ␍ and ␊."));

    auto *detailTabs = new QTabWidget(pane);
    detailTabs->setDocumentMode(true);
    detailTabs->addTab(m_eventDetail, tr("Selected event"));
    detailTabs->addTab(m_rawView, tr("Raw stream"));

    auto *splitter = new QSplitter(Qt::Vertical, pane);
    splitter->setObjectName(QStringLiteral("eventsSplitter"));
    splitter->addWidget(m_eventsView);
    splitter->addWidget(detailTabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    m_splitters.append(splitter);
    layout->addWidget(splitter, 1);

    connect(m_typeFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_eventFilter->setTypeFilter(m_typeFilter->currentData().toString()); });
    auto *searchTimer = new QTimer(this);
    searchTimer->setSingleShot(true);
    searchTimer->setInterval(250);
    connect(m_searchEdit, &QLineEdit::textChanged, searchTimer, qOverload<>(&QTimer::start));
    connect(searchTimer, &QTimer::timeout, this, [this] { m_eventFilter->setSearchText(m_searchEdit->text()); });
    connect(m_autoScroll, &QCheckBox::toggled, this, [this](bool on) { m_settings.setAutoScroll(on); });
    connect(m_eventsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showEvent(current); });
    connect(m_events, &EventsModel::batchInserted, this, [this] {
        if (m_autoScroll->isChecked()) {
            m_eventsView->scrollToBottom();
        }
        updateEventTypeFilter();
    });
    return pane;
}

QWidget *MainWindow::buildExchangesPane()
{
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("exchangesSplitter"));
    m_exchangesView = makeTable(splitter, QStringLiteral("exchangesView"));
    auto *presentation = new ExchangesPresentationModel(this);
    presentation->setSourceModel(m_exchanges);
    m_exchangesView->setModel(presentation);
    QHeaderView *header = m_exchangesView->horizontalHeader();
    header->resizeSection(ExchangeColumn::Number, 40);
    header->resizeSection(ExchangeColumn::Kind, 80);
    header->resizeSection(ExchangeColumn::Method, 70);
    header->resizeSection(ExchangeColumn::Url, 280);
    header->resizeSection(ExchangeColumn::Status, 70);

    auto *lower = new QSplitter(Qt::Horizontal, splitter);
    m_exchangeDetail = new QTreeWidget(lower);
    m_exchangeDetail->setObjectName(QStringLiteral("exchangeDetail"));
    m_exchangeDetail->setHeaderLabels({tr("Header"), tr("Value")});
    m_exchangeDetail->setColumnWidth(0, 240);
    m_exchangeDetail->setUniformRowHeights(true);
    m_exchangeDetail->setWordWrap(false);
    m_exchangeDetail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *cookieBox = new QGroupBox(tr("Cookies: each one's fate"), lower);
    auto *cookieLayout = new QVBoxLayout(cookieBox);
    cookieLayout->setContentsMargins(2, 2, 2, 2);
    m_cookiesView = makeTable(cookieBox, QStringLiteral("cookiesView"));
    auto *cookiePresentation = new CookiesPresentationModel(this);
    cookiePresentation->setSourceModel(m_cookieFilter);
    m_cookiesView->setModel(cookiePresentation);
    m_cookiesView->horizontalHeader()->resizeSection(CookieColumn::Exchange, 60);
    cookieLayout->addWidget(m_cookiesView);
    lower->addWidget(m_exchangeDetail);
    lower->addWidget(cookieBox);
    lower->setStretchFactor(0, 3);
    lower->setStretchFactor(1, 2);
    splitter->addWidget(m_exchangesView);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    m_splitters.append(splitter);

    connect(m_exchangesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showExchange(current); });
    connect(m_exchanges, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft) {
        if (m_exchangesView->currentIndex().row() == topLeft.row()) {
            showExchange(m_exchangesView->currentIndex());
        }
    });
    return splitter;
}

QWidget *MainWindow::buildDiagnosisPane()
{
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("diagnosisSplitter"));

    auto *consoleBox = new QGroupBox(tr("Console (what the browser prints)"), splitter);
    auto *consoleLayout = new QVBoxLayout(consoleBox);
    consoleLayout->setContentsMargins(2, 2, 2, 2);
    m_consoleView = makeTextView(consoleBox, QStringLiteral("consoleView"));
    m_consoleView->setPlaceholderText(tr("No console messages."));
    consoleLayout->addWidget(m_consoleView);

    m_findingsView = makeTable(splitter, QStringLiteral("findingsView"));
    auto *presentation = new FindingsPresentationModel(this);
    presentation->setSourceModel(m_findings);
    m_findingsView->setModel(presentation);
    m_findingsView->horizontalHeader()->resizeSection(FindingColumn::Severity, 100);
    m_findingsView->horizontalHeader()->resizeSection(FindingColumn::Title, 340);
    m_findingsView->horizontalHeader()->resizeSection(FindingColumn::Detail, 200);

    auto *lower = new QSplitter(Qt::Horizontal, splitter);
    m_findingDetail = new QTextBrowser(lower);
    m_findingDetail->setObjectName(QStringLiteral("findingDetail"));
    m_findingDetail->setOpenExternalLinks(true);
    m_findingDetail->setPlaceholderText(tr("Select a finding for its explanation and fix."));

    auto *fixBox = new QWidget(lower);
    auto *fixLayout = new QVBoxLayout(fixBox);
    fixLayout->setContentsMargins(0, 0, 0, 0);
    m_snippetTabs = new QTabWidget(fixBox);
    m_snippetTabs->setDocumentMode(true);
    m_fixHeaders = makeTextView(fixBox, QStringLiteral("fixHeaders"));
    m_snippetExpress = makeTextView(fixBox, QStringLiteral("snippetExpress"));
    m_snippetNginx = makeTextView(fixBox, QStringLiteral("snippetNginx"));
    m_snippetGo = makeTextView(fixBox, QStringLiteral("snippetGo"));
    m_snippetTabs->addTab(m_fixHeaders, tr("Fix"));
    m_snippetTabs->addTab(m_snippetExpress, tr("Express"));
    m_snippetTabs->addTab(m_snippetNginx, tr("nginx"));
    m_snippetTabs->addTab(m_snippetGo, tr("Go net/http"));
    auto *copy = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("&Copy"), fixBox);
    copy->setObjectName(QStringLiteral("copyFixButton"));
    connect(copy, &QPushButton::clicked, this, [this] {
        if (auto *view = qobject_cast<QPlainTextEdit *>(m_snippetTabs->currentWidget())) {
            QApplication::clipboard()->setText(view->toPlainText());
            statusBar()->showMessage(tr("Copied to the clipboard."), 3000);
        }
    });
    fixLayout->addWidget(m_snippetTabs, 1);
    fixLayout->addWidget(copy, 0, Qt::AlignRight);
    lower->addWidget(m_findingDetail);
    lower->addWidget(fixBox);

    splitter->addWidget(consoleBox);
    splitter->addWidget(m_findingsView);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 2);
    m_splitters.append(splitter);

    connect(m_findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showFinding(current); });
    connect(m_findings, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_findingsView->currentIndex().isValid() && m_findings->rowCount() > 0) {
            // Show the most severe finding without a click.
            int best = 0;
            for (int row = 1; row < m_findings->rowCount(); ++row) {
                if (m_findings->findingAt(row).finding.severity > m_findings->findingAt(best).finding.severity) {
                    best = row;
                }
            }
            m_findingsView->setCurrentIndex(m_findingsView->model()->index(best, 0));
        }
    });
    return splitter;
}

QWidget *MainWindow::buildBrowserPane()
{
    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    auto *intro = new QLabel(tr("Open the built-in test page in your own browser: it connects to the mock server "
                                "exactly as the scenario's client side says and reports what the browser did. "
                                "The report appears here, beside the prediction."),
                             pane);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *open = new QPushButton(m_openPageAction->icon(), tr("Open the test page in my browser"), pane);
    open->setObjectName(QStringLiteral("openPageButton"));
    connect(open, &QPushButton::clicked, this, &MainWindow::openTestPage);
    layout->addWidget(open, 0, Qt::AlignLeft);
    m_agreementLabel = new QLabel(pane);
    m_agreementLabel->setObjectName(QStringLiteral("agreementLabel"));
    QFont bold = m_agreementLabel->font();
    bold.setBold(true);
    m_agreementLabel->setFont(bold);
    layout->addWidget(m_agreementLabel);
    auto *columns = new QSplitter(Qt::Horizontal, pane);
    auto *predictionBox = new QGroupBox(tr("Prediction"), columns);
    auto *predictionLayout = new QVBoxLayout(predictionBox);
    m_predictionView = new QTextBrowser(predictionBox);
    predictionLayout->addWidget(m_predictionView);
    auto *reportBox = new QGroupBox(tr("What your browser reported"), columns);
    auto *reportLayout = new QVBoxLayout(reportBox);
    m_reportView = new QTextBrowser(reportBox);
    m_reportView->setObjectName(QStringLiteral("reportView"));
    m_reportView->setPlaceholderText(tr("No report yet: open the test page."));
    reportLayout->addWidget(m_reportView);
    columns->addWidget(predictionBox);
    columns->addWidget(reportBox);
    layout->addWidget(columns, 1);
    return pane;
}

void MainWindow::restoreState()
{
    const QByteArray geometry = m_settings.windowGeometry();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        resize(1366, 768);
    }
    QMainWindow::restoreState(m_settings.windowState());
    for (QSplitter *splitter : std::as_const(m_splitters)) {
        splitter->restoreState(m_settings.splitterState(splitter->objectName()));
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    for (QSplitter *splitter : std::as_const(m_splitters)) {
        m_settings.setSplitterState(splitter->objectName(), splitter->saveState());
    }
    m_settings.setApiPort(quint16(m_apiPortSpin->value()));
    m_settings.setPagePort(quint16(m_pagePortSpin->value()));
    // A clean close: the edits were left unsaved on purpose, so nothing is offered next time.
    discardRecovery();
    m_client->stop();
    m_server->stop();
    event->accept();
}

void MainWindow::startUp(const StartOptions &start)
{
    if (start.startServer && m_settings.connectOnStart()) {
        if (startServer() && start.connectClient) {
            connectClient();
        }
    }
    offerRecovery();
    if (start.firstRunTour) {
        showTourIfFirstRun();
    }
}

// -- scenario and server --

void MainWindow::selectPreset(const QString &name)
{
    ScenarioError error;
    const std::optional<Scenario> preset = PresetLibrary::preset(name, &error);
    if (!preset) {
        statusBar()->showMessage(error.toString(), 5000);
        return;
    }
    const int index = m_presetCombo->findData(name);
    if (index >= 0) {
        m_presetCombo->setCurrentIndex(index);
    }
    discardRecovery();
    m_currentFile.clear();
    m_presetSummary->setText(preset->summary);
    m_editor->setScenario(*preset);
    applyScenario(*preset, true);
}

void MainWindow::applyScenario(const Scenario &scenario, bool fromPreset)
{
    m_server->setScenario(scenario);
    if (!fromPreset) {
        m_presetSummary->setText(tr("Edited: %1").arg(scenario.summary));
    }
    if (m_followMock->isChecked()) {
        followMockServer();
    }
    if (m_clientWanted) {
        m_reconnectTimer.start();
    }
}

void MainWindow::followMockServer()
{
    const Scenario scenario = m_editor->scenario();
    const QUrl api = m_server->apiUrl();
    if (m_server->isRunning()) {
        m_urlEdit->setText(api.toString() + scenario.client.path);
        m_originEdit->setText(Origin::fromUrl(m_server->pageUrl()).serialize());
        m_loginEdit->setText(scenario.client.loginFirst ? api.toString() + QStringLiteral("/login") : QString());
    }
    m_modeCombo->setCurrentIndex(m_modeCombo->findData(
        int(scenario.client.mode == ClientSide::Mode::Fetch ? RequestMode::Fetch : RequestMode::EventSource)));
    m_credentialsCheck->setChecked(scenario.client.withCredentials);
    m_headersEdit->setPlainText(headersText(scenario.client.headers).trimmed());
}

bool MainWindow::startServer()
{
    if (m_server->isRunning()) {
        return true;
    }
    ServerOptions options;
    options.apiPort = quint16(m_apiPortSpin->value());
    options.pagePort = quint16(m_pagePortSpin->value());
    QString error;
    if (!m_server->start(m_editor->scenario(), options, &error)) {
        statusBar()->showMessage(tr("The mock server did not start: %1").arg(error));
        updateServerPanel();
        return false;
    }
    m_openStreams = 0;
    if (m_followMock->isChecked()) {
        followMockServer();
    }
    updateServerPanel();
    return true;
}

void MainWindow::stopServer()
{
    m_server->stop();
    m_openStreams = 0;
    updateServerPanel();
}

void MainWindow::updateServerPanel()
{
    const bool running = m_server->isRunning();
    m_apiUrlLabel->setText(running ? m_server->apiUrl().toString() : tr("stopped"));
    m_pageUrlLabel->setText(running ? m_server->pageUrl().toString() : tr("stopped"));
    m_connectionsLabel->setText(QLocale().toString(m_openStreams));
    m_serverButton->setText(running ? tr("Stop") : tr("Start"));
    m_startServerAction->setEnabled(!running);
    m_stopServerAction->setEnabled(running);
    m_openPageAction->setEnabled(running);
    m_serverStatus->setText(running ? tr("Mock server %1 · %n open stream(s)", nullptr, m_openStreams)
                                          .arg(m_server->apiUrl().toString())
                                    : tr("Mock server stopped"));
}

bool MainWindow::openScenarioFile(const QString &path)
{
    ScenarioError error;
    const std::optional<Scenario> scenario = ScenarioJson::load(path, &error);
    if (!scenario) {
        QMessageBox::warning(this, tr("Open Scenario"), tr("Cannot open the scenario:\n%1").arg(error.toString()));
        return false;
    }
    discardRecovery();
    m_currentFile = path;
    m_settings.addRecentFile(path);
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    updateRecentMenu();
    m_presetCombo->setCurrentIndex(-1);
    m_presetSummary->setText(tr("%1 — %2").arg(QFileInfo(path).fileName(), scenario->summary));
    m_editor->setScenario(*scenario);
    applyScenario(*scenario, true);
    return true;
}

bool MainWindow::saveScenarioFile(const QString &path)
{
    QSaveFile file(path);
    const QByteArray json = ScenarioJson::toJson(m_editor->scenario());
    // A short write (disk full) must not be committed: compare with the size, not with -1.
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        QMessageBox::warning(this, tr("Save Scenario"), tr("Cannot save %1: %2").arg(path, file.errorString()));
        return false;
    }
    discardRecovery(); // under the old name (untitled or the file it was opened from)
    m_recovery.discard(path);
    m_currentFile = path;
    m_settings.addRecentFile(path);
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    updateRecentMenu();
    statusBar()->showMessage(tr("Saved %1").arg(path), 3000);
    return true;
}

void MainWindow::openScenarioDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), m_settings.lastDirectory(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        openScenarioFile(path);
    }
}

void MainWindow::saveScenarioDialog()
{
    const QString suggested = QDir(m_settings.lastDirectory()).filePath(m_editor->scenario().name + u".json");
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Save Scenario"), suggested, tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty()) {
        saveScenarioFile(path);
    }
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_settings.recentFiles();
    for (const QString &path : files) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] {
            if (path.endsWith(QStringLiteral(".har"), Qt::CaseInsensitive)) {
                importSessionHar(path);
            } else {
                openScenarioFile(path);
            }
        });
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
    }
    QAction *clear = m_recentMenu->addAction(tr("Clear the List"));
    clear->setEnabled(!files.isEmpty());
    connect(clear, &QAction::triggered, this, [this] {
        m_settings.clearRecentFiles();
        updateRecentMenu();
    });
}

void MainWindow::openTestPage()
{
    if (!m_server->isRunning()) {
        return;
    }
    m_lastReport = {};
    m_reportView->clear();
    m_agreementLabel->clear();
    QDesktopServices::openUrl(m_server->pageUrl());
    m_tabs->setCurrentIndex(4);
    statusBar()->showMessage(tr("Opened %1 in your browser; waiting for its report.").arg(m_server->pageUrl().toString()),
                             5000);
}

void MainWindow::onReportReceived(const QJsonObject &report)
{
    m_lastReport = report;
    QString html = QStringLiteral("<table cellspacing=4>");
    const auto row = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), htmlEscaped(value));
    };
    row(tr("Browser"), report.value(QStringLiteral("userAgent")).toString());
    row(tr("Scenario"), report.value(QStringLiteral("scenario")).toString());
    row(tr("Opened"), report.value(QStringLiteral("opened")).toBool() ? tr("yes") : tr("no"));
    row(tr("Failed"), report.value(QStringLiteral("failed")).toBool() ? tr("yes") : tr("no"));
    row(tr("Events"), QString::number(report.value(QStringLiteral("events")).toInt()));
    row(tr("readyState"), report.value(QStringLiteral("readyState")).toString());
    QStringList messages;
    for (const QJsonValue &message : report.value(QStringLiteral("messages")).toArray()) {
        messages.append(message.isString() ? message.toString()
                                           : QString::fromUtf8(QJsonDocument(message.toObject()).toJson(QJsonDocument::Compact)));
    }
    row(tr("Messages"), messages.join(u'\n'));
    QStringList log;
    for (const QJsonValue &line : report.value(QStringLiteral("log")).toArray()) {
        log.append(line.toString());
    }
    html += QStringLiteral("</table><pre>%1</pre>").arg(log.join(u'\n').toHtmlEscaped());
    m_reportView->setHtml(html);

    const Verdict &verdict = m_client->session().verdict();
    const bool agree = report.value(QStringLiteral("opened")).toBool() == verdict.opened
        && report.value(QStringLiteral("failed")).toBool() == verdict.failed;
    m_agreementLabel->setText(agree ? tr("Your browser agrees with the prediction.")
                                    : tr("Your browser differs from the prediction (opened/failed)."));
    m_agreementLabel->setStyleSheet(QStringLiteral("color: %1;").arg(
        severityColor(int(agree ? Severity::Info : Severity::Warning)).name()));
    m_tabs->setCurrentIndex(4);
}

// -- client --

ClientOptions MainWindow::clientOptions(QString *errorString) const
{
    ClientOptions options;
    bool ok = false;
    options.profile = BrowserProfile::fromName(m_profileCombo->currentData().toString(), &ok);
    QString originError;
    options.pageOrigin = Origin::fromString(m_originEdit->text().trimmed(), &originError);
    if (options.pageOrigin.isOpaque()) {
        *errorString = tr("The page origin is not scheme://host[:port]: %1").arg(originError);
        return options;
    }
    const QUrl url = QUrl::fromUserInput(m_urlEdit->text().trimmed());
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty()) {
        *errorString = tr("The URL is not a valid http(s) URL.");
        return options;
    }
    options.intent.url = url;
    options.intent.mode = RequestMode(m_modeCombo->currentData().toInt());
    options.intent.withCredentials = m_credentialsCheck->isChecked();
    options.intent.fetchCredentials
        = m_credentialsCheck->isChecked() ? CredentialsMode::Include : CredentialsMode::SameOrigin;
    const QStringList lines = m_headersEdit->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            *errorString = tr("A header line needs a name and a colon: %1").arg(line);
            return options;
        }
        options.intent.extraHeaders.append(line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toUtf8());
    }
    if (!m_loginEdit->text().trimmed().isEmpty()) {
        options.loginUrl = QUrl::fromUserInput(m_loginEdit->text().trimmed());
    }
    options.durationMs = 0; // until the user disconnects
    return options;
}

bool MainWindow::connectClient()
{
    if (m_client->isRunning()) {
        m_client->stop();
    }
    QString error;
    const ClientOptions options = clientOptions(&error);
    if (!error.isEmpty()) {
        statusBar()->showMessage(error, 8000);
        return false;
    }
    m_imported.reset(); // a live session replaces an imported one
    clearSession();
    if (!m_client->start(options, &error)) {
        statusBar()->showMessage(tr("Cannot connect: %1").arg(error), 8000);
        return false;
    }
    m_clientWanted = true;
    updateBanner();
    updateStatus();
    return true;
}

void MainWindow::disconnectClient()
{
    m_clientWanted = false;
    m_reconnectTimer.stop();
    m_client->stop();
    updateBanner();
    updateStatus();
}

void MainWindow::reconnectNow()
{
    connectClient();
}

void MainWindow::clearSession()
{
    m_events->clear();
    m_exchanges->clear();
    m_findings->clear();
    m_cookies->clear();
    m_timeline->clear();
    m_rawView->clear();
    m_rawPending.clear();
    m_rawPendingDropped = 0;
    m_eventDetail->clear();
    m_exchangeDetail->clear();
    m_consoleView->clear();
    m_findingDetail->clear();
    for (QPlainTextEdit *view : {m_fixHeaders, m_snippetExpress, m_snippetNginx, m_snippetGo}) {
        view->clear();
    }
    m_eventsAtLastTick = 0;
    m_stateChangesShown = 0;
    updateEventTypeFilter();
}

void MainWindow::onEventsRecorded(qsizetype count)
{
    if (m_imported) {
        return; // late notifications of the stopped client must not touch the imported session
    }
    const QList<RecordedEvent> &all = m_client->session().events();
    const qsizetype take = std::min(count, all.size());
    if (take <= 0) {
        return;
    }
    const QList<RecordedEvent> fresh = all.sliced(all.size() - take);
    m_events->append(fresh);
    QList<qint64> arrivals;
    arrivals.reserve(fresh.size());
    for (const RecordedEvent &event : fresh) {
        arrivals.append(event.receivedMs);
    }
    m_timeline->addArrivals(arrivals);
}

void MainWindow::onChunksRecorded(qsizetype count)
{
    if (m_imported) {
        return;
    }
    appendChunks(m_client->session(), count);
}

void MainWindow::appendChunks(const Session &session, qsizetype count)
{
    constexpr qsizetype maxPendingChars = 256 * 1024;
    const QList<RawChunk> &all = session.chunks();
    const qsizetype take = std::min(count, all.size());
    for (qsizetype i = all.size() - take; i < all.size(); ++i) {
        const RawChunk &chunk = all.at(i);
        m_bodyAdvanced.insert(chunk.exchangeId);
        if (m_rawPending.size() > maxPendingChars) {
            m_rawPendingDropped += chunk.size;
            continue;
        }
        m_rawPending += tr("── #%1 · %2 · %3 ──").arg(chunk.exchangeId).arg(formatMilliseconds(chunk.receivedMs),
                                                         formatBytes(chunk.size))
            + u'\n' + rawText(chunk.bytes);
        if (!m_rawPending.endsWith(u'\n')) {
            m_rawPending += u'\n';
        }
    }
    if (!m_rawTimer.isActive()) {
        m_rawTimer.start();
    }
}

void MainWindow::flushRaw()
{
    // The open stream's size and chunk count, at the raw view's pace rather than per chunk.
    if (!m_imported) {
        for (const quint64 id : std::as_const(m_bodyAdvanced)) {
            if (const SessionExchange *exchange = m_client->session().exchange(id)) {
                m_exchanges->upsert(*exchange);
            }
        }
    }
    m_bodyAdvanced.clear();
    if (m_rawPendingDropped > 0) {
        m_rawPending += tr("── %1 not shown (the stream is faster than this view) ──").arg(formatBytes(m_rawPendingDropped));
        m_rawPendingDropped = 0;
    }
    if (m_rawPending.isEmpty()) {
        return;
    }
    QScrollBar *bar = m_rawView->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    if (m_rawPending.endsWith(u'\n')) {
        m_rawPending.chop(1);
    }
    m_rawView->appendPlainText(m_rawPending);
    m_rawPending.clear();
    if (atEnd) {
        bar->setValue(bar->maximum());
    }
}

void MainWindow::onExchangeRecorded(quint64 id)
{
    if (m_imported) {
        return; // late notifications of the stopped client must not touch the imported session
    }
    if (const SessionExchange *exchange = m_client->session().exchange(id)) {
        m_exchanges->upsert(*exchange);
        if (!m_exchangesView->currentIndex().isValid()) {
            m_exchangesView->setCurrentIndex(m_exchangesView->model()->index(m_exchanges->rowCount() - 1, 0));
        }
    }
}

void MainWindow::onCookiesRecorded(qsizetype count)
{
    if (m_imported) {
        return; // late notifications of the stopped client must not touch the imported session
    }
    const QList<RecordedCookie> &all = m_client->session().cookies();
    const qsizetype take = std::min(count, all.size());
    if (take > 0) {
        m_cookies->append(all.sliced(all.size() - take));
    }
}

void MainWindow::onFindingsChanged()
{
    if (m_imported) {
        return; // late notifications of the stopped client must not touch the imported session
    }
    m_findings->setFindings(m_client->session().findings());
    updateBanner();
}

void MainWindow::onVerdictChanged()
{
    if (m_imported) {
        return; // late notifications of the stopped client must not touch the imported session
    }
    const Verdict &verdict = m_client->session().verdict();
    const QString console = verdict.console.join(u'\n');
    if (m_consoleView->toPlainText() != console) {
        m_consoleView->setPlainText(console);
    }
    const QList<StateChange> &changes = m_client->session().stateChanges();
    if (m_stateChangesShown > changes.size()) {
        m_stateChangesShown = 0; // the session's bounded list dropped old ones
    }
    for (qsizetype i = m_stateChangesShown; i < changes.size(); ++i) {
        const StateChange &change = changes.at(i);
        m_timeline->addMarker(change.atMs, readyStateName(change.readyState), change.readyState != ReadyState::Open);
    }
    m_stateChangesShown = changes.size();
    updateBanner();
    updateStatus();
}

void MainWindow::onClientFinished()
{
    if (m_imported) {
        return; // late notifications of the stopped client must not touch the imported session
    }
    m_events->flush();
    m_findings->setFindings(m_client->session().findings());
    updateBanner();
    updateStatus();
}

// -- presentation of the session --

QString MainWindow::verdictText() const
{
    return m_banner->text();
}

void MainWindow::updateBanner()
{
    const Session &session = shownSession();
    const QString browser = m_imported ? BrowserProfile::fromName(session.info().browser).displayName
                                       : m_profileCombo->currentText();
    const Verdict &verdict = session.verdict();
    const bool running = m_client->isRunning();
    const int errors = m_findings->countOf(Severity::Error);
    const int warnings = m_findings->countOf(Severity::Warning);
    const bool hasSession = running || !session.exchanges().isEmpty();

    QString title;
    QString detail;
    int tone = -1; // -1 neutral, else a Severity
    if (!hasSession) {
        title = tr("Not connected");
        detail = tr("Pick a preset or enter a URL, then Connect (F5).");
    } else if (verdict.failed) {
        title = tr("%1 blocks this stream").arg(browser);
        tone = int(Severity::Error);
    } else if (verdict.opened && verdict.readyState == ReadyState::Open) {
        title = warnings + errors > 0
            ? tr("%1 opens this stream, with %n warning(s)", nullptr, warnings + errors).arg(browser)
            : tr("%1 opens this stream").arg(browser);
        tone = warnings + errors > 0 ? int(Severity::Warning) : int(Severity::Info);
    } else if (verdict.opened && verdict.readyState == ReadyState::Connecting) {
        title = tr("%1 is reconnecting (%n reconnect(s) so far)", nullptr, verdict.reconnects).arg(browser);
        tone = int(Severity::Warning);
    } else if (running) {
        title = errors > 0 ? tr("%1 is not getting this stream").arg(browser) : tr("Connecting…");
        tone = errors > 0 ? int(Severity::Error) : -1;
    } else {
        title = tr("Stopped");
    }
    if (detail.isEmpty() && hasSession) {
        QStringList parts;
        if (!verdict.console.isEmpty()) {
            // The first line is the browser's reason; later ones repeat the failed request.
            parts.append(verdict.console.constFirst());
        }
        // The most severe finding in one line: its fix for an error, its title for a warning.
        for (int row = 0; row < m_findings->rowCount(); ++row) {
            const Finding &finding = m_findings->findingAt(row).finding;
            if (finding.severity == Severity::Error) {
                parts.append(tr("Fix: %1").arg(translatedFindingText(finding.fix)));
                break;
            }
            if (finding.severity == Severity::Warning && errors == 0) {
                parts.append(tr("Warning: %1").arg(translatedFindingText(finding.title)));
                break;
            }
        }
        parts.append(tr("%n event(s) · %1 error(s) · %2 warning(s) · readyState %3", nullptr,
                        int(std::min<quint64>(verdict.events, INT_MAX)))
                         .arg(errors)
                         .arg(warnings)
                         .arg(readyStateName(verdict.readyState)));
        detail = parts.join(u'\n');
    }
    m_banner->setText(title);
    m_bannerDetail->setText(detail);
    QString background = QStringLiteral("palette(alternate-base)");
    QString border = QStringLiteral("palette(mid)");
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    if (tone == int(Severity::Error)) {
        background = dark ? QStringLiteral("#4a1c1c") : QStringLiteral("#fdecea");
        border = QStringLiteral("#d32f2f");
    } else if (tone == int(Severity::Warning)) {
        background = dark ? QStringLiteral("#4a3b12") : QStringLiteral("#fff4e5");
        border = QStringLiteral("#ed6c02");
    } else if (tone == int(Severity::Info)) {
        background = dark ? QStringLiteral("#1b3d20") : QStringLiteral("#edf7ed");
        border = QStringLiteral("#2e7d32");
    }
    findChild<QFrame *>(QStringLiteral("verdictBanner"))
        ->setStyleSheet(QStringLiteral("#verdictBanner { background: %1; border: 1px solid %2; border-left: 6px solid %2; "
                                       "border-radius: 3px; }")
                            .arg(background, border));

    // The prediction beside the real browser's report.
    QString prediction = QStringLiteral("<table cellspacing=4>");
    const auto row = [&prediction](const QString &label, const QString &value) {
        prediction += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), htmlEscaped(value));
    };
    row(tr("Browser"), browser);
    row(tr("Opened"), verdict.opened ? tr("yes") : tr("no"));
    row(tr("Failed"), verdict.failed ? tr("yes") : tr("no"));
    row(tr("Events"), QLocale().toString(verdict.events));
    row(tr("readyState"), readyStateName(verdict.readyState));
    row(tr("Console"), verdict.console.join(u'\n'));
    prediction += QStringLiteral("</table>");
    m_predictionView->setHtml(prediction);
}

void MainWindow::updateStatus()
{
    const bool running = m_client->isRunning();
    m_connectAction->setEnabled(true);
    m_disconnectAction->setEnabled(running);
    const Verdict &verdict = shownSession().verdict();
    m_clientStatus->setText(m_imported ? tr("Imported session (read-only)") : running ? tr("Client: %1 · %n reconnect(s)", nullptr, verdict.reconnects)
                                          .arg(readyStateName(verdict.readyState))
                                    : tr("Client: idle"));
    m_rateStatus->setText(tr("%1 events/s").arg(QLocale().toString(m_eventsPerSecond, 'f', 0)));
    const qsizetype shown = m_eventFilter->rowCount();
    const quint64 total = m_events->totalCount();
    m_eventCountLabel->setText(
        m_events->droppedCount() > 0
            ? tr("%1 shown · %2 received · %3 oldest dropped")
                  .arg(QLocale().toString(shown), QLocale().toString(total), QLocale().toString(m_events->droppedCount()))
            : tr("%1 shown · %2 received").arg(QLocale().toString(shown), QLocale().toString(total)));
}

void MainWindow::updateEventTypeFilter()
{
    const QStringList types = m_events->eventTypes();
    if (m_typeFilter->count() - 1 == types.size()) {
        return;
    }
    const QString current = m_typeFilter->currentData().toString();
    const QSignalBlocker blocker(m_typeFilter);
    m_typeFilter->clear();
    m_typeFilter->addItem(tr("All types"), QString());
    for (const QString &type : types) {
        m_typeFilter->addItem(type, type);
    }
    m_typeFilter->setCurrentIndex(std::max(0, m_typeFilter->findData(current)));
}

void MainWindow::showEvent(const QModelIndex &proxyIndex)
{
    if (!proxyIndex.isValid()) {
        m_eventDetail->clear();
        return;
    }
    const QString data = proxyIndex.data(EventDataRole).toString();
    QString text = tr("#%1 · %2 · exchange %3\n").arg(proxyIndex.data(EventSequenceRole).toString(),
                                                     formatMilliseconds(proxyIndex.data(EventReceivedMsRole).toLongLong()),
                                                     proxyIndex.data(EventExchangeIdRole).toString());
    text += tr("type: %1\n").arg(proxyIndex.data(EventTypeRole).toString());
    text += tr("lastEventId: %1\n").arg(proxyIndex.data(EventIdRole).toString());
    text += tr("data (%1):\n").arg(formatBytes(proxyIndex.data(EventSizeRole).toLongLong()));
    text += data;
    m_eventDetail->setPlainText(text);
}

void MainWindow::showExchange(const QModelIndex &index)
{
    m_exchangeDetail->clear();
    if (!index.isValid()) {
        m_cookieFilter->setFilterFixedString(QString());
        return;
    }
    const auto exchange = index.data(ExchangeValueRole).value<SessionExchange>();
    m_cookieFilter->setFilterRegularExpression(
        QRegularExpression(QStringLiteral("^%1$").arg(exchange.id)));

    const auto section = [this](const QString &title) {
        auto *item = new QTreeWidgetItem(m_exchangeDetail, {title});
        item->setFirstColumnSpanned(true);
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        item->setExpanded(true);
        return item;
    };
    const auto addHeaders = [](QTreeWidgetItem *parent, const HttpHeaders &headers,
                               const QList<QByteArray> &marked = {}) {
        for (const HttpHeader &line : headers.lines()) {
            auto *item = new QTreeWidgetItem(parent, {QString::fromLatin1(line.name), QString::fromUtf8(line.value)});
            item->setToolTip(1, QString::fromUtf8(line.value));
            for (const QByteArray &name : marked) {
                if (headerNameEquals(name, line.name)) {
                    item->setForeground(0, QBrush(Qt::gray));
                    item->setForeground(1, QBrush(Qt::gray));
                    item->setToolTip(0, MainWindow::tr("Added by the transport (Qt), not by the browser"));
                }
            }
        }
    };

    QTreeWidgetItem *request = section(tr("Request: %1 %2").arg(QString::fromLatin1(exchange.request.method),
                                                               exchange.request.url.toDisplayString()));
    addHeaders(request, exchange.request.headers, exchange.transportAddedHeaders);
    if (exchange.response) {
        QTreeWidgetItem *response = section(tr("Response: %1 %2 (HTTP/%3)")
                                                .arg(exchange.response->status)
                                                .arg(QString::fromLatin1(exchange.response->reasonPhrase),
                                                     QString::fromLatin1(exchange.httpVersion)));
        addHeaders(response, exchange.response->headers);
    } else {
        section(exchange.isOpen() ? tr("Response: waiting") : tr("Response: none"));
    }
    QTreeWidgetItem *timing = section(tr("Timing and transport"));
    const auto add = [timing](const QString &label, const QString &value) {
        new QTreeWidgetItem(timing, {label, value});
    };
    add(tr("started"), formatMilliseconds(exchange.startedMs));
    add(tr("first byte"), exchange.firstByteMs < 0 ? tr("—") : formatMilliseconds(exchange.firstByteMs));
    add(tr("ended"), exchange.endedMs < 0 ? tr("open") : formatMilliseconds(exchange.endedMs));
    add(tr("body"), tr("%1 in %n chunk(s)", nullptr, int(exchange.chunks)).arg(formatBytes(exchange.bodyBytes)));
    if (exchange.attempt > 0) {
        add(tr("attempt"), QString::number(exchange.attempt));
    }
    if (exchange.bodyDecompressed) {
        add(tr("decoded"), tr("the client decoded the Content-Encoding"));
    }
    if (!exchange.netError.isEmpty()) {
        add(tr("error"), exchange.netError + QStringLiteral(" — ") + exchange.errorDetail);
    }
    if (exchange.closedByClient) {
        add(tr("closed"), tr("by the client"));
    }
}

void MainWindow::showFinding(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_findingDetail->clear();
        return;
    }
    const int severity = index.data(FindingSeverityRole).toInt();
    QString html = QStringLiteral("<h3 style='color:%1'>%2</h3>")
                       .arg(severityColor(severity).name(),
                            translatedFindingText(index.data(FindingTitleRole).toString()).toHtmlEscaped());
    html += QStringLiteral("<p><code>%1</code> · %2</p>")
                .arg(index.data(FindingIdRole).toString().toHtmlEscaped(), severityText(severity));
    const QString detail = index.data(FindingDetailRole).toString();
    if (!detail.isEmpty()) {
        html += QStringLiteral("<p><b>%1</b> <code>%2</code></p>").arg(tr("Seen:"), detail.toHtmlEscaped());
    }
    html += QStringLiteral("<p>%1</p>").arg(htmlEscaped(translatedFindingText(index.data(FindingExplanationRole).toString())));
    html += QStringLiteral("<p><b>%1</b> %2</p>")
                .arg(tr("Fix:"), htmlEscaped(translatedFindingText(index.data(FindingFixRole).toString())));
    const QString reference = index.data(FindingReferenceRole).toString();
    if (!reference.isEmpty()) {
        html += QStringLiteral("<p><i>%1 %2</i></p>").arg(tr("Reference:"), reference.toHtmlEscaped());
    }
    m_findingDetail->setHtml(html);
    m_fixHeaders->setPlainText(translatedFindingText(index.data(FindingFixRole).toString()));
    const auto snippet = [](const QVariant &value) {
        const QString text = value.toString();
        return text.isEmpty() ? MainWindow::tr("(no server-side change: the fix is on the page)") : text;
    };
    m_snippetExpress->setPlainText(snippet(index.data(FindingSnippetExpressRole)));
    m_snippetNginx->setPlainText(snippet(index.data(FindingSnippetNginxRole)));
    m_snippetGo->setPlainText(snippet(index.data(FindingSnippetOtherRole)));
}

// -- HAR, help, tour --

const Session &MainWindow::shownSession() const
{
    return m_imported ? *m_imported : m_client->session();
}

void MainWindow::showMessage(const QString &title, const QString &text)
{
    if (m_messageHandler) {
        m_messageHandler(title, text);
    } else {
        QMessageBox::warning(this, title, text);
    }
}

void MainWindow::addRecent(const QString &path)
{
    m_settings.addRecentFile(path);
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    updateRecentMenu();
}

bool MainWindow::exportSessionHar(const QString &path, bool keepSecrets)
{
    QString error;
    if (!HarWriter::write(shownSession(), path, HarOptions{keepSecrets}, &error)) {
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

bool MainWindow::importSessionHar(const QString &path)
{
    HarError error;
    std::optional<HarImport> imported = HarReader::readFile(path, &error);
    if (!imported) {
        // Refused whole: the panes keep what they showed.
        m_lastError = error.toString();
        showMessage(tr("Import HAR"), tr("Cannot import the HAR file:\n%1").arg(m_lastError));
        return false;
    }
    m_lastError.clear();
    disconnectClient();
    m_imported = std::make_unique<Session>(std::move(imported->session));
    showSession(*m_imported);
    addRecent(path);
    setWindowTitle(tr("SSE Scope — %1 (imported, read-only)").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(
        tr("Imported %1 (%2): %n event(s)", nullptr, int(m_imported->events().size()))
            .arg(QFileInfo(path).fileName(), imported->creator),
        8000);
    return true;
}

void MainWindow::showSession(const Session &session)
{
    clearSession();
    const QList<RecordedEvent> &events = session.events();
    m_events->append(events);
    m_events->flush();
    QList<qint64> arrivals;
    arrivals.reserve(events.size());
    for (const RecordedEvent &event : events) {
        arrivals.append(event.receivedMs);
    }
    m_timeline->addArrivals(arrivals);
    for (const SessionExchange &exchange : session.exchanges()) {
        m_exchanges->upsert(exchange);
    }
    m_cookies->append(session.cookies());
    m_findings->setFindings(session.findings());
    m_consoleView->setPlainText(session.verdict().console.join(u'\n'));
    for (const StateChange &change : session.stateChanges()) {
        m_timeline->addMarker(change.atMs, readyStateName(change.readyState), change.readyState != ReadyState::Open);
    }
    m_stateChangesShown = session.stateChanges().size();
    appendChunks(session, session.chunks().size());
    flushRaw();
    updateEventTypeFilter();
    updateBanner();
    updateStatus();
}

void MainWindow::exportSessionDialog()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Export Session as HAR"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *info = new QLabel(tr("The export is sanitized: cookie values, Authorization and tokens are "
                               "replaced, so the file can be attached to a bug report."),
                            &dialog);
    info->setWordWrap(true);
    layout->addWidget(info);
    auto *keep = new QCheckBox(tr("&Keep secrets (cookies, Authorization, tokens)"), &dialog);
    keep->setChecked(false);
    layout->addWidget(keep);
    auto *warning = new QLabel(tr("The file will hold secrets: do not share it."), &dialog);
    warning->setStyleSheet(QStringLiteral("color: #d32f2f; font-weight: bold;"));
    warning->setVisible(false);
    layout->addWidget(warning);
    connect(keep, &QCheckBox::toggled, warning, &QWidget::setVisible);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const QString suggested = QDir(m_settings.lastDirectory()).filePath(QStringLiteral("session.har"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Session as HAR"), suggested,
                                                      tr("HAR files (*.har);;All files (*)"));
    if (!path.isEmpty()) {
        exportSessionHar(path, keep->isChecked());
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

QString MainWindow::helpDocPath(const QString &file)
{
    QStringList candidates{QCoreApplication::applicationDirPath() + QStringLiteral("/../share/doc/ssescope/") + file};
#ifdef SSESCOPE_SOURCE_DIR
    // A build tree: the docs beside the sources.
    candidates.append(QStringLiteral(SSESCOPE_SOURCE_DIR "/docs/") + file);
#endif
    for (const QString &candidate : std::as_const(candidates)) {
        if (QFileInfo(candidate).isFile()) {
            return QFileInfo(candidate).canonicalFilePath();
        }
    }
    return {};
}

void MainWindow::openHelp(const QString &file)
{
    const QString path = helpDocPath(file);
    if (path.isEmpty()) {
        QDesktopServices::openUrl(QUrl(QStringLiteral("https://github.com/ssescope/ssescope/blob/main/docs/") + file));
        return;
    }
    if (!m_helpViewer) {
        // A top-level, non-modal window: it stays open beside the inspector.
        m_helpViewer = new QTextBrowser(this);
        m_helpViewer->setObjectName(QStringLiteral("helpViewer"));
        m_helpViewer->setWindowFlags(Qt::Window);
        m_helpViewer->setAttribute(Qt::WA_DeleteOnClose, false);
        m_helpViewer->setOpenExternalLinks(true);
        m_helpViewer->resize(820, 700);
        connect(m_helpViewer, &QTextBrowser::sourceChanged, m_helpViewer, [this](const QUrl &url) {
            m_helpViewer->setWindowTitle(tr("SSE Scope Help — %1").arg(url.fileName()));
        });
    }
    m_helpViewer->setSource(QUrl::fromLocalFile(path), QTextDocument::MarkdownResource);
    m_helpViewer->setWindowTitle(tr("SSE Scope Help — %1").arg(file));
    m_helpViewer->show();
    m_helpViewer->raise();
    m_helpViewer->activateWindow();
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

// -- crash recovery of scenario edits --

const Scenario &MainWindow::editedScenario() const
{
    return m_editor->scenario();
}

bool MainWindow::ask(const QString &title, const QString &text)
{
    if (m_questionHandler) {
        return m_questionHandler(title, text);
    }
    return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
        == QMessageBox::Yes;
}

void MainWindow::storeRecoveryNow()
{
    m_recoveryTimer.stop();
    if (!m_unsavedEdits) {
        return;
    }
    QString error;
    if (!m_recovery.store(m_editor->scenario(), m_currentFile, &error)) {
        // Not fatal: the edits are still in the editor; say why recovery is off.
        statusBar()->showMessage(tr("Cannot keep a recovery copy of the edits: %1").arg(error), 8000);
    }
}

void MainWindow::discardRecovery()
{
    m_recoveryTimer.stop();
    m_recovery.discard(m_currentFile);
    m_unsavedEdits = false;
}

void MainWindow::offerRecovery()
{
    QStringList problems;
    const QList<ScenarioRecovery::Entry> pending = m_recovery.pending(&problems);
    for (const QString &problem : std::as_const(problems)) {
        statusBar()->showMessage(tr("A recovery file cannot be read: %1").arg(problem), 8000);
    }
    if (pending.isEmpty()) {
        return;
    }
    // The newest is offered; older ones belong to documents edited before it.
    const ScenarioRecovery::Entry &entry = pending.constLast();
    const QString document = entry.documentPath.isEmpty() ? tr("an unsaved scenario")
                                                          : QFileInfo(entry.documentPath).fileName();
    const bool restore = ask(tr("Restore Unsaved Edits"),
                             tr("SSE Scope did not close cleanly. Restore the unsaved edits of %1 (\"%2\", from %3)?")
                                 .arg(document, entry.scenario.name,
                                      QLocale().toString(entry.storedAt.toLocalTime(), QLocale::ShortFormat)));
    if (!restore) {
        for (const ScenarioRecovery::Entry &old : pending) {
            m_recovery.discardFile(old.recoveryFile);
        }
        return;
    }
    for (const ScenarioRecovery::Entry &old : pending) {
        if (old.recoveryFile != entry.recoveryFile) {
            m_recovery.discardFile(old.recoveryFile);
        }
    }
    m_currentFile = entry.documentPath;
    m_presetCombo->setCurrentIndex(-1);
    m_editor->setScenario(entry.scenario);
    applyScenario(entry.scenario, false);
    // Still unsaved: the recovery file stays until the user saves or closes cleanly.
    m_unsavedEdits = true;
    statusBar()->showMessage(tr("Restored the unsaved edits of %1").arg(document), 8000);
}

} // namespace SseScope::Gui

