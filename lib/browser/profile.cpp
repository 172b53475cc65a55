#include "profile.h"

namespace SseScope {

BrowserProfile BrowserProfile::chromium()
{
    BrowserProfile p;
    p.kind = BrowserKind::Chromium;
    p.name = QStringLiteral("chromium");
    p.displayName = QStringLiteral("Chromium");
    // net's Content-Type parser lower-cases the MIME type before event_source.cc compares it:
    // observed Chromium 156 opens on `Text/Event-Stream` (tests/browser case es.type-uppercase).
    p.mimeTypeCaseInsensitive = true;
    return p;
}

BrowserProfile BrowserProfile::firefox()
{
    BrowserProfile p;
    p.kind = BrowserKind::Firefox;
    p.name = QStringLiteral("firefox");
    p.displayName = QStringLiteral("Firefox");
    p.defaultReconnectionMs = 5000; // dom.server-events.default-reconnection-time
    p.minimumRetryMs = 500;
    p.failsNonUtf8Charset = false; // observed in Firefox ESR 153: opens, events delivered
    p.mimeTypeCaseInsensitive = true; // observed in Firefox ESR 153: `Text/Event-Stream` opens (tests/browser)
    p.sniffsWithoutNosniff = false; // observed in Firefox ESR 153: CLOSED at once on text/plain
    p.updatesLastEventIdWithoutData = false;
    p.thirdPartyCookies = ThirdPartyCookiePolicy::PartitionPerTopSite;
    p.emptyRetryResetsToDefault = false;
    p.reconnectsToFinalUrl = false;
    p.reconnectsOnEveryNetworkError = false; // dom/base/EventSource.cpp: only a listed set of errors
    // An origin's 407 is an ordinary response in Firefox (nsHttpChannelAuthProvider refuses proxy
    // auth without a proxy, then the channel processes the answer normally): EventSource fails on
    // the status. Observed Firefox ESR 153, tests/browser cases wire.407-held and wire.407-ended:
    // CLOSED, one error, one request.
    p.originProxyAuthIsNetworkError = false;
    p.requestAttemptsOnEmptyResponse = 10; // network.http.request.max-attempts; case wire.close-before-answer
    // Observed Firefox ESR 153 (tests/browser case fetch.auth-acah-star): `Access-Control-Allow-Headers: *`
    // covers Authorization without credentials, as in Chromium 156.
    p.wildcardCoversAuthorization = true;
    p.preflightsEveryRedirectOfAPreflightedRequest = true; // observed: fetch.put-redirect-303
    p.preflightMaxAgeCapSeconds = 86400;
    p.userAgent = QByteArrayLiteral("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0");
    p.acceptLanguage = QByteArrayLiteral("en-US,en;q=0.5");
    return p;
}

BrowserProfile BrowserProfile::safari()
{
    BrowserProfile p;
    p.kind = BrowserKind::Safari;
    p.name = QStringLiteral("safari");
    p.preflightsEveryRedirectOfAPreflightedRequest = true; // observed WebKitGTK: post.redirect-302-json
    p.redirectPreflightListsDroppedBodyHeaders = true;
    p.displayName = QStringLiteral("Safari");
    p.failsNonUtf8Charset = false; // WebKit warns and decodes as UTF-8
    p.mimeTypeCaseInsensitive = true;
    p.reconnectsToFinalUrl = false;
    p.sniffsWithoutNosniff = false;
    p.waitsOnMissingContentType = false; // not observed in WebKit: keep the immediate MIME failure
    p.updatesLastEventIdWithoutData = false;
    p.thirdPartyCookies = ThirdPartyCookiePolicy::BlockAll;
    // Safari's Intelligent Tracking Prevention blocks every third-party cookie, sent or stored;
    // WebKitGTK ships ITP off and only refuses to store third-party cookies (its NO_THIRD_PARTY
    // default, which webkit-page.py states), so a cookie the user got first-party on the API's site
    // would go out cross-site in WebKitGTK, never in Safari. The suite's cookie cases set their
    // cookies from the third-party context, where both refuse; tst_cookiejar
    // firstPartyCookieFromCrossSitePage ("safari: ITP blocks it") covers the Safari side.
    p.policyNotObservedInSuite = QStringLiteral(
        "Intelligent Tracking Prevention: Safari sends no third-party cookie, not even one stored first-party; "
        "WebKitGTK (observed) has ITP off and only refuses to store them");
    p.wildcardCoversAuthorization = true; // observed WebKitGTK 2.50: fetch.auth-acah-star opens
    p.fetchMetadataAfterTaintedRedirect = false;
    p.missingContentTypeName = QByteArrayLiteral("application/octet-stream");
    p.holdsAuthChallengesUntilBodyEnds = true;
    p.maxResponseHeadBytes = 64 * 1024;
    p.originProxyAuthIsNetworkError = false; // observed WebKitGTK 2.50: wire.407-ended closes
    p.checksLocalNetworkAccess = false; // WebKit has no Local Network Access check (cases lna.*)
    p.preflightMaxAgeCapSeconds = 600;
    p.userAgent = QByteArrayLiteral(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 "
        "Safari/605.1.15");
    return p;
}

BrowserProfile BrowserProfile::fromName(const QString &name, bool *ok)
{
    const QString lower = name.toLower();
    if (ok) {
        *ok = true;
    }
    if (lower == QLatin1String("chromium") || lower == QLatin1String("chrome")) {
        return chromium();
    }
    if (lower == QLatin1String("firefox")) {
        return firefox();
    }
    if (lower == QLatin1String("safari")) {
        return safari();
    }
    if (ok) {
        *ok = false;
    }
    return chromium();
}

QList<BrowserProfile> BrowserProfile::all()
{
    return {chromium(), firefox(), safari()};
}

QStringList BrowserProfile::names()
{
    return {QStringLiteral("chromium"), QStringLiteral("firefox"), QStringLiteral("safari")};
}

} // namespace SseScope
