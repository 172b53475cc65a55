// routeRequest: what the mock server answers to a request, with no socket (requestrouter.h).
// The integration tests (tst_mockserver, tst_servecommand) check the same answers on the wire;
// these pin the routing itself, so a change of route, head or resume point fails here first.

#include <server/requestrouter.h>

#include <QJsonObject>
#include <QTest>

using namespace SseScope;

namespace {

const RouterContext context {QStringLiteral("http://127.0.0.1:4000"), QStringLiteral("http://localhost:4001"),
    QByteArrayLiteral("<script>const config = \"__SSESCOPE_CONFIG__\";</script>"), nullptr};

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

RouteResult api(const RouterRequest &r, const Scenario &s = Scenario())
{
    return routeRequest(RouterListener::Api, r, s, context);
}

} // namespace

class TestRequestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void getEventsOpensTheStream()
    {
        const RouteResult route = api(request("GET", QStringLiteral("/events"), {{"Origin", "http://localhost:4001"}}));
        QCOMPARE(route.kind, ServerExchange::Kind::Stream);
        QVERIFY(!route.response);
        QVERIFY(route.stream);
        QCOMPARE(route.stream->headers,
            (HttpHeaders {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"},
                {"Access-Control-Allow-Origin", "*"}, {"Transfer-Encoding", "chunked"}}));
        QCOMPARE(route.stream->nextSequence, quint64(1));
        QVERIFY(!route.report);
    }

    // Issue 18: a chat completion is POSTed and answered with the scenario's stream, under the same
    // knobs as /events (here bearer auth: refused without the token, streamed with it); a GET of
    // that path is not a route.
    void chatCompletionPostOpensTheStream()
    {
        Scenario s;
        s.auth.mode = AuthPolicy::Mode::Bearer;
        const HttpHeaders json {{"Origin", "http://localhost:4001"}, {"Content-Type", "application/json"}};
        const RouteResult refused
            = api(request("POST", QStringLiteral("/v1/chat/completions"), json, QByteArrayLiteral("{\"stream\":true}")), s);
        QCOMPARE(refused.kind, ServerExchange::Kind::Stream);
        QCOMPARE(refused.response->status, 401);
        HttpHeaders withToken = json;
        withToken.append("Authorization", "Bearer s3cret");
        const RouteResult route = api(
            request("POST", QStringLiteral("/v1/chat/completions"), withToken, QByteArrayLiteral("{\"stream\":true}")), s);
        QCOMPARE(route.kind, ServerExchange::Kind::Stream);
        QVERIFY(route.stream);
        QVERIFY(!route.response);
        QCOMPARE(route.stream->headers.combinedValue("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(api(request("GET", QStringLiteral("/v1/chat/completions"))).response->status, 404);
    }

    void preflightOnAnyPath()
    {
        const RouteResult route = api(request("OPTIONS", QStringLiteral("/anything"),
            {{"Origin", "http://localhost:4001"}, {"Access-Control-Request-Method", "GET"}}));
        QCOMPARE(route.kind, ServerExchange::Kind::Preflight);
        QVERIFY(route.response);
        QCOMPARE(route.response->status, 204);
        QVERIFY(!route.response->headers.contains("Content-Length")); // 204 has no body
        Scenario unhandled;
        unhandled.cors.preflight.handle = false;
        const RouteResult refused = api(request("OPTIONS", QStringLiteral("/events")), unhandled);
        QCOMPARE(refused.response->status, 405);
        QCOMPARE(refused.response->body, QByteArrayLiteral("method not allowed\n"));
    }

    void unknownPathsAndMethodsAreNotFound()
    {
        for (const auto &[method, path] : {std::pair {QByteArray("GET"), QStringLiteral("/nope")},
                 std::pair {QByteArray("HEAD"), QStringLiteral("/events")},
                 std::pair {QByteArray("UNKNOWN"), QStringLiteral("/events")}}) {
            const RouteResult route = api(request(method, path));
            QCOMPARE(route.kind, ServerExchange::Kind::Other);
            QCOMPARE(route.response->status, 404);
            QCOMPARE(route.response->headers,
                (HttpHeaders {{"Content-Type", "text/plain"}, {"Content-Length", "10"}}));
            QCOMPARE(route.response->body, QByteArrayLiteral("not found\n"));
        }
    }

    void loginSetsTheScenarioCookie()
    {
        Scenario s;
        s.auth.cookie.domain = QStringLiteral("${api}");
        const RouteResult route = api(request("POST", QStringLiteral("/login")), s);
        QCOMPARE(route.kind, ServerExchange::Kind::Login);
        QCOMPARE(route.response->status, 200);
        const QByteArray cookie = route.response->headers.combinedValue("Set-Cookie");
        QVERIFY2(cookie.contains("Domain=http://127.0.0.1:4000"), cookie.constData());
    }

    void bearerAuthRefusesWithoutTheToken()
    {
        Scenario s;
        s.auth.mode = AuthPolicy::Mode::Bearer;
        const RouteResult refused = api(request("GET", QStringLiteral("/events")), s);
        QCOMPARE(refused.kind, ServerExchange::Kind::Stream);
        QCOMPARE(refused.response->status, 401);
        QCOMPARE(refused.response->headers.combinedValue("WWW-Authenticate"), QByteArrayLiteral("Bearer"));
        const RouteResult allowed
            = api(request("GET", QStringLiteral("/events"), {{"authorization", "Bearer s3cret"}}), s);
        QVERIFY(allowed.stream);
    }

    void redirectGoesToTheStreamPath()
    {
        Scenario s;
        s.response.redirect.enabled = true;
        const RouteResult route = api(request("GET", QStringLiteral("/events")), s);
        QCOMPARE(route.kind, ServerExchange::Kind::Redirect);
        QCOMPARE(route.response->status, 302);
        QVERIFY(route.response->headers.combinedValue("Location").startsWith("http://127.0.0.1:4000/"));
        QVERIFY(api(request("GET", QStringLiteral("/stream")), s).stream); // the target is not redirected
    }

    void lastEventIdResumesTheGenerator()
    {
        Scenario s;
        s.stream.replay = true;
        const RouteResult route = api(request("GET", QStringLiteral("/events"), {{"Last-Event-ID", "41"}}), s);
        QCOMPARE(route.stream->lastEventId, QByteArrayLiteral("41"));
        QCOMPARE(route.stream->nextSequence, quint64(42));
        // Two header lines are one value joined with ", " (as QtHttpServer reads it): not a number.
        const RouteResult twice = api(
            request("GET", QStringLiteral("/events"), {{"Last-Event-ID", "5"}, {"last-event-id", "7"}}), s);
        QCOMPARE(twice.stream->lastEventId, QByteArrayLiteral("5, 7"));
        QCOMPARE(twice.stream->nextSequence, quint64(1));
        // Only an id the generator could have written resumes it; the largest one would wrap to
        // sequence 0 (found by fuzz_mockrouter): such ids start over.
        const auto next = [&s](const QByteArray &id) {
            return api(request("GET", QStringLiteral("/events"), {{"Last-Event-ID", id}}), s).stream->nextSequence;
        };
        QCOMPARE(next("18446744073709551614"), quint64(18446744073709551615ULL));
        QCOMPARE(next("18446744073709551615"), quint64(1));
        QCOMPARE(next("18446744073709551616"), quint64(1));
        QCOMPARE(next("+41"), quint64(1));
        QCOMPARE(next("0x29"), quint64(1));
        QCOMPARE(next("0"), quint64(1));
        QCOMPARE(next("007"), quint64(8));
        // Without replay the id is kept for the record but the stream starts over.
        QCOMPARE(api(request("GET", QStringLiteral("/events"), {{"Last-Event-ID", "41"}})).stream->nextSequence,
            quint64(1));
    }

    void lastEventIdResumesTheScript()
    {
        Scenario s;
        s.stream.replay = true;
        s.stream.source = StreamPolicy::Source::Script;
        ScriptedEvent a;
        a.id = QStringLiteral("a");
        a.data = QStringLiteral("1");
        ScriptedEvent b;
        b.id = QStringLiteral("b");
        b.data = QStringLiteral("2");
        s.stream.script = {a, b, a};
        QCOMPARE(api(request("GET", QStringLiteral("/events"), {{"Last-Event-ID", "b"}}), s).stream->scriptIndex, 2);
        QCOMPARE(api(request("GET", QStringLiteral("/events"), {{"Last-Event-ID", "a"}}), s).stream->scriptIndex, 3);
        QCOMPARE(api(request("GET", QStringLiteral("/events"), {{"Last-Event-ID", "z"}}), s).stream->scriptIndex, 0);
    }

    void pageServesTheTestPage()
    {
        const RouteResult route
            = routeRequest(RouterListener::Page, request("GET", QStringLiteral("/")), Scenario(), context);
        QCOMPARE(route.kind, ServerExchange::Kind::Page);
        QCOMPARE(route.response->status, 200);
        QVERIFY(route.response->body.contains("\"api\":\"http://127.0.0.1:4000\""));
        QVERIFY(!route.response->body.contains("__SSESCOPE_CONFIG__"));
        // The API's paths are not the page's.
        QCOMPARE(routeRequest(RouterListener::Page, request("GET", QStringLiteral("/events")), Scenario(), context)
                     .response->status,
            404);
    }

    void reportIsAJsonObjectOfBoundedSize()
    {
        const auto report = [](const QByteArray &body) {
            return routeRequest(RouterListener::Page, request("POST", QStringLiteral("/report"), {}, body), Scenario(),
                context);
        };
        const RouteResult accepted = report("{\"opened\":true}");
        QCOMPARE(accepted.kind, ServerExchange::Kind::Report);
        QCOMPARE(accepted.response->status, 204);
        QVERIFY(accepted.report);
        QCOMPARE(accepted.report->value(QStringLiteral("opened")).toBool(), true);
        QCOMPARE(report("[1]").response->status, 400);
        QVERIFY(!report("[1]").report);
        QCOMPARE(report(QByteArray(maxReportBytes + 1, ' ')).response->status, 413);
    }
};

QTEST_GUILESS_MAIN(TestRequestRouter)
#include "tst_requestrouter.moc"
