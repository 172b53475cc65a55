#include "sessioncoordinator.h"

#include <client/browserclientcontroller.h>
#include <client/engineclients.h>
#include <models/cookiesmodel.h>
#include <models/eventsmodel.h>
#include <models/exchangesmodel.h>
#include <models/findingsmodel.h>
#include <scenario/presetlibrary.h>
#include <server/mockservercontroller.h>
#include <session/harreader.h>
#include <session/harwriter.h>
#include <session/sessionreport.h>

#include <QDateTime>
#include <QJsonObject>

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

// A companion engine's session feeds only the comparison: a small record is enough.
Session::Limits companionLimits()
{
    Session::Limits limits;
    limits.maxEvents = 1000;
    limits.maxChunks = 1000;
    limits.maxRawBytes = 1024 * 1024;
    limits.maxExchanges = 1000;
    return limits;
}

QList<qint64> arrivalTimes(const QList<RecordedEvent> &events)
{
    QList<qint64> arrivals;
    arrivals.reserve(events.size());
    for (const RecordedEvent &event : events) {
        arrivals.append(event.receivedMs);
    }
    return arrivals;
}
} // namespace

SessionCoordinator::SessionCoordinator(const QString &recoveryDirectory, QObject *parent)
    : QObject(parent)
    , m_server(new MockServerController(this))
    , m_client(new BrowserClientController(sessionLimits(), this))
    , m_companions(new EngineClients(companionLimits(), this))
    , m_events(new EventsModel(this))
    , m_exchanges(new ExchangesModel(this))
    , m_findings(new FindingsModel(this))
    , m_cookies(new CookiesModel(this))
    , m_scenario(PresetLibrary::defaultScenario())
    , m_recovery(recoveryDirectory.isEmpty() ? ScenarioRecovery::defaultDirectory() : recoveryDirectory)
{
    m_server->setScenario(m_scenario);

    connect(m_client, &BrowserClientController::eventsRecorded, this, &SessionCoordinator::onEventsRecorded);
    connect(m_client, &BrowserClientController::chunksRecorded, this, &SessionCoordinator::onChunksRecorded);
    connect(m_client, &BrowserClientController::exchangeRecorded, this, &SessionCoordinator::onExchangeRecorded);
    connect(m_client, &BrowserClientController::cookiesRecorded, this, &SessionCoordinator::onCookiesRecorded);
    connect(m_client, &BrowserClientController::findingsChanged, this, &SessionCoordinator::onFindingsChanged);
    connect(m_client, &BrowserClientController::verdictChanged, this, &SessionCoordinator::onVerdictChanged);
    connect(m_client, &BrowserClientController::finished, this, &SessionCoordinator::onClientFinished);
    connect(m_companions, &EngineClients::changed, this, [this] {
        if (!m_imported) {
            Q_EMIT outcomeChanged();
        }
    });

    // The server's exchanges: streams counted, and each handed to the client so it measures
    // buffering exactly (write time vs. arrival time).
    connect(m_server, &MockServerController::exchangeStarted, this,
            [this](const ServerExchange &exchange) { onServerExchange(exchange, true); });
    connect(m_server, &MockServerController::exchangeFinished, this,
            [this](const ServerExchange &exchange) { onServerExchange(exchange, false); });
    // An open stream's write times reach the client's session once a second (tick()), so the
    // timeline shows write against arrival while the stream runs, not only when it ends.
    connect(m_server, &MockServerController::eventsWritten, this,
            [this](quint64 id, const QList<WrittenEvent> &) { m_writesPending.insert(id); });
    connect(m_server, &MockServerController::reportReceived, this, [this](const QJsonObject &object) {
        QString error;
        if (const std::optional<RealBrowserReport> report = RealBrowserReport::fromJson(object, &error)) {
            Q_EMIT reportReceived(*report);
        } else {
            Q_EMIT reportRefused(error);
        }
    });

    // The open stream's size and chunk count, a few times a second rather than per chunk.
    m_bodyTimer.setSingleShot(true);
    m_bodyTimer.setInterval(150);
    connect(&m_bodyTimer, &QTimer::timeout, this, &SessionCoordinator::flushBodies);
    m_reconnectTimer.setSingleShot(true);
    m_reconnectTimer.setInterval(300);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        if (m_clientWanted) {
            Q_EMIT reconnectDue();
        }
    });
    m_tickTimer.setInterval(1000);
    connect(&m_tickTimer, &QTimer::timeout, this, &SessionCoordinator::tick);
    m_tickTimer.start();
    m_recoveryTimer.setSingleShot(true);
    m_recoveryTimer.setInterval(400);
    connect(&m_recoveryTimer, &QTimer::timeout, this, &SessionCoordinator::storeRecoveryNow);
}

