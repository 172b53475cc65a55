#include "requestrouter_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

// POST /v1/chat/completions: an LLM-style chat completion, shaped as OpenAI's API answers it
// (https://platform.openai.com/docs/api-reference/chat-streaming): with "stream": true in the
// body, `data: {chat.completion.chunk}` events, one token each, then `data: [DONE]`, and the
// response ends; without it, one JSON chat.completion. Errors are OpenAI's JSON error bodies.
// Every knob of the scenario applies as on /events: CORS, auth, redirect, status, response
// headers, and the transport (buffering proxy, gzip, framing, drip, delays, drops). A scenario
// whose stream is a script plays its own script here instead of the tokens.

namespace SseScope {

namespace {

using namespace RouterDetail;

const QByteArray kDefaultModel = QByteArrayLiteral("ssescope-mock");
constexpr int kTokenIntervalMs = 50;

const char *const kTokens[]
    = {"Hello", "!", " This", " answer", " streams", " from", " the", " SSE", " Scope", " mock", "."};

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString answerText()
{
    QString text;
    for (const char *token : kTokens) {
        text += QString::fromUtf8(token);
    }
    return text;
}

// OpenAI's error body: {"error":{"message","type","param","code"}}.
RouteResult jsonError(const Scenario &s, const QByteArray &origin, const RouterContext &context, int status,
    const QString &message, const QString &type, const QString &code, bool challenge = false)
{
    HttpHeaders headers = corsHeaders(s, origin, false, context);
    headers.append("Content-Type", "application/json");
    if (challenge) {
        headers.append("WWW-Authenticate", "Bearer");
    }
    const QJsonObject error {{QStringLiteral("message"), message}, {QStringLiteral("type"), type},
        {QStringLiteral("param"), QJsonValue::Null},
        {QStringLiteral("code"), code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code)}};
    return answer(ServerExchange::Kind::Stream, status, headers, compact({{QStringLiteral("error"), error}}) + '\n');
}

QJsonObject chunk(const QString &model, const QJsonObject &delta, const QJsonValue &finishReason)
{
    const QJsonObject choice {{QStringLiteral("index"), 0}, {QStringLiteral("delta"), delta},
        {QStringLiteral("finish_reason"), finishReason}};
    return QJsonObject {{QStringLiteral("id"), QStringLiteral("chatcmpl-ssescope")},
        {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")}, {QStringLiteral("created"), 0},
        {QStringLiteral("model"), model}, {QStringLiteral("choices"), QJsonArray {choice}}};
}

// The token stream: the assistant's role, one chunk per token, the stop, then [DONE].
QList<ScriptedEvent> tokenScript(const QString &model)
{
    QList<ScriptedEvent> script;
    const auto add = [&script](const QByteArray &data, int delayMs) {
        ScriptedEvent e;
        e.data = QString::fromUtf8(data);
        e.delayMs = delayMs;
        script.append(e);
    };
    add(compact(chunk(model,
            QJsonObject {{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), QString()}},
            QJsonValue::Null)),
        0);
    for (const char *token : kTokens) {
        add(compact(
                chunk(model, QJsonObject {{QStringLiteral("content"), QString::fromUtf8(token)}}, QJsonValue::Null)),
            kTokenIntervalMs);
    }
    add(compact(chunk(model, QJsonObject(), QStringLiteral("stop"))), kTokenIntervalMs);
    add(QByteArrayLiteral("[DONE]"), 0);
    return script;
}

QByteArray completion(const QString &model)
{
    const QJsonObject message {
        {QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), answerText()}};
    const QJsonObject choice {{QStringLiteral("index"), 0}, {QStringLiteral("message"), message},
        {QStringLiteral("finish_reason"), QStringLiteral("stop")}};
    const int tokens = int(std::size(kTokens));
    const QJsonObject usage {{QStringLiteral("prompt_tokens"), 0}, {QStringLiteral("completion_tokens"), tokens},
        {QStringLiteral("total_tokens"), tokens}};
    return compact(QJsonObject {{QStringLiteral("id"), QStringLiteral("chatcmpl-ssescope")},
               {QStringLiteral("object"), QStringLiteral("chat.completion")}, {QStringLiteral("created"), 0},
               {QStringLiteral("model"), model}, {QStringLiteral("choices"), QJsonArray {choice}},
               {QStringLiteral("usage"), usage}})
        + '\n';
}

} // namespace

RouteResult routeChatCompletion(const Scenario &s, const RouterRequest &request, const RouterContext &context)
{
    const QByteArray origin = request.headers.combinedValue("Origin");
    if (s.response.redirect.enabled) {
        return redirect(s, origin, context);
    }
    if (!authorized(s, request)) {
        return jsonError(s, origin, context, s.auth.unauthorizedStatus, QStringLiteral("Incorrect API key provided."),
            QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key"),
            s.auth.mode == AuthPolicy::Mode::Bearer);
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return jsonError(s, origin, context, 400,
            QStringLiteral("We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                           "using your HTTP library correctly.)"),
            QStringLiteral("invalid_request_error"), QString());
    }
    const QJsonObject body = document.object();
    const QString model = body.value(QLatin1String("model")).toString(QString::fromLatin1(kDefaultModel));
    if (s.response.status != 200) {
        return jsonError(s, origin, context, s.response.status,
            QStringLiteral("The server answered status %1.").arg(s.response.status), QStringLiteral("server_error"),
            QString());
    }
    HttpHeaders headers = responseHeaders(s, origin, context);
    if (!body.value(QLatin1String("stream")).toBool()) {
        // Not asked to stream: the whole completion at once, as JSON.
        headers.set("Content-Type", "application/json");
        return answer(ServerExchange::Kind::Stream, 200, headers, completion(model));
    }
    addTransportHeaders(s, &headers);
    auto chat = std::make_shared<Scenario>(s);
    chat->stream.broadcast = false;
    chat->stream.replay = false; // a POST is not resumed
    if (s.stream.source == StreamPolicy::Source::Generator) {
        chat->stream.source = StreamPolicy::Source::Script;
        chat->stream.script = tokenScript(model);
        chat->stream.loopScript = false;
    }
    RouteResult result;
    result.kind = ServerExchange::Kind::Stream;
    StreamPlan plan;
    plan.headers = headers;
    plan.scenario = chat;
    result.stream = plan;
    return result;
}

} // namespace SseScope
