#include "mcpsessions.h"
#include "requestrouter_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRandomGenerator>

// /mcp: an MCP server on the Streamable HTTP transport (modelcontextprotocol.io, specification
// 2025-03-26 and 2025-06-18, basic/transports "Streamable HTTP"):
// - POST carries JSON-RPC. An `initialize` request opens a session: the answer carries its id in
//   `Mcp-Session-Id` and the InitializeResult as an SSE event. Every later request must carry
//   that header: 400 without it, 404 for a session that ended (or never was). A body of only
//   notifications or responses is 202 Accepted; one with requests is answered by an SSE stream
//   holding one response per request, which then ends. An `MCP-Protocol-Version` header naming
//   a version we do not speak is 400; without it 2025-03-26 is assumed, as the spec says.
// - GET with the session id opens the server's own stream: a `notifications/message` per
//   generator interval. `Last-Event-ID` resumes the stream that id belongs to, right after it
//   (ids are "<stream>-<k>", unique in the session), and never replays another stream's events.
// - DELETE with the session id ends the session.
// Every answer takes the scenario's CORS headers (so `Access-Control-Expose-Headers` decides
// whether the page can read `Mcp-Session-Id`), its auth, redirect, status and response headers,
// and its transport knobs on the streams.

namespace SseScope {

namespace {

using namespace RouterDetail;

const QString kLatestVersion = QStringLiteral("2025-06-18");

bool supportedVersion(const QString &version)
{
    return version == QLatin1String("2025-06-18") || version == QLatin1String("2025-03-26");
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Headers of every answer in a session: the scenario's, and the session's id.
HttpHeaders sessionHeaders(
    const Scenario &s, const QByteArray &origin, const RouterContext &context, const McpSessions::Session *session)
{
    HttpHeaders headers = responseHeaders(s, origin, context);
    if (session) {
        headers.append("Mcp-Session-Id", session->id);
    }
    return headers;
}

// A JSON-RPC error as a whole HTTP answer (the SDKs' shape: id null, application/json).
RouteResult rpcError(const Scenario &s, const QByteArray &origin, const RouterContext &context, int status, int code,
    const QString &message, ServerExchange::Kind kind = ServerExchange::Kind::Stream)
{
    HttpHeaders headers = corsHeaders(s, origin, false, context);
    headers.append("Content-Type", "application/json");
    const QJsonObject error {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    return answer(kind, status, headers,
        compact({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("error"), error},
            {QStringLiteral("id"), QJsonValue::Null}})
            + '\n');
}

QJsonObject rpcResult(const QJsonValue &id, const QJsonObject &result)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id},
        {QStringLiteral("result"), result}};
}

