// The mock server's POST endpoints over loopback (issue 18): the LLM-style chat completion
// stream and the MCP Streamable HTTP endpoint, on the raw bytes, counting the requests the
// server recorded and checking what each answered.

#include "gzipinflate.h"
#include "rawhttp.h"

#include <server/mockservercontroller.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace SseScope;
using SseScopeTest::inflateGzip;
using SseScopeTest::idsOf;
using SseScopeTest::RawHttp;

namespace {

// The data: values of the events in an event-stream body, in order.
QList<QByteArray> dataOf(const QByteArray &body)
{
    QList<QByteArray> result;
    for (const QByteArray &block : body.split('\n')) {
        if (block.startsWith("data: ")) {
            result.append(block.mid(6));
        }
    }
    return result;
}

const QByteArray kInitialize = QByteArrayLiteral(
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");

} // namespace

class tst_MockEndpoints final : public QObject
{
    Q_OBJECT

public:
    tst_MockEndpoints() { qRegisterMetaType<ServerExchange>(); }

private:
    std::unique_ptr<MockServerController> m_server;

    quint16 apiPort() const { return quint16(m_server->apiUrl().port()); }
    QByteArray originHeader() const
    {
        return "Origin: http://localhost:" + QByteArray::number(m_server->pageUrl().port());
    }

    void start(const Scenario &scenario)
    {
        m_server = std::make_unique<MockServerController>();
        QString error;
        QVERIFY2(m_server->start(scenario, {}, &error), qPrintable(error));
    }

    // One request on a new connection, read until the server closes it (or the timeout).
    void exchange(RawHttp &http, const QByteArray &method, const QList<QByteArray> &headers, const QByteArray &body,
        int timeoutMs = 5000)
    {
        QVERIFY(http.connectTo(apiPort()));
        QList<QByteArray> all {originHeader()};
        all += headers;
        http.request(method, "/mcp", all, body);
        QVERIFY2(http.readHead(timeoutMs), http.data().constData());
    }

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanup() { m_server.reset(); }

    // "stream": true: the tokens as OpenAI chunks, then [DONE], then the response ends (the
    // chunked terminator, the connection closed); one POST recorded, its body kept.
    void chatStream()
    {
        Scenario s;
        s.cors.exposeHeaders = {QStringLiteral("X-Request-Id")};
        start(s);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        const QByteArray body = R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
        http.request("POST", "/v1/chat/completions", {originHeader(), "Content-Type: application/json"}, body);
        QVERIFY(http.waitClosed(5000));
        QCOMPARE(http.status(), 200);
        QCOMPARE(http.header("Content-Type"), QList<QByteArray> {"text/event-stream"});
        QCOMPARE(http.header("Access-Control-Expose-Headers"), QList<QByteArray> {"X-Request-Id"});
        bool terminated = false;
        const QByteArray events = RawHttp::dechunk(http.body(), &terminated);
        QVERIFY(terminated);
        const QList<QByteArray> data = dataOf(events);
        QCOMPARE(data.size(), 14); // the role, 11 tokens, the stop, [DONE]
        QCOMPARE(data.constLast(), QByteArray("[DONE]"));
        QString text;
        for (qsizetype i = 0; i + 1 < data.size(); ++i) {
            const QJsonObject chunk = QJsonDocument::fromJson(data.at(i)).object();
            text += chunk.value(QLatin1String("choices"))
                        .toArray()
                        .at(0)
                        .toObject()
                        .value(QLatin1String("delta"))
                        .toObject()
                        .value(QLatin1String("content"))
                        .toString();
        }
        QCOMPARE(text, QStringLiteral("Hello! This answer streams from the SSE Scope mock."));
        QTRY_COMPARE(finished.size(), 1);
        const ServerExchange e = finished.at(0).at(0).value<ServerExchange>();
        QCOMPARE(e.request.method, QByteArray("POST"));
        QCOMPARE(e.requestBody, body);
        QCOMPARE(e.eventCount, quint64(14));
        QCOMPARE(e.end, ServerExchange::End::EndedByScenario);
    }

