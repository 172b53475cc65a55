#include "findings.h"
#include "findingsnippets_p.h"

// The CORS findings: the check on the stream response and on every redirect hop.
// Texts in English, marked for lupdate (context "Finding"); the GUI translates them when it shows them.

namespace SseScope {

QList<FindingDefinition> corsFindingDefinitions()
{
    return {
        {"cors.missing-allow-origin", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "No Access-Control-Allow-Origin on the response"),
            QT_TRANSLATE_NOOP("Finding",
                "The stream is cross-origin, so the browser reads it only if the response names the page's origin (or "
                "`*` without credentials) in Access-Control-Allow-Origin. With no such header the check fails: the "
                "EventSource goes to CLOSED, fires `error` and never reconnects; fetch() rejects. On a redirect the "
                "3xx response itself needs the header, and the console then names the first URL."),
            QT_TRANSLATE_NOOP("Finding",
                "Send `Access-Control-Allow-Origin: <the page origin>` (plus `Access-Control-Allow-Credentials: true` "
                "and `Vary: Origin` for a credentialed stream), or `Access-Control-Allow-Origin: *` for a public "
                "stream without credentials, on every response of the stream including redirects and errors."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §4.9 CORS check step 2; Chromium cors.cc CheckAccess (kMissingAllowOriginHeader); observed Chromium "
            "156."},
        {"cors.wildcard-with-credentials", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "Access-Control-Allow-Origin is `*` on a credentialed request"),
            QT_TRANSLATE_NOOP("Finding",
                "With `withCredentials: true` (fetch: `credentials: 'include'`) the wildcard is not accepted, even "
                "when Access-Control-Allow-Credentials is `true`: a response readable by any site must not carry the "
                "user's cookies."),
            QT_TRANSLATE_NOOP("Finding",
                "Echo the page's exact origin from an allow-list instead of `*`, add "
                "`Access-Control-Allow-Credentials: true` and `Vary: Origin`. If the stream needs no cookies, drop "
                "`withCredentials` instead."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §4.9 CORS check step 3; Chromium cors.cc (kWildcardOriginNotAllowed); observed Chromium 156."},
        {"cors.multiple-allow-origin", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "Access-Control-Allow-Origin holds several values"),
            QT_TRANSLATE_NOOP("Finding",
                "The header must hold exactly one origin. A list (`https://a, https://b`) fails, and so do two "
                "Access-Control-Allow-Origin header lines: the browser joins them with \", \" before checking. The "
                "usual cause is the application and a proxy both adding the header."),
            QT_TRANSLATE_NOOP("Finding",
                "Send a single Access-Control-Allow-Origin: pick the request's Origin from your allow-list and echo "
                "it. Make sure only one layer (app or proxy) sets CORS headers; in nginx use `proxy_hide_header` when "
                "the app already sends them."),
            FindingSnippets::kCredentialedAllowlistExpress,
            "location /events {\n"
            "    # the backend already sends CORS headers: do not add a second copy\n"
            "    proxy_hide_header Access-Control-Allow-Origin;\n"
            "    add_header Access-Control-Allow-Origin $cors_origin always;\n"
            "    proxy_pass http://backend;\n"
            "}",
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §3.2.5 (header values combine with \", \"); Chromium cors.cc (kMultipleAllowOriginValues)."},
        {"cors.invalid-allow-origin", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "Access-Control-Allow-Origin is not an origin"),
            QT_TRANSLATE_NOOP("Finding",
                "The value is neither `*`, `null` nor a URL such as `https://app.example.com`: a bare host "
                "(`app.example.com`) or an empty value fails."),
            QT_TRANSLATE_NOOP("Finding",
                "Send the origin exactly as the browser sends it in the Origin request header: scheme, host and port, "
                "no path, no trailing slash."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §4.9 CORS check step 4; Chromium cors.cc (kInvalidAllowOriginValue)."},
        {"cors.allow-origin-mismatch", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "Access-Control-Allow-Origin names another origin"),
            QT_TRANSLATE_NOOP("Finding",
                "The value is compared with the page's serialized origin byte for byte. A trailing slash, another "
                "port, http instead of https, an upper-case host or `null` all fail. The origin has no path: "
                "`http://localhost:5173/` is not `http://localhost:5173`."),
            QT_TRANSLATE_NOOP(
                "Finding", "Echo the request's Origin header when it is on your allow-list, exactly as sent."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §4.9 CORS check step 4, HTML §7.1.1 origin serialization; Chromium cors.cc (kAllowOriginMismatch); "
            "observed Chromium 156 (trailing slash)."},
        {"cors.invalid-allow-credentials", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "Access-Control-Allow-Credentials is not exactly `true`"),
            QT_TRANSLATE_NOOP("Finding",
                "For a credentialed request the response must carry `Access-Control-Allow-Credentials: true`, lower "
                "case, nothing else. A missing header, `True`, `TRUE`, `1` or `\"true\"` fail."),
            QT_TRANSLATE_NOOP(
                "Finding", "Send `Access-Control-Allow-Credentials: true` together with the echoed origin."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §4.9 CORS check step 6; Chromium cors.cc (kInvalidAllowCredentials); WPT cors/credentials-flag.htm; "
            "observed Chromium 156."},
        {"cors.disabled-scheme", Severity::Error, QT_TRANSLATE_NOOP("Finding", "The stream URL is not http or https"),
            QT_TRANSLATE_NOOP("Finding",
                "A cross-origin request (or a redirect) to a scheme that does not support CORS (ftp:, file:, ws:, a "
                "custom scheme) is blocked. EventSource speaks only HTTP."),
            QT_TRANSLATE_NOOP("Finding", "Use an http:// or https:// URL, and make redirects point to one."), nullptr,
            nullptr, nullptr,
            "Fetch §4.4 HTTP-redirect fetch step 6; Chromium cors_url_loader.cc (kCorsDisabledScheme)."},
        {"cors.redirect-contains-credentials", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "A redirect Location contains a user name and password"),
            QT_TRANSLATE_NOOP(
                "Finding", "A cross-origin redirect to `https://user:pass@host/…` is refused for a CORS request."),
            QT_TRANSLATE_NOOP(
                "Finding", "Redirect to a URL without credentials; authenticate with a cookie or a token instead."),
            nullptr, nullptr, nullptr,
            "Fetch §4.4 HTTP-redirect fetch step 10; Chromium cors_url_loader.cc (kRedirectContainsCredentials)."},
        {"cors.redirect-tainted-origin", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "After a cross-origin redirect the request's origin is `null`"),
            QT_TRANSLATE_NOOP("Finding",
                "The stream went from one cross-origin URL to yet another origin. From that hop on the browser sends "
                "`Origin: null` and checks Access-Control-Allow-Origin against `null`, so a response echoing the page "
                "origin fails."),
            QT_TRANSLATE_NOOP("Finding",
                "Point the page at the final URL so there is no cross-origin redirect chain, or keep the redirect "
                "within the stream's own origin. Answering `Access-Control-Allow-Origin: null` works but allows any "
                "sandboxed page: avoid it."),
            nullptr, nullptr, nullptr,
            "Fetch §4.4 HTTP-redirect fetch step 13 (tainted origin flag), §3.1 serializing a request origin; Chromium "
            "CorsURLLoader tainted origin."},
        {"cors.vary-origin-missing", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "The response echoes the Origin without `Vary: Origin`"),
            QT_TRANSLATE_NOOP("Finding",
                "Access-Control-Allow-Origin changes with the request's Origin, but the response does not say so. A "
                "cache or CDN can then serve one site's answer to another site, which the browser blocks as a "
                "mismatch."),
            QT_TRANSLATE_NOOP("Finding",
                "Add `Vary: Origin` to every response whose Access-Control-Allow-Origin depends on the request."),
            "res.vary('Origin');", "add_header Vary Origin always;", "w.Header().Add(\"Vary\", \"Origin\")",
            "Fetch §3.2.4 (CORS protocol and HTTP caches).",
            FindingTrait::StreamOnly},
        {"cors.wildcard-on-authenticated-stream", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Access-Control-Allow-Origin `*` on a stream that needs authentication"),
            QT_TRANSLATE_NOOP("Finding",
                "The stream is authenticated (an Authorization header, cookies or a token in the URL) yet readable by "
                "any site. Any page the user visits can open it with the same token, and the wildcard means cookies "
                "cannot be used at all."),
            QT_TRANSLATE_NOOP("Finding",
                "Answer only allowed origins: echo the request's Origin from an allow-list with `Vary: Origin` (and "
                "`Access-Control-Allow-Credentials: true` when cookies authenticate the stream)."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §3.2.5 (CORS protocol and credentials).",
            FindingTrait::StreamOnly},
    };
}

} // namespace SseScope