QJsonObject rpcErrorMessage(const QJsonValue &id, int code, const QString &message)
{
    return {{QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("id"), id},
        {QStringLiteral("error"), QJsonObject {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}};
}

QJsonObject initializeResult(const QString &version)
{
    return {{QStringLiteral("protocolVersion"), version},
        {QStringLiteral("capabilities"),
            QJsonObject {{QStringLiteral("logging"), QJsonObject()},
                {QStringLiteral("tools"), QJsonObject {{QStringLiteral("listChanged"), false}}}}},
        {QStringLiteral("serverInfo"),
            QJsonObject {{QStringLiteral("name"), QStringLiteral("ssescope-mock")},
                {QStringLiteral("version"), QStringLiteral("1")}}}};
}

// The answer to one request of an open session.
QJsonObject respond(const QJsonObject &request)
{
    const QJsonValue id = request.value(QLatin1String("id"));
    const QString method = request.value(QLatin1String("method")).toString();
    const QJsonObject params = request.value(QLatin1String("params")).toObject();
    if (method == QLatin1String("ping")) {
        return rpcResult(id, QJsonObject());
    }
    if (method == QLatin1String("tools/list")) {
        const QJsonObject schema {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
                QJsonObject {
                    {QStringLiteral("text"), QJsonObject {{QStringLiteral("type"), QStringLiteral("string")}}}}},
            {QStringLiteral("required"), QJsonArray {QStringLiteral("text")}}};
        const QJsonObject echo {{QStringLiteral("name"), QStringLiteral("echo")},
            {QStringLiteral("description"), QStringLiteral("Returns its text.")},
            {QStringLiteral("inputSchema"), schema}};
        return rpcResult(id, QJsonObject {{QStringLiteral("tools"), QJsonArray {echo}}});
    }
    if (method == QLatin1String("tools/call")) {
        if (params.value(QLatin1String("name")).toString() != QLatin1String("echo")) {
            return rpcErrorMessage(id, -32602, QStringLiteral("Unknown tool"));
        }
        const QString text
            = params.value(QLatin1String("arguments")).toObject().value(QLatin1String("text")).toString();
        const QJsonObject content {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
        return rpcResult(
            id, QJsonObject {{QStringLiteral("content"), QJsonArray {content}}, {QStringLiteral("isError"), false}});
    }
    return rpcErrorMessage(id, -32601, QStringLiteral("Method not found"));
}

enum class MessageKind
{
    Request,
    Notification,
    Response,
    Invalid
};

MessageKind messageKind(const QJsonValue &value)
{
    if (!value.isObject()) {
        return MessageKind::Invalid;
    }
    const QJsonObject message = value.toObject();
    if (message.value(QLatin1String("jsonrpc")) != QLatin1String("2.0")) {
        return MessageKind::Invalid;
    }
    const bool hasId = message.contains(QLatin1String("id")) && !message.value(QLatin1String("id")).isNull();
    if (message.value(QLatin1String("method")).isString()) {
        return hasId ? MessageKind::Request : MessageKind::Notification;
    }
    if (hasId && (message.contains(QLatin1String("result")) || message.contains(QLatin1String("error")))) {
        return MessageKind::Response;
    }
    return MessageKind::Invalid;
}

QByteArray eventId(int stream, quint64 k)
{
    return QByteArray::number(stream) + '-' + QByteArray::number(k);
}

// "<stream>-<k>" → stream and k; false for anything else.
bool parseEventId(const QByteArray &id, int *stream, quint64 *k)
{
    const qsizetype dash = id.indexOf('-');
    if (dash <= 0) {
        return false;
    }
    bool streamOk = false;
    bool kOk = false;
    *stream = id.left(dash).toInt(&streamOk);
    *k = id.mid(dash + 1).toULongLong(&kOk);
    return streamOk && kOk && *stream > 0 && *k > 0 && eventId(*stream, *k) == id;
}

// The server's own stream: one notifications/message per tick, ids "<stream>-<sequence>".
GeneratedEvent serverNotification(int stream, quint64 sequence)
{
    GeneratedEvent e;
    e.sequence = sequence;
    e.id = eventId(stream, sequence);
    const QJsonObject params {{QStringLiteral("level"), QStringLiteral("info")},
        {QStringLiteral("logger"), QStringLiteral("ssescope-mock")},
        {QStringLiteral("data"), QStringLiteral("server event %1").arg(sequence)}};
    const QByteArray data = compact({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("method"), QStringLiteral("notifications/message")}, {QStringLiteral("params"), params}});
    e.bytes = "event: message\nid: " + e.id + '\n' + dataLines(data) + '\n';
    return e;
}

// An SSE answer: the scenario's head, then a stream that plays plan.scenario.
RouteResult sseStream(const Scenario &s, HttpHeaders headers, std::shared_ptr<Scenario> played, StreamPlan plan)
{
    addTransportHeaders(s, &headers);
    played->stream.broadcast = false;
    played->stream.replay = false; // resumed here, by stream and event
    RouteResult result;
    result.kind = ServerExchange::Kind::Stream;
    plan.headers = headers;
    plan.scenario = std::move(played);
    result.stream = std::move(plan);
    return result;
}

// A stream that carries these JSON-RPC messages, from the k-th on, as events "<stream>-<k>".
RouteResult messageStream(
    const Scenario &s, HttpHeaders headers, int stream, const QList<QByteArray> &messages, qsizetype firstIndex)
{
    auto played = std::make_shared<Scenario>(s);
    played->stream.source = StreamPolicy::Source::Script;
    played->stream.loopScript = false;
    played->stream.script.clear();
    for (qsizetype i = firstIndex; i < messages.size(); ++i) {
        ScriptedEvent e;
        e.event = QStringLiteral("message");
        e.id = QString::fromLatin1(eventId(stream, quint64(i) + 1));
        e.data = QString::fromUtf8(messages.at(i));
        played->stream.script.append(e);
    }
    return sseStream(s, std::move(headers), std::move(played), StreamPlan());
}

