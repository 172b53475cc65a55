#include "findings.h"

// Wire-level findings the client raises from what it measures (timings, parser counters, connections).
// Texts in English, marked for lupdate (context "Finding"); the GUI translates them when it shows them.

namespace SseScope {

QList<FindingDefinition> transportFindingDefinitions()
{
    return {
        {"transport.buffered", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Events written over time arrive in bursts"),
            QT_TRANSLATE_NOOP("Finding",
                "The events reached the client in a few large groups separated by pauses, although a streaming server "
                "sends them one by one: something between server and browser (a reverse proxy with buffering on, a "
                "compressing middleware, a CDN) holds them back."),
            QT_TRANSLATE_NOOP("Finding",
                "Turn off response buffering for the stream: `X-Accel-Buffering: no` for nginx (or `proxy_buffering "
                "off`), no compression of text/event-stream, and flush after each event in the application."),
            "res.set('X-Accel-Buffering', 'no');\n"
            "res.flushHeaders();\n"
            "// after each event, if a compression middleware is in use:\n"
            "res.flush?.();",
            "location /events {\n"
            "    proxy_pass http://backend;\n"
            "    proxy_buffering off;\n"
            "    proxy_cache off;\n"
            "    gzip off;\n"
            "}",
            "fmt.Fprintf(w, \"data: %s\\n\\n\", payload)\n"
            "w.(http.Flusher).Flush()",
            "Measured by the client from chunk arrival times; HTML §9.2.7 authoring notes.",
            FindingTrait::Live},
        {"transport.stall", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "The stream stopped delivering while still open"),
            QT_TRANSLATE_NOOP("Finding",
                "Bytes arrived regularly, then nothing for a long time although the connection stayed open: the server "
                "stopped writing, a proxy holds the data, or the connection is half-open. The browser will not notice "
                "until the TCP connection dies."),
            QT_TRANSLATE_NOOP("Finding",
                "Send a heartbeat comment every 15 s so that silence means a problem, and check proxy buffering and "
                "the server's event loop."),
            "const ping = setInterval(() => res.write(': ping\\n\\n'), 15000);\n"
            "req.on('close', () => clearInterval(ping));",
            "location /events { proxy_pass http://backend; proxy_buffering off; }", nullptr,
            "Measured by the client from chunk arrival times.",
            FindingTrait::Live},
        {"stream.line-too-long", Severity::Warning, QT_TRANSLATE_NOOP("Finding", "A line exceeded the parser's limit"),
            QT_TRANSLATE_NOOP("Finding",
                "The stream sent a line longer than SSE Scope's parser cap. Browsers keep reading (until memory runs "
                "out), but a line that long is usually a missing newline or a huge payload that should be split."),
            QT_TRANSLATE_NOOP("Finding",
                "End every field with a newline and keep events small; send large payloads by reference (an id to "
                "fetch)."),
            nullptr, nullptr, nullptr, "HTML §9.2.5 (lines end at CR, LF or CRLF); SSE Scope parser cap.",
            FindingTrait::StreamOnly},
        {"stream.event-too-large", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "An event exceeded the parser's limit"),
            QT_TRANSLATE_NOOP("Finding",
                "The data of one event grew past SSE Scope's cap before a blank line dispatched it: often a missing "
                "blank line between events, so everything accumulates into one event."),
            QT_TRANSLATE_NOOP("Finding", "End each event with a blank line (`\\n\\n`), and keep single events small."),
            nullptr, nullptr, nullptr, "HTML §9.2.6 (an empty line dispatches the event); SSE Scope parser cap.",
            FindingTrait::StreamOnly},
        {"stream.invalid-utf8", Severity::Warning, QT_TRANSLATE_NOOP("Finding", "The stream is not valid UTF-8"),
            QT_TRANSLATE_NOOP("Finding",
                "The body contains bytes that are not UTF-8. The browser decodes it as UTF-8 regardless and replaces "
                "each bad sequence with U+FFFD, so the page sees garbled text."),
            QT_TRANSLATE_NOOP("Finding", "Encode the stream as UTF-8 (and declare no other charset)."),
            "res.write(Buffer.from(text, 'utf8'));", nullptr, nullptr, "HTML §9.2.5 (UTF-8 decode); Encoding §4.1.",
            FindingTrait::StreamOnly},
        {"transport.certificate-not-verified", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The certificate does not verify: a browser refuses it"),
            QT_TRANSLATE_NOOP("Finding",
                "The server's TLS certificate failed verification (self-signed, expired, or for another host). SSE "
                "Scope connected anyway because you asked it to, but a browser stops at the certificate error "
                "(net::ERR_CERT_AUTHORITY_INVALID and friends) and the page's EventSource never opens."),
            QT_TRANSLATE_NOOP("Finding",
                "Serve a certificate the browser trusts: from a public CA (Let's Encrypt), or for local development "
                "a locally trusted one (mkcert) installed in the browser's trust store."),
            nullptr,
            "ssl_certificate     /etc/ssl/certs/api.example.com.fullchain.pem;\n"
            "ssl_certificate_key /etc/ssl/private/api.example.com.key;",
            nullptr, "Chromium net/cert (certificate errors are fatal for subresources); RFC 5280."},
        {"http.connection-limit", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Over the browser's per-host connection limit"),
            QT_TRANSLATE_NOOP("Finding",
                "This stream is beyond the six connections per host a browser allows over HTTP/1.1. In a browser it "
                "would hang in CONNECTING with no error until another connection to the host closes."),
            QT_TRANSLATE_NOOP("Finding",
                "Serve the streams over HTTP/2 or HTTP/3 (https), share a single stream between tabs, or spread "
                "streams over several host names."),
            nullptr,
            "server {\n"
            "    listen 443 ssl;\n"
            "    http2 on;\n"
            "    location /events { proxy_pass http://backend; proxy_buffering off; }\n"
            "}",
            nullptr,
            "Chromium net/socket/client_socket_pool_manager.cc (g_max_sockets_per_group 6); MDN EventSource (\"Won't "
            "fix\" in Chrome and Firefox)."},
    };
}

} // namespace SseScope
