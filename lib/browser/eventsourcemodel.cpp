#include "eventsourcemodel.h"

#include "fetchmetadata.h"
#include "mimetype.h"
#include "productionchecks.h"

#include <common/logging.h>

#include <limits>

namespace SseScope {

namespace {

const QByteArray kEventStream = QByteArrayLiteral("text/event-stream");

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isHttpScheme(const QString &scheme)
{
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

// Chromium sniffs when the type is missing, text/plain, application/octet-stream or unknown, and
// the response has no `X-Content-Type-Options: nosniff` (net/base/mime_sniffer.cc ShouldSniffMimeType).
bool chromiumWouldSniff(const ResponseHead &response)
{
    if (response.status == 204 || response.status == 205 || response.status == 304) {
        return false; // no body to sniff (observed Chromium 156: 204 closes at once)
    }
    const QByteArray options = response.headers.combinedValue(QByteArrayLiteral("X-Content-Type-Options"));
    if (options.toLower().contains("nosniff")) {
        return false;
    }
    const ParsedContentType type = parseContentType(response.headers);
    const QByteArray essence = type.essence.toLower();
    // application/octet-stream is sniffed only for the few bytes of an extension's magic number, so
    // it is decided at once: observed Chromium 156 closes with the MIME message (tests/browser case
    // es.octet-stream-held).
    return !type.present || essence.isEmpty() || essence == "text/plain" || essence == "unknown/unknown"
        || essence == "application/unknown" || essence == "*/*";
}

// net/base/mime_sniffer.cc in short: binary bytes give application/octet-stream, an HTML tag
// text/html, otherwise the declared text/plain (or text/plain for a missing type).
QByteArray sniffedMimeType(const ResponseHead &response, const QByteArray &firstBytes)
{
    const QByteArray head = firstBytes.left(1024);
    const bool binary = std::any_of(head.cbegin(), head.cend(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x0c && b != 0x1b;
    });
    if (binary) {
        return QByteArrayLiteral("application/octet-stream");
    }
    const ParsedContentType type = parseContentType(response.headers);
    if (!type.present || type.essence.isEmpty()) {
        const QByteArray lower = trimmedHeaderValue(head).toLower();
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html") || lower.startsWith("<head")
            || lower.startsWith("<body") || lower.startsWith("<script")) {
            return QByteArrayLiteral("text/html");
        }
        if (lower.startsWith("<?xml")) {
            return QByteArrayLiteral("text/xml");
        }
    }
    return QByteArrayLiteral("text/plain");
}

QByteArray acceptEncodingFor(const BrowserProfile &profile, const QUrl &url)
{
    switch (profile.kind) {
    case BrowserKind::Chromium:
        return QByteArrayLiteral("gzip, deflate, br, zstd"); // observed Chromium 156, over http too
    case BrowserKind::Firefox:
        // Firefox advertises br and zstd over HTTPS only.
        return url.scheme() == QLatin1String("https") ? QByteArrayLiteral("gzip, deflate, br, zstd")
                                                      : QByteArrayLiteral("gzip, deflate");
    case BrowserKind::Safari:
        return QByteArrayLiteral("gzip, deflate, br");
    }
    return QByteArrayLiteral("gzip, deflate");
}

} // namespace

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

bool EventSourceModel::includesCredentials() const
{
    // Fetch §4.6 HTTP-network-or-cache fetch: include, or same-origin while the tainting is basic.
    switch (credentials()) {
    case CredentialsMode::Include:
        return true;
    case CredentialsMode::SameOrigin:
        return !m_corsTainting;
    case CredentialsMode::Omit:
        return false;
    }
    return false;
}

QString EventSourceModel::serializedRequestOrigin() const
{
    // Fetch "serializing a request origin": "null" once the tainted origin flag is set.
    return m_taintedOrigin ? QStringLiteral("null") : m_pageOrigin.serialize();
}

CookieRequestContext EventSourceModel::cookieContext() const
{
    CookieRequestContext context;
    context.url = m_current.url;
    context.pageOrigin = m_pageOrigin;
    context.urlChain = m_urlChain;
    context.mode = m_intent.mode;
    context.method = m_current.method;
    return context;
}

HttpHeaders EventSourceModel::fetchMetadataHeaders(const QUrl &url) const
{
    Q_UNUSED(url)
    HttpHeaders headers;
    headers.append(QByteArrayLiteral("Sec-Fetch-Site"), fetchSiteHeaderValue(fetchSiteFor(m_pageOrigin, m_urlChain)));
    headers.append(QByteArrayLiteral("Sec-Fetch-Mode"), QByteArrayLiteral("cors"));
    // EventSource and fetch() both have the empty destination (Fetch §2.2.5), sent as "empty".
    headers.append(QByteArrayLiteral("Sec-Fetch-Dest"), QByteArrayLiteral("empty"));
    return headers;
}

RequestHead EventSourceModel::buildRequest(const QUrl &url, QList<CookieOutcome> *cookies, QList<Finding> *findings)
{
    RequestHead request;
    request.method = m_current.method.isEmpty() ? m_intent.method : m_current.method;
    request.url = url;
    HttpHeaders &h = request.headers;
    const bool eventSource = m_intent.mode == RequestMode::EventSource;
    // User-agent client hints go to potentially trustworthy origins from a secure context.
    const bool clientHints = m_profile.kind == BrowserKind::Chromium && m_pageOrigin.isPotentiallyTrustworthy()
        && Origin::fromUrl(url).isPotentiallyTrustworthy();
    // The order is the one observed on the wire from Chromium 156 (HTTP/1.1).
    if (eventSource) {
        // HTML §9.2.2 cache mode no-store + event_source.cc: Cache-Control: no-cache; Chromium's
        // network stack adds Pragma: no-cache too (observed).
        if (m_profile.kind == BrowserKind::Chromium) {
            h.append(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
        }
        h.append(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache"));
    }
    if (clientHints) {
        h.append(QByteArrayLiteral("sec-ch-ua-platform"), QByteArrayLiteral("\"Linux\""));
    }
    h.append(QByteArrayLiteral("User-Agent"), m_profile.userAgent);
    if (eventSource) {
        // Accept, and Last-Event-ID when non-empty; never any page header.
        h.append(QByteArrayLiteral("Accept"), kEventStream);
        if (!m_lastEventId.isEmpty()) {
            h.append(QByteArrayLiteral("Last-Event-ID"), m_lastEventId);
        }
    } else {
        // fetch(): the page's headers (forbidden names dropped), and Accept */* unless it set one.
        if (!m_intent.extraHeaders.contains(QByteArrayLiteral("Accept"))) {
            h.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("*/*"));
        }
        for (const HttpHeader &header : m_intent.extraHeaders.lines()) {
            if (isForbiddenRequestHeaderName(header.name)) {
                continue;
            }
            // Fetch §4.4 step 14: once a hop went cross-origin, Authorization is gone for good.
            if (m_authorizationDropped && headerNameEquals(header.name, QByteArrayLiteral("Authorization"))) {
                continue;
            }
            h.append(header.name, header.value);
        }
    }
    if (clientHints) {
        h.append(QByteArrayLiteral("sec-ch-ua"), QByteArrayLiteral("\"Not:A-Brand\";v=\"8\", \"Chromium\";v=\"156\""));
        h.append(QByteArrayLiteral("sec-ch-ua-mobile"), QByteArrayLiteral("?0"));
    }
    // Fetch §3.1 "append a request Origin header": with cors tainting, or for a non-GET/HEAD method.
    if (m_corsTainting || (request.method != "GET" && request.method != "HEAD")) {
        h.append(QByteArrayLiteral("Origin"), serializedRequestOrigin().toLatin1());
    }
    const HttpHeaders metadata = fetchMetadataHeaders(url); // keep the temporary alive for the loop
    for (const HttpHeader &header : metadata.lines()) {
        h.append(header.name, header.value);
    }
    // Referrer policy strict-origin-when-cross-origin: the page origin, nothing on a downgrade.
    const bool downgrade = m_pageOrigin.scheme() == QLatin1String("https") && url.scheme() == QLatin1String("http");
    if (!m_pageOrigin.isOpaque() && !downgrade) {
        h.append(QByteArrayLiteral("Referer"), (m_pageOrigin.serialize() + QLatin1Char('/')).toLatin1());
    }
    h.append(QByteArrayLiteral("Accept-Encoding"), acceptEncodingFor(m_profile, url));
    h.append(QByteArrayLiteral("Accept-Language"), m_profile.acceptLanguage);
    if (includesCredentials() && m_cookieProvider) {
        RequestHead saved = m_current;
        m_current = request;
        const CookieAttachment attachment = m_cookieProvider->cookiesForRequest(cookieContext());
        m_current = saved;
        if (!attachment.headerValue.isEmpty()) {
            h.append(QByteArrayLiteral("Cookie"), attachment.headerValue);
        }
        if (cookies) {
            *cookies += attachment.outcomes;
        }
        if (findings) {
            *findings += attachment.findings;
        }
    }
    return request;
}

bool EventSourceModel::needsPreflightNow() const
{
    // HTML's EventSource never preflights (Chromium kPreventPreflight); fetch does when cross-origin
    // and the method or a header is not safelisted.
    if (!isFetch() || !m_corsTainting) {
        return false;
    }
    return needsPreflight(m_current.method, m_current.headers);
}

RequestHead EventSourceModel::buildPreflight() const
{
    const QList<QByteArray> unsafe = corsUnsafeRequestHeaderNames(m_current.headers);
    RequestHead preflight = buildPreflightRequest(m_current.url, m_current.method, unsafe, serializedRequestOrigin());
    const HttpHeaders metadata = fetchMetadataHeaders(m_current.url);
    for (const HttpHeader &header : metadata.lines()) {
        preflight.headers.append(header.name, header.value);
    }
    const QByteArray referer = m_current.headers.combinedValue(QByteArrayLiteral("Referer"));
    if (!referer.isNull()) {
        preflight.headers.append(QByteArrayLiteral("Referer"), referer);
    }
    preflight.headers.append(QByteArrayLiteral("User-Agent"), m_profile.userAgent);
    preflight.headers.append(QByteArrayLiteral("Accept-Encoding"), acceptEncodingFor(m_profile, m_current.url));
    preflight.headers.append(QByteArrayLiteral("Accept-Language"), m_profile.acceptLanguage);
    return preflight;
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
    const QUrl &url = m_reconnectUrl.isValid() ? m_reconnectUrl : m_intent.url;
    m_urlChain = {url};
    m_current = RequestHead();
    m_current.method = m_intent.method;
    m_current.url = url;
    m_taintedOrigin = false;
    m_authorizationDropped = false;
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
    if (m_pageOrigin.scheme() == QLatin1String("https") && url.scheme() == QLatin1String("http")
        && !isLocalhostHost(url.host())) {
        plan.sent = false;
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

Decision EventSourceModel::failWithCors(const CorsCheckResult &result, int status, const QByteArray &allowOrigin)
{
    const QUrl &initial = m_urlChain.constFirst();
    const QUrl &last = m_current.url;
    const char *id = corsErrorFindingId(result.error);
    if (!id) {
        id = "http.network-error"; // kDisallowedByMode / kInvalidResponse: never raised for a stream
    }
    QString detail = corsErrorName(result.error);
    if (!result.failedParameter.isEmpty() || result.error == CorsError::InvalidAllowCredentials) {
        detail += QStringLiteral(": '") + result.failedParameter + QLatin1Char('\'');
    }
    detail += QStringLiteral(" on ") + chromiumUrlString(last);
    // After a cross-origin hop to another origin the request's origin is "null" (Fetch §4.4): an
    // ACAO echoing the page origin then fails. Say so rather than "mismatch".
    if (m_taintedOrigin
        && (result.error == CorsError::AllowOriginMismatch || result.error == CorsError::PreflightAllowOriginMismatch)
        && QString::fromLatin1(allowOrigin) == m_pageOrigin.serialize()) {
        id = "cors.redirect-tainted-origin";
    }
    QList<Finding> findings {makeFinding(id, detail)};
    QStringList console;
    switch (m_profile.kind) {
    case BrowserKind::Chromium:
        console.append(chromiumCorsConsoleMessage(result, m_intent.mode, initial, last, m_pageOrigin));
        console.append(chromiumFailedLoadMessage(m_current.method, last));
        break;
    case BrowserKind::Firefox:
        console.append(firefoxCorsConsoleMessage(result, last, status));
        if (!isFetch()) {
            console.append(QStringLiteral("Firefox can\u2019t establish a connection to the server at ")
                + chromiumUrlString(initial) + QLatin1Char('.'));
        }
        break;
    case BrowserKind::Safari:
        console.append(webkitCorsConsoleMessage(result, m_pageOrigin, status));
        console.append(
            (isFetch() ? QStringLiteral("Fetch API cannot load ") : QStringLiteral("EventSource cannot load "))
            + chromiumUrlString(last) + QStringLiteral(" due to access control checks."));
        break;
    }
    // CORS failures are "futile": every engine fails the connection (browser-rules.md §0 step 5).
    Decision decision = failConnection(findings, console);
    decision.cors = result;
    return decision;
}

Decision EventSourceModel::onPreflightResponse(const ResponseHead &response, qint64 nowMs)
{
    if (m_phase != Phase::Preflight) {
        qCWarning(lcBrowser) << "preflight response outside the preflight phase ignored";
        return noChange();
    }
    const QList<QByteArray> unsafe = corsUnsafeRequestHeaderNames(m_current.headers);
    const PreflightCheck check = checkPreflightResponse(
        response, serializedRequestOrigin(), credentials(), m_current.method, unsafe, m_profile);
    if (!check.cors.ok()) {
        Decision decision = failWithCors(check.cors, response.status,
            response.headers.combinedValue(QByteArrayLiteral("Access-Control-Allow-Origin")));
        const QByteArray allowHeaders
            = response.headers.combinedValue(QByteArrayLiteral("Access-Control-Allow-Headers"));
        const QByteArray allowMethods
            = response.headers.combinedValue(QByteArrayLiteral("Access-Control-Allow-Methods"));
        const bool wildcard
            = (check.cors.error == CorsError::HeaderDisallowedByPreflightResponse && allowHeaders.contains('*'))
            || (check.cors.error == CorsError::MethodDisallowedByPreflightResponse && allowMethods.contains('*'));
        if (wildcard && !decision.findings.isEmpty()) {
            decision.findings.first().detail += credentials() == CredentialsMode::Include
                ? QStringLiteral(" (`*` is a literal name, not a wildcard, when credentials are included)")
                : QStringLiteral(" (this browser does not let `*` cover Authorization)");
        }
        return decision;
    }
    Decision decision;
    decision.action = NextAction::SendRequest;
    decision.readyState = ReadyState::Connecting;
    decision.request = m_current;
    if (m_preflightCache) {
        m_preflightCache->store(serializedRequestOrigin(), m_current.url, check.result, nowMs);
    }
    if (!check.result.maxAgePresent) {
        decision.findings.append(makeFinding("preflight.max-age-missing", chromiumUrlString(m_current.url)));
    } else if (check.result.maxAgeCapped) {
        decision.findings.append(makeFinding("preflight.max-age-capped",
            QStringLiteral("%1 caps Access-Control-Max-Age at %2 s")
                .arg(m_profile.displayName)
                .arg(m_profile.preflightMaxAgeCapSeconds)));
    }
    if (check.authorizationCoveredByWildcard) {
        decision.findings.append(makeFinding("preflight.authorization-wildcard", chromiumUrlString(m_current.url)));
    }
    m_phase = Phase::AwaitingResponse;
    return decision;
}

void EventSourceModel::handleSetCookie(const ResponseHead &response, Decision *decision)
{
    const QList<QByteArray> lines = response.headers.values(QByteArrayLiteral("Set-Cookie"));
    if (lines.isEmpty()) {
        return;
    }
    if (!includesCredentials()) {
        // WPT cors/credentials-flag: without credentials the browser ignores Set-Cookie.
        decision->findings.append(makeFinding("credentials.set-cookie-ignored", chromiumUrlString(m_current.url)));
        return;
    }
    if (m_setCookieSink) {
        const CookieAttachment stored = m_setCookieSink->storeFromResponse(cookieContext(), lines);
        decision->cookies += stored.outcomes;
        decision->findings += stored.findings;
    }
}

Decision EventSourceModel::networkFailure(NetworkErrorKind kind, const QString &netError)
{
    const bool beforeResponse = m_phase == Phase::Preflight || m_phase == Phase::AwaitingResponse;
    const QUrl url = m_current.url;
    QStringList console;
    QList<Finding> findings {makeFinding(
        "http.network-error", QStringLiteral("net::") + netError + QStringLiteral(" on ") + chromiumUrlString(url))};
    if (m_profile.kind == BrowserKind::Chromium && beforeResponse) {
        console.append(chromiumFailedLoadMessage(m_current.method, url, netError));
    }
    if (isFetch()) {
        return failConnection(findings, console);
    }
    if (m_profile.kind == BrowserKind::Firefox) {
        if (m_phase == Phase::Streaming) {
            console.append(QStringLiteral("The connection to ") + chromiumUrlString(url)
                + QStringLiteral(" was interrupted while the page was loading."));
        } else {
            console.append(QStringLiteral("Firefox can\u2019t establish a connection to the server at ")
                + chromiumUrlString(url) + QLatin1Char('.'));
        }
    }
    // Firefox reconnects only on refused / timeout / reset / interrupted transfers; any other error
    // (an unknown host) fails the connection (dom/base/EventSource.cpp).
    const bool transient = kind == NetworkErrorKind::ConnectionRefused || kind == NetworkErrorKind::TimedOut
        || kind == NetworkErrorKind::ConnectionReset || kind == NetworkErrorKind::Interrupted
        || kind == NetworkErrorKind::ConnectionClosed;
    if (!m_profile.reconnectsOnEveryNetworkError && !transient) {
        return failConnection(findings, console);
    }
    return reestablish(findings, console);
}

Decision EventSourceModel::followRedirect(const ResponseHead &response)
{
    Decision decision;
    // Cookies are stored from every response the network stack sees, before any CORS check.
    handleSetCookie(response, &decision);
    const QByteArray allowOrigin = response.headers.combinedValue(QByteArrayLiteral("Access-Control-Allow-Origin"));
    // Fetch §4.3 HTTP fetch: the CORS check runs before the redirect is followed, so the 3xx itself
    // needs ACAO (observed Chromium 156: "302 without ACAO" fails naming the first URL).
    if (m_corsTainting) {
        const CorsCheckResult cors = checkCorsAccess(response.headers, serializedRequestOrigin(), credentials());
        if (!cors.ok()) {
            Decision failed = failWithCors(cors, response.status, allowOrigin);
            failed.findings = decision.findings + failed.findings;
            failed.cookies = decision.cookies;
            return failed;
        }
    }
    const QUrl location = m_current.url.resolved(
        QUrl(QString::fromUtf8(trimmedHeaderValue(response.headers.combinedValue(QByteArrayLiteral("Location")))),
            QUrl::StrictMode));
    if (!location.isValid() || location.host().isEmpty()) {
        Decision failed = networkFailure(
            NetworkErrorKind::InvalidRedirect, chromiumNetErrorName(NetworkErrorKind::InvalidRedirect));
        failed.findings = decision.findings + failed.findings;
        return failed;
    }
    if (!isHttpScheme(location.scheme())) {
        Decision failed = failWithCors({CorsError::CorsDisabledScheme, QString()}, response.status, allowOrigin);
        failed.findings = decision.findings + failed.findings;
        return failed;
    }
    const Origin locationOrigin = Origin::fromUrl(location);
    if (!location.userInfo().isEmpty() && (m_taintedOrigin || locationOrigin != m_pageOrigin)) {
        Decision failed = failWithCors(
            {CorsError::RedirectContainsCredentials, chromiumUrlString(location)}, response.status, allowOrigin);
        failed.findings = decision.findings + failed.findings;
        return failed;
    }
    if (m_urlChain.size() > 20) {
        Decision failed = networkFailure(
            NetworkErrorKind::TooManyRedirects, chromiumNetErrorName(NetworkErrorKind::TooManyRedirects));
        failed.findings = decision.findings + failed.findings;
        return failed;
    }

    const Origin currentOrigin = Origin::fromUrl(m_current.url);
    // Fetch §4.4 step 13: taint when a cross-origin URL redirects to yet another origin.
    if (locationOrigin != currentOrigin && m_pageOrigin != currentOrigin) {
        m_taintedOrigin = true;
    }
    if (locationOrigin != m_pageOrigin) {
        m_corsTainting = true;
    }
    // 303 (and 301/302 for POST) turn the request into a GET.
    QByteArray method = m_current.method;
    if ((response.status == 303 && method != "GET" && method != "HEAD")
        || ((response.status == 301 || response.status == 302) && method == "POST")) {
        method = QByteArrayLiteral("GET");
    }
    if (locationOrigin != currentOrigin) {
        m_authorizationDropped = true; // Fetch §4.4 step 14: a cross-origin hop removes Authorization
    }
    m_urlChain.append(location);
    m_current.method = method;
    m_current = buildRequest(location, &decision.cookies, &decision.findings);
    decision.action = NextAction::SendRequest;
    decision.readyState = ReadyState::Connecting;
    decision.request = m_current;
    decision.findings.append(makeFinding(
        "http.redirect", QString::number(response.status) + QStringLiteral(" to ") + chromiumUrlString(location)));
    if (needsPreflightNow()) {
        decision.preflight = buildPreflight();
        m_phase = Phase::Preflight;
    } else {
        m_phase = Phase::AwaitingResponse;
    }
    return decision;
}

Decision EventSourceModel::onResponse(const ResponseHead &response)
{
    if (m_phase == Phase::Closed) {
        return noChange(); // a late answer after the connection failed or was closed
    }
    if (m_phase != Phase::AwaitingResponse) {
        qCWarning(lcBrowser) << "response outside the request phase ignored";
        return noChange();
    }
    if (isRedirectStatus(response.status) && response.headers.contains(QByteArrayLiteral("Location"))) {
        return followRedirect(response);
    }

    // Observed Chromium 156: text/plain or a missing type without nosniff keeps the EventSource in
    // CONNECTING with no error and no console line while the small body stays open — even for a 500
    // without CORS headers: the MIME sniffer holds the response before any other check.
    const bool missingType = !response.headers.contains(QByteArrayLiteral("Content-Type"));
    if (!isFetch() && chromiumWouldSniff(response)
        && (m_profile.sniffsWithoutNosniff || (missingType && m_profile.waitsOnMissingContentType))) {
        m_heldResponse = response;
        m_phase = Phase::Sniffing;
        Decision decision;
        decision.action = NextAction::WaitSniffing;
        decision.readyState = ReadyState::Connecting;
        decision.findings.append(makeFinding("eventsource.mime-sniffing",
            QStringLiteral("Content-Type: ")
                + (response.headers.contains(QByteArrayLiteral("Content-Type"))
                        ? QString::fromLatin1(response.headers.combinedValue(QByteArrayLiteral("Content-Type")))
                        : QStringLiteral("(none)"))));
        return decision;
    }
    return evaluateFinalResponse(response, std::nullopt);
}

Decision EventSourceModel::onSniffedBody(const QByteArray &firstBytes)
{
    if (m_phase != Phase::Sniffing) {
        return noChange();
    }
    return evaluateFinalResponse(m_heldResponse, sniffedMimeType(m_heldResponse, firstBytes));
}

Decision EventSourceModel::evaluateFinalResponse(
    const ResponseHead &response, const std::optional<QByteArray> &sniffedType)
{
    Decision decision;
    handleSetCookie(response, &decision);
    const QByteArray allowOrigin = response.headers.combinedValue(QByteArrayLiteral("Access-Control-Allow-Origin"));
    if (m_corsTainting) {
        const CorsCheckResult cors = checkCorsAccess(response.headers, serializedRequestOrigin(), credentials());
        if (!cors.ok()) {
            Decision failed = failWithCors(cors, response.status, allowOrigin);
            failed.findings = decision.findings + failed.findings;
            failed.cookies = decision.cookies;
            return failed;
        }
    }

    QList<Finding> findings = decision.findings;
    const QList<CookieOutcome> cookies = decision.cookies;
    auto withCookies = [&cookies](Decision d) {
        d.cookies = cookies;
        return d;
    };

    if (isFetch()) {
        // fetch() resolves with any status; a stream reader that ignores response.ok reads an error
        // page. The page's code decides; the model reports it.
        if (response.status < 200 || response.status > 299) {
            findings.append(makeFinding("fetch.not-ok-status", QString::number(response.status)));
            return withCookies(failConnection(findings, {}));
        }
        findings += checkStreamResponse(m_current, response);
        decision = Decision();
        decision.action = NextAction::Continue;
        decision.readyState = ReadyState::Open;
        decision.openFired = true;
        decision.findings = findings;
        m_readyState = ReadyState::Open;
        m_everOpened = true;
        m_phase = Phase::Streaming;
        return withCookies(decision);
    }

    // HTML §9.2.2 processResponse: status 200 only. 204 is the documented way to stop a client.
    if (response.status != 200) {
        findings.append(makeFinding(response.status == 204 ? "eventsource.status-204" : "eventsource.bad-status",
            QString::number(response.status)));
        return withCookies(failConnection(findings, {}));
    }
    const ParsedContentType type = parseContentType(response.headers);
    QByteArray essence = sniffedType ? *sniffedType : type.essence;
    QByteArray charsetValue = type.charset;
    if (m_profile.mimeTypeCaseInsensitive) {
        essence = essence.toLower();
        charsetValue = charsetValue.toLower();
    }
    const bool mimeOk = essence == kEventStream;
    if (!mimeOk) {
        findings.append(makeFinding(
            "eventsource.mime-type", QString::fromLatin1(essence.isEmpty() ? QByteArray("(none)") : essence)));
        QStringList console;
        if (m_profile.kind == BrowserKind::Firefox) {
            console.append(QStringLiteral("Firefox can\u2019t establish a connection to the server at ")
                + chromiumUrlString(m_urlChain.constFirst()) + QLatin1Char('.'));
        } else {
            // event_source.cc (Chromium) and EventSource.cpp (WebKit) print the same text.
            console.append(QStringLiteral("EventSource's response has a MIME type (\"") + QString::fromLatin1(essence)
                + QStringLiteral("\") that is not \"text/event-stream\". Aborting the connection."));
        }
        return withCookies(failConnection(findings, console));
    }
    if (!sniffedType && !charsetValue.isEmpty() && charsetValue.toLower() != "utf-8") {
        const QString charset = QString::fromLatin1(charsetValue);
        Finding finding = makeFinding("eventsource.charset", charset);
        if (m_profile.failsNonUtf8Charset) {
            findings.append(finding);
            return withCookies(failConnection(findings,
                {QStringLiteral("EventSource's response has a charset (\"") + charset
                    + QStringLiteral("\") that is not UTF-8. Aborting the connection.")}));
        }
        // Firefox ignores the charset; WebKit warns and decodes as UTF-8. Chromium would fail.
        finding.severity = Severity::Warning;
        findings.append(finding);
        if (m_profile.kind == BrowserKind::Safari) {
            decision.console.append(QStringLiteral("EventSource's response has a charset (\"") + charset
                + QStringLiteral("\") that is not UTF-8. The response will be decoded as UTF-8."));
        }
    }
    findings += checkStreamResponse(m_current, response);
    // HTML §9.2.3 "announce the connection".
    if (m_profile.reconnectsToFinalUrl) {
        m_reconnectUrl = m_current.url;
    }
    const QStringList console = decision.console;
    decision = Decision();
    decision.action = NextAction::Continue;
    decision.readyState = ReadyState::Open;
    decision.openFired = true;
    decision.findings = findings;
    decision.console = console;
    m_readyState = ReadyState::Open;
    m_everOpened = true;
    m_phase = Phase::Streaming;
    return withCookies(decision);
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

} // namespace SseScope
