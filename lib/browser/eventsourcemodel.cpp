#include "eventsourcemodel.h"

#include "eventsourcemodel_p.h"
#include "fetchrequest.h"
#include "productionchecks.h"

#include <common/logging.h>

#include <limits>

// EventSourceModel, part 1 of 3: the state machine — an attempt's start (URL parse, mixed
// content, the preflight decision), the fail / reestablish transitions, the streaming fields
// (last event ID, retry) and the end of the body or a network error (reconnect or close).
// eventsourcerequests.cpp builds what each request carries; eventsourceresponses.cpp checks
// each answer (preflight, redirect hop, final response).

namespace SseScope {

using EventSourceDetail::isHttpScheme;
using EventSourceDetail::sniffedMimeType;

QString chromiumNetErrorName(NetworkErrorKind kind)
{
    switch (kind) {
    case NetworkErrorKind::ConnectionRefused:
        return QStringLiteral("ERR_CONNECTION_REFUSED");
    case NetworkErrorKind::TimedOut:
        return QStringLiteral("ERR_TIMED_OUT");
    case NetworkErrorKind::ConnectionReset:
        return QStringLiteral("ERR_CONNECTION_RESET");
    case NetworkErrorKind::ConnectionClosed:
        return QStringLiteral("ERR_EMPTY_RESPONSE");
    case NetworkErrorKind::Interrupted:
        return QStringLiteral("ERR_INCOMPLETE_CHUNKED_ENCODING");
    case NetworkErrorKind::HostNotFound:
        return QStringLiteral("ERR_NAME_NOT_RESOLVED");
    case NetworkErrorKind::TooManyRedirects:
        return QStringLiteral("ERR_TOO_MANY_REDIRECTS");
    case NetworkErrorKind::InvalidRedirect:
        return QStringLiteral("ERR_INVALID_REDIRECT");
    case NetworkErrorKind::ResponseHeadersTooBig:
        return QStringLiteral("ERR_RESPONSE_HEADERS_TOO_BIG");
    case NetworkErrorKind::UnexpectedProxyAuth:
        return QStringLiteral("ERR_UNEXPECTED_PROXY_AUTH");
    case NetworkErrorKind::Other:
        return QStringLiteral("ERR_FAILED");
    }
    return QStringLiteral("ERR_FAILED");
}

QString nextActionName(NextAction action)
{
    switch (action) {
    case NextAction::None:
        return QStringLiteral("none");
    case NextAction::SendRequest:
        return QStringLiteral("send-request");
    case NextAction::Continue:
        return QStringLiteral("continue");
    case NextAction::WaitSniffing:
        return QStringLiteral("wait-sniffing");
    case NextAction::FailConnection:
        return QStringLiteral("fail-connection");
    case NextAction::Reconnect:
        return QStringLiteral("reconnect");
    }
    return QString();
}

EventSourceModel::EventSourceModel(const BrowserProfile &profile, const Origin &pageOrigin, const RequestIntent &intent)
    : m_profile(profile)
    , m_pageOrigin(pageOrigin)
    , m_intent(intent)
    , m_reconnectionTimeMs(profile.defaultReconnectionMs)
{
    if (m_intent.mode == RequestMode::EventSource) {
        m_intent.method = QByteArrayLiteral("GET");
    } else {
        m_intent.method = normalizedMethod(m_intent.method);
    }
}

RequestPlan EventSourceModel::planRequest(qint64 nowMs)
{
    RequestPlan plan;
    if (m_phase == Phase::Closed && m_attempts > 0) {
        // HTML §9.2.3: once the connection failed (or the page closed it) there is no new attempt.
        plan.sent = false;
        plan.readyState = ReadyState::Closed;
        return plan;
    }
    ++m_attempts;
    m_emptyResponseResends = 0;
    const QUrl &url = m_reconnectUrl.isValid() ? m_reconnectUrl : m_intent.url;
    m_urlChain = {url};
    m_current = RequestHead();
    m_current.method = m_intent.method;
    m_current.url = url;
    m_taintedOrigin = false;
    m_authorizationDropped = false;
    m_bodyDropped = false;
    m_preflightRequired = false;
    m_heldResponse = ResponseHead();
    m_readyState = ReadyState::Connecting;

    const QString shownUrl = url.toString();
    if (!url.isValid() || url.scheme().isEmpty() || (isHttpScheme(url.scheme()) && url.host().isEmpty())) {
        // HTML §9.2.2 step 4 / event_source.cc: SyntaxError from the constructor.
        plan.sent = false;
        plan.readyState = ReadyState::Closed;
        m_readyState = ReadyState::Closed;
        m_phase = Phase::Closed;
        plan.findings.append(makeFinding("request.invalid-url", shownUrl));
        if (isFetch()) {
            plan.console.append(QStringLiteral("Uncaught (in promise) TypeError: Failed to execute 'fetch' on "
                                               "'Window': Failed to parse URL from ")
                + shownUrl);
        } else {
            plan.console.append(QStringLiteral("Uncaught SyntaxError: Failed to construct 'EventSource': Cannot "
                                               "open an EventSource to '")
                + shownUrl + QStringLiteral("'. The URL is invalid."));
        }
        return plan;
    }

    // Fetch §5.4 Request constructor steps 25 and 35: an invalid or forbidden method, or a body with
    // GET/HEAD, throws before anything is fetched.
    const QString typeError = fetchInitTypeError(m_intent);
    if (!typeError.isEmpty()) {
        plan.sent = false;
        plan.readyState = ReadyState::Closed;
        m_readyState = ReadyState::Closed;
        m_phase = Phase::Closed;
        plan.findings += fetchInitFindings(m_intent);
        if (m_profile.kind == BrowserKind::Chromium) {
            plan.console.append(chromiumFetchTypeErrorConsole(typeError));
        }
        return plan;
    }

    m_corsTainting = Origin::fromUrl(url) != m_pageOrigin;

    if (!isHttpScheme(url.scheme())) {
        // Chromium: a CORS request to a scheme that is not CORS-enabled.
        plan.sent = false;
        plan.readyState = ReadyState::Closed;
        m_readyState = ReadyState::Closed;
        m_phase = Phase::Closed;
        const CorsCheckResult result {CorsError::CorsDisabledScheme, QString()};
        plan.findings.append(makeFinding("cors.disabled-scheme", shownUrl));
        if (m_profile.kind == BrowserKind::Chromium) {
            plan.console.append(chromiumCorsConsoleMessage(result, m_intent.mode, url, url, m_pageOrigin));
            plan.console.append(chromiumFailedLoadMessage(m_current.method, url));
        }
        return plan;
    }

    // Mixed content (Chromium mixed_content_checker.cc): an https page may not load http, except
    // from potentially trustworthy hosts (http://localhost, http://127.0.0.1).
    // A fetch that declares targetAddressSpace may reach an http private address (LNA relaxes mixed
    // content for it).
    if (m_pageOrigin.scheme() == QLatin1String("https") && url.scheme() == QLatin1String("http")
        && !isLocalhostHost(url.host())
        && !(isFetch() && localNetworkExemptsMixedContent(url, m_intent.targetAddressSpace))) {
        plan.sent = false;
        plan.errorFired = !isFetch();
        plan.readyState = ReadyState::Closed;
        m_readyState = ReadyState::Closed;
        m_phase = Phase::Closed;
        plan.findings.append(makeFinding("request.mixed-content", chromiumUrlString(url)));
        const QString page = m_pageOrigin.serialize() + QLatin1Char('/');
        plan.console.append(QStringLiteral("Mixed Content: The page at '") + page
            + QStringLiteral("' was loaded over HTTPS, but requested an insecure ")
            + (isFetch() ? QStringLiteral("resource '") : QStringLiteral("EventSource endpoint '"))
            + chromiumUrlString(url)
            + QStringLiteral("'. This request has been blocked; the content must be served over "
                             "HTTPS."));
        return plan;
    }

    // Local Network Access: decided when the connection is made, before any byte is written (so no
    // preflight either).
    switch (checkLocalNetwork(url, &plan.findings, &plan.console)) {
    case LocalNetworkStep::Proceed:
        break;
    case LocalNetworkStep::Blocked:
        plan.sent = false;
        plan.errorFired = !isFetch();
        plan.readyState = ReadyState::Closed;
        m_readyState = ReadyState::Closed;
        m_phase = Phase::Closed;
        return plan;
    case LocalNetworkStep::Waits:
        plan.sent = false; // CONNECTING: nothing is sent until someone answers
        m_phase = Phase::Idle;
        return plan;
    }

    // Headers the page asks for.
    if (m_intent.mode == RequestMode::EventSource && !m_intent.extraHeaders.isEmpty()) {
        QStringList names;
        for (const HttpHeader &header : m_intent.extraHeaders.lines()) {
            names.append(QString::fromLatin1(header.name));
        }
        plan.findings.append(makeFinding("eventsource.custom-header", names.join(QStringLiteral(", "))));
    }
    if (isFetch()) {
        for (const HttpHeader &header : m_intent.extraHeaders.lines()) {
            if (isForbiddenRequestHeaderName(header.name)) {
                plan.findings.append(makeFinding("request.forbidden-header", QString::fromLatin1(header.name)));
            }
        }
    }
    plan.findings += checkRequestUrl(url);

    m_current = buildRequest(url, &plan.cookies, &plan.findings);
    plan.request = m_current;

    if (needsPreflightNow()) {
        m_preflightRequired = true;
        const QList<QByteArray> unsafe = corsUnsafeRequestHeaderNames(m_current.headers);
        const bool include = credentials() == CredentialsMode::Include;
        if (m_preflightCache
            && m_preflightCache->covers(
                serializedRequestOrigin(), url, m_current.method, unsafe, include, m_profile, nowMs)) {
            plan.preflightFromCache = true;
            m_phase = Phase::AwaitingResponse;
        } else {
            plan.preflight = buildPreflight();
            QString why = isCorsSafelistedMethod(m_current.method)
                ? QString()
                : QStringLiteral("method ") + QString::fromLatin1(m_current.method);
            if (!unsafe.isEmpty()) {
                why += (why.isEmpty() ? QString() : QStringLiteral("; ")) + QStringLiteral("headers ")
                    + QString::fromLatin1(unsafe.join(','));
            }
            plan.findings.append(makeFinding("preflight.required", why));
            m_phase = Phase::Preflight;
        }
    } else {
        m_phase = Phase::AwaitingResponse;
    }
    qCDebug(lcBrowser) << "planned attempt" << m_attempts << m_current.method << urlForLog(m_current.url)
                       << "preflight:" << plan.preflight.has_value();
    return plan;
}

Decision EventSourceModel::noChange() const
{
    Decision decision;
    decision.action = NextAction::None;
    decision.readyState = m_readyState;
    return decision;
}

Decision EventSourceModel::failConnection(QList<Finding> findings, QStringList console)
{
    // HTML §9.2.3 "fail the connection": CLOSED, `error`, never a reconnect.
    Decision decision;
    decision.action = NextAction::FailConnection;
    decision.errorFired = m_readyState != ReadyState::Closed;
    decision.readyState = ReadyState::Closed;
    decision.findings = std::move(findings);
    decision.console = std::move(console);
    m_readyState = ReadyState::Closed;
    m_phase = Phase::Closed;
    return decision;
}

Decision EventSourceModel::reestablish(QList<Finding> findings, QStringList console)
{
    // HTML §9.2.3 "reestablish the connection": CONNECTING, `error`, wait, then fetch again with
    // Last-Event-ID. No engine adds a backoff.
    Decision decision;
    decision.action = NextAction::Reconnect;
    decision.errorFired = true;
    decision.readyState = ReadyState::Connecting;
    decision.reconnectDelayMs = m_reconnectionTimeMs;
    decision.lastEventId = m_lastEventId;
    findings.append(makeFinding("eventsource.reconnect",
        QStringLiteral("after %1 ms").arg(m_reconnectionTimeMs)
            + (m_lastEventId.isEmpty() ? QStringLiteral(", without Last-Event-ID")
                                       : QStringLiteral(" with Last-Event-ID: ") + QString::fromUtf8(m_lastEventId))));
    decision.findings = std::move(findings);
    decision.console = std::move(console);
    m_readyState = ReadyState::Connecting;
    m_phase = Phase::Idle;
    return decision;
}

Decision EventSourceModel::networkFailure(NetworkErrorKind kind, const QString &netError)
{
    const bool beforeResponse = m_phase == Phase::Preflight || m_phase == Phase::AwaitingResponse;
    if (beforeResponse && kind == NetworkErrorKind::ConnectionClosed) {
        // The network layer itself may send the request again (Necko: a safe method whose
        // connection closed before any answer, profile.h requestAttemptsOnEmptyResponse); the page
        // sees nothing until the last attempt fails too.
        const QByteArray method = m_phase == Phase::Preflight ? QByteArrayLiteral("OPTIONS") : m_current.method;
        const bool safe = method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE";
        if (safe && m_emptyResponseResends + 1 < m_profile.requestAttemptsOnEmptyResponse) {
            ++m_emptyResponseResends;
            Decision decision;
            decision.action = NextAction::SendRequest;
            decision.readyState = m_readyState;
            decision.networkResend = true;
            decision.request = m_current;
            if (m_phase == Phase::Preflight) {
                decision.preflight = buildPreflight();
            }
            return decision;
        }
    }
    const QUrl url = m_current.url;
    QStringList console;
    QList<Finding> findings {makeFinding(
        "http.network-error", QStringLiteral("net::") + netError + QStringLiteral(" on ") + chromiumUrlString(url))};
    if (m_profile.kind == BrowserKind::Chromium && beforeResponse) {
        console.append(chromiumFailedLoadMessage(m_current.method, url, netError));
    }
    if (m_profile.kind == BrowserKind::Safari && m_phase == Phase::Preflight) {
        // Observed WebKitGTK 2.50 (wire.preflight-closed): the preflight's own error is logged in the
        // network layer's words, then the request fails as an access-control error. The words are
        // libsoup's; Safari's CFNetwork says "The network connection was lost." (not observed here).
        if (kind == NetworkErrorKind::ConnectionClosed) {
            console.append(QStringLiteral("Connection terminated unexpectedly"));
        }
        console.append(QStringLiteral("Fetch API cannot load ") + chromiumUrlString(url)
            + QStringLiteral(" due to access control checks."));
    }
    if (m_profile.kind == BrowserKind::Firefox && beforeResponse && m_corsTainting) {
        // nsCORSListenerProxy::CheckRequestApproved logs a cross-site request that failed before
        // any answer (observed Firefox ESR 153 over WebDriver BiDi, wire.close-before-answer).
        console.append(firefoxCorsDidNotSucceedMessage(url));
    }
    if (isFetch()) {
        Decision decision = failConnection(findings, console);
        decision.netError = netError;
        return decision;
    }
    // Firefox reconnects only on refused / timeout / reset / interrupted transfers; any other error
    // (an unknown host) fails the connection (dom/base/EventSource.cpp). A connection closed before
    // any answer fails it too: observed Firefox ESR 153, tests/browser case wire.close-before-answer
    // (CLOSED, one error event — once Necko's own re-sends above, 10 requests in all, failed too).
    const bool transient = kind == NetworkErrorKind::ConnectionRefused || kind == NetworkErrorKind::TimedOut
        || kind == NetworkErrorKind::ConnectionReset || kind == NetworkErrorKind::Interrupted;
    const bool fails = !m_profile.reconnectsOnEveryNetworkError && !transient;
    if (m_profile.kind == BrowserKind::Firefox && fails) {
        // EventSourceImpl::ConsoleError runs only when the connection fails, not when it is
        // reestablished: observed Firefox ESR 153, wire.reset-mid-event (a reset while OPEN
        // reconnects and logs nothing).
        if (m_phase == Phase::Streaming) {
            console.append(QStringLiteral("The connection to ") + chromiumUrlString(url)
                + QStringLiteral(" was interrupted while the page was loading."));
        } else {
            console.append(QStringLiteral("Firefox can\u2019t establish a connection to the server at ")
                + chromiumUrlString(url) + QLatin1Char('.'));
        }
    }
    Decision decision = fails ? failConnection(findings, console) : reestablish(findings, console);
    decision.netError = netError;
    return decision;
}

void EventSourceModel::onEventDispatched(const QByteArray &lastEventIdBuffer, bool hadData)
{
    if (m_phase != Phase::Streaming) {
        return;
    }
    // HTML §9.2.6 dispatch step 1 sets the last event ID even without data (Chromium); Firefox drops
    // the ID with the empty message and WebKit keeps it only with the next message (observed ESR 153).
    if (hadData || m_profile.updatesLastEventIdWithoutData) {
        m_lastEventId = lastEventIdBuffer;
    }
}

QList<Finding> EventSourceModel::onRetryField(const QByteArray &value)
{
    QList<Finding> findings;
    if (value.isEmpty()) {
        if (m_profile.emptyRetryResetsToDefault) {
            m_reconnectionTimeMs = m_profile.defaultReconnectionMs;
        } else {
            m_reconnectionTimeMs = m_profile.minimumRetryMs;
            findings.append(makeFinding("eventsource.retry-clamped",
                QStringLiteral("empty retry: becomes %1 ms").arg(m_profile.minimumRetryMs)));
        }
        return findings;
    }
    if (!std::all_of(value.cbegin(), value.cend(), [](char c) { return c >= '0' && c <= '9'; })) {
        return findings; // HTML §9.2.6: ignored unless ASCII digits only
    }
    bool ok = false;
    qlonglong ms = value.toLongLong(&ok);
    if (!ok || ms > std::numeric_limits<int>::max()) {
        ms = std::numeric_limits<int>::max();
    }
    if (ms < m_profile.minimumRetryMs) {
        findings.append(makeFinding("eventsource.retry-clamped",
            QStringLiteral("retry: %1 becomes %2 ms").arg(ms).arg(m_profile.minimumRetryMs)));
        ms = m_profile.minimumRetryMs;
    }
    m_reconnectionTimeMs = int(ms);
    return findings;
}

Decision EventSourceModel::onEndOfBody()
{
    switch (m_phase) {
    case Phase::Sniffing:
        // The body ended before the sniffer had its bytes: it decides with what it has.
        return evaluateFinalResponse(m_heldResponse, sniffedMimeType(m_heldResponse, QByteArray()));
    case Phase::HeldUntilBodyEnd:
        // WebKit's challenge is over: the held response meets the checks every response meets.
        return evaluateFinalResponse(m_heldResponse, std::nullopt);
    case Phase::Streaming:
        if (isFetch()) {
            // A fetch stream that ends is done: nothing reconnects unless the page's code does.
            Decision decision
                = failConnection({makeFinding("fetch.no-reconnect", chromiumUrlString(m_current.url))}, {});
            decision.endedNormally = true;
            return decision;
        }
        // HTML §9.2.2 processResponseEndOfBody: a clean end reconnects.
        return reestablish({}, {});
    default:
        return noChange();
    }
}

Decision EventSourceModel::onNetworkError(NetworkErrorKind kind)
{
    if (m_phase == Phase::Idle || m_phase == Phase::Closed) {
        return noChange();
    }
    return networkFailure(kind, chromiumNetErrorName(kind));
}

Decision EventSourceModel::close()
{
    Decision decision;
    decision.action = NextAction::None;
    decision.readyState = ReadyState::Closed;
    m_readyState = ReadyState::Closed;
    m_phase = Phase::Closed;
    return decision;
}

EventSourceModel::LocalNetworkStep EventSourceModel::checkLocalNetwork(
    const QUrl &url, QList<Finding> *findings, QStringList *console) const
{
    const std::optional<IpAddressSpace> declared = isFetch() ? m_intent.targetAddressSpace : std::nullopt;
    const LocalNetworkCheck check = checkLocalNetworkAccess(m_profile, m_pageOrigin, url, declared, m_localNetwork);
    const QString detail = m_pageOrigin.serialize() + QStringLiteral(" (") + ipAddressSpaceName(check.initiator)
        + QStringLiteral(") \u2192 ") + chromiumUrlString(url) + QStringLiteral(" (") + ipAddressSpaceName(check.target)
        + QLatin1Char(')');
    switch (check.outcome) {
    case LocalNetworkOutcome::NotChecked:
        if (!m_profile.checksLocalNetworkAccess && check.initiator == IpAddressSpace::Public
            && isMorePrivate(check.target, check.initiator)) {
            findings->append(makeFinding("lna.not-asked", detail));
        }
        return LocalNetworkStep::Proceed;
    case LocalNetworkOutcome::Allowed:
        return LocalNetworkStep::Proceed;
    case LocalNetworkOutcome::AwaitsPermission:
        findings->append(makeFinding("lna.permission-prompt", detail));
        return LocalNetworkStep::Proceed;
    case LocalNetworkOutcome::WaitsForever:
        findings->append(makeFinding("lna.permission-prompt", detail + QStringLiteral(", nobody answers")));
        return LocalNetworkStep::Waits;
    case LocalNetworkOutcome::BlockedInsecureContext:
        findings->append(makeFinding("lna.insecure-context", detail));
        break;
    case LocalNetworkOutcome::BlockedTargetMismatch:
        findings->append(makeFinding("lna.target-mismatch",
            detail + QStringLiteral(", declared ") + ipAddressSpaceName(declared.value_or(IpAddressSpace::Unknown))));
        break;
    case LocalNetworkOutcome::BlockedPermissionDenied:
        findings->append(makeFinding("lna.permission-denied", detail));
        break;
    }
    // Chromium prints the CORS-style line (observed Chromium 156, cases lna.*); headless Firefox prints
    // none we can observe, and no text is recalled for it.
    if (m_profile.kind == BrowserKind::Chromium) {
        const QString kind = isFetch() ? QStringLiteral("fetch") : QStringLiteral("resource");
        const QString initial = chromiumUrlString(m_urlChain.value(0, url));
        const QString last = chromiumUrlString(url);
        QString text = QStringLiteral("Access to ") + kind + QStringLiteral(" at '") + last + QStringLiteral("' ");
        if (initial != last) {
            text += QStringLiteral("(redirected from '") + initial + QStringLiteral("') ");
        }
        console->append(text + QStringLiteral("from origin '") + m_pageOrigin.serialize()
            + QStringLiteral("' has been blocked by CORS policy: ") + check.chromiumReason());
    }
    return LocalNetworkStep::Blocked;
}

} // namespace SseScope
