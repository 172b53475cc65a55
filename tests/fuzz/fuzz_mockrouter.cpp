// libFuzzer target: the mock server's request handling in process (lib/server/requestrouter.h,
// docs/hardening.md). routeRequest() decides what the server answers: the route, the scenario's
// CORS, auth, redirect and stream head, Last-Event-ID resume, the login's cookie, the test page
// and its report. No socket, so thousands of inputs a second (fuzz_mockserver, one TCP connection
// per input, stays as the smoke test of the wire).
//
// One input: four selector bytes, then a request written as text (so the seeds are readable and
// the HTTP dictionary applies):
//   byte 0  bit 0: page origin (else API); bit 1: the body becomes the scenario's title, bit 2 its
//           name, bit 3 a client header value (text the test page embeds in its <script>);
//           bits 4-5: the Cookie / Authorization / query credential the scenario wants is added
//   byte 1  the preset (modulo their number)
//   byte 2  bits 0-1: auth mode (0 keeps the preset's); bit 2: replay; bit 3: broadcast; bit 4: a
//           script source with ids; bit 5: redirect; bits 6-7: the response status
//   byte 3  bits 0-2: Access-Control-Allow-Origin mode (0 keeps the preset's); bit 3: no OPTIONS
//           handling; bits 4-7: unused
//   then    "METHOD TARGET\n", header lines "Name: value\n" (a line that QtHttpServer's parser
//           would refuse is left out, as that parser would never hand it over), an empty line,
//           the body.
// Checks besides "no crash, no sanitizer report, no leak":
//  - exactly one of a response and a stream; a response is complete (Content-Length is the body's
//    size, no body for 1xx/204/304); every header written has a token name and a value without
//    CR, LF or NUL;
//  - the route fits the request: OPTIONS on the API is a preflight; the page origin never opens a
//    stream; only POST /report on the page gives a report, the JSON object the body holds, and a
//    body over 64 KiB is 413;
//  - names of request headers are case-insensitive: the same request with every name lower-cased
//    or upper-cased gets the same answer;
//  - auth: with the credential added the stream is not refused; with every credential removed it
//    is (modes other than none);
//  - Last-Event-ID: the plan carries the joined header; a generator resumes right after the id,
//    never at or before it; a script resumes after the last item with that id;
//  - the test page: its configuration is one JSON object inside the template's <script>, holding
//    the scenario's name and title; nothing in it can end the element (no "<").
#include <scenario/presetlibrary.h>
#include <server/requestrouter.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace SseScope;

namespace {

QList<Scenario> *presets = nullptr;

// No MCP sessions: /mcp answers 404 here. Its sessions are state (a new random id per
// initialize), which the "same answer with the names' case changed" check below cannot hold;
// tst_endpointrouting and tst_mockendpoints cover /mcp.
const RouterContext context {QStringLiteral("http://127.0.0.1:4000"), QStringLiteral("http://localhost:4001"),
    QByteArrayLiteral("<!doctype html><script>const config = \"__SSESCOPE_CONFIG__\";</script>"), nullptr};

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_mockrouter: %s %s\n", what, detail.toPercentEncoding(" :/,*;=").constData());
        std::abort();
    }
}

// RFC 9110 token: what QtHttpServer's parser takes as a header name.
bool isToken(const QByteArray &name)
{
    static const QByteArray extra = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || extra.contains(c);
    });
}

// What the parser lets through in a value: HTAB, visible ASCII, and bytes from 0x80.
bool isFieldValue(const QByteArray &value)
{
    return std::all_of(value.cbegin(), value.cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == '\t' || (u >= 0x20 && u != 0x7f);
    });
}

bool wireSafe(const HttpHeaders &headers, QByteArray *bad)
{
    for (const HttpHeader &h : headers.lines()) {
        if (!isToken(h.name) || h.value.contains('\r') || h.value.contains('\n') || h.value.contains('\0')) {
            *bad = h.name + ": " + h.value;
            return false;
        }
    }
    return true;
}

