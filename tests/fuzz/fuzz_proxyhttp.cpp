// libFuzzer target: the intercept proxy's HTTP/1.1 head parsing (lib/intercept/proxyhttp.h), the
// code that stands between a browser and its server in `ssescope intercept` (docs/hardening.md).
//
// One input: a selector byte, then the bytes a peer sent. Selector bit 0: a request (from the
// browser) or a response (from the upstream); bit 1: close an unfinished head with an empty line
// (so most inputs reach the parsers); bits 2–3: the request method a response answers (GET, HEAD,
// POST, CONNECT: it decides the response's framing).
//
// Checks besides "no crash, no sanitizer report, no leak":
//  - headEnd() is just past the first empty line, or -1 when there is none;
//  - a parsed head is what the proxy may forward: method a token, target printable, version
//    HTTP/1.0 or 1.1, status 100–999, at most maxHeaderLines fields, names tokens, values and the
//    reason phrase without CR, LF or NUL, values without blanks at their ends; a refused one has a
//    reason; a head over maxHeadBytes is refused;
//  - written out (serialize()), a parsed head parses to the same head and writes the same bytes;
//  - framing: a body never has both Content-Length and Transfer-Encoding; a length is what every
//    Content-Length value says; HEAD, 1xx, 204 and 304 answers have no body;
//  - removeHopByHop(): none of the hop-by-hop fields nor those named in Connection are left, every
//    other field is kept in order, and **the framing is the same before and after**, and after a
//    round trip through serialize(): the next hop delimits the body where the proxy did (a proxy
//    that disagreed with its upstream about where a body ends could be made to smuggle a request);
//  - CONNECT authorities: a parsed one has a host without '@' or '/', a port 1–65535, and written
//    out again ("[v6]:port") parses to the same.
#include <intercept/proxyhttp.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace SseScope;
using namespace SseScope::ProxyHttp;