RouteResult serverStream(const Scenario &s, HttpHeaders headers, int stream, quint64 nextSequence)
{
    auto played = std::make_shared<Scenario>(s);
    played->stream.source = StreamPolicy::Source::Generator;
    StreamPlan plan;
    plan.nextSequence = nextSequence;
    plan.generate = [stream](quint64 sequence) { return serverNotification(stream, sequence); };
    return sseStream(s, std::move(headers), std::move(played), std::move(plan));
}

RouteResult post(const Scenario &s, const RouterRequest &request, const QByteArray &origin,
    const RouterContext &context, McpSessions &sessions)
{
    if (!acceptsEventStream(request)) {
        return rpcError(s, origin, context, 406, -32000,
            QStringLiteral("Not Acceptable: Client must accept both application/json and text/event-stream"));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || document.isNull()) {
        return rpcError(s, origin, context, 400, -32700, QStringLiteral("Parse error"));
    }
    const QJsonArray messages = document.isArray() ? document.array() : QJsonArray {document.object()};
    QList<QJsonObject> requests;
    bool initialize = false;
    for (const QJsonValue &value : messages) {
        const MessageKind kind = messageKind(value);
        if (kind == MessageKind::Invalid) {
            return rpcError(s, origin, context, 400, -32600, QStringLiteral("Invalid Request"));
        }
        if (kind == MessageKind::Request) {
            requests.append(value.toObject());
            initialize = initialize || value.toObject().value(QLatin1String("method")) == QLatin1String("initialize");
        }
    }
    if (messages.isEmpty() || (initialize && messages.size() > 1)) {
        return rpcError(s, origin, context, 400, -32600,
            QStringLiteral("Invalid Request: Only one initialization request is allowed"));
    }
    if (initialize) {
        const QJsonObject init = requests.constFirst();
        const QString asked
            = init.value(QLatin1String("params")).toObject().value(QLatin1String("protocolVersion")).toString();
        const QString version = supportedVersion(asked) ? asked : kLatestVersion;
        McpSessions::Session &session = sessions.create(version);
        const QByteArray result = compact(rpcResult(init.value(QLatin1String("id")), initializeResult(version)));
        const int stream = sessions.addStream(session, McpSessions::Stream {false, {result}});
        return messageStream(s, sessionHeaders(s, origin, context, &session), stream, {result}, 0);
    }
    const QByteArray sessionId = request.headers.combinedValue("Mcp-Session-Id");
    if (sessionId.isNull()) {
        return rpcError(
            s, origin, context, 400, -32000, QStringLiteral("Bad Request: Mcp-Session-Id header is required"));
    }
    McpSessions::Session *session = sessions.find(sessionId);
    if (!session) {
        return rpcError(s, origin, context, 404, -32001, QStringLiteral("Session not found"));
    }
    if (requests.isEmpty()) {
        // Only notifications or responses: accepted, no body.
        return answer(ServerExchange::Kind::Stream, 202, sessionHeaders(s, origin, context, session), QByteArray());
    }
    QList<QByteArray> answers;
    for (const QJsonObject &r : requests) {
        answers.append(compact(respond(r)));
    }
    const int stream = sessions.addStream(*session, McpSessions::Stream {false, answers});
    return messageStream(s, sessionHeaders(s, origin, context, session), stream, answers, 0);
}

RouteResult get(const Scenario &s, const RouterRequest &request, const QByteArray &origin, const RouterContext &context,
    McpSessions::Session &session, McpSessions &sessions)
{
    if (!acceptsEventStream(request)) {
        return rpcError(
            s, origin, context, 406, -32000, QStringLiteral("Not Acceptable: Client must accept text/event-stream"));
    }
    const HttpHeaders headers = sessionHeaders(s, origin, context, &session);
    int stream = 0;
    quint64 last = 0;
    if (parseEventId(request.headers.combinedValue("Last-Event-ID"), &stream, &last)
        && session.streams.contains(stream)) {
        const McpSessions::Stream &resumed = session.streams.value(stream);
        if (resumed.serverStream) {
            return serverStream(s, headers, stream, last + 1);
        }
        // A POST's answer cut short: the messages it had not delivered yet, then the end.
        return messageStream(
            s, headers, stream, resumed.messages, qsizetype(qMin<quint64>(last, quint64(resumed.messages.size()))));
    }
    stream = sessions.addStream(session, McpSessions::Stream {true, {}});
    return serverStream(s, headers, stream, 1);
}

} // namespace