QByteArray methodAsParsed(const QByteArray &method)
{
    static const QList<QByteArray> known {"GET", "PUT", "DELETE", "POST", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE"};
    return known.contains(method) ? method : QByteArrayLiteral("UNKNOWN");
}

// The request target as QtHttpServer gives it: origin-form against the listener's origin.
QUrl urlFor(RouterListener listener, const QByteArray &target)
{
    if (target.startsWith('/')) {
        const QString origin = listener == RouterListener::Api ? context.apiOrigin : context.pageOrigin;
        return QUrl::fromEncoded(origin.toUtf8() + target);
    }
    return QUrl::fromEncoded(target);
}

struct Input
{
    RouterListener listener = RouterListener::Api;
    RouterRequest request;
};

Input parseRequest(const uint8_t *data, size_t size, RouterListener listener)
{
    Input in;
    in.listener = listener;
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    qsizetype pos = 0;
    const auto nextLine = [&]() -> std::optional<QByteArray> {
        if (pos >= text.size()) {
            return std::nullopt;
        }
        qsizetype end = text.indexOf('\n', pos);
        if (end < 0) {
            end = text.size();
        }
        QByteArray line = text.mid(pos, end - pos);
        pos = end + 1;
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        return line;
    };
    const QByteArray requestLine = nextLine().value_or(QByteArray());
    const qsizetype space = requestLine.indexOf(' ');
    in.request.method = methodAsParsed(space < 0 ? requestLine : requestLine.left(space));
    QByteArray target = space < 0 ? QByteArray("/") : requestLine.mid(space + 1);
    if (const qsizetype v = target.indexOf(" HTTP/"); v >= 0) {
        target.truncate(v);
    }
    in.request.url = urlFor(listener, target);
    while (const std::optional<QByteArray> line = nextLine()) {
        if (line->isEmpty()) {
            break;
        }
        const qsizetype colon = line->indexOf(':');
        if (colon < 0) {
            continue;
        }
        const QByteArray name = line->left(colon);
        const QByteArray value = line->mid(colon + 1).trimmed();
        if (isToken(name) && isFieldValue(value)) {
            in.request.headers.append(name, value);
        }
    }
    in.request.body = pos < text.size() ? text.mid(pos) : QByteArray();
    in.request.peer = QStringLiteral("127.0.0.1:5555");
    return in;
}

Scenario scenarioFor(const uint8_t *selectors, const QByteArray &body)
{
    Scenario s = presets->at(selectors[1] % presets->size());
    const uint8_t b0 = selectors[0];
    const uint8_t b2 = selectors[2];
    const uint8_t b3 = selectors[3];
    if (b0 & 0x02) {
        s.title = QString::fromUtf8(body);
    }
    if (b0 & 0x04) {
        s.name = QString::fromUtf8(body);
    }
    if (b0 & 0x08) {
        s.client.headers.append("X-Fuzz", body);
    }
    if (const int mode = b2 & 0x03) {
        s.auth.mode = AuthPolicy::Mode(mode); // Cookie, Bearer, QueryToken
    }
    if (b2 & 0x04) {
        s.stream.replay = true;
    }
    if (b2 & 0x08) {
        s.stream.broadcast = true;
    }
    if (b2 & 0x10) {
        s.stream.source = StreamPolicy::Source::Script;
        ScriptedEvent a;
        a.id = QStringLiteral("a");
        a.data = QStringLiteral("1");
        ScriptedEvent b;
        b.id = QStringLiteral("7");
        b.data = QStringLiteral("2");
        ScriptedEvent none;
        none.data = QStringLiteral("3");
        s.stream.script = {a, b, none, a};
    }
    if (b2 & 0x20) {
        s.response.redirect.enabled = true;
    }
    static const int statuses[] = {0, 204, 401, 500};
    if (const int status = statuses[(b2 >> 6) & 0x03]) {
        s.response.status = status;
    }
    if (const int mode = b3 & 0x07; mode > 0 && mode <= 6) {
        s.cors.allowOrigin = CorsPolicy::AllowOrigin(mode - 1);
        if (s.cors.values.isEmpty()) {
            s.cors.values = {QStringLiteral("${page}"), QStringLiteral("https://other.example")};
        }
    }
    if (b3 & 0x08) {
        s.cors.preflight.handle = false;
    }
    return s;
}

bool sameResult(const RouteResult &a, const RouteResult &b)
{
    if (a.kind != b.kind || bool(a.response) != bool(b.response) || bool(a.stream) != bool(b.stream)
        || a.report != b.report) {
        return false;
    }
    if (a.response
        && (a.response->status != b.response->status || !(a.response->headers == b.response->headers)
            || a.response->body != b.response->body)) {
        return false;
    }
    return !a.stream
        || (a.stream->headers == b.stream->headers && a.stream->lastEventId == b.stream->lastEventId
            && a.stream->nextSequence == b.stream->nextSequence && a.stream->scriptIndex == b.stream->scriptIndex);
}

RouterRequest withNames(RouterRequest request, bool upper)
{
    HttpHeaders renamed;
    for (const HttpHeader &h : request.headers.lines()) {
        renamed.append(upper ? h.name.toUpper() : h.name.toLower(), h.value);
    }
    request.headers = renamed;
    return request;
}

RouterRequest withoutCredentials(RouterRequest request, const Scenario &s)
{
    HttpHeaders kept;
    for (const HttpHeader &h : request.headers.lines()) {
        if (!headerNameEquals(h.name, "Cookie") && !headerNameEquals(h.name, "Authorization")) {
            kept.append(h.name, h.value);
        }
    }
    request.headers = kept;
    QUrlQuery query(request.url);
    query.removeAllQueryItems(s.auth.queryParameter);
    request.url.setQuery(query);
    return request;
}

RouterRequest withCredential(RouterRequest request, const Scenario &s)
{
    switch (s.auth.mode) {
    case AuthPolicy::Mode::None:
        break;
    case AuthPolicy::Mode::Cookie:
        request.headers.append("Cookie", s.auth.cookie.name.toUtf8() + '=' + s.auth.cookie.value.toUtf8());
        break;
    case AuthPolicy::Mode::Bearer:
        request.headers.append("Authorization", "Bearer " + s.auth.token.toUtf8());
        break;
    case AuthPolicy::Mode::QueryToken: {
        QUrlQuery query(request.url);
        query.removeAllQueryItems(s.auth.queryParameter);
        query.addQueryItem(s.auth.queryParameter, s.auth.token);
        request.url.setQuery(query);
        break;
    }
    }
    return request;
}

bool refused(const RouteResult &r, const Scenario &s)
{
    return r.response && r.kind == ServerExchange::Kind::Stream && r.response->status == s.auth.unauthorizedStatus
        && r.response->body == "unauthorized\n";
}

void checkResponse(const RoutedResponse &response)
{
    const int status = response.status;
    check(status >= 100 && status <= 599, "a status out of range:", QByteArray::number(status));
    const bool noBody = status == 204 || status == 304 || status < 200;
    const QList<QByteArray> lengths = response.headers.values("Content-Length");
    if (noBody) {
        check(lengths.isEmpty() && response.body.isEmpty(), "a body or Content-Length on a bodiless status:",
            QByteArray::number(status));
    } else {
        check(lengths.size() == 1 && lengths.first() == QByteArray::number(response.body.size()),
            "Content-Length is not the body's size:", lengths.join(','));
    }
    QByteArray bad;
    check(wireSafe(response.headers, &bad), "a header line that cannot go on the wire:", bad);
}

void checkPage(const QByteArray &page, const Scenario &s)
{
    const QByteArray prefix = "<!doctype html><script>const config = ";
    const QByteArray suffix = ";</script>";
    check(page.startsWith(prefix) && page.endsWith(suffix), "the page is not the template filled in:", page.left(200));
    const QByteArray json = page.mid(prefix.size(), page.size() - prefix.size() - suffix.size());
    check(!json.contains('<'), "a \"<\" inside the page's <script>:", json.left(200));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    check(error.error == QJsonParseError::NoError && document.isObject(), "the page's configuration is not JSON:",
        json.left(200));
    const QJsonObject config = document.object();
    check(config.value(QStringLiteral("title")).toString() == s.title, "the page's title is not the scenario's:",
        s.title.toUtf8());
    check(config.value(QStringLiteral("scenario")).toString() == s.name, "the page's name is not the scenario's:",
        s.name.toUtf8());
    check(config.value(QStringLiteral("api")).toString() == context.apiOrigin, "the page's API origin is wrong");
}

void checkStream(const StreamPlan &plan, const RouterRequest &request, const Scenario &s)
{
    QByteArray bad;
    check(wireSafe(plan.headers, &bad), "a stream header line that cannot go on the wire:", bad);
    check(plan.lastEventId == request.headers.combinedValue("Last-Event-ID"), "the plan's Last-Event-ID is not the request's:",
        plan.lastEventId);
    check(plan.nextSequence >= 1, "a generator that starts before its first event:", plan.lastEventId);
    const bool broadcasting = s.stream.broadcast && s.stream.source == StreamPolicy::Source::Generator;
    const bool resumes = s.stream.replay && !plan.lastEventId.isEmpty() && !broadcasting;
    if (!resumes) {
        check(plan.nextSequence == 1 && plan.scriptIndex == 0, "a stream that resumes without replay:", plan.lastEventId);
        return;
    }
    if (s.stream.source == StreamPolicy::Source::Generator) {
        // Resumes right after an id the generator could have written (decimal digits), moved by
        // the scenario's replaySkew (a server that replays badly: replay-off-by-one repeats one),
        // within 1 … the largest sequence; else starts over. Never at 0.
        const QByteArray &id = plan.lastEventId;
        bool ok = std::all_of(id.cbegin(), id.cend(), [](char c) { return c >= '0' && c <= '9'; });
        const quint64 last = ok ? id.toULongLong(&ok) : 0;
        const bool resumable = ok && last < std::numeric_limits<quint64>::max();
        const __int128 wanted = __int128(last) + 1 + s.stream.replaySkew;
        const quint64 expected = !resumable ? 1
            : wanted < 1                    ? 1
            : wanted > __int128(std::numeric_limits<quint64>::max()) ? std::numeric_limits<quint64>::max()
                                                                     : quint64(wanted);
        check(plan.nextSequence == expected, "a generator resumes at the wrong event:", id);
        check(plan.scriptIndex == 0, "a generator with a script position");
        return;
    }
    check(plan.scriptIndex >= 0 && plan.scriptIndex <= s.stream.script.size(), "a script position out of range:",
        QByteArray::number(plan.scriptIndex));
    int expected = 0; // after the last item with that id, moved by replaySkew, within the script
    for (int i = 0; i < s.stream.script.size(); ++i) {
        if (s.stream.script.at(i).id && s.stream.script.at(i).id->toUtf8() == plan.lastEventId) {
            expected = int(std::clamp<qint64>(qint64(i) + 1 + s.stream.replaySkew, 0, s.stream.script.size()));
        }
    }
    check(plan.scriptIndex == expected, "a script resumes at the wrong item:", plan.lastEventId);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static QCoreApplication app(*argc, *argv);
    presets = new QList<Scenario>(PresetLibrary::all());
    if (presets->isEmpty()) {
        std::fprintf(stderr, "fuzz_mockrouter: no presets\n");
        std::abort();
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) {
        return 0;
    }
    const RouterListener listener = (data[0] & 1) ? RouterListener::Page : RouterListener::Api;
    Input in = parseRequest(data + 4, size - 4, listener);
    const Scenario s = scenarioFor(data, in.request.body);
    if (data[0] & 0x30) {
        in.request = withCredential(in.request, s);
    }
    const RouterRequest &request = in.request;
    const RouteResult result = routeRequest(listener, request, s, context);

    check(bool(result.response) != bool(result.stream), "not exactly one of a response and a stream");
    if (result.response) {
        checkResponse(*result.response);
    }
    if (result.stream) {
        check(listener == RouterListener::Api && result.kind == ServerExchange::Kind::Stream,
            "a stream that is not GET on the API origin");
        check(request.method == "GET", "a stream for", request.method);
        checkStream(*result.stream, request, s);
    }
    if (listener == RouterListener::Api && request.method == "OPTIONS") {
        check(result.kind == ServerExchange::Kind::Preflight, "OPTIONS that is not a preflight");
    }
    if (listener == RouterListener::Page) {
        check(result.kind == ServerExchange::Kind::Page || result.kind == ServerExchange::Kind::Report
                || result.kind == ServerExchange::Kind::Other,
            "the page origin answered an API route");
        if (result.kind == ServerExchange::Kind::Page) {
            checkPage(result.response->body, s);
        }
    }
    const bool isReport = listener == RouterListener::Page && request.method == "POST"
        && request.url.path() == QLatin1String("/report");
    check(isReport == (result.kind == ServerExchange::Kind::Report), "a report route for another request");
    if (isReport) {
        const int status = result.response->status;
        if (request.body.size() > maxReportBytes) {
            check(status == 413 && !result.report, "an oversized report accepted");
        } else {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
            const bool object = error.error == QJsonParseError::NoError && document.isObject();
            check(object == bool(result.report) && (status == 204) == object, "a report taken or refused wrongly:",
                request.body.left(200));
            check(!object || *result.report == document.object(), "the report is not the body's object");
        }
    } else {
        check(!result.report, "a report from another route");
    }

    // Names of request headers are case-insensitive.
    check(sameResult(result, routeRequest(listener, withNames(request, false), s, context)),
        "lower-cased header names change the answer");
    check(sameResult(result, routeRequest(listener, withNames(request, true), s, context)),
        "upper-cased header names change the answer");

    // Auth, on the stream's paths.
    const QString path = request.url.path();
    const bool streamPath = path == QLatin1String("/stream") || (path == QLatin1String("/events") && !s.response.redirect.enabled);
    if (listener == RouterListener::Api && request.method == "GET" && streamPath) {
        const RouteResult with = routeRequest(listener, withCredential(request, s), s, context);
        check(!refused(with, s), "a request with the credential refused");
        if (s.auth.mode != AuthPolicy::Mode::None) {
            const RouteResult without = routeRequest(listener, withoutCredentials(request, s), s, context);
            check(refused(without, s), "a request without any credential let in");
        }
    }
    return 0;
}
