#pragma once

#include "cookieprovider.h"
#include "corscheck.h"
#include "fetchresponse.h"
#include "findings.h"
#include "localnetworkaccess.h"
#include "origin.h"
#include "preflight.h"
#include "profile.h"
#include "requestintent.h"

#include <common/httpheaders.h>

#include <QList>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace SseScope {

// A network error as the client sees it; the model maps it to Chromium's net error name and to
// each engine's reconnect rule.
enum class NetworkErrorKind
{
    ConnectionRefused, // net::ERR_CONNECTION_REFUSED
    TimedOut, // net::ERR_TIMED_OUT
    ConnectionReset, // net::ERR_CONNECTION_RESET
    ConnectionClosed, // net::ERR_EMPTY_RESPONSE (closed before a response)
    Interrupted, // net::ERR_INCOMPLETE_CHUNKED_ENCODING (body cut mid-stream)
    HostNotFound, // net::ERR_NAME_NOT_RESOLVED
    TooManyRedirects, // net::ERR_TOO_MANY_REDIRECTS
    InvalidRedirect, // net::ERR_INVALID_REDIRECT
    ResponseHeadersTooBig, // net::ERR_RESPONSE_HEADERS_TOO_BIG (a head over 256 KiB)
    // net::ERR_UNEXPECTED_PROXY_AUTH: a 407 from the origin over a direct connection (Chromium's
    // net/http/http_network_transaction.cc HandleAuthChallenge), a network error, not a response.
    UnexpectedProxyAuth,
    Other, // net::ERR_FAILED
};
QString chromiumNetErrorName(NetworkErrorKind kind); // "ERR_CONNECTION_REFUSED"

// What the client does next.
enum class NextAction
{
    None, // nothing: the connection is already closed, or the call did not apply
    SendRequest, // send Decision::request (first Decision::preflight when it is set)
    Continue, // the response is accepted: keep reading the body and feed the parser
    WaitSniffing, // the browser holds the response before deciding (Chromium's MIME sniffer,
                  // WebKit's authentication challenge): keep reading without parsing, call
                  // onSniffedBody() once 1024 bytes are in (it may keep waiting), and onEndOfBody()
    FailConnection, // readyState CLOSED, no reconnect
    Reconnect, // readyState CONNECTING: after reconnectDelayMs, call planRequest() again
};
QString nextActionName(NextAction action);

// The request the browser really sends for one attempt.
struct RequestPlan
{
    // False when the browser throws or blocks before any request (invalid URL, mixed content, a
    // non-HTTP scheme): nothing is sent and `console`/`findings` say why.
    bool sent = true;
    std::optional<RequestHead> preflight; // send first; then call onPreflightResponse()
    bool preflightFromCache = false; // a cached preflight covers the request
    // With sent=false: the EventSource still fires `error` (the request was blocked, not thrown:
    // Local Network Access, mixed content), as HTML's "fail the connection" does.
    bool errorFired = false;
    RequestHead request; // the stream request, every header the browser sends
    ReadyState readyState = ReadyState::Connecting;
    QList<CookieOutcome> cookies;
    QList<Finding> findings;
    QStringList console;
};