SessionCoordinator::~SessionCoordinator()
{
    // Stopping delivers the last queued notifications; nobody listens any more.
    m_client->disconnect(this);
    m_companions->disconnect(this);
    m_server->disconnect(this);
    m_client->stop();
    m_companions->stop();
    m_server->stop();
}

// -- scenario and server --

void SessionCoordinator::setScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    m_server->setScenario(scenario);
    if (m_clientWanted) {
        m_reconnectTimer.start();
    }
}

bool SessionCoordinator::startServer(const ServerOptions &options, QString *errorString)
{
    if (m_server->isRunning()) {
        return true;
    }
    const bool started = m_server->start(m_scenario, options, errorString);
    m_openStreams = 0;
    Q_EMIT serverStateChanged();
    return started;
}

void SessionCoordinator::stopServer()
{
    m_server->stop();
    m_openStreams = 0;
    Q_EMIT serverStateChanged();
}

void SessionCoordinator::onServerExchange(const ServerExchange &exchange, bool started)
{
    if (exchange.kind == ServerExchange::Kind::Stream) {
        m_openStreams = started ? m_openStreams + 1 : std::max(0, m_openStreams - 1);
        Q_EMIT serverStateChanged();
    }
    m_client->correlateServerExchange(exchange);
}

// -- client --

bool SessionCoordinator::connectClient(const ClientOptions &options, QString *errorString)
{
    if (m_client->isRunning()) {
        m_client->stop();
    }
    m_imported.reset(); // a live session replaces an imported one
    clearSession();
    m_companions->stop();
    if (!m_client->start(options, errorString)) {
        return false;
    }
    if (m_compareEngines) {
        QList<BrowserProfile> others;
        for (const BrowserProfile &profile : BrowserProfile::all()) {
            if (profile.kind != options.profile.kind) {
                others.append(profile);
            }
        }
        // The chosen engine's options were accepted, so the same ones with another profile are too.
        m_companions->start(options, others);
    }
    m_clientWanted = true;
    Q_EMIT outcomeChanged();
    return true;
}

void SessionCoordinator::disconnectClient()
{
    m_clientWanted = false;
    m_reconnectTimer.stop();
    m_client->stop();
    m_companions->stop();
    Q_EMIT outcomeChanged();
}

const Session &SessionCoordinator::shownSession() const
{
    return m_imported ? *m_imported : m_client->session();
}

void SessionCoordinator::setCompareEngines(bool compare)
{
    m_compareEngines = compare;
    if (!compare) {
        m_companions->stop();
        Q_EMIT outcomeChanged();
    }
}

QList<EngineResult> SessionCoordinator::engineResults() const
{
    if (m_imported || m_companions->count() == 0 || !m_compareEngines) {
        return {};
    }
    QList<EngineResult> results = m_companions->results();
    results.append(engineResultOf(m_client->session()));
    // In the order the CLI and the docs use: Chromium, Firefox, Safari.
    const QStringList order = BrowserProfile::names();
    std::sort(results.begin(), results.end(), [&order](const EngineResult &a, const EngineResult &b) {
        return order.indexOf(a.browser) < order.indexOf(b.browser);
    });
    return results;
}

void SessionCoordinator::clearSession()
{
    m_events->clear();
    m_exchanges->clear();
    m_findings->clear();
    m_cookies->clear();
    m_bodyAdvanced.clear();
    m_eventsAtLastTick = 0;
    m_stateChangesShown = 0;
    Q_EMIT sessionCleared();
}

// Late notifications of a stopped client must not touch an imported session: each handler
// below returns while one is shown.

void SessionCoordinator::onEventsRecorded(qsizetype count)
{
    if (m_imported) {
        return;
    }
    const QList<RecordedEvent> &all = m_client->session().events();
    const qsizetype take = std::min(count, all.size());
    if (take <= 0) {
        return;
    }
    const QList<RecordedEvent> fresh = all.sliced(all.size() - take);
    m_events->append(fresh);
    Q_EMIT arrivalsAdded(arrivalTimes(fresh));
}

void SessionCoordinator::onChunksRecorded(qsizetype count)
{
    if (m_imported) {
        return;
    }
    const QList<RawChunk> &all = m_client->session().chunks();
    for (qsizetype i = all.size() - std::min(count, all.size()); i < all.size(); ++i) {
        m_bodyAdvanced.insert(all.at(i).exchangeId);
    }
    if (!m_bodyTimer.isActive()) {
        m_bodyTimer.start();
    }
    Q_EMIT chunksAdded(count);
}

