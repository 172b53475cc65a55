// The fetch POST model end to end (issue 18): the body's headers on the wire and in the preflight,
// the init's TypeErrors as a plan that is never sent, the redirects of a POST (Fetch §4.4
// HTTP-redirect fetch step 12), and what the page's `response.headers.get()` calls return, carried
// by the Decision and folded into the Verdict.

#include "modeltesthelpers.h"

#include <browser/verdict.h>

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

namespace {

const QUrl kChat(QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"));

RequestIntent post(const HttpHeaders &headers = {}, const QByteArray &method = "POST", bool body = true)
{
    RequestIntent intent;
    intent.url = kChat;
    intent.mode = RequestMode::Fetch;
    intent.method = method;
    intent.extraHeaders = headers;
    intent.hasBody = body;
    intent.body = body ? QByteArrayLiteral("{\"stream\":true}") : QByteArray();
    return intent;
}

QByteArray preflightHeaders(const RequestHead &preflight)
{
    return preflight.headers.combinedValue(QByteArrayLiteral("Access-Control-Request-Headers"));
}

} // namespace

class FetchPostModelTest : public QObject
{
    Q_OBJECT

private slots:
    // Fetch §5.4 step 36 + §5.2 "extract a body": a string body without a Content-Type from the
    // page goes out as text/plain;charset=UTF-8 — safelisted, so a POST with it needs no preflight;
    // application/json is not safelisted (Fetch "CORS-safelisted request-header") and does.
    void bodyHeadersDecideThePreflight_data()
    {
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<QByteArray>("contentType"); // on the stream request
        QTest::addColumn<bool>("preflight");
        QTest::addColumn<QByteArray>("requestHeaders"); // Access-Control-Request-Headers

        QTest::newRow("default text/plain") << HttpHeaders() << QByteArray("text/plain;charset=UTF-8") << false
                                            << QByteArray();
        QTest::newRow("application/json") << HttpHeaders {{"Content-Type", "application/json"}}
                                          << QByteArray("application/json") << true << QByteArray("content-type");
        QTest::newRow("json + Authorization")
            << HttpHeaders {{"Content-Type", "application/json"}, {"Authorization", "Bearer x"}}
            << QByteArray("application/json") << true << QByteArray("authorization,content-type");
        QTest::newRow("form-urlencoded") << HttpHeaders {{"Content-Type", "application/x-www-form-urlencoded"}}
                                         << QByteArray("application/x-www-form-urlencoded") << false << QByteArray();
    }
    void bodyHeadersDecideThePreflight()
    {
        QFETCH(HttpHeaders, headers);
        QFETCH(QByteArray, contentType);
        QFETCH(bool, preflight);
        QFETCH(QByteArray, requestHeaders);

        EventSourceModel model(BrowserProfile::chromium(), page(), post(headers));
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.sent);
        QCOMPARE(plan.request.method, QByteArray("POST"));
        QVERIFY(plan.request.hasBody);
        QCOMPARE(plan.request.headers.values(QByteArrayLiteral("Content-Type")), QList<QByteArray> {contentType});
        // A POST is a non-GET/HEAD method: Origin goes out (Fetch §3.1), same-origin or not.
        QCOMPARE(plan.request.headers.combinedValue(QByteArrayLiteral("Origin")), QByteArray("http://localhost:5173"));
        QCOMPARE(plan.preflight.has_value(), preflight);
        if (preflight) {
            QCOMPARE(plan.preflight->method, QByteArray("OPTIONS"));
            QVERIFY(!plan.preflight->hasBody);
            QCOMPARE(plan.preflight->headers.combinedValue(QByteArrayLiteral("Access-Control-Request-Method")),
                QByteArray("POST"));
            QCOMPARE(preflightHeaders(*plan.preflight), requestHeaders);
        }
    }

    // Fetch §5.4 Request constructor steps 25 and 35: the TypeError is thrown before any request.
    void initTypeErrorSendsNothing_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("body");
        QTest::addColumn<QString>("console");

