#include "findings.h"
#include "findingsnippets_p.h"

// The EventSource response-processing findings, and the fetch-streaming ones.
// Texts in English, marked for lupdate (context "Finding"); the GUI translates them when it shows them.

namespace SseScope {

QList<FindingDefinition> eventSourceFindingDefinitions()
{
    return {
        {"eventsource.custom-header", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "EventSource cannot send a custom header"),
            QT_TRANSLATE_NOOP("Finding",
                "The EventSource API has no way to set request headers: an Authorization header or an API key header "
                "asked of it is never sent. (ssescope's EventSource mode therefore refuses --header.)"),
            QT_TRANSLATE_NOOP("Finding",
                "Authenticate with a cookie (`withCredentials: true` plus a credentialed CORS answer), with a "
                "short-lived single-use token in the query string, or switch to fetch() streaming, which can send "
                "headers (and then needs a preflight)."),
            "// cookie-based: the page opens new EventSource(url, { withCredentials: true })\n"
            "app.get('/events', requireSessionCookie, (req, res) => { /* ... */ });",
            nullptr, nullptr, "HTML §9.2.2 (the EventSource constructor takes only withCredentials)."},
        {"eventsource.status-204", Severity::Info,
            QT_TRANSLATE_NOOP("Finding", "204 No Content: the server told the client to stop"),
            QT_TRANSLATE_NOOP("Finding",
                "Any status other than 200 fails the connection: readyState CLOSED, one `error` event, no reconnect. "
                "204 is the conventional way for a server to stop an EventSource for good."),
            QT_TRANSLATE_NOOP("Finding",
                "Nothing to fix if stopping was intended. Otherwise answer 200 with `Content-Type: "
                "text/event-stream`."),
            nullptr, nullptr, nullptr,
            "HTML §9.2.2 processResponse (status must be 200); observed Chromium 156 (CLOSED, no console line)."},
        {"eventsource.bad-status", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The stream answered with a status other than 200"),
            QT_TRANSLATE_NOOP("Finding",
                "EventSource accepts only status 200. Any other status (401, 404, 500, 206…) fails the connection: "
                "CLOSED, `error`, no reconnect and — in Chromium — no console line, so the failure is silent. A "
                "redirect is followed first; only the final status counts."),
            QT_TRANSLATE_NOOP("Finding",
                "Answer the stream with 200. For \"not now\" use 200 with a `retry:` field and close the body (the "
                "browser reconnects); for \"never\" use 204."),
            FindingSnippets::kStreamHeadersExpress,
            nullptr,
            FindingSnippets::kStreamHeadersGo,
            "HTML §9.2.2 processResponse; Chromium event_source.cc DidReceiveResponse; WPT "
            "eventsource/request-status-error.htm; observed Chromium 156."},
        {"eventsource.mime-type", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The Content-Type is not text/event-stream"),
            QT_TRANSLATE_NOOP("Finding",
                "The response's MIME type must be exactly `text/event-stream` (parameters such as charset are ignored "
                "here; Chromium's network stack lower-cases the type first and Safari ignores case, so only the "
                "letters matter). Otherwise the connection fails with a console message and no reconnect."),
            QT_TRANSLATE_NOOP("Finding",
                "Send `Content-Type: text/event-stream` on the stream response (and make sure no proxy or framework "
                "replaces it)."),
            FindingSnippets::kStreamHeadersExpress,
            FindingSnippets::kStreamHeadersNginx,
            FindingSnippets::kStreamHeadersGo,
            "HTML §9.2.2 processResponse; Chromium event_source.cc (\"EventSource's response has a MIME type …\"); WPT "
            "eventsource/format-mime-*."},
        {"eventsource.charset", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The stream declares a charset other than UTF-8"),
            QT_TRANSLATE_NOOP("Finding",
                "An event stream is always UTF-8. Chromium fails the connection when the Content-Type names another "
                "charset (`text/event-stream; charset=iso-8859-1`), with a console message; Firefox ignores the "
                "parameter and Safari warns and decodes as UTF-8, so the same server works there."),
            QT_TRANSLATE_NOOP("Finding",
                "Send `Content-Type: text/event-stream` with no charset, or `; charset=utf-8`, and encode the body as "
                "UTF-8."),
            FindingSnippets::kStreamHeadersExpress,
            FindingSnippets::kStreamHeadersNginx,
            FindingSnippets::kStreamHeadersGo,
            "HTML §9.2.5 (UTF-8 only); Chromium event_source.cc (charset check); observed Chromium 156 and Firefox ESR "
            "153."},
        {"eventsource.mime-sniffing", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "The browser is sniffing the MIME type and waits silently"),
            QT_TRANSLATE_NOOP("Finding",
                "The response is `text/plain` (or has no Content-Type) without `X-Content-Type-Options: nosniff`. "
                "Chromium holds it while its MIME sniffer waits for 1024 bytes or the end of the body: the EventSource "
                "stays CONNECTING, with no error and no console line, for as long as a small stream stays open. It "
                "then fails (not text/event-stream). Firefox fails at once."),
            QT_TRANSLATE_NOOP("Finding",
                "Send `Content-Type: text/event-stream`. Adding `X-Content-Type-Options: nosniff` makes any remaining "
                "mistake fail loudly instead of hanging."),
            FindingSnippets::kStreamHeadersExpress,
            FindingSnippets::kStreamHeadersNginx,
            FindingSnippets::kStreamHeadersGo,
            "Observed Chromium 156 and Firefox ESR 153 (browser-rules.md); MIME Sniffing §7; Chromium "
            "net/base/mime_sniffer.cc."},
        {"eventsource.auth-challenge-held", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Safari holds a 401 or 407 answer until its body ends"),
            QT_TRANSLATE_NOOP("Finding",
                "WebKit's network layer treats a `401 Unauthorized` and a `407 Proxy Authentication Required` as an "
                "authentication challenge and keeps it from the page until the whole body has arrived. Such an "
                "answer whose body stays open (an error page written by a streaming handler) leaves the EventSource "
                "CONNECTING, with no error and no console line, for as long as the server holds it; once the body "
                "ends it is judged as any other status (CLOSED). Chromium and Firefox act at once: they fail the "
                "connection (Chromium reconnects after an origin's 407, which is a network error to it)."),
            QT_TRANSLATE_NOOP("Finding",
                "End the body of an error answer: send the 401 or 407 with `Content-Length` (or end the chunked "
                "body) before waiting for anything, and never open the stream before the request is authorized."),
            nullptr, nullptr, nullptr,
            "Observed WebKitGTK 2.50 (tests/browser cases es.status-401-plain-held, wire.401-held, wire.407-held, "
            "wire.407-ended); Chromium 156 and Firefox ESR act at once."},
        {"eventsource.reconnect", Severity::Info, QT_TRANSLATE_NOOP("Finding", "The browser reconnects"),
            QT_TRANSLATE_NOOP("Finding",
                "The body ended or the connection broke after the stream was accepted. The EventSource fires `error` "
                "with readyState CONNECTING, waits the reconnection time (3000 ms in Chromium and Safari, 5000 ms in "
                "Firefox, or the last `retry:` value) and requests the stream again, sending `Last-Event-ID` when an "
                "id was seen."),
            QT_TRANSLATE_NOOP("Finding",
                "Nothing to fix. To resume without gaps, give events an `id:` and honour Last-Event-ID; to stop the "
                "client, answer 204."),
            nullptr, nullptr, nullptr,
            "HTML §9.2.2 processResponseEndOfBody, §9.2.3 reestablish the connection; Chromium event_source.cc; "
            "observed Chromium 156 (retry 200 ms, Last-Event-ID: 7)."},
        {"eventsource.retry-clamped", Severity::Info,
            QT_TRANSLATE_NOOP("Finding", "The browser raised the `retry:` value"),
            QT_TRANSLATE_NOOP("Finding",
                "Firefox waits at least 500 ms between reconnects whatever `retry:` says, and reads an empty `retry:` "
                "as 0 (then 500 ms). Chromium and Safari use the value as is and reset an empty one to 3000 ms."),
            QT_TRANSLATE_NOOP("Finding", "Send `retry:` values of 500 ms or more, and never an empty `retry:` line."),
            nullptr, nullptr, nullptr,
            "Firefox dom/base/EventSource.cpp (MIN_RECONNECTION_TIME_VALUE); HTML §9.2.6 retry field."},
        {"fetch.not-ok-status", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The fetch stream answered with an error status"),
            QT_TRANSLATE_NOOP("Finding",
                "fetch() resolves for any status that passes CORS, so a stream reader that does not check "
                "`response.ok` reads an error page as if it were events. SSE Scope counts the stream as failed."),
            QT_TRANSLATE_NOOP("Finding",
                "Answer the stream with 200 and `Content-Type: text/event-stream`; in the page, check `response.ok` "
                "before reading the body."),
            FindingSnippets::kStreamHeadersExpress,
            nullptr,
            FindingSnippets::kStreamHeadersGo,
            "Fetch §5.5 Response.ok; the page's own code decides."},
        {"fetch.no-reconnect", Severity::Info,
            QT_TRANSLATE_NOOP("Finding", "A fetch stream does not reconnect by itself"),
            QT_TRANSLATE_NOOP("Finding",
                "Unlike EventSource, a fetch() stream that ends or breaks is simply over: no `retry`, no "
                "Last-Event-ID, unless the page's code does it."),
            QT_TRANSLATE_NOOP("Finding",
                "Reconnect in the page with a delay (honouring `retry:`) and send the last id yourself, e.g. in a "
                "`Last-Event-ID` header (which needs a preflight)."),
            nullptr, nullptr, nullptr, "Fetch §5 (no reconnection); HTML §9.2 (EventSource reconnects).",
            FindingTrait::StreamOnly},
    };
}

} // namespace SseScope