// The verdict after each answer.
struct Decision
{
    NextAction action = NextAction::None;
    ReadyState readyState = ReadyState::Connecting;
    bool openFired = false; // `open` fired now (fetch: the response was accepted with an ok status)
    bool errorFired = false; // `error` fired now
    // With FailConnection: the body simply ended and nothing reconnects (a fetch reader got
    // `done`). CLOSED, but the browser did not fail anything.
    bool endedNormally = false;
    int reconnectDelayMs = -1; // for Reconnect
    QByteArray lastEventId; // for Reconnect: the Last-Event-ID the next request carries ("" = none)
    std::optional<RequestHead> preflight; // for SendRequest: a preflight to send before `request`
    std::optional<RequestHead> request; // for SendRequest: the next hop or the actual request
    // The net error the browser reports instead of the response ("ERR_UNEXPECTED_PROXY_AUTH" for
    // an origin's 407 in Chromium), with http.network-error; empty when none.
    QString netError;
    CorsCheckResult cors; // the failed check, when the failure is a CORS one
    // Fetch: what each `response.headers.get(name)` of RequestIntent::readHeaders returns on the
    // response fetch() resolved with (set with that response, whatever its status); empty otherwise.
    QList<ReadHeader> readHeaders;
    // With SendRequest: the browser's network layer sends the same request again by itself after
    // its connection closed before any answer (Necko; BrowserProfile::requestAttemptsOnEmptyResponse).
    // The page sees nothing: no event, no console line, readyState unchanged.
    bool networkResend = false;
    QList<CookieOutcome> cookies;
    QList<Finding> findings;
    QStringList console; // the exact console lines the profile's browser prints
};

// One `new EventSource(url, {withCredentials})` — or one `fetch(url, init)` read as a stream — as a
// pure state machine. It never touches the network: the client sends what it plans and reports
// what comes back. The order of the checks is Chromium's (browser-rules.md §0):
//   plan (URL parse, mixed content, preflight for fetch) → every redirect hop (CORS check, Location
//   rules, taint) → the final response (Chromium's MIME sniffing wait, the CORS check, status,
//   MIME type, charset) → streaming (last event ID, retry) → end of body / network error (reconnect
//   or close).
// One object lives across reconnects: it keeps the last event ID and the reconnection time.
class EventSourceModel final
{
public:
    EventSourceModel(const BrowserProfile &profile, const Origin &pageOrigin, const RequestIntent &intent);

    // Non-owning hooks; both may stay null (no cookie jar: no Cookie header, Set-Cookie dropped).
    void setCookieProvider(CookieProvider *provider) { m_cookieProvider = provider; }
    void setSetCookieSink(SetCookieSink *sink) { m_setCookieSink = sink; }
    // Non-owning; shared by the models of one browser session. Null: no preflight cache.
    void setPreflightCache(PreflightCache *cache) { m_preflightCache = cache; }
    // Where the page and the servers are, for Local Network Access (localnetworkaccess.h). By
    // default the page's space comes from its origin and a user would be asked.
    void setLocalNetworkContext(const LocalNetworkContext &context) { m_localNetwork = context; }
    const LocalNetworkContext &localNetworkContext() const { return m_localNetwork; }

    // Starts an attempt (the first, or a reconnect after a Reconnect decision). `nowMs` is the
    // caller's clock, used only for the preflight cache.
    RequestPlan planRequest(qint64 nowMs = 0);
    Decision onPreflightResponse(const ResponseHead &response, qint64 nowMs = 0);
    // Every response of the stream request, redirect hops included (a 301/302/303/307/308 with a
    // Location header is followed; the model returns the next request).
    Decision onResponse(const ResponseHead &response);
    // While WaitSniffing: the first body bytes (Chromium sniffs up to 1024 bytes).
    Decision onSniffedBody(const QByteArray &firstBytes);
    // The parser dispatched an event (HTML §9.2.6 "dispatch the event"): the last-event-ID buffer
    // and whether the data buffer was non-empty. Firefox and WebKit keep the ID only with data.
    void onEventDispatched(const QByteArray &lastEventIdBuffer, bool hadData);
    // A `retry` field's raw value. Digits only → the new reconnection time (Firefox: at least
    // 500 ms); empty → Chromium/WebKit reset to the default, Firefox clamps 0; otherwise ignored.
    QList<Finding> onRetryField(const QByteArray &value);
    Decision onEndOfBody();
    Decision onNetworkError(NetworkErrorKind kind);
    // The page called close().
    Decision close();