        QTest::newRow("GET with body") << QByteArray("GET") << true
                                       << QStringLiteral("Uncaught (in promise) TypeError: Failed to execute 'fetch' "
                                                         "on 'Window': Request with GET/HEAD method cannot have body.");
        QTest::newRow("TRACE") << QByteArray("TRACE") << false
                               << QStringLiteral("Uncaught (in promise) TypeError: Failed to execute 'fetch' on "
                                                 "'Window': 'TRACE' HTTP method is unsupported.");
    }
    void initTypeErrorSendsNothing()
    {
        QFETCH(QByteArray, method);
        QFETCH(bool, body);
        QFETCH(QString, console);

        EventSourceModel model(BrowserProfile::chromium(), page(), post({}, method, body));
        const RequestPlan plan = model.planRequest();
        QVERIFY(!plan.sent);
        QCOMPARE(plan.readyState, ReadyState::Closed);
        QCOMPARE(ids(plan.findings), QStringList {QStringLiteral("fetch.init-type-error")});
        QCOMPARE(plan.console, QStringList {console});
        VerdictBuilder builder;
        builder.addPlan(plan);
        QCOMPARE(builder.outcome(), Outcome::Blocked);
    }

    // Fetch §4.4 HTTP-redirect fetch step 12: a 301 or 302 of a POST, and a 303 of any method but
    // GET/HEAD, continue as a GET with a null body and without the request-body-header names
    // (Content-Type here); 307 and 308 keep method, body and Content-Type. Same-origin redirect, so
    // nothing else (step 13's Authorization removal) interferes.
    void postRedirect_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("nextMethod");
        QTest::addColumn<bool>("keepsBody");

        QTest::newRow("301 POST") << QByteArray("POST") << 301 << QByteArray("GET") << false;
        QTest::newRow("302 POST") << QByteArray("POST") << 302 << QByteArray("GET") << false;
        QTest::newRow("303 POST") << QByteArray("POST") << 303 << QByteArray("GET") << false;
        QTest::newRow("303 PUT") << QByteArray("PUT") << 303 << QByteArray("GET") << false;
        QTest::newRow("302 PUT keeps PUT") << QByteArray("PUT") << 302 << QByteArray("PUT") << true;
        QTest::newRow("307 POST") << QByteArray("POST") << 307 << QByteArray("POST") << true;
        QTest::newRow("308 POST") << QByteArray("POST") << 308 << QByteArray("POST") << true;
    }
    void postRedirect()
    {
        QFETCH(QByteArray, method);
        QFETCH(int, status);
        QFETCH(QByteArray, nextMethod);
        QFETCH(bool, keepsBody);

        // Same-origin page and stream, so no preflight either way; Content-Language is a
        // request-body-header name as well, X-Trace is not.
        RequestIntent intent = post(
            {{"Content-Type", "application/json"}, {"Content-Language", "de"}, {"X-Trace", "1"}}, method);
        intent.url = QUrl(QStringLiteral("http://localhost:5173/v1/chat/completions"));
        EventSourceModel model(BrowserProfile::chromium(), page(), intent);
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.sent);
        QVERIFY(!plan.preflight);
        QVERIFY(plan.request.hasBody);

        const Decision hop = model.onResponse(response(status, {{"Location", "/v2/chat"}}));
        QCOMPARE(hop.action, NextAction::SendRequest);
        QVERIFY(hop.request);
        QCOMPARE(hop.request->method, nextMethod);
        QCOMPARE(hop.request->url, QUrl(QStringLiteral("http://localhost:5173/v2/chat")));
        QCOMPARE(hop.request->hasBody, keepsBody);
        QCOMPARE(hop.request->headers.contains(QByteArrayLiteral("Content-Type")), keepsBody);
        QCOMPARE(hop.request->headers.contains(QByteArrayLiteral("Content-Language")), keepsBody);
        QVERIFY(hop.request->headers.contains(QByteArrayLiteral("X-Trace")));
    }

    // After a 303 turned a cross-origin POST with application/json into a GET, the preflight of the
    // next hop no longer names content-type (only the headers that remain, Fetch §4.8).
    void redirectedGetPreflightsWithoutBodyHeaders()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(),
            post({{"Content-Type", "application/json"}, {"X-Client", "chat"}}));
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.preflight);
        QCOMPARE(preflightHeaders(*plan.preflight), QByteArray("content-type,x-client"));
        const HttpHeaders allow {{"Access-Control-Allow-Origin", "http://localhost:5173"},
            {"Access-Control-Allow-Headers", "content-type, x-client"}};
        QCOMPARE(model.onPreflightResponse(response(204, allow)).action, NextAction::SendRequest);
        HttpHeaders redirect = allow;
        redirect.append(QByteArrayLiteral("Location"), QByteArrayLiteral("/v1/result"));
        const Decision hop = model.onResponse(response(303, redirect));
        QCOMPARE(hop.action, NextAction::SendRequest);
        QCOMPARE(hop.request->method, QByteArray("GET"));
        QVERIFY(!hop.request->hasBody);
        QVERIFY(hop.preflight);
        QCOMPARE(preflightHeaders(*hop.preflight), QByteArray("x-client"));
        QCOMPARE(hop.preflight->headers.combinedValue(QByteArrayLiteral("Access-Control-Request-Method")),
            QByteArray("GET"));
    }

    // A cross-origin redirect hop of a request that was preflighted: Chromium preflights the hop
    // only when the redirected request needs it; Firefox preflights every hop of a request that
    // needed one, even one a 303 / 302 turned into a plain GET (observed Firefox ESR 153,
    // conformance cases fetch.put-redirect-303 and post.redirect-302-json: OPTIONS with
    // Access-Control-Request-Method GET and no request headers; Chromium 156: the GET alone).
    // WebKitGTK 2.50 preflights the hop too, and still lists the Content-Type the 302 dropped
    // (observed, case post.redirect-302-json: OPTIONS with ACRM GET and ACRH content-type).
    void redirectHopOfAPreflightedRequest_data()
    {
        QTest::addColumn<QString>("browser");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("hopPreflighted");
        QTest::addColumn<QByteArray>("listed"); // the hop preflight's Access-Control-Request-Headers

        QTest::newRow("chromium, PUT 303 (case fetch.put-redirect-303)")
            << QStringLiteral("chromium") << QByteArray("PUT") << QByteArray() << 303 << false << QByteArray();
        QTest::newRow("firefox, PUT 303 (case fetch.put-redirect-303)")
            << QStringLiteral("firefox") << QByteArray("PUT") << QByteArray() << 303 << true << QByteArray();
        QTest::newRow("chromium, JSON POST 302 (case post.redirect-302-json)")
            << QStringLiteral("chromium") << QByteArray("POST") << QByteArray("application/json") << 302 << false
            << QByteArray();
        QTest::newRow("firefox, JSON POST 302 (case post.redirect-302-json)")
            << QStringLiteral("firefox") << QByteArray("POST") << QByteArray("application/json") << 302 << true
            << QByteArray();
        QTest::newRow("safari, JSON POST 302 (case post.redirect-302-json)")
            << QStringLiteral("safari") << QByteArray("POST") << QByteArray("application/json") << 302 << true
            << QByteArray("content-type");
        QTest::newRow("chromium, JSON POST 307 keeps what needs it (case post.redirect-307-json)")
            << QStringLiteral("chromium") << QByteArray("POST") << QByteArray("application/json") << 307 << true
            << QByteArray("content-type");
    }
    void redirectHopOfAPreflightedRequest()
    {
        QFETCH(QString, browser);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(bool, hopPreflighted);
        QFETCH(QByteArray, listed);

        HttpHeaders headers;
        if (!contentType.isEmpty()) {
            headers.append(QByteArrayLiteral("Content-Type"), contentType);
        }
        EventSourceModel model(BrowserProfile::fromName(browser), page(), post(headers, method));
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.preflight);
        const HttpHeaders allow {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "PUT"},
            {"Access-Control-Allow-Headers", "Content-Type"}};
        QCOMPARE(model.onPreflightResponse(response(204, allow)).action, NextAction::SendRequest);
        HttpHeaders redirect = allow;
        redirect.append(QByteArrayLiteral("Location"), QByteArrayLiteral("/v1/stream2"));
        const Decision hop = model.onResponse(response(status, redirect));
        QCOMPARE(hop.action, NextAction::SendRequest);
        QCOMPARE(hop.preflight.has_value(), hopPreflighted);
        if (hop.preflight) {
            QCOMPARE(hop.preflight->headers.combinedValue(QByteArrayLiteral("Access-Control-Request-Method")),
                hop.request->method);
            QCOMPARE(preflightHeaders(*hop.preflight), listed);
            // The hop's preflight passes: the GET goes out after it.
            QCOMPARE(model.onPreflightResponse(response(204, allow)).action, NextAction::SendRequest);
        }
    }

    // Fetch §3.2.3 / §4.1 main fetch step 14.3 on the response fetch() resolves with: the Decision
    // says what each named header reads as, and the Verdict keeps it.
    void readHeadersReachTheVerdict_data()
    {
        QTest::addColumn<QByteArray>("expose");
        QTest::addColumn<int>("status");
        QTest::addColumn<QVariant>("sessionId"); // null QVariant: get() returns null
        QTest::addColumn<QStringList>("findings");

        QTest::newRow("exposed") << QByteArray("Mcp-Session-Id") << 200 << QVariant(QByteArray("s-1"))
                                 << QStringList();
        QTest::newRow("not exposed") << QByteArray() << 200 << QVariant()
                                     << QStringList {QStringLiteral("fetch.header-not-exposed")};
        QTest::newRow("not exposed, 404 still resolves")
            << QByteArray() << 404 << QVariant()
            << QStringList {QStringLiteral("fetch.header-not-exposed"), QStringLiteral("fetch.not-ok-status")};
    }
    void readHeadersReachTheVerdict()
    {
        QFETCH(QByteArray, expose);
        QFETCH(int, status);
        QFETCH(QVariant, sessionId);
        QFETCH(QStringList, findings);

        RequestIntent intent = post();
        intent.readHeaders = {QByteArrayLiteral("Mcp-Session-Id"), QByteArrayLiteral("Content-Type")};
        EventSourceModel model(BrowserProfile::chromium(), page(), intent);
        VerdictBuilder builder;
        const RequestPlan plan = model.planRequest();
        QVERIFY(!plan.preflight); // text/plain body: a simple request
        builder.addPlan(plan);
        HttpHeaders headers {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
            {"Mcp-Session-Id", "s-1"}};
        if (!expose.isEmpty()) {
            headers.append(QByteArrayLiteral("Access-Control-Expose-Headers"), expose);
        }
        const Decision decision = model.onResponse(response(status, headers));
        builder.addDecision(decision);
        // Only the fetch.* findings: the production checks (Cache-Control, …) are not the point here.
        QCOMPARE(ids(decision.findings).filter(QRegularExpression(QStringLiteral("^fetch\\."))), findings);
        QCOMPARE(decision.readHeaders.size(), 2);
        QCOMPARE(decision.readHeaders.at(1).reason, ReadHeaderReason::Safelisted);
        const Verdict &verdict = builder.verdict();
        QCOMPARE(verdict.readHeaders, decision.readHeaders);
        const std::optional<QByteArray> read = readHeaderValue(verdict, "mcp-session-id");
        QCOMPARE(read.has_value(), sessionId.isValid());
        if (read) {
            QCOMPARE(*read, sessionId.toByteArray());
        }
        QCOMPARE(readHeaderValue(verdict, "Content-Type"), std::optional<QByteArray>("text/event-stream"));
    }

    // A response the CORS check fails never reaches the page: no read, every get() is moot (null).
    void blockedResponseReadsNothing()
    {
        RequestIntent intent = post();
        intent.readHeaders = {QByteArrayLiteral("Mcp-Session-Id")};
        EventSourceModel model(BrowserProfile::chromium(), page(), intent);
        VerdictBuilder builder;
        builder.addPlan(model.planRequest());
        const Decision decision
            = model.onResponse(response(200, {{"Content-Type", "text/event-stream"}, {"Mcp-Session-Id", "s-1"}}));
        builder.addDecision(decision);
        QCOMPARE(decision.action, NextAction::FailConnection);
        QVERIFY(decision.readHeaders.isEmpty());
        QCOMPARE(builder.outcome(), Outcome::Blocked);
        QCOMPARE(readHeaderValue(builder.verdict(), "Mcp-Session-Id"), std::nullopt);
    }

    // A fetch reader's stream in application/json: the browser delivers it, the reader rejects it.
    void jsonInsteadOfStreamIsFound()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), post());
        model.planRequest();
        const Decision decision = model.onResponse(
            response(200, {{"Content-Type", "application/json"}, {"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(decision.action, NextAction::Continue);
        QVERIFY(ids(decision.findings).contains(QStringLiteral("fetch.not-event-stream")));
    }
};

QTEST_APPLESS_MAIN(FetchPostModelTest)
#include "tst_fetchpostmodel.moc"
