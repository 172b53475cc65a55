#include "findings.h"
#include "findingsnippets_p.h"

// The request-side findings: what the page asks for and what the browser refuses to send.
// Texts in English, marked for lupdate (context "Finding"); the GUI translates them when it shows them.

namespace SseScope {

QList<FindingDefinition> requestFindingDefinitions()
{
    return {
        {"request.invalid-url", Severity::Error, QT_TRANSLATE_NOOP("Finding", "The stream URL does not parse"),
            QT_TRANSLATE_NOOP("Finding",
                "The browser parses the URL before it sends anything. `new EventSource(url)` throws a SyntaxError and "
                "`fetch(url)` rejects with a TypeError, so no request leaves the page."),
            QT_TRANSLATE_NOOP("Finding",
                "Pass an absolute http(s) URL, or a path the page's URL resolves (check for an unencoded space, a "
                "missing scheme or a stray character)."),
            nullptr, nullptr, nullptr,
            "HTML §9.2.2 EventSource constructor step 4; Chromium event_source.cc (\"Cannot open an EventSource to "
            "'…'. The URL is invalid.\")."},
        {"request.mixed-content", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "An HTTPS page cannot open an http:// stream"),
            QT_TRANSLATE_NOOP("Finding",
                "A page loaded over HTTPS may not load an insecure subresource. Chromium blocks the request before the "
                "network (an access-check error), so the EventSource goes straight to CLOSED and never retries. "
                "http://localhost and http://127.0.0.1 are exempt because they count as potentially trustworthy."),
            QT_TRANSLATE_NOOP("Finding",
                "Serve the stream over HTTPS (a TLS-terminating proxy in front of the SSE server is enough) and use an "
                "https:// URL in the page."),
            nullptr,
            "server {\n"
            "    listen 443 ssl;\n"
            "    ssl_certificate     /etc/ssl/api.crt;\n"
            "    ssl_certificate_key /etc/ssl/api.key;\n"
            "    location /events { proxy_pass http://backend; proxy_buffering off; }\n"
            "}",
            nullptr,
            "Mixed Content §4; Chromium mixed_content_checker.cc; Chromium event_source.cc AbortConnectionAttempt on "
            "access-check errors."},
        {"request.forbidden-header", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "The page sets a header the browser will not send"),
            QT_TRANSLATE_NOOP("Finding",
                "Script cannot set forbidden request headers such as Cookie, Host, Origin, Referer, Connection or any "
                "Sec-* / Proxy-* name: fetch() drops them silently, so the server never sees them."),
            QT_TRANSLATE_NOOP("Finding",
                "Let the browser send cookies itself (`credentials: 'include'` and a credentialed CORS answer), and "
                "carry anything else in an allowed header such as Authorization or a custom X- header (which needs a "
                "preflight)."),
            nullptr, nullptr, nullptr, "Fetch §2.2.2 forbidden request-header; Fetch §5.1 Headers guard \"request\"."},
        {"request.token-in-query", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "A credential travels in the query string"),
            QT_TRANSLATE_NOOP("Finding",
                "EventSource cannot send an Authorization header, so tokens often go in the URL. A URL is written to "
                "server and proxy access logs, browser history, the Referer of later requests and error trackers: a "
                "long-lived token there leaks."),
            QT_TRANSLATE_NOOP("Finding",
                "Prefer a cookie (HttpOnly; Secure; SameSite, sent with `withCredentials: true`). If the URL must "
                "carry a token, make it single-use and short-lived (seconds), scoped to the stream, and strip it from "
                "access logs."),
            "// issue a one-time ticket, valid for a few seconds, instead of the session token\n"
            "app.post('/events/ticket', requireSession, (req, res) => {\n"
            "  res.json({ ticket: tickets.issue(req.user, { ttlSeconds: 30, uses: 1 }) });\n"
            "});",
            "# keep the token out of the access log\n"
            "map $request_uri $loggable_uri { ~^(?<path>[^?]*) $path; }\n"
            "log_format sse '$remote_addr [$time_local] \"$request_method $loggable_uri\" $status';\n"
            "access_log /var/log/nginx/access.log sse;",
            nullptr,
            "OWASP ASVS V8.1 (sensitive data in URLs); Referrer Policy; HTML §9.2 (EventSource has no header API)."},
        {"credentials.set-cookie-ignored", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Set-Cookie on a request without credentials is ignored"),
            QT_TRANSLATE_NOOP("Finding",
                "The response sets a cookie, but the request's credentials mode does not include credentials (an "
                "EventSource without `withCredentials`, or a fetch without `credentials: 'include'`, to another "
                "origin). The browser neither sends cookies on such a request nor stores the ones it sets."),
            QT_TRANSLATE_NOOP("Finding",
                "Open the stream with `new EventSource(url, { withCredentials: true })` (fetch: `credentials: "
                "'include'`) and answer with the exact origin and `Access-Control-Allow-Credentials: true`."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §4.6 HTTP-network-or-cache fetch (includeCredentials); WPT cors/credentials-flag.htm."},
    };
}

} // namespace SseScope