    // The transport knobs apply to the chat stream: a buffering proxy holds every token until
    // the answer ends (one chunk with all of them), gzip compresses it.
    void chatStreamThroughTheTransport()
    {
        Scenario s;
        s.transport.proxy.enabled = true;
        s.transport.gzip = true;
        start(s);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.request(
            "POST", "/v1/chat/completions", {originHeader(), "Content-Type: application/json"}, R"({"stream":true})");
        QVERIFY(http.waitClosed(5000));
        QCOMPARE(http.header("Content-Encoding"), QList<QByteArray> {"gzip"});
        const QByteArray plain = inflateGzip(RawHttp::dechunk(http.body()));
        QCOMPARE(dataOf(plain).size(), 14);
        // Held by the proxy: every token reached the socket in one piece, at the end.
        QVERIFY(http.body().indexOf("\r\n") > 0);
        const qsizetype firstChunk = http.body().left(http.body().indexOf("\r\n")).toLongLong(nullptr, 16);
        QVERIFY2(inflateGzip(http.body().mid(http.body().indexOf("\r\n") + 2, firstChunk)).count("data: ") == 14,
            http.body().toHex().constData());
    }

    void chatWithoutStreamIsJson()
    {
        start(Scenario());
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.request(
            "POST", "/v1/chat/completions", {originHeader(), "Content-Type: application/json"}, R"({"messages":[]})");
        QVERIFY(http.readUntilContains("}\n"));
        QCOMPARE(http.status(), 200);
        QCOMPARE(http.header("Content-Type"), QList<QByteArray> {"application/json"});
        QCOMPARE(QJsonDocument::fromJson(http.body()).object().value(QLatin1String("object")).toString(),
            QStringLiteral("chat.completion"));
    }

    // A session from initialize to DELETE, request by request, as an MCP client runs it: every
    // answer and the exact number of requests the server recorded.
    void mcpSession()
    {
        Scenario s;
        s.stream.generator.intervalMs = 30;
        s.cors.exposeHeaders = {QStringLiteral("Mcp-Session-Id")};
        start(s);
        QSignalSpy started(m_server.get(), &MockServerController::exchangeStarted);
        const QByteArray accept = "Accept: application/json, text/event-stream";

        RawHttp init;
        exchange(init, "POST", {accept, "Content-Type: application/json"}, kInitialize);
        QVERIFY(init.waitClosed());
        QCOMPARE(init.status(), 200);
        const QByteArray session = init.header("Mcp-Session-Id").value(0);
        QCOMPARE(session.size(), 32);
        QCOMPARE(init.header("Access-Control-Expose-Headers"), QList<QByteArray> {"Mcp-Session-Id"});
        const QByteArray initBody = RawHttp::dechunk(init.body());
        QCOMPARE(idsOf(initBody), QList<QByteArray> {"1-1"});
        QVERIFY(initBody.startsWith("event: message\nid: 1-1\ndata: {"));
        QCOMPARE(QJsonDocument::fromJson(dataOf(initBody).value(0))
                     .object()
                     .value(QLatin1String("result"))
                     .toObject()
                     .value(QLatin1String("protocolVersion"))
                     .toString(),
            QStringLiteral("2025-06-18"));
        const QByteArray sessionHeader = "Mcp-Session-Id: " + session;
        const QByteArray version = "MCP-Protocol-Version: 2025-06-18";

        RawHttp initialized;
        exchange(initialized, "POST", {accept, sessionHeader, version},
            R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
        QCOMPARE(initialized.status(), 202);

        RawHttp withoutSession;
        exchange(withoutSession, "POST", {accept, version}, R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
        QCOMPARE(withoutSession.status(), 400);

        RawHttp call;
        exchange(call, "POST", {accept, sessionHeader, version},
            R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"ping"}}})");
        QVERIFY(call.waitClosed());
        const QByteArray callBody = RawHttp::dechunk(call.body());
        QCOMPARE(idsOf(callBody), QList<QByteArray> {"2-1"});
        QCOMPARE(QJsonDocument::fromJson(dataOf(callBody).value(0))
                     .object()
                     .value(QLatin1String("result"))
                     .toObject()
                     .value(QLatin1String("content"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("text"))
                     .toString(),
            QStringLiteral("ping"));

        // The server's own stream: three notifications, then the client goes away ...
        QByteArray lastSeen;
        {
            RawHttp get;
            exchange(get, "GET", {"Accept: text/event-stream", sessionHeader, version}, QByteArray());
            QCOMPARE(get.status(), 200);
            QCOMPARE(get.header("Content-Type"), QList<QByteArray> {"text/event-stream"});
            QVERIFY(get.readUntil(
                [](const QByteArray &d) { return idsOf(RawHttp::dechunk(RawHttp::body(d))).size() >= 3; }));
            const QList<QByteArray> ids = idsOf(RawHttp::dechunk(get.body()));
            QCOMPARE(ids.mid(0, 3), (QList<QByteArray> {"3-1", "3-2", "3-3"}));
            lastSeen = ids.constLast();
        }
        // ... and resumes with Last-Event-ID: the same stream, right after the last event seen.
        RawHttp resumed;
        exchange(resumed, "GET", {"Accept: text/event-stream", sessionHeader, version, "Last-Event-ID: " + lastSeen},
            QByteArray());
        QVERIFY(resumed.readUntil(
            [](const QByteArray &d) { return !idsOf(RawHttp::dechunk(RawHttp::body(d))).isEmpty(); }));
        const quint64 next = lastSeen.mid(2).toULongLong() + 1;
        QCOMPARE(idsOf(RawHttp::dechunk(resumed.body())).constFirst(), "3-" + QByteArray::number(next));
        const QJsonObject note = QJsonDocument::fromJson(dataOf(RawHttp::dechunk(resumed.body())).value(0)).object();
        QCOMPARE(note.value(QLatin1String("method")).toString(), QStringLiteral("notifications/message"));

        RawHttp end;
        exchange(end, "DELETE", {sessionHeader, version}, QByteArray());
        QCOMPARE(end.status(), 200);
        RawHttp after;
        exchange(after, "GET", {"Accept: text/event-stream", sessionHeader, version}, QByteArray());
        QCOMPARE(after.status(), 404);

        // initialize, initialized, the refused POST, tools/call, two GETs, DELETE, the last GET.
        QTRY_COMPARE(started.size(), 8);
        QList<QByteArray> methods;
        for (const QList<QVariant> &args : started) {
            methods.append(args.at(0).value<ServerExchange>().request.method);
        }
        QCOMPARE(methods, (QList<QByteArray> {"POST", "POST", "POST", "POST", "GET", "GET", "DELETE", "GET"}));
    }

