#include "findings.h"

// The findings about what a fetch()-based stream reader sees (fetchrequest.h, fetchresponse.h):
// the init's TypeErrors, the response headers the page's code reads, and answers that are not a
// stream. Texts in English, marked for lupdate (context "Finding"); the GUI translates them.

namespace SseScope {

namespace {

constexpr char kExposeExpress[] = "app.post('/mcp', (req, res) => {\n"
                                  "  res.set('Access-Control-Allow-Origin', req.get('Origin'));\n"
                                  "  res.set('Access-Control-Expose-Headers', 'Mcp-Session-Id');\n"
                                  "  res.vary('Origin');\n"
                                  "  // ... then the stream\n"
                                  "});";
constexpr char kExposeNginx[] = "location /mcp {\n"
                                "    add_header Access-Control-Expose-Headers \"Mcp-Session-Id\" always;\n"
                                "    proxy_pass http://backend;\n"
                                "}";
constexpr char kExposeGo[] = "w.Header().Set(\"Access-Control-Expose-Headers\", \"Mcp-Session-Id\")";

constexpr char kStreamAnswerExpress[] = "app.post('/v1/chat/completions', async (req, res) => {\n"
                                        "  if (!authorized(req)) {\n"
                                        "    return res.status(401).json({ error: { message: 'bad key' } });\n"
                                        "  }\n"
                                        "  res.status(200).set({\n"
                                        "    'Content-Type': 'text/event-stream',\n"
                                        "    'Cache-Control': 'no-cache, no-transform',\n"
                                        "  });\n"
                                        "  res.flushHeaders();\n"
                                        "  for await (const token of tokens(req.body)) {\n"
                                        "    res.write(`data: ${JSON.stringify(token)}\\n\\n`);\n"
                                        "  }\n"
                                        "  res.end('data: [DONE]\\n\\n');\n"
                                        "});";
constexpr char kStreamAnswerGo[] = "w.Header().Set(\"Content-Type\", \"text/event-stream\")\n"
                                   "w.Header().Set(\"Cache-Control\", \"no-cache, no-transform\")\n"
                                   "w.WriteHeader(http.StatusOK)\n"
                                   "for tok := range tokens {\n"
                                   "    fmt.Fprintf(w, \"data: %s\\n\\n\", tok)\n"
                                   "    w.(http.Flusher).Flush()\n"
                                   "}";

} // namespace

QList<FindingDefinition> fetchFindingDefinitions()
{
    return {
        {"fetch.init-type-error", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "fetch() throws before sending anything"),
            QT_TRANSLATE_NOOP("Finding",
                "The Request constructor rejects the init: a body with GET or HEAD, a forbidden method (CONNECT, "
                "TRACE, TRACK) or a method that is not an HTTP token. The promise rejects with a TypeError and no "
                "request leaves the page."),
            QT_TRANSLATE_NOOP("Finding",
                "Send a body with POST (LLM chat completions and MCP both POST JSON), or drop the body from the GET."),
            nullptr, nullptr, nullptr,
            "Fetch §5.4 Request constructor (method and body steps); Chromium request.cc."},
        {"fetch.header-not-exposed", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The page's code reads a response header as null"),
            QT_TRANSLATE_NOOP("Finding",
                "The server sent the header, but a cross-origin response shows script only the CORS-safelisted "
                "response headers (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, "
                "Last-Modified, Pragma) and those listed in Access-Control-Expose-Headers. "
                "`response.headers.get(name)` returns null, and no browser prints anything about it; DevTools' "
                "Network panel still shows the header, which makes this hard to see. An MCP client that reads "
                "`Mcp-Session-Id` this way never gets its session."),
            QT_TRANSLATE_NOOP("Finding",
                "List the header in `Access-Control-Expose-Headers` on the response the page reads (the actual "
                "response, not the preflight)."),
            kExposeExpress, kExposeNginx, kExposeGo,
            "Fetch §3.2.3 CORS filtered response, §4.1 main fetch step 14.3 (Access-Control-Expose-Headers); "
            "observed Chromium 156 and Firefox ESR 153 (tests/browser fetch.expose-*)."},
        {"fetch.expose-wildcard-with-credentials", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "`Access-Control-Expose-Headers: *` exposes nothing to a credentialed request"),
            QT_TRANSLATE_NOOP("Finding",
                "With `credentials: 'include'` the `*` in Access-Control-Expose-Headers is not a wildcard: it names a "
                "header literally called `*`. The page's `response.headers.get(name)` returns null for every header "
                "that is not CORS-safelisted, silently."),
            QT_TRANSLATE_NOOP("Finding",
                "Name each header the page reads in `Access-Control-Expose-Headers` (e.g. `Mcp-Session-Id`)."),
            kExposeExpress, kExposeNginx, kExposeGo,
            "Fetch §4.1 main fetch step 14.3 (`*` only when the credentials mode is not \"include\")."},
        {"fetch.header-forbidden", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Script can never read Set-Cookie"),
            QT_TRANSLATE_NOOP("Finding",
                "Set-Cookie and Set-Cookie2 are forbidden response-header names: every filtered response drops them, "
                "same-origin or not, exposed or not. `response.headers.get('Set-Cookie')` is always null."),
            QT_TRANSLATE_NOOP("Finding",
                "Read the cookie's effect instead (the next request carries it), or send the value the page needs "
                "in another, exposed header or in the body."),
            nullptr, nullptr, nullptr, "Fetch §2.2.2 forbidden response-header name; §3.2.3 basic/CORS filtered response."},
        {"fetch.header-absent", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "The response does not carry a header the page reads"),
            QT_TRANSLATE_NOOP("Finding",
                "The page's code reads this response header, but the server did not send it at all, so "
                "`response.headers.get(name)` returns null whatever Access-Control-Expose-Headers says."),
            QT_TRANSLATE_NOOP("Finding",
                "Send the header on the response the page reads (for MCP: `Mcp-Session-Id` on the answer to "
                "`initialize`), and expose it."),
            kExposeExpress, kExposeNginx, kExposeGo, "Fetch §5.2 Headers get()."},
        {"fetch.not-event-stream", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "The fetch stream is not text/event-stream"),
            QT_TRANSLATE_NOOP("Finding",
                "fetch() hands the page any body, but the readers that parse it as server-sent events check the type "
                "first: fetch-event-source throws \"Expected content-type to be text/event-stream\", and MCP's "
                "Streamable HTTP clients take `application/json` as one JSON-RPC answer, not a stream. A chat UI "
                "reading this answer shows nothing, or the whole reply at the end."),
            QT_TRANSLATE_NOOP("Finding",
                "Answer a streaming request with `Content-Type: text/event-stream` and `data:` lines; keep JSON for "
                "non-streaming calls (`\"stream\": false`)."),
            kStreamAnswerExpress, nullptr, kStreamAnswerGo,
            "HTML §9.2 (text/event-stream); @microsoft/fetch-event-source (content-type check); MCP Streamable HTTP "
            "transport (the server answers POST with application/json or text/event-stream).",
            FindingTrait::StreamOnly},
        {"fetch.json-error-body", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The answer is a JSON error body, not a stream"),
            QT_TRANSLATE_NOOP("Finding",
                "Instead of events the server answered with one JSON document — typically an API error such as "
                "`{\"error\": {\"message\": \"Invalid API key\"}}` with 401, 429 or even 200. A stream reader that "
                "does not check `response.ok` and the Content-Type shows an empty reply and the error is lost."),
            QT_TRANSLATE_NOOP("Finding",
                "Fix the cause the message names (key, quota, model, body). In the page, check `response.ok` and the "
                "Content-Type before reading the stream, and show the JSON error."),
            kStreamAnswerExpress, nullptr, kStreamAnswerGo,
            "Fetch §5.5 Response (ok, headers); OpenAI-style error objects; JSON-RPC 2.0 §5.1.",
            FindingTrait::StreamOnly},
    };
}

} // namespace SseScope
