#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace SseScope {

enum class BrowserKind
{
    Chromium,
    Firefox,
    Safari
};

// What a browser does with third-party (cross-site) cookies by default.
enum class ThirdPartyCookiePolicy
{
    Allow, // sent as any cookie whose SameSite allows it
    BlockUnpartitioned, // observed Chromium 156 here: blocked (EXCLUDE_USER_PREFERENCES), Partitioned kept
    PartitionPerTopSite, // Firefox Total Cookie Protection: a per-top-site jar
    BlockAll, // Safari ITP: no third-party cookies at all
};

// The documented differences between engines (../shared/reference/browser-rules.md §3, and the
// Firefox ESR 153 observations). Chromium is the reference; the others are deltas from it.
struct BrowserProfile
{
    BrowserKind kind = BrowserKind::Chromium;
    QString name; // "chromium", "firefox", "safari" (CLI --browser)
    QString displayName; // "Chromium"
    int defaultReconnectionMs = 3000;
    int minimumRetryMs = 0; // Firefox clamps retry: to at least 500 ms
    bool failsNonUtf8Charset = true; // Chromium aborts on charset != UTF-8
    // Chromium's network stack lower-cases the MIME type and charset before event_source.cc compares
    // them (net/http/http_util.cc ParseContentType), so "Text/Event-Stream" passes and console texts
    // show the lower-cased value; WebKit compares case-insensitively. Firefox: the map's `==` [?].
    bool mimeTypeCaseInsensitive = true;
    // Chromium reconnects to the URL of the last response (event_source.cc DidReceiveResponse sets
    // current_url_; observed in headless Chromium 156: /redir → /events, then /events with
    // Last-Event-ID), so after a redirect the reconnect skips it. The others: the original URL [?].
    bool reconnectsToFinalUrl = true;
    bool sniffsWithoutNosniff = true; // Chromium waits (MIME sniffing) on text/plain without nosniff
    // A response without any Content-Type (and no nosniff) held open: Chromium and Firefox ESR 153
    // both wait for body bytes before deciding (browser-rules.md Firefox table; tests/browser case
    // es.no-content-type-held), even though Firefox does not wait on text/plain.
    bool waitsOnMissingContentType = true;
    bool updatesLastEventIdWithoutData = true; // Chromium follows the spec; Firefox and WebKit do not
    ThirdPartyCookiePolicy thirdPartyCookies = ThirdPartyCookiePolicy::BlockUnpartitioned;
    // Where the shipped browser's policy is not the one of the engine the conformance suite runs
    // for this profile (WebKitGTK for Safari), said here rather than observed. Empty: none known.
    QString policyNotObservedInSuite;
    int maxConnectionsPerHost = 6; // HTTP/1.1 socket pool limit
    // An empty `retry:` field: Chromium and WebKit go back to the default; Firefox parses it as 0
    // and clamps it to its minimum (browser-rules.md §3 engine deviations).
    bool emptyRetryResetsToDefault = true;
    // Firefox fails the connection on network errors other than refused / timeout / reset /
    // interrupted (e.g. an unknown host); Chromium and WebKit reconnect on every network error.
    bool reconnectsOnEveryNetworkError = true;
    // A 407 from the origin itself (no proxy configured): Chromium never treats it as a response but
    // fails the request with net::ERR_UNEXPECTED_PROXY_AUTH, a network error, so EventSource
    // reconnects (net/http/http_network_transaction.cc HandleAuthChallenge; observed Chromium 156,
    // tests/browser case wire.407-held). false: the 407 is judged as any other status (Firefox;
    // WebKitGTK 2.50, observed in wire.407-ended: a status too).
    bool originProxyAuthIsNetworkError = true;
    // Observed Chromium 156, Firefox ESR 153 and WebKitGTK 2.50 (case fetch.auth-acah-star):
    // `Access-Control-Allow-Headers: *` (no credentials) covers Authorization, unlike the Fetch
    // standard's text.
    bool wildcardCoversAuthorization = true;
    // Observed Firefox ESR 153 (conformance cases fetch.put-redirect-303, post.redirect-302-json):
    // once a request needed a preflight, every redirect hop is preflighted again — even when the
    // hop made it a GET without body (Access-Control-Request-Method: GET, no request headers
    // listed): Gecko's replacement channel keeps "require CORS preflight" (HttpBaseChannel::
    // SetupReplacementChannel). Chromium 156 preflights a hop only when the redirected request
    // itself needs one (Fetch §4.4: no rule carries the flag over).
    bool preflightsEveryRedirectOfAPreflightedRequest = false;
    // Observed WebKitGTK 2.50 (conformance case post.redirect-302-json): WebKit preflights the hop
    // too, and its preflight still lists the unsafe request-body headers the redirect dropped
    // (Access-Control-Request-Method: GET with Access-Control-Request-Headers: content-type),
    // though the GET it then sends carries neither body nor Content-Type.
    bool redirectPreflightListsDroppedBodyHeaders = false;
    // Observed WebKitGTK 2.50 (conformance cases es.302-to-other-*): after a redirect hop that
    // taints the request's origin ("null"), WebKit sends no Sec-Fetch-* headers; Chromium and
    // Firefox still do.
    bool fetchMetadataAfterTaintedRedirect = true;
    // Observed WebKitGTK 2.50 (cases es.no-content-type-held): a response without Content-Type is
    // named "application/octet-stream" in the MIME failure; the others print "".
    QByteArray missingContentTypeName;
    // Observed WebKitGTK 2.50 (cases es.status-401-plain-held, wire.407-held, wire.407-ended): a
    // 401 or a 407 is held back by the network layer (an authentication challenge) until its body
    // ends, so one whose body stays open leaves the EventSource CONNECTING, with no error and no
    // console line; once it ends it is judged as any other status (CLOSED).
    bool holdsAuthChallengesUntilBodyEnds = false;
    // The largest response head the engine's network layer reads; a bigger one is a network error
    // (net::ERR_RESPONSE_HEADERS_TOO_BIG) and EventSource reconnects. 0: no limit below the
    // client's own 256 KiB cap, which is Chromium's (http_stream_parser.cc) and which the client
    // enforces as it reads. WebKitGTK: libsoup 3.2's HEADER_SIZE_LIMIT, 64 KiB (observed
    // WebKitGTK 2.50 with Debian 12's libsoup 3.2.3, case wire.9000-fields: ~215 KB of head
    // reconnects, wire.1000-fields ~22 KB opens).
    int maxResponseHeadBytes = 0;
    // How many times in all the network layer sends a request with a safe method (GET, HEAD, OPTIONS)
    // whose connection closes before any byte of an answer, before the page sees the error. Necko
    // restarts such a transaction by itself (netwerk/protocol/http/nsHttpTransaction.cpp Close() →
    // Restart(), up to network.http.request.max-attempts = 10): observed Firefox ESR 153, tests/browser
    // case wire.close-before-answer — the server sees the same GET 10 times, then EventSource fails
    // (CLOSED, one error event). Chromium 156 re-sends only on a reused keep-alive connection
    // (http_network_transaction.cc ShouldResendRequest), and WebKitGTK 2.50 likewise: one request on
    // a fresh connection (the same case). Unsafe methods (POST) are never re-sent on a fresh one.
    int requestAttemptsOnEmptyResponse = 1;
    // Local Network Access (localnetworkaccess.h): a page in the public address space reaching a
    // local or loopback address needs the user's permission; headless, nobody answers and the request
    // fails before the network. Observed Chromium 156 and Firefox ESR 153 (network.lna.*), cases
    // lna.*. WebKit has no such check (WebKitGTK 2.50, Safari 26): the request goes out.
    bool checksLocalNetworkAccess = true;
    // Access-Control-Max-Age cap: Chromium 7200 s (preflight_result.cc), Firefox 86400 s, WebKit 600 s.
    int preflightMaxAgeCapSeconds = 7200;
    // Request headers the browser adds to every request (observed Chromium 156 on Linux; the others
    // are their usual desktop values).
    QByteArray userAgent = QByteArrayLiteral(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    QByteArray acceptLanguage = QByteArrayLiteral("en-US,en;q=0.9");

    static BrowserProfile chromium();
    static BrowserProfile firefox();
    static BrowserProfile safari();
    // "chromium" | "firefox" | "safari" (case-insensitive); ok=false for anything else.
    static BrowserProfile fromName(const QString &name, bool *ok = nullptr);
    static QStringList names();
    // The three engines in the order the product lists them (CLI, window, HAR): Chromium,
    // Firefox, Safari; names() in the same order.
    static QList<BrowserProfile> all();
};

} // namespace SseScope