    // The server's stream cut by the scenario (drop every 2 events) resumes where it was cut.
    void mcpStreamDroppedAndResumed()
    {
        Scenario s;
        s.stream.generator.intervalMs = 20;
        s.stream.dropEveryEvents = 2;
        start(s);
        RawHttp init;
        exchange(init, "POST", {}, kInitialize);
        const QByteArray sessionHeader = "Mcp-Session-Id: " + init.header("Mcp-Session-Id").value(0);
        RawHttp get;
        exchange(get, "GET", {sessionHeader}, QByteArray());
        QVERIFY(get.waitClosed());
        QCOMPARE(idsOf(RawHttp::dechunk(get.body())), (QList<QByteArray> {"2-1", "2-2"}));
        RawHttp again;
        exchange(again, "GET", {sessionHeader, "Last-Event-ID: 2-2"}, QByteArray());
        QVERIFY(again.waitClosed());
        QCOMPARE(idsOf(RawHttp::dechunk(again.body())), (QList<QByteArray> {"2-3", "2-4"}));
    }

    // OPTIONS /mcp: the scenario's preflight, so a page's POST with application/json and
    // Mcp-Session-Id is allowed or not as the scenario says.
    void mcpPreflight()
    {
        Scenario s;
        s.cors.preflight.allowMethods = QStringLiteral("GET, POST, DELETE");
        s.cors.preflight.allowHeaders = QStringLiteral("Content-Type, Mcp-Session-Id, MCP-Protocol-Version");
        start(s);
        RawHttp http;
        exchange(http, "OPTIONS",
            {"Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type"}, QByteArray());
        QCOMPARE(http.status(), 204);
        QCOMPARE(http.header("Access-Control-Allow-Methods"), QList<QByteArray> {"GET, POST, DELETE"});
        QCOMPARE(http.header("Access-Control-Allow-Headers"),
            QList<QByteArray> {"Content-Type, Mcp-Session-Id, MCP-Protocol-Version"});
    }
};

QTEST_GUILESS_MAIN(tst_MockEndpoints)
#include "tst_mockendpoints.moc"
