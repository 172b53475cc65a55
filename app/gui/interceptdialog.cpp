#include "interceptdialog.h"

#include "harexportdialog.h"
#include "panes/bannerpane.h"
#include "panes/diagnosispane.h"
#include "panes/eventspane.h"
#include "panes/exchangespane.h"
#include "settings.h"

#include <browser/profile.h>
#include <models/cookiesmodel.h>
#include <models/eventsmodel.h>
#include <models/exchangesmodel.h>
#include <models/findingsmodel.h>
#include <session/harwriter.h>

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace SseScope::Gui {

InterceptDialog::InterceptDialog(Settings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_controller(new InterceptController(this))
    , m_events(new EventsModel(this))
    , m_exchanges(new ExchangesModel(this))
    , m_findings(new FindingsModel(this))
    , m_cookies(new CookiesModel(this))
{
    setObjectName(QStringLiteral("interceptDialog"));
    setWindowTitle(tr("Intercept a Browser — SSE Scope"));
    setWindowFlag(Qt::WindowMaximizeButtonHint);
    setSizeGripEnabled(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *columns = new QSplitter(Qt::Horizontal, this);
    columns->setObjectName(QStringLiteral("interceptSplitter"));
    layout->addWidget(columns);
    m_pane = new InterceptPane(settings, columns);
    columns->addWidget(m_pane);

    auto *right = new QWidget(columns);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_banner = new BannerPane(right);
    rightLayout->addWidget(m_banner);
    m_eventsPane = new EventsPane(settings, m_events, right);
    m_exchangesPane = new ExchangesPane(
        m_exchanges, m_cookies, [this]() -> const Session & { return m_session; }, right);
    m_diagnosisPane = new DiagnosisPane(m_findings, right);
    m_tabs = new QTabWidget(right);
    m_tabs->setObjectName(QStringLiteral("interceptTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_eventsPane, tr("&Events"));
    m_tabs->addTab(m_exchangesPane, tr("E&xchanges"));
    m_tabs->addTab(m_diagnosisPane, tr("&Diagnosis"));
    rightLayout->addWidget(m_tabs, 1);
    columns->addWidget(right);
    columns->setStretchFactor(0, 2);
    columns->setStretchFactor(1, 3);
    resize(1280, 760);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(500);
    connect(&m_refreshTimer, &QTimer::timeout, this, &InterceptDialog::refreshShown);

    connect(m_pane, &InterceptPane::startRequested, this, [this] {
        if (!startIntercept()) {
            m_pane->showMessage(tr("Intercept did not start: %1").arg(m_lastError));
        }
    });
    connect(m_pane, &InterceptPane::stopRequested, this, &InterceptDialog::stopIntercept);
    connect(m_pane, &InterceptPane::exportRequested, this, &InterceptDialog::exportDialog);
    connect(m_pane, &InterceptPane::exchangeSelected, this, &InterceptDialog::showExchange);

    connect(m_controller, &InterceptController::exchangeStarted, this, &InterceptDialog::onStarted);
    connect(m_controller, &InterceptController::exchangeFinished, this, &InterceptDialog::onFinished);
    connect(m_controller, &InterceptController::exchangeUpdated, this, [this](quint64 id) {
        if (id == m_shownId && !m_refreshTimer.isActive()) {
            m_refreshTimer.start();
        }
    });
    connect(m_controller, &InterceptController::exchangesDropped, this,
        [this] { m_pane->keepOnly(m_controller->exchangeIds()); });
    connect(m_controller, &InterceptController::refused, this,
        [this](const QString &what) { m_pane->showMessage(tr("Refused: %1").arg(what)); });
    connect(m_controller, &InterceptController::browserFinished, this, [this](int exitCode) {
        m_pane->showMessage(tr("The launched browser ended (exit code %1); the proxy still runs.").arg(exitCode));
    });
    // Closing the window ends intercept mode: no proxy or browser is left behind unseen.
    connect(this, &QDialog::finished, this, &InterceptDialog::stopIntercept);
    clearShown();
}

InterceptDialog::~InterceptDialog()
{
    m_controller->stop();
}

InterceptDialog *InterceptDialog::showFor(QWidget *window, Settings &settings)
{
    auto *dialog = window->findChild<InterceptDialog *>(QString(), Qt::FindDirectChildrenOnly);
    if (!dialog) {
        dialog = new InterceptDialog(settings, window);
        dialog->setWindowFlag(Qt::Window);
    }
    dialog->QDialog::show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

bool InterceptDialog::startIntercept()
{
    const InterceptPane::Choice choice = m_pane->choice();
    InterceptController::Options options;
    options.proxy.port = choice.port;
    options.proxy.upstreamCaCertificates = m_upstreamCas;
    options.caDirectory = m_caDirectory;
    options.browser = choice.browser;
    options.launch = choice.launch;
    options.headless = m_headless;
    if (!choice.rulesPath.isEmpty()) {
        QString error;
        const std::optional<RewriteRules> rules = RewriteRules::load(choice.rulesPath, &error);
        if (!rules) {
            m_lastError = error;
            return false;
        }
        options.rules = *rules;
        m_settings.setLastDirectory(QFileInfo(choice.rulesPath).absolutePath());
    }
    m_pane->clearExchanges();
    clearShown();
    QString error;
    if (!m_controller->start(options, &error)) {
        m_lastError = error;
        m_pane->showRunning(false, {}, {}, choice.launch);
        return false;
    }
    m_lastError.clear();
    m_pane->showRunning(true, m_controller->proxyUrl(), m_controller->caCertificatePath(), choice.launch);
    m_pane->showMessage(choice.rulesPath.isEmpty()
            ? tr("Recording. Every event stream is diagnosed as %1.")
                  .arg(BrowserProfile::fromName(choice.browser).displayName)
            : tr("Recording, with the rewrite rules of %1 applied.").arg(QFileInfo(choice.rulesPath).fileName()));
    return true;
}

void InterceptDialog::stopIntercept()
{
    if (!m_controller->isRunning()) {
        return;
    }
    m_controller->stop(); // the open exchanges arrive finished before it returns
    m_pane->showRunning(false, {}, {}, m_pane->choice().launch);
    m_pane->showMessage(tr("Stopped: %n exchange(s) recorded.", nullptr, int(m_controller->exchangeIds().size())));
}

QString InterceptDialog::verdictText() const
{
    return m_banner->headlineText();
}

// -- the list --

void InterceptDialog::onStarted(quint64 id)
{
    updateRow(id);
    const InterceptedExchange *exchange = m_controller->exchange(id);
    // The first stream is shown by itself; the user's choice is kept afterwards.
    if (m_pane->selectedId() == 0 && exchange && exchange->isEventStream()) {
        m_pane->select(id);
    }
}

void InterceptDialog::onFinished(quint64 id)
{
    updateRow(id);
    if (id == m_shownId) {
        m_refreshTimer.stop();
        refreshShown();
    }
}

void InterceptDialog::updateRow(quint64 id)
{
    const InterceptedExchange *exchange = m_controller->exchange(id);
    if (!exchange) {
        return;
    }
    QString outcome;
    if (exchange->isEventStream()) {
        QString error;
        const std::optional<HarImport> diagnosed = m_controller->diagnose(id, &error);
        if (diagnosed) {
            EngineOutcome engine;
            engine.browser = BrowserProfile::fromName(diagnosed->session.info().browser).displayName;
            engine.verdict = diagnosed->session.verdict();
            engine.findings = diagnosed->session.findings();
            engine.running = m_controller->isOpen(id);
            engine.recorded = true;
            outcome = BannerPane::headline(engine).text;
        } else {
            outcome = tr("not diagnosed: %1").arg(error);
        }
    }
    m_pane->setExchange(*exchange, m_controller->isOpen(id), outcome);
}

// -- the shown session --

void InterceptDialog::clearShown()
{
    m_refreshTimer.stop();
    m_shownId = 0;
    m_session = Session();
    m_eventsShown = 0;
    m_chunksShown = 0;
    m_events->clear();
    m_exchanges->clear();
    m_findings->clear();
    m_cookies->clear();
    m_eventsPane->clear();
    m_exchangesPane->clear();
    m_diagnosisPane->clear();
    m_diagnosisPane->setMockScenario(std::nullopt);
    m_banner->showOutcomes({});
    m_eventsPane->updateCount();
}

void InterceptDialog::showExchange(quint64 id)
{
    if (id == m_shownId) {
        return;
    }
    clearShown();
    const InterceptedExchange *exchange = m_controller->exchange(id);
    if (!exchange) {
        return;
    }
    m_shownId = id;
    if (!exchange->isEventStream()) {
        // Listed, not diagnosed: its heads in the Exchanges tab.
        m_session.recordExchange(exchange->exchange);
        m_exchanges->upsert(exchange->exchange);
        m_exchangesPane->selectNewestIfNone();
        m_tabs->setCurrentWidget(m_exchangesPane);
        return;
    }
    refreshShown();
}

// The shown stream's session, asked for again: the replay is deterministic, so what was shown
// is a prefix of what comes back, and only the new events and chunks are appended.
void InterceptDialog::refreshShown()
{
    if (m_shownId == 0) {
        return;
    }
    const InterceptedExchange *exchange = m_controller->exchange(m_shownId);
    if (!exchange || !exchange->isEventStream()) {
        return;
    }
    QString error;
    std::optional<HarImport> diagnosed = m_controller->diagnose(m_shownId, &error);
    if (!diagnosed) {
        m_diagnosisPane->setConsole({tr("Not diagnosed: %1").arg(error)});
        return;
    }
    m_session = std::move(diagnosed->session);
    const QList<RecordedEvent> &events = m_session.events();
    if (events.size() < m_eventsShown) {
        m_events->clear(); // not a prefix after all (the recording dropped bytes): start over
        m_eventsShown = 0;
    }
    m_events->append(events.mid(m_eventsShown));
    m_events->flush();
    m_eventsShown = events.size();
    for (const SessionExchange &each : m_session.exchanges()) {
        m_exchanges->upsert(each);
    }
    m_cookies->clear();
    m_cookies->append(m_session.cookies());
    m_findings->setFindings(m_session.findings());
    const qsizetype chunks = m_session.chunks().size();
    if (chunks > m_chunksShown) {
        m_eventsPane->appendChunks(m_session, chunks - m_chunksShown);
        m_chunksShown = chunks;
    }
    m_eventsPane->updateCount();
    m_exchangesPane->selectNewestIfNone();
    m_diagnosisPane->setConsole(m_session.verdict().console);
    m_diagnosisPane->setSnippetContext(snippetContextOf(m_session));

    EngineOutcome outcome;
    outcome.browser = BrowserProfile::fromName(m_session.info().browser).displayName;
    outcome.verdict = m_session.verdict();
    outcome.findings = m_session.findings();
    outcome.running = m_controller->isOpen(m_shownId);
    outcome.recorded = true;
    m_banner->showOutcomes({outcome});
    m_pane->setExchange(*exchange, outcome.running, BannerPane::headline(outcome).text);
    Q_EMIT streamShown(m_shownId);
}

// -- HAR --

bool InterceptDialog::exportHar(const QString &path, bool keepSecrets)
{
    QString error;
    if (!m_controller->recording().writeHar(path, keepSecrets, &error)) {
        m_lastError = error;
        return false;
    }
    m_lastError.clear();
    m_settings.setLastDirectory(QFileInfo(path).absolutePath());
    m_pane->showMessage(tr("Exported %1").arg(path));
    return true;
}

void InterceptDialog::exportDialog()
{
    const std::optional<bool> keepSecrets = HarExportDialog::ask(this);
    if (!keepSecrets) {
        return;
    }
    const QString suggested = QDir(m_settings.lastDirectory()).filePath(QStringLiteral("intercept.har"));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Intercepted Exchanges as HAR"), suggested, tr("HAR files (*.har);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    if (!exportHar(path, *keepSecrets)) {
        QMessageBox::warning(this, tr("Export HAR"), m_lastError);
    } else if (*keepSecrets) {
        QMessageBox::warning(this, tr("Export HAR"), HarWriter::keepSecretsWarning(path));
    }
}

} // namespace SseScope::Gui
