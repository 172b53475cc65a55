#include "eventsourcemodel.h"

#include "eventsourcemodel_p.h"
#include "fetchmetadata.h"
#include "fetchrequest.h"

// EventSourceModel, part 2 of 3: what each request carries — every header in the wire order of
// the profile's browser (cookies from the provider, Fetch metadata, Origin, Referer), and the
// CORS preflight that goes before it.

namespace SseScope {

using EventSourceDetail::kEventStream;

namespace {

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

HttpHeaders EventSourceModel::fetchMetadataHeaders() const
{
    if (m_taintedOrigin && !m_profile.fetchMetadataAfterTaintedRedirect) {
        return {};
    }
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
    request.hasBody = isFetch() && m_intent.hasBody && !m_bodyDropped;
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
        // fetch(): the page's headers (forbidden names dropped) with the Content-Type its body
        // brings (fetchrequest.h), and Accept */* unless it set one.
        if (!m_intent.extraHeaders.contains(QByteArrayLiteral("Accept"))) {
            h.append(QByteArrayLiteral("Accept"), QByteArrayLiteral("*/*"));
        }
        const HttpHeaders pageHeaders = fetchRequestHeaders(m_intent);
        for (const HttpHeader &header : pageHeaders.lines()) {
            if (isForbiddenRequestHeaderName(header.name)) {
                continue;
            }
            // Fetch §4.4 HTTP-redirect fetch step 12: the request-body-header names leave with the body.
            if (m_bodyDropped && isRequestBodyHeaderName(header.name)) {
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
    const HttpHeaders metadata = fetchMetadataHeaders(); // keep the temporary alive for the loop
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
    // Firefox: a request that needed a preflight keeps needing one on every redirect hop, whatever
    // the hop made of its method and headers (profile.h preflightsEveryRedirectOfAPreflightedRequest).
    if (m_preflightRequired && m_urlChain.size() > 1 && m_profile.preflightsEveryRedirectOfAPreflightedRequest) {
        return true;
    }
    return needsPreflight(m_current.method, m_current.headers);
}

RequestHead EventSourceModel::buildPreflight() const
{
    QList<QByteArray> unsafe = corsUnsafeRequestHeaderNames(m_current.headers);
    if (m_bodyDropped && m_profile.redirectPreflightListsDroppedBodyHeaders) {
        // WebKit: the hop's preflight still names the body headers the redirect took away.
        for (const QByteArray &name : corsUnsafeRequestHeaderNames(fetchRequestHeaders(m_intent))) {
            if (isRequestBodyHeaderName(name) && !unsafe.contains(name)) {
                unsafe.append(name);
            }
        }
        std::sort(unsafe.begin(), unsafe.end());
    }
    RequestHead preflight = buildPreflightRequest(m_current.url, m_current.method, unsafe, serializedRequestOrigin());
    const HttpHeaders metadata = fetchMetadataHeaders();
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

} // namespace SseScope
