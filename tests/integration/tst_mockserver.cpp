// MockServer over loopback, one knob at a time, checked on the raw bytes: its answers (CORS, auth,
// the login, headers, statuses, redirects), what it records, the test page and its report.
// Its streams are tst_mockserverstream.

#include "mockserverfixture.h"

#include <scenario/presetlibrary.h>

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace SseScope;
using SseScopeTest::RawHttp;

class tst_MockServer final : public QObject, private SseScopeTest::MockServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void cleanup() { m_server.reset(); }

    void allowOrigin_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QStringList>("values");
        QTest::addColumn<bool>("asLines");
        QTest::addColumn<bool>("fromPage"); // request Origin: the page origin, else a foreign one
        QTest::addColumn<QStringList>("expected"); // ACAO lines; "${page}" expands

        const QStringList none;
        QTest::addRow("absent") << int(CorsPolicy::AllowOrigin::Absent) << none << true << true << none;
        QTest::addRow("wildcard") << int(CorsPolicy::AllowOrigin::Wildcard) << none << true << true
                                  << QStringList {QStringLiteral("*")};
        QTest::addRow("echo allowed") << int(CorsPolicy::AllowOrigin::Echo) << none << true << true
                                      << QStringList {QStringLiteral("${page}")};
        QTest::addRow("echo not on the allowlist")
            << int(CorsPolicy::AllowOrigin::Echo) << none << true << false << none;
        QTest::addRow("fixed with slash")
            << int(CorsPolicy::AllowOrigin::Fixed) << QStringList {QStringLiteral("${page}/")} << true << true
            << QStringList {QStringLiteral("${page}/")};
        QTest::addRow("multiple as lines")
            << int(CorsPolicy::AllowOrigin::Multiple)
            << QStringList {QStringLiteral("${page}"), QStringLiteral("http://a")} << true << true
            << QStringList {QStringLiteral("${page}"), QStringLiteral("http://a")};
        QTest::addRow("multiple as list") << int(CorsPolicy::AllowOrigin::Multiple)
                                          << QStringList {QStringLiteral("${page}"), QStringLiteral("http://a")}
                                          << false << true << QStringList {QStringLiteral("${page}, http://a")};
        QTest::addRow("null") << int(CorsPolicy::AllowOrigin::Null) << none << true << true
                              << QStringList {QStringLiteral("null")};
    }

    void allowOrigin()
    {
        QFETCH(int, mode);
        QFETCH(QStringList, values);
        QFETCH(bool, asLines);
        QFETCH(bool, fromPage);
        QFETCH(QStringList, expected);
        Scenario s;
        s.cors.allowOrigin = CorsPolicy::AllowOrigin(mode);
        s.cors.values = values;
        s.cors.multipleAsLines = asLines;
        start(s);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.request("GET", "/events", {fromPage ? originHeader() : QByteArray("Origin: http://evil.example")});
        QVERIFY(http.readHead());
        QList<QByteArray> wanted;
        for (QString value : expected) {
            wanted.append(value.replace(QStringLiteral("${page}"), QString::fromLatin1(pageOrigin())).toUtf8());
        }
        QCOMPARE(http.header("Access-Control-Allow-Origin"), wanted);
    }

    void credentialsVaryAndExpose()
    {
        Scenario s;
        s.cors.allowOrigin = CorsPolicy::AllowOrigin::Echo;
        s.cors.allowCredentials = QStringLiteral("True");
        s.cors.varyOrigin = true;
        s.cors.exposeHeaders = {QStringLiteral("X-A"), QStringLiteral("X-B")};
        start(s);
        RawHttp http;
        openStream(http);
        QCOMPARE(http.header("Access-Control-Allow-Credentials"), QList<QByteArray> {"True"});
        QCOMPARE(http.header("Vary"), QList<QByteArray> {"Origin"});
        QCOMPARE(http.header("Access-Control-Expose-Headers"), QList<QByteArray> {"X-A, X-B"});

        s.cors.allowCredentials.reset();
        s.cors.varyOrigin = false;
        m_server->setScenario(s);
        RawHttp second;
        QTRY_VERIFY([&] {
            RawHttp probe;
            openStream(probe);
            return probe.header("Vary").isEmpty();
        }());
        openStream(second);
        QVERIFY(second.header("Access-Control-Allow-Credentials").isEmpty());
    }

    void preflight()
    {
        Scenario s;
        s.cors.allowOrigin = CorsPolicy::AllowOrigin::Echo;
        s.cors.preflight.status = 200;
        s.cors.preflight.allowMethods = QStringLiteral("GET, POST");
        s.cors.preflight.allowHeaders = QStringLiteral("Authorization");
        s.cors.preflight.maxAge = 600;
        start(s);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.request("OPTIONS", "/events",
            {originHeader(), "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization"});
        QVERIFY(http.readHead());
        QCOMPARE(http.status(), 200);
        QCOMPARE(http.header("Access-Control-Allow-Origin"), QList<QByteArray> {pageOrigin()});
        QCOMPARE(http.header("Access-Control-Allow-Methods"), QList<QByteArray> {"GET, POST"});
        QCOMPARE(http.header("Access-Control-Allow-Headers"), QList<QByteArray> {"Authorization"});
        QCOMPARE(http.header("Access-Control-Max-Age"), QList<QByteArray> {"600"});
    }

    void preflightNotHandled()
    {
        Scenario s;
        s.cors.preflight.handle = false;
        start(s);
        RawHttp http;
        QVERIFY(http.connectTo(apiPort()));
        http.request("OPTIONS", "/events", {originHeader(), "Access-Control-Request-Method: GET"});
        QVERIFY(http.readHead());
        QCOMPARE(http.status(), 405);
        QVERIFY(http.header("Access-Control-Allow-Origin").isEmpty());
    }

    void auth_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QList<QByteArray>>("headers");
        QTest::addColumn<int>("status");

        const int cookie = int(AuthPolicy::Mode::Cookie);
        const int bearer = int(AuthPolicy::Mode::Bearer);
        const int query = int(AuthPolicy::Mode::QueryToken);
        QTest::addRow("cookie missing") << cookie << QByteArray("/events") << QList<QByteArray> {} << 403;
        QTest::addRow("cookie wrong") << cookie << QByteArray("/events") << QList<QByteArray> {"Cookie: session=nope"}
                                      << 403;
        QTest::addRow("cookie among others")
            << cookie << QByteArray("/events") << QList<QByteArray> {"Cookie: a=1; session=s3cret; b=2"} << 200;
        QTest::addRow("bearer missing") << bearer << QByteArray("/events") << QList<QByteArray> {} << 403;
        QTest::addRow("bearer right") << bearer << QByteArray("/events")
                                      << QList<QByteArray> {"Authorization: Bearer s3cret"} << 200;
        QTest::addRow("query missing") << query << QByteArray("/events") << QList<QByteArray> {} << 403;
        QTest::addRow("query right") << query << QByteArray("/events?access_token=s3cret") << QList<QByteArray> {}
                                     << 200;
    }

    void auth()
    {
        QFETCH(int, mode);
        QFETCH(QByteArray, target);
        QFETCH(QList<QByteArray>, headers);
        QFETCH(int, status);
        Scenario s;
        s.auth.mode = AuthPolicy::Mode(mode);
        s.auth.unauthorizedStatus = 403;
        start(s);
        RawHttp http;
        openStream(http, target, headers);
        QCOMPARE(http.status(), status);
        // The refusal carries the scenario's CORS headers, so a browser sees the status.
        QCOMPARE(http.header("Access-Control-Allow-Origin"), QList<QByteArray> {"*"});
    }

    void loginSetsTheCookie()
    {
        Scenario s;
        s.cors.allowOrigin = CorsPolicy::AllowOrigin::Echo;
        s.cors.allowCredentials = QStringLiteral("true");
        s.auth.cookie.sameSite = CookieSpec::SameSite::None;
        s.auth.cookie.secure = true;
        s.auth.cookie.partitioned = true;
        s.auth.cookie.domain = QStringLiteral("127.0.0.1");
        s.auth.cookie.maxAge = 120;
        start(s);
        for (const QByteArray &method : {QByteArray("POST"), QByteArray("GET")}) {
            RawHttp http;
            QVERIFY(http.connectTo(apiPort()));
            http.request(method, "/login", {originHeader()});
            QVERIFY(http.readUntil([](const QByteArray &d) { return d.contains("\r\n\r\n") && d.endsWith("}\n"); }));
            QCOMPARE(http.status(), 200);
            QCOMPARE(http.header("Set-Cookie"),
                QList<QByteArray> {"session=s3cret; Domain=127.0.0.1; Path=/; Max-Age=120; SameSite=None; Secure; "
                                   "HttpOnly; Partitioned"});
            QCOMPARE(http.header("Access-Control-Allow-Origin"), QList<QByteArray> {pageOrigin()});
            QCOMPARE(http.header("Access-Control-Allow-Credentials"), QList<QByteArray> {"true"});
        }
    }

    void responseHeaders()
    {
        Scenario s;
        s.response.contentType = QStringLiteral("text/event-stream; charset=iso-8859-1");
        s.response.cacheControl = QStringLiteral("no-cache, no-transform");
        s.response.accelBuffering = QStringLiteral("no");
        s.response.contentTypeOptions = QStringLiteral("nosniff");
        s.response.extraHeaders = HttpHeaders {{"X-Extra", "1"}, {"X-Extra", "2"}};
        start(s);
        RawHttp http;
        openStream(http);
        QCOMPARE(http.data().left(15), QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(http.headerLines(),
            (QList<QByteArray> {"Content-Type: text/event-stream; charset=iso-8859-1",
                "Cache-Control: no-cache, no-transform", "X-Accel-Buffering: no", "X-Content-Type-Options: nosniff",
                "Access-Control-Allow-Origin: *", "X-Extra: 1", "X-Extra: 2", "Transfer-Encoding: chunked"}));
    }

    void statusOtherThan200_data()
    {
        QTest::addColumn<int>("status");
        QTest::addRow("204") << 204;
        QTest::addRow("500") << 500;
    }

    void statusOtherThan200()
    {
        QFETCH(int, status);
        Scenario s;
        s.response.status = status;
        start(s);
        RawHttp http;
        openStream(http);
        QCOMPARE(http.status(), status);
        QCOMPARE(http.header("Access-Control-Allow-Origin"), QList<QByteArray> {"*"});
        if (status == 204) {
            QVERIFY(http.header("Content-Length").isEmpty());
            http.idle(100);
            QVERIFY(http.body().isEmpty());
        } else {
            QVERIFY(http.header("Transfer-Encoding").isEmpty());
            QVERIFY(http.readUntilContains("status 500\n"));
        }
    }

    void redirect_data()
    {
        QTest::addColumn<bool>("withCors");
        QTest::addRow("with CORS") << true;
        QTest::addRow("without CORS") << false;
    }

    void redirect()
    {
        QFETCH(bool, withCors);
        Scenario s;
        s.response.redirect.enabled = true;
        s.response.redirect.status = 307;
        s.response.redirect.withCors = withCors;
        start(s);
        RawHttp http;
        openStream(http);
        QCOMPARE(http.status(), 307);
        QCOMPARE(http.header("Location"), QList<QByteArray> {m_server->apiUrl().toString().toUtf8() + "/stream"});
        QCOMPARE(http.header("Access-Control-Allow-Origin").isEmpty(), !withCors);
        RawHttp target;
        openStream(target, "/stream");
        QCOMPARE(target.status(), 200);
        QVERIFY(target.readUntil(
            [](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("id: 1\n"); }));
    }

    void recordsEveryExchange()
    {
        start(fastStream());
        QSignalSpy started(m_server.get(), &MockServerController::exchangeStarted);
        QSignalSpy events(m_server.get(), &MockServerController::eventsWritten);
        QSignalSpy finished(m_server.get(), &MockServerController::exchangeFinished);
        {
            RawHttp http;
            openStream(http, "/events", {"Last-Event-ID: 7"});
            QVERIFY(http.readUntil(
                [](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).count("data: ") >= 3; }));
        } // the client goes away
        QTRY_COMPARE(finished.size(), 1);
        const ServerExchange e = finished.at(0).at(0).value<ServerExchange>();
        QCOMPARE(e.kind, ServerExchange::Kind::Stream);
        QCOMPARE(e.end, ServerExchange::End::ClientClosed);
        QCOMPARE(e.origin, QStringLiteral("api"));
        QCOMPARE(e.request.method, QByteArray("GET"));
        QCOMPARE(e.request.url.path(), QStringLiteral("/events"));
        QCOMPARE(e.request.headers.combinedValue("origin"), pageOrigin());
        QCOMPARE(e.request.headers.combinedValue("last-event-id"), QByteArray("7"));
        QCOMPARE(e.response.status, 200);
        QCOMPARE(e.response.headers.combinedValue("content-type"), QByteArray("text/event-stream"));
        QVERIFY(e.startedUs <= e.headersSentUs && e.headersSentUs <= e.endedUs);
        QVERIFY(e.eventCount >= 3);
        QCOMPARE(quint64(e.events.size()), e.eventCount);
        for (int i = 0; i < e.events.size(); ++i) {
            QCOMPARE(e.events.at(i).sequence, quint64(i + 1));
            QCOMPARE(e.events.at(i).id, QByteArray::number(i + 1));
            QCOMPARE(e.events.at(i).type, QByteArray("tick"));
            if (i > 0) {
                QVERIFY(e.events.at(i).writtenUs >= e.events.at(i - 1).writtenUs);
                QCOMPARE(e.events.at(i).bodyOffset, e.events.at(i - 1).bodyOffset + e.events.at(i - 1).size);
            }
        }
        QVERIFY(e.bodyBytes >= e.events.constLast().bodyOffset + e.events.constLast().size);
        QVERIFY(e.wireBytes > e.bodyBytes);
        QVERIFY(!started.isEmpty());
        QVERIFY(!events.isEmpty());
        const QList<ServerExchange> kept = m_server->recentExchanges();
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.constFirst().end, ServerExchange::End::ClientClosed);
    }

    void scenarioEditsApplyToNewConnections()
    {
        start(fastStream());
        RawHttp first;
        openStream(first);
        Scenario edited = fastStream();
        edited.stream.generator.eventTypes = {QStringLiteral("other")};
        edited.cors.allowOrigin = CorsPolicy::AllowOrigin::Null;
        m_server->setScenario(edited);
        QCOMPARE(m_server->scenario(), edited);
        QTRY_VERIFY([&] {
            RawHttp probe;
            openStream(probe);
            return probe.header("Access-Control-Allow-Origin") == QList<QByteArray> {"null"};
        }());
        RawHttp second;
        openStream(second);
        QVERIFY(second.readUntil(
            [](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).contains("event: other"); }));
        // The stream that was already open keeps the scenario it started with.
        QVERIFY(
            first.readUntil([](const QByteArray &d) { return RawHttp::dechunk(RawHttp::body(d)).count("\n\n") >= 5; }));
        QVERIFY(!RawHttp::dechunk(first.body()).contains("event: other"));
        QCOMPARE(first.header("Access-Control-Allow-Origin"), QList<QByteArray> {"*"});
    }

    void testPageAndReport()
    {
        Scenario s = PresetLibrary::preset(QStringLiteral("credentials-cookie")).value();
        s.title = QStringLiteral("</script><b>");
        start(s);
        RawHttp page;
        QVERIFY(page.connectTo(pagePort(), QStringLiteral("localhost")));
        page.request("GET", "/?window=1000");
        QVERIFY(page.readUntil([](const QByteArray &d) { return d.contains("</html>"); }));
        QCOMPARE(page.status(), 200);
        QCOMPARE(page.header("Content-Type"), QList<QByteArray> {"text/html; charset=utf-8"});
        const QByteArray html = page.body();
        QVERIFY(!html.contains("__SSESCOPE_CONFIG__"));
        QVERIFY2(!html.contains("</script><b>"), "the injected config cannot close the script element");
        const qsizetype start = html.indexOf("application/json\">") + 18;
        const QJsonObject config
            = QJsonDocument::fromJson(html.mid(start, html.indexOf("</script>", start) - start)).object();
        QCOMPARE(config.value(QLatin1String("title")).toString(), s.title);
        QCOMPARE(config.value(QLatin1String("streamUrl")).toString(),
            m_server->apiUrl().toString() + QStringLiteral("/events"));
        QCOMPARE(config.value(QLatin1String("withCredentials")).toBool(), true);
        QCOMPARE(config.value(QLatin1String("login")).toBool(), true);
        QCOMPARE(config.value(QLatin1String("mode")).toString(), QStringLiteral("eventsource"));

        QSignalSpy reports(m_server.get(), &MockServerController::reportReceived);
        RawHttp post;
        QVERIFY(post.connectTo(pagePort()));
        post.request("POST", "/report", {"Content-Type: application/json"}, "{\"opened\":true,\"events\":3}");
        QVERIFY(post.readHead());
        QCOMPARE(post.status(), 204);
        QTRY_COMPARE(reports.size(), 1);
        QCOMPARE(reports.at(0).at(0).toJsonObject().value(QLatin1String("events")).toInt(), 3);

        RawHttp bad;
        QVERIFY(bad.connectTo(pagePort()));
        bad.request("POST", "/report", {}, "not json");
        QVERIFY(bad.readHead());
        QCOMPARE(bad.status(), 400);
    }

    void originsAreCrossSite()
    {
        start(Scenario {});
        QCOMPARE(m_server->apiUrl().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(m_server->pageUrl().host(), QStringLiteral("localhost"));
        QVERIFY(apiPort() != pagePort());
        RawHttp wrongOrigin; // the page origin does not serve the stream
        QVERIFY(wrongOrigin.connectTo(pagePort()));
        wrongOrigin.request("GET", "/events");
        QVERIFY(wrongOrigin.readHead());
        QCOMPARE(wrongOrigin.status(), 404);
    }
};

QTEST_GUILESS_MAIN(tst_MockServer)
#include "tst_mockserver.moc"
