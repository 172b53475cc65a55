// EventSourceModel in fetch-streaming mode, a GET with the page's own headers (Fetch §4.8
// CORS-preflight fetch and its cache, the credentials modes): the preflight and each of its
// failures, the preflight cache, cookies per credentials mode, a status that is not ok, and the
// request headers Fetch forbids or drops on a cross-origin hop. A POST with a body: tst_fetchpostmodel.

#include "modeltesthelpers.h"

#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

class tst_FetchModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // Observed Chromium 156, fetch-streaming mode.
    void fetchPreflight_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<ResponseHead>("preflightAnswer");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<QStringList>("console");
        QTest::addColumn<QStringList>("findings");

        const QByteArray o = "http://localhost:5173";
        const QString chromium = QStringLiteral("chromium");
        const QString prefix = QStringLiteral(
            "Access to fetch at 'http://127.0.0.1:8080/events' from origin 'http://localhost:5173' has been blocked by "
            "CORS policy: ");
        QTest::addRow("echo + ACAH Authorization: works")
            << chromium
            << response(204,
                   {{"Access-Control-Allow-Origin", o}, {"Access-Control-Allow-Headers", "Authorization"},
                       {"Access-Control-Max-Age", "600"}})
            << NextAction::SendRequest << QStringList() << QStringList();
        QTest::addRow("star + ACAH star: works in Chromium, with a warning")
            << chromium << response(204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}})
            << NextAction::SendRequest << QStringList()
            << QStringList {
                   QStringLiteral("preflight.max-age-missing"), QStringLiteral("preflight.authorization-wildcard")};
        // Observed Firefox ESR 153 (tests/browser case fetch.auth-acah-star): `*` covers Authorization.
        QTest::addRow("star + ACAH star: Firefox ESR 153 accepts too")
            << QStringLiteral("firefox")
            << response(204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}})
            << NextAction::SendRequest << QStringList()
            << QStringList {
                   QStringLiteral("preflight.max-age-missing"), QStringLiteral("preflight.authorization-wildcard")};
        QTest::addRow("no ACAH: rejected")
            << chromium << response(204, {{"Access-Control-Allow-Origin", o}, {"Access-Control-Max-Age", "600"}})
            << NextAction::FailConnection
            << QStringList {prefix
                       + QStringLiteral("Request header field authorization is not allowed by "
                                        "Access-Control-Allow-Headers in preflight response."),
                   kFailedLine}
            << QStringList {QStringLiteral("preflight.header-not-allowed")};
        QTest::addRow("405 without CORS headers: rejected")
            << chromium << response(405, {{"Allow", "GET"}}) << NextAction::FailConnection
            << QStringList {prefix
                       + QStringLiteral("Response to preflight request doesn't pass access control check: No "
                                        "'Access-Control-Allow-Origin' header is present on the requested "
                                        "resource."),
                   kFailedLine}
            << QStringList {QStringLiteral("preflight.missing-allow-origin")};
        QTest::addRow("404 with CORS headers")
            << chromium << response(404, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::FailConnection
            << QStringList {prefix
                       + QStringLiteral("Response to preflight request doesn't pass access control check: It "
                                        "does not have HTTP ok status."),
                   kFailedLine}
            << QStringList {QStringLiteral("preflight.invalid-status")};
        QTest::addRow("redirected preflight")
            << chromium << response(301, {{"Location", "https://127.0.0.1/events"}}) << NextAction::FailConnection
            << QStringList {prefix
                       + QStringLiteral("Response to preflight request doesn't pass access control check: "
                                        "Redirect is not allowed for a preflight request."),
                   kFailedLine}
            << QStringList {QStringLiteral("preflight.redirect")};
        QTest::addRow("Max-Age above the cap")
            << chromium
            << response(204,
                   {{"Access-Control-Allow-Origin", o}, {"Access-Control-Allow-Headers", "authorization"},
                       {"Access-Control-Max-Age", "86400"}})
            << NextAction::SendRequest << QStringList() << QStringList {QStringLiteral("preflight.max-age-capped")};
    }

    void fetchPreflight()
    {
        QFETCH(QString, profile);
        QFETCH(ResponseHead, preflightAnswer);
        QFETCH(NextAction, action);
        QFETCH(QStringList, console);
        QFETCH(QStringList, findings);
        FakeCookies cookies;
        EventSourceModel model(
            BrowserProfile::fromName(profile), page(), fetchIntent({{"Authorization", "Bearer t0k3n"}}));
        model.setCookieProvider(&cookies);
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.preflight);
        QVERIFY(ids(plan.findings).contains(QStringLiteral("preflight.required")));
        QCOMPARE(plan.preflight->method, QByteArray("OPTIONS"));
        QCOMPARE(plan.preflight->headers.combinedValue("Access-Control-Request-Method"), QByteArray("GET"));
        QCOMPARE(plan.preflight->headers.combinedValue("Access-Control-Request-Headers"), QByteArray("authorization"));
        QCOMPARE(plan.preflight->headers.combinedValue("Origin"), QByteArray("http://localhost:5173"));
        QCOMPARE(plan.preflight->headers.combinedValue("Sec-Fetch-Mode"), QByteArray("cors"));
        QVERIFY(!plan.preflight->headers.contains("Authorization"));
        QVERIFY(!plan.preflight->headers.contains("Cookie"));
        QCOMPARE(plan.request.headers.combinedValue("Authorization"), QByteArray("Bearer t0k3n"));
        QCOMPARE(plan.request.headers.combinedValue("Accept"), QByteArray("*/*"));
        QVERIFY2(!plan.request.headers.contains("Cache-Control"), "fetch does not add Cache-Control");
        QVERIFY2(cookies.requests.isEmpty(), "same-origin credentials on a cross-origin fetch: no cookies");

        const Decision decision = model.onPreflightResponse(preflightAnswer);
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QCOMPARE(decision.console, console);
        QCOMPARE(ids(decision.findings), findings);
        if (action == NextAction::SendRequest) {
            QVERIFY(decision.request);
            QCOMPARE(decision.request->headers.combinedValue("Authorization"), QByteArray("Bearer t0k3n"));
            const Decision streamed = model.onResponse(goodStream());
            QCOMPARE(streamed.action, NextAction::Continue);
            QVERIFY(streamed.openFired);
            QCOMPARE(streamed.readyState, ReadyState::Open);
            // A fetch stream that ends stays ended.
            const Decision end = model.onEndOfBody();
            QCOMPARE(end.action, NextAction::FailConnection);
            QVERIFY(ids(end.findings).contains(QStringLiteral("fetch.no-reconnect")));
        } else {
            QCOMPARE(model.readyState(), ReadyState::Closed);
        }
    }

    // Each failed preflight check is reported with its own catalogue entry.
    void preflightFailuresAreFindings_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<HttpHeaders>("answer");
        QTest::addColumn<QString>("finding");
        const QByteArray o = "http://localhost:5173";
        QTest::addRow("wildcard with credentials")
            << QByteArray("GET") << HttpHeaders {{"Access-Control-Allow-Origin", "*"}}
            << QStringLiteral("preflight.wildcard-with-credentials");
        QTest::addRow("two values") << QByteArray(
            "GET") << HttpHeaders {{"Access-Control-Allow-Origin", o}, {"Access-Control-Allow-Origin", o}}
                                    << QStringLiteral("preflight.multiple-allow-origin");
        QTest::addRow("invalid value") << QByteArray("GET")
                                       << HttpHeaders {{"Access-Control-Allow-Origin", "example.com"}}
                                       << QStringLiteral("preflight.invalid-allow-origin");
        QTest::addRow("mismatch") << QByteArray("GET") << HttpHeaders {{"Access-Control-Allow-Origin", o + "/"}}
                                  << QStringLiteral("preflight.allow-origin-mismatch");
        QTest::addRow("no ACAC") << QByteArray("GET") << HttpHeaders {{"Access-Control-Allow-Origin", o}}
                                 << QStringLiteral("preflight.invalid-allow-credentials");
        QTest::addRow("method not allowed")
            << QByteArray("DELETE")
            << HttpHeaders {{"Access-Control-Allow-Origin", o}, {"Access-Control-Allow-Credentials", "true"},
                   {"Access-Control-Allow-Headers", "authorization"}, {"Access-Control-Allow-Methods", "*"}}
            << QStringLiteral("preflight.method-not-allowed");
    }

    void preflightFailuresAreFindings()
    {
        QFETCH(QByteArray, method);
        QFETCH(HttpHeaders, answer);
        QFETCH(QString, finding);
        RequestIntent intent = fetchIntent({{"Authorization", "Bearer x"}}, CredentialsMode::Include);
        intent.method = method;
        EventSourceModel model(BrowserProfile::chromium(), page(), intent);
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.preflight);
        QCOMPARE(plan.preflight->headers.combinedValue("Access-Control-Request-Method"), method);
        const Decision decision = model.onPreflightResponse(response(204, answer));
        QCOMPARE(decision.action, NextAction::FailConnection);
        QCOMPARE(ids(decision.findings), QStringList {finding});
        QVERIFY(decision.console.value(0).startsWith(QStringLiteral("Access to fetch at ")));
    }

    void fetchWithoutCustomHeaderHasNoPreflight()
    {
        // Observed Chromium 156: no custom header → no preflight; works with ACAO *.
        EventSourceModel model(BrowserProfile::chromium(), page(), fetchIntent({}));
        const RequestPlan plan = model.planRequest();
        QVERIFY(!plan.preflight);
        QCOMPARE(model.onResponse(goodStream()).action, NextAction::Continue);
    }

    void preflightCacheSkipsTheSecondPreflight()
    {
        PreflightCache cache;
        const HttpHeaders auth {{"Authorization", "Bearer x"}};
        EventSourceModel first(BrowserProfile::chromium(), page(), fetchIntent(auth));
        first.setPreflightCache(&cache);
        QVERIFY(first.planRequest(1000).preflight);
        first.onPreflightResponse(
            response(204,
                {{"Access-Control-Allow-Origin", "http://localhost:5173"},
                    {"Access-Control-Allow-Headers", "authorization"}, {"Access-Control-Max-Age", "60"}}),
            1000);
        EventSourceModel second(BrowserProfile::chromium(), page(), fetchIntent(auth));
        second.setPreflightCache(&cache);
        const RequestPlan cached = second.planRequest(30000);
        QVERIFY(!cached.preflight);
        QVERIFY(cached.preflightFromCache);
        QCOMPARE(second.onResponse(goodStream()).action, NextAction::Continue);
        EventSourceModel third(BrowserProfile::chromium(), page(), fetchIntent(auth));
        third.setPreflightCache(&cache);
        QVERIFY2(third.planRequest(61001).preflight, "expired after Max-Age");
        // Credentialed requests are not served by an entry made without credentials.
        EventSourceModel credentialed(BrowserProfile::chromium(), page(), fetchIntent(auth, CredentialsMode::Include));
        credentialed.setPreflightCache(&cache);
        QVERIFY(credentialed.planRequest(2000).preflight);
    }

    void fetchCredentialsModes_data()
    {
        QTest::addColumn<CredentialsMode>("credentials");
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<bool>("cookie");
        QTest::addRow("omit, same-origin")
            << CredentialsMode::Omit << QUrl(QStringLiteral("http://localhost:5173/e")) << false;
        QTest::addRow("same-origin, same-origin")
            << CredentialsMode::SameOrigin << QUrl(QStringLiteral("http://localhost:5173/e")) << true;
        QTest::addRow("same-origin, cross-origin") << CredentialsMode::SameOrigin << kStream << false;
        QTest::addRow("include, cross-origin") << CredentialsMode::Include << kStream << true;
    }

    void fetchCredentialsModes()
    {
        QFETCH(CredentialsMode, credentials);
        QFETCH(QUrl, url);
        QFETCH(bool, cookie);
        FakeCookies cookies;
        EventSourceModel model(BrowserProfile::chromium(), page(), fetchIntent({}, credentials, url));
        model.setCookieProvider(&cookies);
        QCOMPARE(model.planRequest().request.headers.contains("Cookie"), cookie);
    }

    void fetchNotOk()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), fetchIntent({}));
        model.planRequest();
        const Decision decision = model.onResponse(
            response(401, {{"Access-Control-Allow-Origin", "*"}, {"Content-Type", "application/json"}}));
        QCOMPARE(decision.action, NextAction::FailConnection);
        QVERIFY(!decision.openFired);
        QCOMPARE(ids(decision.findings), QStringList {QStringLiteral("fetch.not-ok-status")});
        QVERIFY(decision.console.isEmpty());
    }

    void fetchDropsAuthorizationOnCrossOriginHop()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), fetchIntent({{"Authorization", "Bearer x"}}));
        model.planRequest();
        model.onPreflightResponse(
            response(204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "authorization"}}));
        const Decision hop = model.onResponse(
            response(302, {{"Location", "http://127.0.0.2:9000/events"}, {"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(hop.action, NextAction::SendRequest);
        QVERIFY(!hop.request->headers.contains("Authorization"));
        QVERIFY2(!hop.preflight, "nothing unsafe left to preflight");
        QCOMPARE(hop.request->headers.combinedValue("Sec-Fetch-Mode"), QByteArray("cors"));
        QCOMPARE(hop.request->headers.combinedValue("Origin"), QByteArray("null"));
    }

    void fetchForbiddenHeaderDropped()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), fetchIntent({{"Cookie", "a=b"}, {"Host", "x"}}));
        const RequestPlan plan = model.planRequest();
        QVERIFY(!plan.request.headers.contains("Cookie"));
        QVERIFY(!plan.request.headers.contains("Host"));
        QCOMPARE(ids(plan.findings),
            (QStringList {QStringLiteral("request.forbidden-header"), QStringLiteral("request.forbidden-header")}));
        QVERIFY(!plan.preflight);
    }
};

QTEST_GUILESS_MAIN(tst_FetchModel)
#include "tst_fetchmodel.moc"
