#include "browserclient.h"
#include "browserclient_p.h"

#include "bodydecoder.h"
#include "wireaccessmanager.h"

#include <common/logging.h>
#include <server/serverexchange.h>

#include <QHash>
#include <QMutex>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>

namespace SseScope {

namespace {

// Streams open per host across every client of this process: a browser shares one socket pool
// between its tabs, so several sessions to one host meet the HTTP/1.1 six-connection limit.
class ConnectionRegistry
{
public:
    static int acquire(const QString &key)
    {
        QMutexLocker locker(&mutex());
        return ++counts()[key];
    }
    static void release(const QString &key)
    {
        QMutexLocker locker(&mutex());
        auto it = counts().find(key);
        if (it != counts().end() && --it.value() <= 0) {
            counts().erase(it);
        }
    }

private:
    static QMutex &mutex()
    {
        static QMutex m;
        return m;
    }
    static QHash<QString, int> &counts()
    {
        static QHash<QString, int> c;
        return c;
    }
};

} // namespace

BrowserClient::BrowserClient(const ClientOptions &options, qint64 monotonicStartUs, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_startUs(monotonicStartUs)
    , m_cookies(&m_jar, options.profile, options.thirdPartyCookies)
    , m_model(options.profile, options.pageOrigin, options.intent)
    , m_sink(std::make_unique<ParserSink>(this))
    , m_parser(std::make_unique<EventStreamParser>(*m_sink))
    , m_utf8(QStringDecoder::Utf8)
{
    m_model.setCookieProvider(&m_cookies);
    m_model.setSetCookieSink(&m_cookies);
    m_model.setPreflightCache(&m_preflightCache);
}

BrowserClient::~BrowserClient()
{
    releaseConnection();
}

qint64 BrowserClient::nowMs() const
{
    return (monotonicMicroseconds() - m_startUs) / 1000;
}

void BrowserClient::start()
{
    m_nam = new WireAccessManager(this);
    // No HSTS, no cache, no cookie jar of QNAM's own: the model and our jar decide.
    m_nam->setCookieJar(nullptr);
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    if (m_options.proxy) {
        m_nam->setProxy(*m_options.proxy);
    }

    m_windowTimer = new QTimer(this);
    m_windowTimer->setSingleShot(true);
    m_windowTimer->setTimerType(Qt::PreciseTimer);
    connect(m_windowTimer, &QTimer::timeout, this, [this] { finishObservation(QStringLiteral("window passed")); });
    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    // A coarse timer may fire 5% early; the browser waits the whole reconnection time.
    m_reconnectTimer->setTimerType(Qt::PreciseTimer);
    connect(m_reconnectTimer, &QTimer::timeout, this, &BrowserClient::startAttempt);
    m_liveTimer = new QTimer(this);
    connect(m_liveTimer, &QTimer::timeout, this, &BrowserClient::checkStreamLive);
    m_liveTimer->start(1000);
    if (m_options.durationMs > 0) {
        m_windowTimer->start(int(std::min<qint64>(m_options.durationMs, std::numeric_limits<int>::max())));
    }

    publishVerdict(QStringLiteral("connecting"));

    // `--cookie`: already in the jar, as if set first-party by the URL's host.
    QList<RecordedCookie> preset;
    QList<Finding> presetFindings;
    for (const QString &line : std::as_const(m_options.cookies)) {
        const CookieSetOutcome outcome = m_jar.addFirstPartyCookie(line, m_options.intent.url);
        preset.append(RecordedCookie {0, RecordedCookie::Direction::Set, JarCookieProvider::outcomeOf(outcome)});
        const QList<CookieFindingRef> refs = cookieFindings(outcome);
        for (const CookieFindingRef &ref : refs) {
            presetFindings.append(makeFinding(ref.id, ref.detail));
        }
    }
    if (!preset.isEmpty()) {
        Q_EMIT cookiesRecorded(preset);
    }
    raise(presetFindings, 0);

    if (m_options.loginUrl.isValid() && !m_options.loginUrl.isEmpty()) {
        startLogin();
    } else {
        startAttempt();
    }
}

void BrowserClient::stop()
{
    finishObservation(QStringLiteral("stopped"));
}

void BrowserClient::startLogin()
{
    // The page's `await fetch(loginUrl, {credentials: 'include'})`: a fetch with the model's rules
    // (CORS, cookies, redirects), recorded as kind "login".
    RequestIntent intent;
    intent.url = m_options.loginUrl;
    intent.mode = RequestMode::Fetch;
    intent.fetchCredentials = CredentialsMode::Include;
    m_loginModel = std::make_unique<EventSourceModel>(m_options.profile, m_options.pageOrigin, intent);
    m_loginModel->setCookieProvider(&m_cookies);
    m_loginModel->setSetCookieSink(&m_cookies);
    m_loginModel->setPreflightCache(&m_preflightCache);
    const RequestPlan plan = m_loginModel->planRequest(nowMs());
    m_phase = Phase::Login;
    if (!plan.sent) {
        raise(plan.findings, 0);
        addConsole(plan.console);
        drainCookies(0, 0);
        finishLogin();
        return;
    }
    sendRequest(ExchangeKind::Login, plan.request);
    drainCookies(m_exchange.id, m_exchange.id);
    raise(plan.findings, m_exchange.id);
}

void BrowserClient::finishLogin()
{
    m_loginModel.reset();
    if (!m_finished) {
        startAttempt();
    }
}

void BrowserClient::startAttempt()
{
    if (m_finished) {
        return;
    }
    if (m_model.attempts() > 0) {
        m_verdict.addReconnect();
    }
    const RequestPlan plan = m_model.planRequest(nowMs());
    if (!plan.sent) {
        raise(plan.findings, 0);
        m_verdict.addPlan(plan);
        drainCookies(0, 0);
        publishVerdict(QStringLiteral("not sent"));
        finishObservation(QStringLiteral("not sent"));
        return;
    }
    if (plan.preflight) {
        m_pendingRequest = plan.request;
        sendRequest(ExchangeKind::Preflight, *plan.preflight);
        m_phase = Phase::Preflight;
    } else {
        m_pendingRequest.reset();
        sendRequest(ExchangeKind::Stream, plan.request);
        m_phase = Phase::AwaitingResponse;
    }
    drainCookies(m_exchange.id, m_exchange.id);
    raise(plan.findings, m_exchange.id);
    m_verdict.addPlan(plan);
    publishVerdict(m_verdict.verdict().reconnects > 0 ? QStringLiteral("reconnecting") : QStringLiteral("connecting"));
}

void BrowserClient::apply(const Decision &decision, const QString &reason)
{
    const quint64 id = m_exchange.id;
    raise(decision.findings, id);
    m_verdict.addDecision(decision);
    switch (decision.action) {
    case NextAction::None:
        drainCookies(id, id);
        break;
    case NextAction::Continue: {
        drainCookies(id, id);
        m_phase = Phase::Streaming;
        m_summary = StreamSummary();
        m_summaryActive = true;
        m_liveRaised.clear();
        m_utf8 = QStringDecoder(QStringDecoder::Utf8);
        m_utf8ErrorSeen = false;
        const QUrl url = m_exchange.plannedRequest.url;
        if (m_exchange.httpVersion.startsWith('1')) {
            m_connectionKey = url.scheme() + QStringLiteral("://") + url.host() + QLatin1Char(':')
                + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
            const int open = ConnectionRegistry::acquire(m_connectionKey);
            raise(checkConnection(m_exchange.httpVersion, open, m_options.profile), id);
        } else {
            raise(checkConnection(m_exchange.httpVersion, 1, m_options.profile), id);
        }
        break;
    }
    case NextAction::WaitSniffing:
        drainCookies(id, id);
        m_phase = Phase::Sniffing;
        break;
    case NextAction::SendRequest: {
        if (m_reply) {
            endCurrentExchange(false, true);
        }
        if (decision.preflight) {
            m_pendingRequest = decision.request;
            sendRequest(ExchangeKind::Preflight, *decision.preflight);
            m_phase = Phase::Preflight;
        } else {
            const RequestHead next = decision.request ? *decision.request : *m_pendingRequest;
            m_pendingRequest.reset();
            sendRequest(ExchangeKind::Stream, next);
            m_phase = Phase::AwaitingResponse;
        }
        drainCookies(id, m_exchange.id);
        break;
    }
    case NextAction::FailConnection:
        drainCookies(id, id);
        // A fetch answer with a non-ok status: the page's code reads its body before it gives up.
        if (!decision.endedNormally && deferFailureForFetchBody(QStringLiteral("failed"))) {
            publishVerdict(reason.isEmpty() ? QStringLiteral("failed") : reason);
            return;
        }
        if (m_reply) {
            endCurrentExchange(false, true);
        }
        publishVerdict(reason.isEmpty() ? QStringLiteral("failed") : reason);
        finishObservation(decision.endedNormally ? QStringLiteral("ended") : QStringLiteral("failed"));
        return;
    case NextAction::Reconnect:
        drainCookies(id, id);
        if (m_reply) {
            endCurrentExchange(false, true);
        }
        m_phase = Phase::Idle;
        m_reconnectTimer->start(std::max(0, decision.reconnectDelayMs));
        publishVerdict(QStringLiteral("reconnect in %1 ms").arg(decision.reconnectDelayMs));
        return;
    }
    publishVerdict(reason);
}

void BrowserClient::endCurrentExchange(bool closedByClient, bool abortReply)
{
    if (m_summaryActive) {
        finishStreamSummary(false);
    }
    releaseConnection();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (reply) {
        releaseReply(reply, abortReply);
    }
    if (m_exchange.endedMs < 0) {
        m_exchange.endedMs = nowMs();
    }
    m_exchange.closedByClient = closedByClient;
    Q_EMIT exchangeUpdated(m_exchange);
}

void BrowserClient::finishStreamSummary(bool endedByServer)
{
    if (!m_summaryActive) {
        return;
    }
    m_summaryActive = false;
    m_summary.endedByServer = endedByServer;
    m_summary.observedMs = (m_exchange.endedMs >= 0 ? m_exchange.endedMs : nowMs()) - m_exchange.startedMs;
    QList<Finding> findings = checkStream(m_summary);
    findings.removeIf([this](const Finding &finding) { return m_liveRaised.contains(finding.id); });
    raise(findings, m_exchange.id);
}

void BrowserClient::checkStreamLive()
{
    // While a stream is open, the timing findings are raised as soon as they hold (a stall or a
    // missing heartbeat shows in the GUI while it happens), once per exchange; the rest waits for
    // the end of the stream.
    if (!m_summaryActive) {
        return;
    }
    StreamSummary snapshot = m_summary;
    snapshot.endedByServer = false;
    snapshot.observedMs = nowMs() - m_exchange.startedMs;
    QList<Finding> findings;
    const QList<Finding> all = checkStream(snapshot);
    for (const Finding &finding : all) {
        if (findingHasTrait(finding.id, FindingTrait::Live) && !m_liveRaised.contains(finding.id)) {
            m_liveRaised.insert(finding.id);
            findings.append(finding);
        }
    }
    raise(findings, m_exchange.id);
}

void BrowserClient::releaseConnection()
{
    if (!m_connectionKey.isEmpty()) {
        ConnectionRegistry::release(m_connectionKey);
        m_connectionKey.clear();
    }
}

void BrowserClient::drainCookies(quint64 setExchangeId, quint64 sentExchangeId)
{
    const QList<JarCookieProvider::LoggedOutcome> log = m_cookies.takeLog();
    if (log.isEmpty()) {
        return;
    }
    QList<RecordedCookie> cookies;
    for (const JarCookieProvider::LoggedOutcome &entry : log) {
        cookies.append(RecordedCookie {entry.set ? setExchangeId : sentExchangeId,
            entry.set ? RecordedCookie::Direction::Set : RecordedCookie::Direction::Sent, entry.outcome});
    }
    Q_EMIT cookiesRecorded(cookies);
}

void BrowserClient::raise(const QList<Finding> &findings, quint64 exchangeId)
{
    if (!findings.isEmpty()) {
        Q_EMIT findingsRaised(findings, nowMs(), exchangeId);
    }
}

void BrowserClient::addConsole(const QStringList &lines)
{
    m_verdict.addConsole(lines);
}

void BrowserClient::publishVerdict(const QString &reason)
{
    Q_EMIT verdictChanged(m_verdict.verdict(), nowMs(), reason);
}

void BrowserClient::finishObservation(const QString &reason)
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    checkFetchBody(); // what is in of a fetch answer's body when the observation ends
    if (m_fetchBodyTimer) {
        m_fetchBodyTimer->stop();
    }
    if (m_windowTimer) {
        m_windowTimer->stop();
    }
    if (m_reconnectTimer) {
        m_reconnectTimer->stop();
    }
    if (m_liveTimer) {
        m_liveTimer->stop();
    }
    if (m_reply) {
        endCurrentExchange(true, true);
    } else if (m_summaryActive) {
        finishStreamSummary(false);
    }
    m_phase = Phase::Done;
    qCDebug(lcClient) << "observation ended:" << reason;
    publishVerdict(reason);
    Q_EMIT finished();
}

} // namespace SseScope