    ReadyState readyState() const { return m_readyState; }
    QByteArray lastEventId() const { return m_lastEventId; }
    int reconnectionTimeMs() const { return m_reconnectionTimeMs; }
    int attempts() const { return m_attempts; }
    bool hasOpened() const { return m_everOpened; }
    const BrowserProfile &profile() const { return m_profile; }
    const Origin &pageOrigin() const { return m_pageOrigin; }
    const RequestIntent &intent() const { return m_intent; }
    // The URL list of the current attempt (the first URL, then each redirect hop).
    const QList<QUrl> &urlChain() const { return m_urlChain; }

private:
    enum class Phase
    {
        Idle,
        Preflight,
        AwaitingResponse,
        Sniffing, // Chromium's MIME sniffer holds the response for its first 1024 bytes
        HeldUntilBodyEnd, // WebKit holds a 401/407 challenge until its body ends (then decides)
        Streaming,
        Closed
    };

    CredentialsMode credentials() const { return m_intent.credentialsMode(); }
    bool isFetch() const { return m_intent.mode == RequestMode::Fetch; }
    bool includesCredentials() const;
    QString serializedRequestOrigin() const;
    RequestHead buildRequest(const QUrl &url, QList<CookieOutcome> *cookies, QList<Finding> *findings);
    HttpHeaders fetchMetadataHeaders() const; // Sec-Fetch-*: from the page and the URL chain
    CookieRequestContext cookieContext() const;
    bool needsPreflightNow() const;
    RequestHead buildPreflight() const;
    void handleSetCookie(const ResponseHead &response, Decision *decision);
    // Local Network Access at the connection to `url`: appends its findings (and, when it blocks,
    // the engine's console line) and says whether the request goes out, is blocked, or waits for a
    // permission nobody gives.
    enum class LocalNetworkStep
    {
        Proceed,
        Blocked,
        Waits,
    };
    LocalNetworkStep checkLocalNetwork(const QUrl &url, QList<Finding> *findings, QStringList *console) const;

    // `responseHeaders`: the judged response's (its Access-Control-Allow-Origin lines shape the
    // console text); `redirectTarget`: the Location of a redirect that failed its CORS check.
    Decision failWithCors(const CorsCheckResult &result, int status, const HttpHeaders &responseHeaders,
        const QUrl &redirectTarget = {});
    Decision noChange() const;
    Decision failConnection(QList<Finding> findings, QStringList console);
    Decision reestablish(QList<Finding> findings, QStringList console);
    Decision evaluateFinalResponse(const ResponseHead &response, const std::optional<QByteArray> &sniffedType);
    Decision followRedirect(const ResponseHead &response);
    Decision networkFailure(NetworkErrorKind kind, const QString &netError);

    BrowserProfile m_profile;
    Origin m_pageOrigin;
    RequestIntent m_intent;
    CookieProvider *m_cookieProvider = nullptr;
    SetCookieSink *m_setCookieSink = nullptr;
    PreflightCache *m_preflightCache = nullptr;
    LocalNetworkContext m_localNetwork;

    Phase m_phase = Phase::Idle;
    ReadyState m_readyState = ReadyState::Connecting;
    QByteArray m_lastEventId;
    int m_reconnectionTimeMs;
    int m_attempts = 0;
    int m_emptyResponseResends = 0; // re-sends of the request in flight after an empty response
    bool m_everOpened = false;

    QUrl m_reconnectUrl; // Chromium: the last response's URL, used by the next attempt

    // The current attempt.
    QList<QUrl> m_urlChain;
    RequestHead m_current; // the request in flight (or waiting for its preflight)
    bool m_corsTainting = false; // Fetch "response tainting" is cors
    bool m_taintedOrigin = false; // Fetch "tainted origin flag": the Origin serializes as "null"
    bool m_authorizationDropped = false; // a cross-origin hop removed Authorization
    bool m_bodyDropped = false; // a 301/302/303 made the request a GET without body (Fetch §4.4 step 12)
    bool m_preflightRequired = false; // the attempt needed a preflight (sent or from the cache)
    ResponseHead m_heldResponse; // the response Chromium holds while it sniffs
};

} // namespace SseScope