McpSessions::Session &McpSessions::create(const QString &protocolVersion)
{
    while (m_order.size() >= maxSessions) {
        m_sessions.remove(m_order.takeFirst());
    }
    QByteArray id;
    do {
        quint32 words[4];
        QRandomGenerator::system()->fillRange(words);
        id = QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
    } while (m_sessions.contains(id));
    m_order.append(id);
    Session &session = m_sessions[id];
    session.id = id;
    session.protocolVersion = protocolVersion;
    return session;
}

McpSessions::Session *McpSessions::find(const QByteArray &id)
{
    const auto it = m_sessions.find(id);
    return it == m_sessions.end() ? nullptr : &it.value();
}

bool McpSessions::remove(const QByteArray &id)
{
    // A copy: `id` may be the removed session's own id (session.id), freed with it.
    const QByteArray key = id;
    m_order.removeOne(key);
    return m_sessions.remove(key) > 0;
}

int McpSessions::addStream(Session &session, Stream stream)
{
    const int number = session.nextStream++;
    session.streams.insert(number, std::move(stream));
    session.streams.remove(number - maxStreamsPerSession);
    return number;
}

void McpSessions::clear()
{
    m_sessions.clear();
    m_order.clear();
}

RouteResult routeMcp(const Scenario &s, const RouterRequest &request, const RouterContext &context)
{
    if (!context.mcpSessions) {
        return answer(ServerExchange::Kind::Other, 404, HttpHeaders {{"Content-Type", "text/plain"}},
            QByteArrayLiteral("not found\n"));
    }
    McpSessions &sessions = *context.mcpSessions;
    const QByteArray origin = request.headers.combinedValue("Origin");
    const QByteArray &method = request.method;
    if (method != "POST" && method != "GET" && method != "DELETE") {
        RouteResult refused = rpcError(
            s, origin, context, 405, -32000, QStringLiteral("Method not allowed."), ServerExchange::Kind::Other);
        refused.response->headers.append("Allow", "GET, POST, DELETE");
        return refused;
    }
    if (s.response.redirect.enabled) {
        return redirect(s, origin, context);
    }
    if (!authorized(s, request)) {
        RouteResult refused
            = rpcError(s, origin, context, s.auth.unauthorizedStatus, -32001, QStringLiteral("Unauthorized"));
        if (s.auth.mode == AuthPolicy::Mode::Bearer) {
            refused.response->headers.append("WWW-Authenticate", "Bearer");
        }
        return refused;
    }
    if (s.response.status != 200) {
        return rpcError(s, origin, context, s.response.status, -32603,
            QStringLiteral("The server answered status %1.").arg(s.response.status));
    }
    const QByteArray version = request.headers.combinedValue("MCP-Protocol-Version");
    if (!version.isNull() && !supportedVersion(QString::fromLatin1(version))) {
        return rpcError(s, origin, context, 400, -32000,
            QStringLiteral("Bad Request: Unsupported protocol version (supported versions: 2025-06-18, 2025-03-26)"));
    }
    if (method == "POST") {
        return post(s, request, origin, context, sessions);
    }
    const QByteArray sessionId = request.headers.combinedValue("Mcp-Session-Id");
    if (sessionId.isNull()) {
        return rpcError(
            s, origin, context, 400, -32000, QStringLiteral("Bad Request: Mcp-Session-Id header is required"));
    }
    McpSessions::Session *session = sessions.find(sessionId);
    if (!session) {
        return rpcError(s, origin, context, 404, -32001, QStringLiteral("Session not found"));
    }
    if (method == "GET") {
        return get(s, request, origin, context, *session, sessions);
    }
    sessions.remove(sessionId); // DELETE: the session ends; its id now answers 404
    return answer(ServerExchange::Kind::Other, 200, corsHeaders(s, origin, false, context), QByteArray());
}

} // namespace SseScope
