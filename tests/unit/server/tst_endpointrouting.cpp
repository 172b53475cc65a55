// POST /v1/chat/completions (chatendpoint.cpp) and /mcp, MCP's Streamable HTTP transport
// (mcpendpoint.cpp), routed in process: what each request gets, with no socket. The wire is
// checked in tests/integration/tst_mockendpoints.cpp.

#include <server/mcpsessions.h>
#include <server/requestrouter.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace SseScope;

namespace {

RouterRequest request(const QByteArray &method, const QString &path, HttpHeaders headers = {}, QByteArray body = {})
{
    RouterRequest r;
    r.method = method;
    r.url = QUrl(QStringLiteral("http://127.0.0.1:4000") + path);
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.peer = QStringLiteral("127.0.0.1:5555");
    return r;
}

QJsonObject json(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QJsonObject json(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

const QByteArray kInitialize = QByteArrayLiteral(
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
const QByteArray kToolsList = QByteArrayLiteral(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
const QByteArray kInitialized = QByteArrayLiteral(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");

} // namespace

class TestEndpointRouting : public QObject
{
    Q_OBJECT

    McpSessions m_sessions;
    RouterContext m_context {
        QStringLiteral("http://127.0.0.1:4000"), QStringLiteral("http://localhost:4001"), QByteArray(), &m_sessions};

    RouteResult api(const RouterRequest &r, const Scenario &s = Scenario())
    {
        return routeRequest(RouterListener::Api, r, s, m_context);
    }

    // POST /mcp initialize; returns the session id.
    QByteArray initialize(const Scenario &s = Scenario())
    {
        const RouteResult r
            = api(request("POST", QStringLiteral("/mcp"), {{"Content-Type", "application/json"}}, kInitialize), s);
        return r.stream ? r.stream->headers.combinedValue("Mcp-Session-Id") : QByteArray();
    }

    static HttpHeaders withSession(const QByteArray &id, HttpHeaders extra = {})
    {
        extra.append("Mcp-Session-Id", id);
        return extra;
    }

private Q_SLOTS:
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        m_sessions.clear();
    }

    // OpenAI's streaming shape: a role chunk, one chat.completion.chunk per token, a stop chunk,
    // then [DONE]; the model the body names; the scenario's head and transport.
    void chatStreamsTokens()
    {
        Scenario s;
        s.transport.gzip = true;
        s.transport.proxy.enabled = true;
        const RouteResult r = api(request("POST", QStringLiteral("/v1/chat/completions"),
                                      {{"Origin", "http://localhost:4001"}, {"Content-Type", "application/json"}},
                                      R"({"model":"gpt-test","stream":true,"messages":[]})"),
            s);
        QVERIFY(r.stream);
        QVERIFY(!r.response);
        QCOMPARE(r.stream->headers,
            (HttpHeaders {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"},
                {"Access-Control-Allow-Origin", "*"}, {"Content-Encoding", "gzip"}, {"Transfer-Encoding", "chunked"}}));
        QVERIFY(r.stream->scenario);
        const Scenario &played = *r.stream->scenario;
        QCOMPARE(played.transport, s.transport);
        QCOMPARE(played.cors, s.cors);
        QCOMPARE(played.stream.source, StreamPolicy::Source::Script);
        QVERIFY(!played.stream.loopScript);
        const QList<ScriptedEvent> &script = played.stream.script;
        QVERIFY(script.size() > 3);
        QCOMPARE(script.constLast().data, QStringLiteral("[DONE]"));
        QString text;
        for (qsizetype i = 0; i + 1 < script.size(); ++i) {
            const QJsonObject chunk = json(*script.at(i).data);
            QCOMPARE(chunk.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion.chunk"));
            QCOMPARE(chunk.value(QLatin1String("model")).toString(), QStringLiteral("gpt-test"));
            const QJsonObject choice = chunk.value(QLatin1String("choices")).toArray().at(0).toObject();
            text += choice.value(QLatin1String("delta")).toObject().value(QLatin1String("content")).toString();
            QCOMPARE(choice.value(QLatin1String("finish_reason")).toString(),
                i + 2 == script.size() ? QStringLiteral("stop") : QString());
            QVERIFY(!script.at(i).id); // OpenAI writes no id:
        }
        QCOMPARE(text, QStringLiteral("Hello! This answer streams from the SSE Scope mock."));
    }

    // A scenario that scripts its stream plays its script on the chat path too.
    void chatPlaysTheScenariosScript()
    {
        Scenario s;
        s.stream.source = StreamPolicy::Source::Script;
        ScriptedEvent e;
        e.data = QStringLiteral("mine");
        s.stream.script = {e};
        const RouteResult r = api(request("POST", QStringLiteral("/v1/chat/completions"), {}, R"({"stream":true})"), s);
        QVERIFY(r.stream && r.stream->scenario);
        QCOMPARE(r.stream->scenario->stream.script, s.stream.script);
    }

    // Without "stream": true: one JSON chat.completion, as OpenAI answers it.
    void chatWithoutStreamAnswersJson()
    {
        const RouteResult r = api(request("POST", QStringLiteral("/v1/chat/completions"), {}, R"({"messages":[]})"));
        QVERIFY(r.response);
        QCOMPARE(r.response->status, 200);
        QCOMPARE(r.response->headers.combinedValue("Content-Type"), QByteArray("application/json"));
        const QJsonObject body = json(r.response->body);
        QCOMPARE(body.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion"));
        QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("ssescope-mock"));
    }

    void chatRefusals_data()
    {
        QTest::addColumn<Scenario>("scenario");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("errorType");
        Scenario bearer;
        bearer.auth.mode = AuthPolicy::Mode::Bearer;
        QTest::addRow("bearer missing") << bearer << QByteArray(R"({"stream":true})") << 401
                                        << QStringLiteral("invalid_request_error");
        QTest::addRow("body not JSON") << Scenario() << QByteArray("stream=true") << 400
                                       << QStringLiteral("invalid_request_error");
        QTest::addRow("body a JSON array")
            << Scenario() << QByteArray("[]") << 400 << QStringLiteral("invalid_request_error");
        Scenario failing;
        failing.response.status = 503;
        QTest::addRow("status knob") << failing << QByteArray(R"({"stream":true})") << 503
                                     << QStringLiteral("server_error");
    }
    void chatRefusals()
    {
        QFETCH(Scenario, scenario);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, errorType);
        const RouteResult r
            = api(request("POST", QStringLiteral("/v1/chat/completions"), {{"Origin", "http://localhost:4001"}}, body),
                scenario);
        QVERIFY(r.response);
        QCOMPARE(r.response->status, status);
        QCOMPARE(r.response->headers.combinedValue("Content-Type"), QByteArray("application/json"));
        QCOMPARE(r.response->headers.combinedValue("Access-Control-Allow-Origin"), QByteArray("*"));
        QCOMPARE(
            json(r.response->body).value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(),
            errorType);
        QCOMPARE(r.response->headers.contains("WWW-Authenticate"), status == 401);
    }

    void chatRedirects()
    {
        Scenario s;
        s.response.redirect.enabled = true;
        s.response.redirect.status = 307;
        const RouteResult r = api(request("POST", QStringLiteral("/v1/chat/completions"), {}, R"({"stream":true})"), s);
        QCOMPARE(r.kind, ServerExchange::Kind::Redirect);
        QCOMPARE(r.response->status, 307);
        QCOMPARE(r.response->headers.combinedValue("Location"), QByteArray("http://127.0.0.1:4000/stream"));
    }

    // initialize opens a session: its id in Mcp-Session-Id (32 hex digits), the InitializeResult
    // as one SSE event with the id "<stream>-1", then the stream ends (a script, no loop).
    void mcpInitializeOpensASession()
    {
        Scenario s;
        s.cors.exposeHeaders = {QStringLiteral("Mcp-Session-Id")};
        const RouteResult r = api(
            request("POST", QStringLiteral("/mcp"),
                {{"Origin", "http://localhost:4001"}, {"Accept", "application/json, text/event-stream"}}, kInitialize),
            s);
        QVERIFY(r.stream && r.stream->scenario);
        const QByteArray id = r.stream->headers.combinedValue("Mcp-Session-Id");
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(QString::fromLatin1(id)).hasMatch(),
            id.constData());
        QCOMPARE(r.stream->headers.combinedValue("Access-Control-Expose-Headers"), QByteArray("Mcp-Session-Id"));
        QCOMPARE(r.stream->headers.combinedValue("Content-Type"), QByteArray("text/event-stream"));
        const QList<ScriptedEvent> &script = r.stream->scenario->stream.script;
        QCOMPARE(script.size(), 1);
        QCOMPARE(script.at(0).id, QStringLiteral("1-1"));
        QCOMPARE(script.at(0).event, QStringLiteral("message"));
        const QJsonObject answer = json(*script.at(0).data);
        QCOMPARE(answer.value(QLatin1String("id")).toInt(), 1);
        QCOMPARE(answer.value(QLatin1String("result")).toObject().value(QLatin1String("protocolVersion")).toString(),
            QStringLiteral("2025-06-18"));
        QCOMPARE(m_sessions.size(), 1);
        QVERIFY(m_sessions.find(id));
        // A second initialize is a second session.
        QVERIFY(initialize() != id);
        QCOMPARE(m_sessions.size(), 2);
    }

    void mcpVersionNegotiation_data()
    {
        QTest::addColumn<QString>("asked");
        QTest::addColumn<QString>("answered");
        QTest::addRow("2025-06-18") << QStringLiteral("2025-06-18") << QStringLiteral("2025-06-18");
        QTest::addRow("2025-03-26") << QStringLiteral("2025-03-26") << QStringLiteral("2025-03-26");
        QTest::addRow("unknown: the latest") << QStringLiteral("2024-11-05") << QStringLiteral("2025-06-18");
    }
    void mcpVersionNegotiation()
    {
        QFETCH(QString, asked);
        QFETCH(QString, answered);
        QByteArray body = kInitialize;
        body.replace("2025-06-18", asked.toLatin1());
        const RouteResult r = api(request("POST", QStringLiteral("/mcp"), {}, body));
        QVERIFY(r.stream && r.stream->scenario);
        QCOMPARE(json(*r.stream->scenario->stream.script.at(0).data)
                     .value(QLatin1String("result"))
                     .toObject()
                     .value(QLatin1String("protocolVersion"))
                     .toString(),
            answered);
    }

    // Later requests: 400 without the session header, 404 for an unknown one, answered on the
    // session with it; notifications alone are 202 with no body.
    void mcpRequestsNeedTheSession()
    {
        const QByteArray id = initialize();
        QVERIFY(!id.isEmpty());
        const RouteResult missing = api(request("POST", QStringLiteral("/mcp"), {}, kToolsList));
        QCOMPARE(missing.response->status, 400);
        QCOMPARE(
            json(missing.response->body).value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(),
            -32000);
        const RouteResult unknown = api(request("POST", QStringLiteral("/mcp"), withSession("0123"), kToolsList));
        QCOMPARE(unknown.response->status, 404);
        const RouteResult accepted = api(request("POST", QStringLiteral("/mcp"), withSession(id), kInitialized));
        QCOMPARE(accepted.response->status, 202);
        QVERIFY(accepted.response->body.isEmpty());
        const RouteResult tools = api(request("POST", QStringLiteral("/mcp"), withSession(id), kToolsList));
        QVERIFY(tools.stream && tools.stream->scenario);
        QCOMPARE(tools.stream->headers.combinedValue("Mcp-Session-Id"), id);
        const QList<ScriptedEvent> &script = tools.stream->scenario->stream.script;
        QCOMPARE(script.size(), 1);
        QCOMPARE(script.at(0).id, QStringLiteral("2-1")); // the session's second stream
        const QJsonObject answer = json(*script.at(0).data);
        QCOMPARE(answer.value(QLatin1String("id")).toInt(), 2);
        QCOMPARE(answer.value(QLatin1String("result")).toObject().value(QLatin1String("tools")).toArray().size(), 1);
        // A batch of two requests: two answers on one stream.
        const RouteResult batch = api(request("POST", QStringLiteral("/mcp"), withSession(id),
            R"([{"jsonrpc":"2.0","id":7,"method":"ping"},{"jsonrpc":"2.0","id":8,"method":"nope"}])"));
        const QList<ScriptedEvent> &two = batch.stream->scenario->stream.script;
        QCOMPARE(two.size(), 2);
        QCOMPARE(two.at(0).id, QStringLiteral("3-1"));
        QCOMPARE(two.at(1).id, QStringLiteral("3-2"));
        QCOMPARE(json(*two.at(1).data).value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(),
            -32601);
    }

    void mcpRefusals_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("code");
        QTest::addRow("PUT") << QByteArray("PUT") << HttpHeaders() << QByteArray() << 405 << -32000;
        QTest::addRow("not JSON") << QByteArray("POST") << HttpHeaders() << QByteArray("{") << 400 << -32700;
        QTest::addRow("not JSON-RPC") << QByteArray("POST") << HttpHeaders() << QByteArray(R"({"id":1})") << 400
                                      << -32600;
        QTest::addRow("empty batch") << QByteArray("POST") << HttpHeaders() << QByteArray("[]") << 400 << -32600;
        QTest::addRow("initialize in a batch")
            << QByteArray("POST") << HttpHeaders() << QByteArray("[" + kInitialize + "," + kToolsList + "]") << 400
            << -32600;
        QTest::addRow("Accept without event-stream")
            << QByteArray("POST") << HttpHeaders {{"Accept", "application/json"}} << kInitialize << 406 << -32000;
        QTest::addRow("unsupported MCP-Protocol-Version")
            << QByteArray("POST") << HttpHeaders {{"MCP-Protocol-Version", "1999-01-01"}} << kInitialize << 400
            << -32000;
        QTest::addRow("GET without session") << QByteArray("GET") << HttpHeaders() << QByteArray() << 400 << -32000;
        QTest::addRow("GET unknown session")
            << QByteArray("GET") << HttpHeaders {{"Mcp-Session-Id", "x"}} << QByteArray() << 404 << -32001;
        QTest::addRow("DELETE without session")
            << QByteArray("DELETE") << HttpHeaders() << QByteArray() << 400 << -32000;
    }
    void mcpRefusals()
    {
        QFETCH(QByteArray, method);
        QFETCH(HttpHeaders, headers);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(int, code);
        const RouteResult r = api(request(method, QStringLiteral("/mcp"), headers, body));
        QVERIFY(r.response);
        QCOMPARE(r.response->status, status);
        QCOMPARE(r.response->headers.combinedValue("Content-Type"), QByteArray("application/json"));
        QCOMPARE(
            json(r.response->body).value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(), code);
        QCOMPARE(r.response->headers.contains("Allow"), status == 405);
        QCOMPARE(m_sessions.size(), 0);
    }

    // GET opens the server's own stream (notifications, ids "<stream>-<k>"); Last-Event-ID resumes
    // the stream it names right after that event, and a POST answer's stream only with what it
    // had not delivered; DELETE ends the session, which then answers 404.
    void mcpServerStreamResumesAndDeleteEnds()
    {
        Scenario s;
        s.stream.generator.intervalMs = 30;
        const QByteArray id = initialize(s);
        const RouteResult get
            = api(request("GET", QStringLiteral("/mcp"), withSession(id, {{"Accept", "text/event-stream"}})), s);
        QVERIFY(get.stream && get.stream->scenario && get.stream->generate);
        QCOMPARE(get.stream->scenario->stream.source, StreamPolicy::Source::Generator);
        QCOMPARE(get.stream->scenario->stream.generator.intervalMs, 30);
        QVERIFY(!get.stream->scenario->stream.broadcast);
        QCOMPARE(get.stream->nextSequence, quint64(1));
        const GeneratedEvent first = get.stream->generate(1);
        QCOMPARE(first.id, QByteArray("2-1"));
        QVERIFY(first.bytes.startsWith("event: message\nid: 2-1\ndata: {"));
        QVERIFY(first.bytes.endsWith("}\n\n"));
        const QJsonObject note = json(first.bytes.mid(first.bytes.indexOf("data: ") + 6).trimmed());
        QCOMPARE(note.value(QLatin1String("method")).toString(), QStringLiteral("notifications/message"));

        const RouteResult resumed
            = api(request("GET", QStringLiteral("/mcp"), withSession(id, {{"Last-Event-ID", "2-5"}})), s);
        QVERIFY(resumed.stream && resumed.stream->generate);
        QCOMPARE(resumed.stream->nextSequence, quint64(6));
        QCOMPARE(resumed.stream->generate(6).id, QByteArray("2-6"));

        // The initialize answer (stream 1) was delivered whole: resuming it replays nothing.
        const RouteResult answered
            = api(request("GET", QStringLiteral("/mcp"), withSession(id, {{"Last-Event-ID", "1-1"}})), s);
        QVERIFY(answered.stream && answered.stream->scenario);
        QVERIFY(!answered.stream->generate);
        QVERIFY(answered.stream->scenario->stream.script.isEmpty());

        // An id that names no stream of this session: a new server stream (number 3).
        const RouteResult fresh
            = api(request("GET", QStringLiteral("/mcp"), withSession(id, {{"Last-Event-ID", "99-1"}})), s);
        QCOMPARE(fresh.stream->nextSequence, quint64(1));
        QCOMPARE(fresh.stream->generate(1).id, QByteArray("3-1"));

        const RouteResult deleted = api(request("DELETE", QStringLiteral("/mcp"), withSession(id)), s);
        QCOMPARE(deleted.response->status, 200);
        QCOMPARE(m_sessions.size(), 0);
        QCOMPARE(api(request("GET", QStringLiteral("/mcp"), withSession(id)), s).response->status, 404);
        QCOMPARE(api(request("POST", QStringLiteral("/mcp"), withSession(id), kToolsList), s).response->status, 404);
        QCOMPARE(api(request("DELETE", QStringLiteral("/mcp"), withSession(id)), s).response->status, 404);
    }

    // The scenario's knobs apply to /mcp: auth, status, CORS.
    void mcpHonoursTheScenario()
    {
        Scenario bearer;
        bearer.auth.mode = AuthPolicy::Mode::Bearer;
        const RouteResult refused = api(request("POST", QStringLiteral("/mcp"), {}, kInitialize), bearer);
        QCOMPARE(refused.response->status, 401);
        QCOMPARE(refused.response->headers.combinedValue("WWW-Authenticate"), QByteArray("Bearer"));
        const RouteResult allowed
            = api(request("POST", QStringLiteral("/mcp"), {{"Authorization", "Bearer s3cret"}}, kInitialize), bearer);
        QVERIFY(allowed.stream);
        Scenario failing;
        failing.response.status = 500;
        QCOMPARE(api(request("POST", QStringLiteral("/mcp"), {}, kInitialize), failing).response->status, 500);
        Scenario noCors;
        noCors.cors.allowOrigin = CorsPolicy::AllowOrigin::Absent;
        const RouteResult bare
            = api(request("POST", QStringLiteral("/mcp"), {{"Origin", "http://localhost:4001"}}, kInitialize), noCors);
        QVERIFY(!bare.stream->headers.contains("Access-Control-Allow-Origin"));
        // OPTIONS /mcp is the scenario's preflight, like every path.
        QCOMPARE(api(request("OPTIONS", QStringLiteral("/mcp"))).kind, ServerExchange::Kind::Preflight);
    }

    // A server with no session table (the fuzz target's, say) has no /mcp.
    void mcpWithoutSessionsIsNotFound()
    {
        RouterContext bare = m_context;
        bare.mcpSessions = nullptr;
        const RouteResult r = routeRequest(
            RouterListener::Api, request("POST", QStringLiteral("/mcp"), {}, kInitialize), Scenario(), bare);
        QCOMPARE(r.response->status, 404);
    }

    // Clients that never DELETE cannot grow the table without end.
    void mcpSessionsAreBounded()
    {
        McpSessions sessions;
        const QByteArray first = sessions.create(QStringLiteral("2025-06-18")).id;
        for (int i = 0; i < McpSessions::maxSessions; ++i) {
            sessions.create(QStringLiteral("2025-06-18"));
        }
        QCOMPARE(sessions.size(), McpSessions::maxSessions);
        QVERIFY(!sessions.find(first));
        McpSessions::Session &session = sessions.create(QStringLiteral("2025-06-18"));
        for (int i = 0; i < McpSessions::maxStreamsPerSession + 5; ++i) {
            sessions.addStream(session, McpSessions::Stream {true, {}});
        }
        QCOMPARE(session.streams.size(), McpSessions::maxStreamsPerSession);
        QVERIFY(!session.streams.contains(1));
        QVERIFY(session.streams.contains(McpSessions::maxStreamsPerSession + 5));
        const QByteArray id = session.id; // `session` goes with its removal
        QVERIFY(sessions.remove(session.id)); // the session's own id, as a caller may pass it
        QVERIFY(!sessions.remove(id));
        QVERIFY(!sessions.find(id));
    }
};

QTEST_GUILESS_MAIN(TestEndpointRouting)
#include "tst_endpointrouting.moc"
