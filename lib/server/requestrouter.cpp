#include "requestrouter.h"
#include "requestrouter_p.h"

#include <scenario/corsheaders.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringList>
#include <QUrlQuery>

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace SseScope {

namespace RouterDetail {

QString expand(QString text, const RouterContext &context)
{
    return text.replace(QLatin1String("${page}"), context.pageOrigin)
        .replace(QLatin1String("${api}"), context.apiOrigin);
}

HttpHeaders corsHeaders(const Scenario &s, const QByteArray &origin, bool preflight, const RouterContext &context)
{
    return scenarioCorsHeaders(
        s.cors, origin, preflight, [&context](const QString &text) { return expand(text, context); });
}

bool authorized(const Scenario &s, const RouterRequest &request)
{
    switch (s.auth.mode) {
    case AuthPolicy::Mode::None:
        return true;
    case AuthPolicy::Mode::Cookie: {
        const QByteArray wanted = s.auth.cookie.name.toUtf8() + '=' + s.auth.cookie.value.toUtf8();
        for (const HttpHeader &header : request.headers.lines()) {
            if (headerNameEquals(header.name, "Cookie")) {
                for (const QByteArray &pair : header.value.split(';')) {
                    if (pair.trimmed() == wanted) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
    case AuthPolicy::Mode::Bearer:
        for (const HttpHeader &header : request.headers.lines()) {
            if (headerNameEquals(header.name, "Authorization") && header.value == "Bearer " + s.auth.token.toUtf8()) {
                return true;
            }
        }
        return false;
    case AuthPolicy::Mode::QueryToken:
        return QUrlQuery(request.url).queryItemValue(s.auth.queryParameter, QUrl::FullyDecoded) == s.auth.token;
    }
    return false;
}

RouteResult answer(ServerExchange::Kind kind, int status, HttpHeaders headers, const QByteArray &body)
{
    RouteResult result;
    result.kind = kind;
    result.response = completeResponse(status, std::move(headers), body);
    return result;
}

RouteResult redirect(const Scenario &s, const QByteArray &origin, const RouterContext &context)
{
    HttpHeaders headers = s.response.redirect.withCors ? corsHeaders(s, origin, false, context) : HttpHeaders();
    headers.append("Location", expand(s.response.redirect.target, context).toUtf8());
    return answer(ServerExchange::Kind::Redirect, s.response.redirect.status, headers, QByteArray());
}

HttpHeaders responseHeaders(const Scenario &s, const QByteArray &origin, const RouterContext &context)
{
    HttpHeaders headers;
    const ResponsePolicy &r = s.response;
    if (r.contentType) {
        headers.append("Content-Type", r.contentType->toUtf8());
    }
    if (r.cacheControl) {
        headers.append("Cache-Control", r.cacheControl->toUtf8());
    }
    if (r.accelBuffering) {
        headers.append("X-Accel-Buffering", r.accelBuffering->toUtf8());
    }
    if (r.contentTypeOptions) {
        headers.append("X-Content-Type-Options", r.contentTypeOptions->toUtf8());
    }
    const HttpHeaders cors = corsHeaders(s, origin, false, context);
    for (const HttpHeader &h : cors.lines()) {
        headers.append(h.name, h.value);
    }
    for (const HttpHeader &h : r.extraHeaders.lines()) {
        headers.append(h.name, h.value);
    }
    return headers;
}

void addTransportHeaders(const Scenario &s, HttpHeaders *headers)
{
    if (s.transport.gzip) {
        headers->append("Content-Encoding", "gzip");
    }
    if (s.transport.framing == TransportPolicy::Framing::Chunked) {
        headers->append("Transfer-Encoding", "chunked");
    }
}

bool acceptsEventStream(const RouterRequest &request)
{
    if (!request.headers.contains("Accept")) {
        return true;
    }
    for (const QByteArray &item : request.headers.combinedValue("Accept").split(',')) {
        const QByteArray type = item.split(';').constFirst().trimmed().toLower();
        if (type == "text/event-stream" || type == "text/*" || type == "*/*") {
            return true;
        }
    }
    return false;
}

} // namespace RouterDetail

namespace {

using namespace RouterDetail;

RouteResult notFound()
{
    return answer(ServerExchange::Kind::Other, 404, HttpHeaders {{"Content-Type", "text/plain"}},
        QByteArrayLiteral("not found\n"));
}

// OPTIONS on the API origin, to any path: the scenario's preflight answer.
RouteResult preflight(const Scenario &s, const QByteArray &origin, const RouterContext &context)
{
    if (!s.cors.preflight.handle) {
        // "No OPTIONS handling": what a framework without a CORS middleware answers.
        return answer(ServerExchange::Kind::Preflight, 405,
            HttpHeaders {{"Allow", "GET, POST"}, {"Content-Type", "text/plain"}}, QByteArrayLiteral("method not allowed\n"));
    }
    return answer(ServerExchange::Kind::Preflight, s.cors.preflight.status, corsHeaders(s, origin, true, context),
        QByteArray());
}

// GET|POST /login: sets the scenario's cookie.
RouteResult login(const Scenario &s, const QByteArray &origin, const RouterContext &context)
{
    HttpHeaders headers = corsHeaders(s, origin, false, context);
    headers.append("Content-Type", "application/json");
    headers.append("Cache-Control", "no-store");
    CookieSpec cookie = s.auth.cookie;
    if (cookie.domain) {
        cookie.domain = expand(*cookie.domain, context);
    }
    headers.append("Set-Cookie", cookie.setCookieValue());
    return answer(ServerExchange::Kind::Login, 200, headers, QByteArrayLiteral("{\"ok\":true}\n"));
}

// GET /events (and GET /stream, the redirect target): a redirect, a refusal, a short answer, or
// the stream.
RouteResult events(const Scenario &s, const RouterRequest &request, bool eventsPath, const QByteArray &origin,
    const RouterContext &context)
{
    if (eventsPath && s.response.redirect.enabled) {
        return redirect(s, origin, context);
    }
    if (!authorized(s, request)) {
        HttpHeaders headers = corsHeaders(s, origin, false, context);
        headers.append("Content-Type", "text/plain");
        if (s.auth.mode == AuthPolicy::Mode::Bearer) {
            headers.append("WWW-Authenticate", "Bearer");
        }
        return answer(ServerExchange::Kind::Stream, s.auth.unauthorizedStatus, headers, QByteArrayLiteral("unauthorized\n"));
    }
    HttpHeaders headers = responseHeaders(s, origin, context);
    if (s.response.status != 200) {
        // Not a stream: a complete short answer, so the browser decides at once.
        return answer(ServerExchange::Kind::Stream, s.response.status, headers,
            QByteArrayLiteral("status ") + QByteArray::number(s.response.status) + '\n');
    }
    addTransportHeaders(s, &headers);
    RouteResult result;
    result.kind = ServerExchange::Kind::Stream;
    StreamPlan plan;
    plan.headers = headers;
    // As QtHttpServer 6.4 reads a header: every line of that name, joined with ", ".
    plan.lastEventId = request.headers.combinedValue("Last-Event-ID");
    applyResumePoint(s.stream, &plan);
    result.stream = plan;
    return result;
}

RouteResult routeApi(const Scenario &s, const RouterRequest &request, const RouterContext &context)
{
    const QString path = request.url.path();
    const QByteArray origin = request.headers.combinedValue("Origin");
    const QByteArray &method = request.method;
    if (method == "OPTIONS") {
        return preflight(s, origin, context);
    }
    if (path == QLatin1String("/login") && (method == "GET" || method == "POST")) {
        return login(s, origin, context);
    }
    const bool eventsPath = path == QLatin1String("/events");
    if ((eventsPath || path == QLatin1String("/stream")) && method == "GET") {
        return events(s, request, eventsPath, origin, context);
    }
    // An LLM-style chat completion (issue 18): the page POSTs its JSON and reads the answer as a
    // stream of tokens, under every CORS, auth, redirect and transport knob of /events.
    if (path == QLatin1String("/v1/chat/completions") && method == "POST") {
        return routeChatCompletion(s, request, context);
    }
    // MCP's Streamable HTTP transport: POST JSON-RPC, GET the server's stream, DELETE the session.
    if (path == QLatin1String("/mcp")) {
        return routeMcp(s, request, context);
    }
    return notFound();
}

// POST /report: the test page's outcome, a JSON object of at most maxReportBytes.
RouteResult report(const RouterRequest &request)
{
    if (request.body.size() > maxReportBytes) {
        return answer(ServerExchange::Kind::Report, 413, HttpHeaders {{"Content-Type", "text/plain"}},
            QByteArrayLiteral("a report is at most 64 KiB\n"));
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return answer(ServerExchange::Kind::Report, 400, HttpHeaders {{"Content-Type", "text/plain"}},
            QByteArrayLiteral("a report is a JSON object\n"));
    }
    RouteResult result = answer(ServerExchange::Kind::Report, 204, HttpHeaders(), QByteArray());
    result.report = document.object();
    return result;
}

RouteResult routePage(const Scenario &s, const RouterRequest &request, const RouterContext &context)
{
    const QString path = request.url.path();
    if (request.method == "GET" && (path == QLatin1String("/") || path == QLatin1String("/index.html"))) {
        return answer(ServerExchange::Kind::Page, 200,
            HttpHeaders {{"Content-Type", "text/html; charset=utf-8"}, {"Cache-Control", "no-store"}},
            testPage(s, context));
    }
    if (request.method == "POST" && path == QLatin1String("/report")) {
        return report(request);
    }
    return notFound();
}

} // namespace

RouteResult routeRequest(
    RouterListener listener, const RouterRequest &request, const Scenario &scenario, const RouterContext &context)
{
    return listener == RouterListener::Api ? routeApi(scenario, request, context)
                                           : routePage(scenario, request, context);
}

RoutedResponse completeResponse(int status, HttpHeaders headers, const QByteArray &body)
{
    RoutedResponse response;
    response.status = status;
    response.headers = std::move(headers);
    const bool noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    if (!noBody) {
        response.headers.append("Content-Length", QByteArray::number(body.size()));
        response.body = body;
    }
    return response;
}

void applyResumePoint(const StreamPolicy &stream, StreamPlan *plan)
{
    const bool broadcasting = stream.broadcast && stream.source == StreamPolicy::Source::Generator;
    if (!stream.replay || plan->lastEventId.isEmpty() || broadcasting) {
        return; // a broadcast resumes from its replay buffer (Broadcaster::join)
    }
    if (stream.source == StreamPolicy::Source::Generator) {
        // Only an id the generator could have written (decimal digits, as `id: <sequence>`), and
        // one it can go on from: the largest quint64 would wrap to 0 (found by fuzz_mockrouter).
        const QByteArray &id = plan->lastEventId;
        bool ok = std::all_of(id.cbegin(), id.cend(), [](char c) { return c >= '0' && c <= '9'; });
        const quint64 last = ok ? id.toULongLong(&ok) : 0;
        if (ok && last < std::numeric_limits<quint64>::max()) {
            // replaySkew: a server that replays badly skips events (> 0) or repeats them (< 0),
            // within 1 … the largest sequence.
            const quint64 next = last + 1;
            const quint64 skew = quint64(std::abs(stream.replaySkew));
            if (stream.replaySkew >= 0) {
                plan->nextSequence = std::numeric_limits<quint64>::max() - next >= skew ? next + skew
                                                                                       : std::numeric_limits<quint64>::max();
            } else {
                plan->nextSequence = next > skew ? next - skew : 1;
            }
        }
        return;
    }
    for (int i = 0; i < stream.script.size(); ++i) {
        if (stream.script.at(i).id && stream.script.at(i).id->toUtf8() == plan->lastEventId) {
            plan->scriptIndex = int(std::clamp<qint64>(qint64(i) + 1 + stream.replaySkew, 0, stream.script.size()));
        }
    }
}

QByteArray testPage(const Scenario &s, const RouterContext &context)
{
    QStringList eventTypes {QStringLiteral("message")};
    const auto addType = [&](const QString &type) {
        if (!type.isEmpty() && !eventTypes.contains(type)) {
            eventTypes.append(type);
        }
    };
    for (const QString &type : s.stream.generator.eventTypes) {
        addType(type);
    }
    for (const ScriptedEvent &e : s.stream.script) {
        addType(e.event.value_or(QString()));
    }
    if (s.stream.heartbeat.intervalMs > 0 && s.stream.heartbeat.asEvent) {
        addType(QStringLiteral("ping"));
    }
    QJsonArray headers;
    for (const HttpHeader &h : s.client.headers.lines()) {
        headers.append(QJsonArray {QString::fromLatin1(h.name), QString::fromUtf8(h.value)});
    }
    const QString api = context.apiOrigin;
    const QJsonObject config {
        {QStringLiteral("scenario"), s.name},
        {QStringLiteral("title"), s.title},
        {QStringLiteral("summary"), s.summary},
        {QStringLiteral("api"), api},
        {QStringLiteral("streamUrl"), QString(api + expand(s.client.path, context))},
        {QStringLiteral("loginUrl"), QString(api + QStringLiteral("/login"))},
        {QStringLiteral("reportUrl"), QStringLiteral("/report")},
        {QStringLiteral("mode"), clientModeName(s.client.mode)},
        {QStringLiteral("withCredentials"), s.client.withCredentials},
        {QStringLiteral("login"), s.client.loginFirst},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("eventTypes"), QJsonArray::fromStringList(eventTypes)},
        // What the page's fetch sends and reads (fetch mode; issue 18).
        {QStringLiteral("method"), s.client.method},
        {QStringLiteral("body"), s.client.body ? QJsonValue(*s.client.body) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("contentType"),
            s.client.contentType ? QJsonValue(*s.client.contentType) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("readHeaders"), QJsonArray::fromStringList(s.client.readHeaders)},
    };
    // "<" never appears raw, so nothing in the JSON can close the <script> element.
    QByteArray json = QJsonDocument(config).toJson(QJsonDocument::Compact);
    json.replace("<", "\\u003c");
    QByteArray page = context.pageTemplate;
    page.replace("\"__SSESCOPE_CONFIG__\"", json);
    return page;
}

} // namespace SseScope
