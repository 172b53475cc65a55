#pragma once

#include "origin.h"
#include "requestintent.h"

#include <common/httpheaders.h>

#include <QString>
#include <QUrl>

namespace SseScope {

// Chromium's network::mojom::CorsError, by name (the numbers change between versions; match names).
// Only the values an SSE request can meet are listed; the names are the CDP ones without the `k`.
enum class CorsError
{
    None,
    DisallowedByMode,
    InvalidResponse,
    WildcardOriginNotAllowed,
    MissingAllowOriginHeader,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightDisallowedRedirect,
    PreflightWildcardOriginNotAllowed,
    PreflightMissingAllowOriginHeader,
    PreflightMultipleAllowOriginValues,
    PreflightInvalidAllowOriginValue,
    PreflightAllowOriginMismatch,
    PreflightInvalidAllowCredentials,
    InvalidAllowMethodsPreflightResponse,
    InvalidAllowHeadersPreflightResponse,
    MethodDisallowedByPreflightResponse,
    HeaderDisallowedByPreflightResponse,
    RedirectContainsCredentials,
};

// "MissingAllowOriginHeader" (the CDP Network.CorsError name); "" for None.
QString corsErrorName(CorsError error);
bool isPreflightCorsError(CorsError error);
// The stable findings-catalogue id for a CORS error ("cors.missing-allow-origin", ...).
const char *corsErrorFindingId(CorsError error);

// The outcome of one check: Chromium's CorsErrorStatus {cors_error, failed_parameter}.
struct CorsCheckResult
{
    CorsError error = CorsError::None;
    QString failedParameter; // the header value (or method / header name) the console quotes

    bool ok() const { return error == CorsError::None; }
    friend bool operator==(const CorsCheckResult &a, const CorsCheckResult &b)
    {
        return a.error == b.error && a.failedParameter == b.failedParameter;
    }
};

// The CORS check on one response (the final one or a redirect hop), in Chromium's order
// (services/network/public/cpp/cors/cors.cc CheckAccess, browser-rules.md §1.3):
//   1. ACAO `*`: passes unless credentials are `include` (→ WildcardOriginNotAllowed);
//   2. no ACAO → MissingAllowOriginHeader;
//   3. ACAO ≠ serialized origin: a space or comma → MultipleAllowOriginValues (two header lines
//      are joined with ", " first); `null` → AllowOriginMismatch; not a URL →
//      InvalidAllowOriginValue; otherwise AllowOriginMismatch;
//   4. with `include`, ACAC must be exactly `true` → InvalidAllowCredentials ('' when absent).
// `requestOrigin` is the request's origin as serialized for this hop: "null" once tainted
// (Fetch §4.4 HTTP-redirect fetch; Chromium CorsURLLoader tainted origin).
CorsCheckResult checkCorsAccess(
    const HttpHeaders &responseHeaders, const QString &requestOrigin, CredentialsMode credentials);
// The same check for a preflight response: the errors become their kPreflight* twins.
CorsCheckResult checkPreflightAccess(
    const HttpHeaders &responseHeaders, const QString &requestOrigin, CredentialsMode credentials);

// A header value as the HTTP parser hands it over: leading and trailing spaces and tabs removed.
QByteArray trimmedHeaderValue(const QByteArray &value);

// The URL as Chromium prints it (KURL::GetString): an empty path becomes "/", the default port
// and the fragment are dropped.
QString chromiumUrlString(const QUrl &url);

// Chromium's console text for a CORS failure (third_party/blink/renderer/platform/loader/cors/
// cors_error_string.cc GetErrorString): "Access to resource at …" for EventSource (observed),
// "Access to fetch at …" for fetch, with "(redirected from '…') " when the URL changed.
QString chromiumCorsConsoleMessage(const CorsCheckResult &result, RequestMode mode, const QUrl &initialUrl,
    const QUrl &lastUrl, const Origin &pageOrigin);
// The reason part alone (after "has been blocked by CORS policy: ").
QString chromiumCorsReason(const CorsCheckResult &result, RequestMode mode);
// The failed-load line Chromium's DevTools console shows after it: "GET <url> net::ERR_FAILED".
QString chromiumFailedLoadMessage(
    const QByteArray &method, const QUrl &url, const QString &netError = QStringLiteral("ERR_FAILED"));
// True for such a DevTools network-log line. Headless Chromium's --enable-logging=stderr does not
// print them (observed Chromium 156): a conformance test compares the other lines only.
bool isChromiumNetworkLogLine(const QString &line);

// Firefox's console text for the same failure (dom/locales/en-US/chrome/security/
// security.properties, nsCORSListenerProxy::CheckRequestApproved), observed in Firefox ESR 153 over
// WebDriver BiDi by the conformance suite's firefox runner. `allowOriginLines`: how many
// Access-Control-Allow-Origin lines the judged response carried — Firefox says "Multiple" only for
// more than one line; a single line holding a list is "does not match" that value.
QString firefoxCorsConsoleMessage(const CorsCheckResult &result, const QUrl &url, int status, int allowOriginLines = 1);
// The line Firefox adds after a preflight or a redirect hop failed the check: the request itself
// then fails with no status ("… (Reason: CORS request did not succeed). Status code: (null).").
QString firefoxCorsDidNotSucceedMessage(const QUrl &url);
// The line Firefox adds when a preflight is answered with a redirect (observed Firefox ESR 153 over
// WebDriver BiDi, case fetch.preflight-redirect): "… (Reason: CORS request external redirect not allowed)."
QString firefoxCorsExternalRedirectMessage(const QUrl &url);
// WebKit's text (Source/WebCore/loader/CrossOriginAccessControl.cpp), observed in WebKitGTK 2.50
// by the conformance suite's webkit runner: `requestOrigin` is the serialized request origin
// ("null" after a tainted hop), `allowOrigin` the ACAO value as received — WebKit names "more than
// one origin" only for a comma-separated list, a space-separated one is a plain mismatch — and a
// preflight that is not 2xx is reported by its status before its CORS headers are looked at.
QString webkitCorsConsoleMessage(
    const CorsCheckResult &result, const QString &requestOrigin, int status, const QByteArray &allowOrigin = {});

} // namespace SseScope