void SessionCoordinator::flushBodies()
{
    if (!m_imported) {
        for (const quint64 id : std::as_const(m_bodyAdvanced)) {
            if (const SessionExchange *exchange = m_client->session().exchange(id)) {
                m_exchanges->upsert(*exchange);
            }
        }
    }
    m_bodyAdvanced.clear();
}

void SessionCoordinator::onExchangeRecorded(quint64 id)
{
    if (m_imported) {
        return;
    }
    if (const SessionExchange *exchange = m_client->session().exchange(id)) {
        m_exchanges->upsert(*exchange);
        Q_EMIT exchangeRecorded();
    }
}

void SessionCoordinator::onCookiesRecorded(qsizetype count)
{
    if (m_imported) {
        return;
    }
    const QList<RecordedCookie> &all = m_client->session().cookies();
    const qsizetype take = std::min(count, all.size());
    if (take > 0) {
        m_cookies->append(all.sliced(all.size() - take));
    }
}

void SessionCoordinator::onFindingsChanged()
{
    if (m_imported) {
        return;
    }
    m_findings->setFindings(m_client->session().findings());
    Q_EMIT outcomeChanged();
}

void SessionCoordinator::onVerdictChanged()
{
    if (m_imported) {
        return;
    }
    const QList<StateChange> &changes = m_client->session().stateChanges();
    if (m_stateChangesShown > changes.size()) {
        m_stateChangesShown = 0; // the session's bounded list dropped old ones
    }
    if (m_stateChangesShown < changes.size()) {
        Q_EMIT stateChangesAdded(changes.sliced(m_stateChangesShown));
    }
    m_stateChangesShown = changes.size();
    Q_EMIT outcomeChanged();
}

void SessionCoordinator::onClientFinished()
{
    if (m_imported) {
        return;
    }
    m_events->flush();
    m_findings->setFindings(m_client->session().findings());
    Q_EMIT outcomeChanged();
}

void SessionCoordinator::tick()
{
    if (!m_writesPending.isEmpty() && m_client->isRunning()) {
        const QList<ServerExchange> recent = m_server->recentExchanges();
        for (const ServerExchange &exchange : recent) {
            if (m_writesPending.contains(exchange.id)) {
                m_client->recordServerWrites(exchange);
            }
        }
    }
    m_writesPending.clear();
    const quint64 total = m_events->totalCount();
    m_eventsPerSecond = double(total - std::min(total, m_eventsAtLastTick));
    m_eventsAtLastTick = total;
    Q_EMIT ticked();
}

// -- HAR --

bool SessionCoordinator::exportHar(const QString &path, bool keepSecrets, QString *errorString)
{
    return HarWriter::write(shownSession(), path, HarOptions{keepSecrets}, errorString);
}

bool SessionCoordinator::importHar(
    const QString &path, QString *errorString, QString *creator, const std::optional<BrowserProfile> &profile)
{
    HarError error;
    std::optional<HarImport> imported = HarReader::readFile(path, HarReadOptions{profile}, &error);
    if (!imported) {
        *errorString = error.toString(); // refused whole: the panes keep what they showed
        return false;
    }
    disconnectClient();
    m_imported = std::make_unique<Session>(std::move(imported->session));
    m_importedPath = path;
    *creator = imported->creator;

    clearSession();
    const Session &session = *m_imported;
    m_events->append(session.events());
    m_events->flush();
    Q_EMIT arrivalsAdded(arrivalTimes(session.events()));
    for (const SessionExchange &exchange : session.exchanges()) {
        m_exchanges->upsert(exchange);
    }
    m_cookies->append(session.cookies());
    m_findings->setFindings(session.findings());
    Q_EMIT stateChangesAdded(session.stateChanges());
    m_stateChangesShown = session.stateChanges().size();
    Q_EMIT chunksAdded(session.chunks().size());
    Q_EMIT sessionShown();
    Q_EMIT outcomeChanged();
    return true;
}

// -- crash recovery of scenario edits --

void SessionCoordinator::noteEdited()
{
    m_unsavedEdits = true;
    m_recoveryTimer.start();
}

void SessionCoordinator::storeRecoveryNow()
{
    m_recoveryTimer.stop();
    if (!m_unsavedEdits) {
        return;
    }
    QString error;
    if (!m_recovery.store(m_scenario, m_currentFile, &error)) {
        // Not fatal: the edits are still in the editor; say why recovery is off.
        Q_EMIT statusMessage(tr("Cannot keep a recovery copy of the edits: %1").arg(error), 8000);
    }
}

void SessionCoordinator::discardRecovery()
{
    m_recoveryTimer.stop();
    m_recovery.discard(m_currentFile);
    m_unsavedEdits = false;
}

} // namespace SseScope::Gui