namespace {

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_proxyhttp: %s %s\n", what, detail.toPercentEncoding(" :/").constData());
        std::abort();
    }
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(const QByteArray &text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool hasLineBreakOrNul(const QByteArray &text)
{
    return text.contains('\r') || text.contains('\n') || text.contains('\0');
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

void checkFields(const HttpHeaders &headers)
{
    check(headers.size() <= maxHeaderLines, "more fields than maxHeaderLines");
    for (const HttpHeader &field : headers.lines()) {
        check(isToken(field.name), "field name not a token", field.name);
        check(!hasLineBreakOrNul(field.value), "CR, LF or NUL in a field value", field.value);
        check(field.value.isEmpty() || (!isBlank(field.value.front()) && !isBlank(field.value.back())),
            "blanks around a field value", field.value);
    }
}

bool sameFraming(const std::optional<Framing> &a, const std::optional<Framing> &b)
{
    if (a.has_value() != b.has_value()) {
        return false;
    }
    return !a || (a->kind == b->kind && a->length == b->length);
}

QByteArray framingText(const std::optional<Framing> &f)
{
    if (!f) {
        return "refused";
    }
    return QByteArray::number(int(f->kind)) + '/' + QByteArray::number(f->length);
}

// Content-Length and Transfer-Encoding against the framing the proxy chose.
void checkFraming(const HttpHeaders &headers, const std::optional<Framing> &framing, bool bodyless)
{
    const bool hasLength = headers.contains("Content-Length");
    const bool hasEncoding = headers.contains("Transfer-Encoding");
    if (bodyless) {
        check(framing && framing->kind == Framing::Kind::None, "a bodyless answer with a body");
        return;
    }
    if (hasLength && hasEncoding) {
        check(!framing, "Content-Length and Transfer-Encoding both taken");
        return;
    }
    if (!framing) {
        return;
    }
    check(framing->length >= 0, "negative length");
    if (framing->kind == Framing::Kind::Length || (hasLength && framing->kind == Framing::Kind::None)) {
        check(hasLength, "a length without Content-Length");
        for (const QByteArray &value : headers.values("Content-Length")) {
            for (const QByteArray &part : value.split(',')) {
                bool ok = false;
                check(part.trimmed().toLongLong(&ok) == framing->length && ok, "a Content-Length that says otherwise",
                    value);
            }
        }
        check((framing->kind == Framing::Kind::None) == (framing->length == 0), "length 0 not bodyless");
    }
    if (framing->kind == Framing::Kind::Chunked) {
        check(hasEncoding, "chunked without Transfer-Encoding");
    }
}

// removeHopByHop(): what is left, and that it frames the body as before.
template<typename Framer> void checkHopByHop(const HttpHeaders &headers, Framer framer)
{
    HttpHeaders forwarded = headers;
    removeHopByHop(&forwarded);
    QList<QByteArray> dropped = {"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
        "Proxy-Authorization", "TE", "Trailer", "Upgrade"};
    for (const QByteArray &value : headers.values("Connection")) {
        for (const QByteArray &name : value.split(',')) {
            const QByteArray trimmed = name.trimmed();
            if (!trimmed.isEmpty() && !headerNameEquals(trimmed, "Content-Length")
                && !headerNameEquals(trimmed, "Transfer-Encoding")) {
                dropped.append(trimmed);
            }
        }
    }
    auto isDropped = [&](const QByteArray &name) {
        return std::any_of(dropped.begin(), dropped.end(), [&](const QByteArray &d) { return headerNameEquals(d, name); });
    };
    QList<HttpHeader> kept;
    for (const HttpHeader &field : headers.lines()) {
        if (!isDropped(field.name)) {
            kept.append(field);
        }
    }
    check(forwarded.lines() == kept, "removeHopByHop kept or dropped the wrong fields");
    const std::optional<Framing> before = framer(headers);
    const std::optional<Framing> after = framer(forwarded);
    check(sameFraming(before, after), "the next hop frames the body otherwise", framingText(before) + " vs " + framingText(after));
}

void checkRequest(QByteArrayView head)
{
    QByteArray reason;
    const std::optional<RequestLine> request = parseRequest(head, &reason);
    if (head.size() > maxHeadBytes) {
        check(!request, "a head over maxHeadBytes taken");
    }
    if (!request) {
        check(!reason.isEmpty(), "refused without a reason");
        return;
    }
    check(isToken(request->method), "method not a token", request->method);
    check(!request->target.isEmpty()
            && std::all_of(request->target.begin(), request->target.end(), [](char c) { return c > ' ' && c < 127; }),
        "target not printable", request->target);
    check(request->version == "HTTP/1.1" || request->version == "HTTP/1.0", "version", request->version);
    checkFields(request->headers);

    const QByteArray written = serialize(*request);
    if (written.size() <= maxHeadBytes) {
        QByteArray again;
        const std::optional<RequestLine> reparsed = parseRequest(written, &again);
        check(reparsed.has_value(), "a written request does not parse", again + ": " + written);
        check(reparsed->method == request->method && reparsed->target == request->target
                && reparsed->version == request->version && reparsed->headers == request->headers,
            "a written request parses otherwise", written);
        check(serialize(*reparsed) == written, "a written request writes otherwise", written);
        check(headEnd(written) == written.size(), "a written head ends elsewhere", written);
    }

    const std::optional<Framing> framing = requestFraming(request->headers);
    checkFraming(request->headers, framing, false);
    check(!framing || framing->kind != Framing::Kind::UntilClose, "a request read until the close");
    checkHopByHop(request->headers, [](const HttpHeaders &h) { return requestFraming(h); });
    // What the proxy sends upstream (hop-by-hop fields removed, written out) is framed the same.
    RequestLine forwarded = *request;
    removeHopByHop(&forwarded.headers);
    const QByteArray upstream = serialize(forwarded);
    if (upstream.size() <= maxHeadBytes) {
        QByteArray again;
        const std::optional<RequestLine> seen = parseRequest(upstream, &again);
        check(seen.has_value(), "the forwarded request does not parse", upstream);
        check(sameFraming(requestFraming(seen->headers), framing), "upstream frames the request otherwise", upstream);
    }

    if (request->method == "CONNECT") {
        QByteArray host;
        quint16 port = 0;
        if (parseAuthority(request->target, &host, &port)) {
            check(!host.isEmpty() && !host.contains('@') && !host.contains('/'), "authority host", host);
            check(port > 0, "port 0");
            const QByteArray again = (host.contains(':') ? '[' + host + ']' : host) + ':' + QByteArray::number(port);
            QByteArray host2;
            quint16 port2 = 0;
            check(parseAuthority(again, &host2, &port2) && host2 == host && port2 == port, "authority round trip", again);
        }
    }
}

void checkResponse(QByteArrayView head, const QByteArray &method)
{
    QByteArray reason;
    const std::optional<StatusLine> response = parseResponse(head, &reason);
    if (head.size() > maxHeadBytes) {
        check(!response, "a head over maxHeadBytes taken");
    }
    if (!response) {
        check(!reason.isEmpty(), "refused without a reason");
        return;
    }
    check(response->version == "HTTP/1.1" || response->version == "HTTP/1.0", "version", response->version);
    check(response->status >= 100 && response->status <= 999, "status", QByteArray::number(response->status));
    check(!hasLineBreakOrNul(response->reason), "CR, LF or NUL in the reason phrase", response->reason);
    checkFields(response->headers);

    const QByteArray written = serialize(*response);
    if (written.size() <= maxHeadBytes) {
        QByteArray again;
        const std::optional<StatusLine> reparsed = parseResponse(written, &again);
        check(reparsed.has_value(), "a written response does not parse", again + ": " + written);
        check(reparsed->version == response->version && reparsed->status == response->status
                && reparsed->reason == response->reason && reparsed->headers == response->headers,
            "a written response parses otherwise", written);
        check(serialize(*reparsed) == written, "a written response writes otherwise", written);
    }

    const int status = response->status;
    const bool bodyless = method == "HEAD" || status < 200 || status == 204 || status == 304;
    const std::optional<Framing> framing = responseFraming(method, status, response->headers);
    checkFraming(response->headers, framing, bodyless);
    checkHopByHop(response->headers, [&](const HttpHeaders &h) { return responseFraming(method, status, h); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const uint8_t selector = data[0];
    QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    // headEnd() against a plain search.
    const qsizetype end = headEnd(bytes);
    const qsizetype first = bytes.indexOf("\r\n\r\n");
    check(end == (first < 0 ? -1 : first + 4), "headEnd is not just past the first empty line");
    if (end < 0 && (selector & 2)) {
        bytes += "\r\n\r\n";
    }
    const qsizetype headSize = headEnd(bytes);
    // A buffer without an empty line is no head: both parsers refuse it.
    QByteArray reason;
    if (headSize < 0) {
        check(!parseRequest(bytes, &reason) && !parseResponse(bytes, &reason), "an unfinished head taken");
        return 0;
    }
    const QByteArrayView head = QByteArrayView(bytes).first(headSize);
    static const QByteArray methods[] = {"GET", "HEAD", "POST", "CONNECT"};
    if (selector & 1) {
        checkResponse(head, methods[(selector >> 2) & 3]);
    } else {
        checkRequest(head);
    }
    return 0;
}
