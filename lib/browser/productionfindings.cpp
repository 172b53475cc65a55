#include "findings.h"
#include "findingsnippets_p.h"

// Findings that are not browser errors but bite in production: proxies, caches, logs, limits.
// Texts in English, marked for lupdate (context "Finding"); the GUI translates them when it shows them.

namespace SseScope {

QList<FindingDefinition> productionFindingDefinitions()
{
    return {
        {"response.no-transform-missing", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "No `Cache-Control: no-transform` on the stream"),
            QT_TRANSLATE_NOOP("Finding",
                "Without no-transform a proxy, CDN or antivirus may compress, buffer or re-chunk the response, so "
                "events arrive late and in bursts, or only when the stream closes."),
            QT_TRANSLATE_NOOP("Finding",
                "Send `Cache-Control: no-cache, no-transform` on the stream (and `X-Accel-Buffering: no` behind "
                "nginx)."),
            "res.set('Cache-Control', 'no-cache, no-transform');\n"
            "res.set('X-Accel-Buffering', 'no');",
            "location /events {\n"
            "    proxy_pass http://backend;\n"
            "    proxy_buffering off;\n"
            "    add_header Cache-Control \"no-cache, no-transform\" always;\n"
            "}",
            "w.Header().Set(\"Cache-Control\", \"no-cache, no-transform\")",
            "RFC 9111 §5.2.2.6 (no-transform); HTML §9.2.7 authoring notes.",
            FindingTrait::StreamOnly},
        {"response.content-encoding", Severity::Warning, QT_TRANSLATE_NOOP("Finding", "The stream is compressed"),
            QT_TRANSLATE_NOOP("Finding",
                "A Content-Encoding (gzip, br…) on an event stream makes the compressor hold events until its buffer "
                "fills, unless every event is flushed through it. Typical symptom: nothing for a while, then many "
                "events at once."),
            QT_TRANSLATE_NOOP("Finding",
                "Exclude text/event-stream from response compression, or flush the compressor after each event."),
            "app.use(compression({\n"
            "  filter: (req, res) => res.get('Content-Type') !== 'text/event-stream' && compression.filter(req, res),\n"
            "}));",
            "location /events {\n"
            "    gzip off;\n"
            "    proxy_pass http://backend;\n"
            "}",
            "// do not wrap the SSE handler in a gzip middleware\n"
            "mux.Handle(\"/events\", sseHandler) // not gziphandler.GzipHandler(sseHandler)",
            "RFC 9110 §8.4 (content codings); HTML §9.2.7 authoring notes.",
            FindingTrait::StreamOnly},
        {"stream.no-heartbeat", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "No heartbeat within common proxy idle timeouts"),
            QT_TRANSLATE_NOOP("Finding",
                "The stream went 30 s or more without a byte. Proxies and load balancers close idle connections (nginx "
                "proxy_read_timeout 60 s, AWS ALB 60 s, Heroku 55 s), so a quiet stream is cut and the browser "
                "reconnects, or worse, hangs on a half-open socket."),
            QT_TRANSLATE_NOOP("Finding", "Write a comment line (`: ping`) every 15–20 s."),
            "const ping = setInterval(() => res.write(': ping\\n\\n'), 15000);\n"
            "req.on('close', () => clearInterval(ping));",
            "location /events {\n"
            "    proxy_pass http://backend;\n"
            "    proxy_read_timeout 1h;   # and let the backend send a comment every 15 s\n"
            "}",
            "ticker := time.NewTicker(15 * time.Second)\n"
            "defer ticker.Stop()\n"
            "for {\n"
            "    select {\n"
            "    case <-ticker.C:\n"
            "        fmt.Fprint(w, \": ping\\n\\n\")\n"
            "        flusher.Flush()\n"
            "    case <-r.Context().Done():\n"
            "        return\n"
            "    }\n"
            "}",
            "HTML §9.2.7 authoring notes (a comment every 15 s or so).",
            FindingTrait::StreamOnly | FindingTrait::Live},
        {"stream.no-ids", Severity::Info, QT_TRANSLATE_NOOP("Finding", "Events carry no id"),
            QT_TRANSLATE_NOOP("Finding",
                "Without `id:` fields the browser has no Last-Event-ID to send when it reconnects, so the server "
                "cannot resume where the client stopped: events sent during the reconnect gap are lost."),
            QT_TRANSLATE_NOOP("Finding",
                "Give each event an `id:` and, on reconnect, replay the events after the Last-Event-ID request "
                "header."),
            "res.write(`id: ${event.seq}\\ndata: ${JSON.stringify(event.body)}\\n\\n`);\n"
            "// on connect: replay(req.get('Last-Event-ID'))",
            nullptr,
            "fmt.Fprintf(w, \"id: %d\\ndata: %s\\n\\n\", ev.Seq, ev.JSON)\n"
            "// on connect: replay(r.Header.Get(\"Last-Event-ID\"))",
            "HTML §9.2.4 (Last-Event-ID), §9.2.6 id field.",
            FindingTrait::StreamOnly},
        {"stream.events-missed", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Events were lost across a reconnect"),
            QT_TRANSLATE_NOOP("Finding",
                "After a reconnect the server did not resume right after the `Last-Event-ID` the browser sent: the "
                "first id it sent skips some (ids counted as numbers), or the server itself said its replay buffer no "
                "longer held them. The page never receives those events, and nothing in the browser tells it so."),
            QT_TRANSLATE_NOOP("Finding",
                "On a request with `Last-Event-ID: N`, send every event after N, starting with N+1; keep enough of "
                "them (a replay buffer sized for the longest reconnect gap), and when N is older than what you kept, "
                "tell the page to reload its state (an event of its own, or 204 and a fresh start)."),
            "const last = Number(req.get('Last-Event-ID') ?? 0);\n"
            "for (const ev of history.filter(e => e.seq > last)) res.write(`id: ${ev.seq}\\ndata: ${ev.json}\\n\\n`);",
            nullptr,
            "last, _ := strconv.ParseUint(r.Header.Get(\"Last-Event-ID\"), 10, 64)\n"
            "for _, ev := range history.After(last) { fmt.Fprintf(w, \"id: %d\\ndata: %s\\n\\n\", ev.Seq, ev.JSON) }",
            "HTML §9.2.4 (Last-Event-ID), §9.2.3 reestablish the connection; the mock server's replay record.",
            FindingTrait::StreamOnly},
        {"stream.events-repeated", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Events were delivered twice across a reconnect"),
            QT_TRANSLATE_NOOP("Finding",
                "After a reconnect the server sent again events whose ids the page had already received (often the "
                "event named by `Last-Event-ID` itself: resuming at it instead of after it). The browser does not "
                "filter them: each one reaches the page's handlers a second time."),
            QT_TRANSLATE_NOOP("Finding",
                "Resume with the first event after the `Last-Event-ID` the request carries, never with that event; "
                "if the page cannot rule out repeats, let it ignore ids it has seen."),
            "const last = Number(req.get('Last-Event-ID') ?? 0);\n"
            "for (const ev of history.filter(e => e.seq > last)) res.write(`id: ${ev.seq}\\ndata: ${ev.json}\\n\\n`); // > last, not >=",
            nullptr,
            "for _, ev := range history.After(last) { // strictly after Last-Event-ID\n"
            "    fmt.Fprintf(w, \"id: %d\\ndata: %s\\n\\n\", ev.Seq, ev.JSON)\n}",
            "HTML §9.2.4 (Last-Event-ID: the id of the last event received).",
            FindingTrait::StreamOnly},
        {"http.network-error", Severity::Warning, QT_TRANSLATE_NOOP("Finding", "The connection failed"),
            QT_TRANSLATE_NOOP("Finding",
                "The request did not get a complete answer (refused, reset, timed out, name not resolved, or the body "
                "was cut). Chromium and Safari reconnect after the reconnection time; Firefox fails the connection for "
                "errors other than refused, timeout, reset or an interrupted transfer (an unknown host, for example); "
                "fetch() rejects."),
            QT_TRANSLATE_NOOP("Finding",
                "Check that the server is reachable from the page's network, and that no proxy closes the stream (see "
                "stream.no-heartbeat)."),
            nullptr, nullptr, nullptr,
            "HTML §9.2.2 processResponse (network error → reestablish); Firefox dom/base/EventSource.cpp."},
        {"http.response-headers-too-big", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The response head is over 256 KiB: Chromium fails the request"),
            QT_TRANSLATE_NOOP("Finding",
                "The response head did not end (no empty line after the header fields) within 256 KiB. Chromium stops "
                "there and fails the request with net::ERR_RESPONSE_HEADERS_TOO_BIG, a network error: EventSource "
                "reconnects after the reconnection time and meets the same head again; fetch() rejects. Usually the "
                "server never ends its header block, or sends too many or too large header fields (a cookie or a token "
                "that keeps growing). The detail says how SSE Scope measured it: from the header fields Qt read, or, "
                "because Qt's network stack does not show head bytes as they arrive, with a second request of its own "
                "that read 256 KiB of head without finding its end."),
            QT_TRANSLATE_NOOP("Finding",
                "End the header block with an empty line (CRLF CRLF) before the body, and keep the head small: no "
                "header should grow with the session."),
            nullptr, nullptr, nullptr,
            "Chromium net/http/http_stream_parser.cc (kMaxHeaderBufSize = 256 KiB → ERR_RESPONSE_HEADERS_TOO_BIG); "
            "observed Chromium 156: a 262,144-byte head opens, 262,145 bytes fail and EventSource reconnects; HTML "
            "§9.2.2 processResponse (network error → reestablish)."},
        {"http.redirect", Severity::Info, QT_TRANSLATE_NOOP("Finding", "The stream was redirected"),
            QT_TRANSLATE_NOOP("Finding",
                "The browser follows 301/302/303/307/308 for EventSource and fetch, but runs the CORS check on each "
                "cross-origin 3xx first (it needs Access-Control-Allow-Origin too), and after a cross-origin hop to "
                "another origin it sends `Origin: null`. Every reconnect repeats the redirect."),
            QT_TRANSLATE_NOOP("Finding",
                "Point the page at the final URL; if the redirect must stay, send the CORS headers on the 3xx response "
                "as well."),
            FindingSnippets::kCredentialedAllowlistExpress,
            FindingSnippets::kCredentialedAllowlistNginx,
            FindingSnippets::kCredentialedAllowlistGo,
            "Fetch §4.4 HTTP-redirect fetch; WPT eventsource/request-redirect.htm; observed Chromium 156."},
        {"http.http1-stream", Severity::Info,
            QT_TRANSLATE_NOOP("Finding", "The stream uses one of six HTTP/1.1 connections to the host"),
            QT_TRANSLATE_NOOP("Finding",
                "Over HTTP/1.1 — which includes every plain http:// URL, since browsers do not speak cleartext HTTP/2 "
                "— each open stream holds one of the six connections a browser allows per host, across all tabs. A "
                "seventh stream, or any other request to that host once six streams are open, waits silently."),
            QT_TRANSLATE_NOOP("Finding",
                "Serve the stream over HTTP/2 or HTTP/3 (https), or share one stream per browser (a SharedWorker or "
                "BroadcastChannel), or put the stream on its own host name."),
            nullptr,
            "server {\n"
            "    listen 443 ssl;\n"
            "    http2 on;\n"
            "    location /events { proxy_pass http://backend; proxy_buffering off; }\n"
            "}",
            nullptr,
            "Chromium net/socket/client_socket_pool_manager.cc (6 sockets per group); HTML §9.2.7 authoring notes.",
            FindingTrait::StreamOnly},
    };
}

} // namespace SseScope
