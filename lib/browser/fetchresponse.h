#pragma once

// What the page's code sees of a fetch() response besides the body: which response headers
// `response.headers.get(name)` returns (Fetch §3.2.3 CORS filtered response, §4.1 main fetch step
// 14.3: Access-Control-Expose-Headers), and the checks on a response a fetch-based SSE reader
// (fetch-event-source, the Vercel AI SDK, MCP clients) reads as an event stream.

#include "findings.h"
#include "requestintent.h"

#include <common/httpheaders.h>

#include <QByteArray>
#include <QList>

#include <optional>

namespace SseScope {

// Fetch "CORS-safelisted response-header name": Cache-Control, Content-Language, Content-Length,
// Content-Type, Expires, Last-Modified, Pragma (case-insensitive).
bool isCorsSafelistedResponseHeaderName(const QByteArray &name);
// Fetch "forbidden response-header name": Set-Cookie, Set-Cookie2 — script never reads them.
bool isForbiddenResponseHeaderName(const QByteArray &name);

// Why `response.headers.get(name)` returns what it returns.
enum class ReadHeaderReason
{
    SameOrigin, // a basic filtered response: every header but Set-Cookie
    Safelisted, // a CORS-safelisted response-header name, always exposed
    Exposed, // listed in Access-Control-Expose-Headers
    ExposedByWildcard, // Access-Control-Expose-Headers: * without credentials
    Forbidden, // Set-Cookie / Set-Cookie2: never readable — null
    NotExposed, // cross-origin, not safelisted, not listed — null although the server sent it
    WildcardWithCredentials, // only `*` would cover it, and with credentials `*` is a literal name — null
    Absent, // the response has no such header — null (listed or not)
};
QString readHeaderReasonName(ReadHeaderReason reason); // "same-origin", "not-exposed", … (JSON)

// One `response.headers.get(name)` call.
struct ReadHeader
{
    QByteArray name; // as the page's code spells it
    std::optional<QByteArray> value; // nullopt: the call returns null
    ReadHeaderReason reason = ReadHeaderReason::Absent;
    bool sent = false; // the server's response carried the header (even when the page gets null)

    friend bool operator==(const ReadHeader &a, const ReadHeader &b)
    {
        return a.name == b.name && a.value == b.value && a.reason == b.reason && a.sent == b.sent;
    }
};

// What `response.headers.get(name)` returns on this response. `corsTainted`: the response is a
// CORS filtered one (a cross-origin request, or a redirect that went cross-origin); else basic.
// The value is Fetch's "get": every line of that name joined with ", ".
ReadHeader readResponseHeader(
    const HttpHeaders &response, const QByteArray &name, bool corsTainted, CredentialsMode credentials);
QList<ReadHeader> readResponseHeaders(
    const HttpHeaders &response, const QList<QByteArray> &names, bool corsTainted, CredentialsMode credentials);

// `fetch.header-not-exposed`, `fetch.expose-wildcard-with-credentials`, `fetch.header-absent`,
// `fetch.header-forbidden` for the calls that return null. Browsers print nothing for these.
QList<Finding> readHeaderFindings(const QList<ReadHeader> &reads);

// A 2xx answer a fetch-based SSE reader takes as its stream: `fetch.not-event-stream` when the
// MIME type is not text/event-stream (fetch-event-source throws "Expected content-type to be
// text/event-stream"; the browser itself delivers the bytes).
QList<Finding> checkFetchStreamHead(const ResponseHead &response);

// The body of an answer that was not an event stream (any status), once it ended or its first bytes
// are in: `fetch.json-error-body` when it is a JSON document — the usual shape of an API's error
// ({"error": {"message": …}}), which a stream reader shows as nothing at all. The detail quotes the
// message when there is one.
QList<Finding> checkFetchStreamBody(const ResponseHead &response, const QByteArray &body);

} // namespace SseScope
