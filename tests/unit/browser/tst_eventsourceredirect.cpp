// EventSourceModel across redirects (Fetch §4.4 HTTP-redirect fetch, with the CORS check on each
// cross-origin hop): the console of a denied redirect, the cookies and Origin of the next hop, the
// tainted origin, the URL a reconnect fetches, and the redirects that fail.

#include "modeltesthelpers.h"

#include <browser/cookiejar.h>
#include <browser/jarcookieprovider.h>

#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

class tst_EventSourceRedirect final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // Observed WebKitGTK 2.50 (cases es.302-no-cors, fetch.302-no-cors): the denied redirect is named.
    void webkitNamesTheDeniedRedirect()
    {
        EventSourceModel model(BrowserProfile::safari(), page(), eventSource());
        model.planRequest();
        const Decision decision = model.onResponse(response(302, {{"Location", "http://127.0.0.1:8080/stream"}}));
        QCOMPARE(decision.action, NextAction::FailConnection);
        QCOMPARE(decision.console,
            (QStringList {QStringLiteral("Cross-origin redirection to http://127.0.0.1:8080/stream denied by "
                                         "Cross-Origin Resource Sharing policy: Origin http://localhost:5173 is not "
                                         "allowed by Access-Control-Allow-Origin. Status code: 302"),
                QStringLiteral("EventSource cannot load http://127.0.0.1:8080/events due to access control checks.")}));
    }

    // Observed Chromium 156: a 302 without ACAO to a good stream fails, naming the first URL.
    void redirectWithoutCors()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        const Decision decision = model.onResponse(response(302, {{"Location", "http://127.0.0.1:8080/stream"}}));
        QCOMPARE(decision.action, NextAction::FailConnection);
        QCOMPARE(decision.console,
            (QStringList {kCorsPrefix
                    + QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the "
                                     "requested resource."),
                kFailedLine}));
        QCOMPARE(decision.cors.error, CorsError::MissingAllowOriginHeader);
    }

    void redirectFollowed()
    {
        FakeCookies cookies;
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource(kStream, true));
        model.setCookieProvider(&cookies);
        model.planRequest();
        const QByteArray o = "http://localhost:5173";
        const Decision hop = model.onResponse(response(307,
            {{"Location", "/stream"}, {"Access-Control-Allow-Origin", o},
                {"Access-Control-Allow-Credentials", "true"}}));
        QCOMPARE(hop.action, NextAction::SendRequest);
        QVERIFY(hop.request);
        QCOMPARE(hop.request->url, QUrl(QStringLiteral("http://127.0.0.1:8080/stream")));
        QCOMPARE(hop.request->headers.combinedValue("Origin"), o);
        QCOMPARE(hop.request->headers.combinedValue("Cookie"), QByteArray("sid=abc"));
        QVERIFY(ids(hop.findings).contains(QStringLiteral("http.redirect")));
        QCOMPARE(cookies.requests.size(), 2);
        QCOMPARE(cookies.requests.constLast().urlChain.size(), 2);
        QCOMPARE(model.urlChain().size(), 2);
        // The final response fails: the console names the final URL and the first one.
        const Decision final = model.onResponse(goodStream(o));
        QCOMPARE(final.console.value(0),
            QStringLiteral("Access to resource at 'http://127.0.0.1:8080/stream' (redirected from "
                           "'http://127.0.0.1:8080/events') from origin 'http://localhost:5173' has been blocked "
                           "by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the "
                           "response is '' which must be 'true' when the request's credentials mode is "
                           "'include'."));
        QCOMPARE(final.console.value(1), QStringLiteral("GET http://127.0.0.1:8080/stream net::ERR_FAILED"));
        // CLOSED for good: no new attempt.
        const RequestPlan after = model.planRequest();
        QVERIFY(!after.sent);
        QCOMPARE(after.readyState, ReadyState::Closed);
        QCOMPARE(model.attempts(), 1);
    }

    // Chromium's event_source.cc keeps the last response's URL for reconnects; the spec (and the
    // other profiles here) fetch the original URL again.
    void reconnectUrlAfterRedirect_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QUrl>("expected");
        QTest::addRow("Chromium: the final URL")
            << QStringLiteral("chromium") << QUrl(QStringLiteral("http://127.0.0.1:8080/stream"));
        QTest::addRow("Firefox: the original URL") << QStringLiteral("firefox") << kStream;
    }

    void reconnectUrlAfterRedirect()
    {
        QFETCH(QString, profile);
        QFETCH(QUrl, expected);
        EventSourceModel model(BrowserProfile::fromName(profile), page(), eventSource());
        model.planRequest();
        QCOMPARE(
            model.onResponse(response(302, {{"Location", "/stream"}, {"Access-Control-Allow-Origin", "*"}})).action,
            NextAction::SendRequest);
        QCOMPARE(model.onResponse(goodStream()).action, NextAction::Continue);
        QCOMPARE(model.onEndOfBody().action, NextAction::Reconnect);
        const RequestPlan again = model.planRequest();
        QCOMPARE(again.request.url, expected);
        QCOMPARE(model.urlChain(), QList<QUrl> {expected});
    }

    // Fetch §4.4: a cross-origin URL redirecting to yet another origin taints the origin.
    void taintedOrigin()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        const Decision hop = model.onResponse(
            response(302, {{"Location", "http://127.0.0.2:9000/events"}, {"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(hop.action, NextAction::SendRequest);
        QCOMPARE(hop.request->headers.combinedValue("Origin"), QByteArray("null"));
        QCOMPARE(hop.request->headers.combinedValue("Sec-Fetch-Site"), QByteArray("cross-site"));
        const Decision echoed = model.onResponse(goodStream("http://localhost:5173"));
        QCOMPARE(echoed.action, NextAction::FailConnection);
        QCOMPARE(ids(echoed.findings), QStringList {QStringLiteral("cors.redirect-tainted-origin")});
        QCOMPARE(echoed.cors.error, CorsError::AllowOriginMismatch);
        QVERIFY(echoed.console.value(0).contains(QStringLiteral("from origin 'http://localhost:5173'")));

        EventSourceModel nullOk(BrowserProfile::chromium(), page(), eventSource());
        nullOk.planRequest();
        nullOk.onResponse(
            response(302, {{"Location", "http://127.0.0.2:9000/events"}, {"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(nullOk.onResponse(goodStream("null")).action, NextAction::Continue);

        // Observed WebKitGTK 2.50 (cases es.302-to-other-*): no Fetch metadata after the tainting
        // hop, and the console names the request origin "null".
        EventSourceModel webkit(BrowserProfile::safari(), page(), eventSource());
        webkit.planRequest();
        const Decision webkitHop = webkit.onResponse(
            response(302, {{"Location", "http://127.0.0.2:9000/events"}, {"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(webkitHop.request->headers.combinedValue("Origin"), QByteArray("null"));
        QVERIFY(!webkitHop.request->headers.contains("Sec-Fetch-Site"));
        QVERIFY(!webkitHop.request->headers.contains("Sec-Fetch-Mode"));
        QCOMPARE(webkit.onResponse(goodStream("http://localhost:5173")).console.value(0),
            QStringLiteral("Origin null is not allowed by Access-Control-Allow-Origin. Status code: 200"));
    }

    void sameOriginRedirectToCrossOriginIsNotTainted()
    {
        EventSourceModel model(
            BrowserProfile::chromium(), page(), eventSource(QUrl(QStringLiteral("http://localhost:5173/events"))));
        const RequestPlan plan = model.planRequest();
        QVERIFY(!plan.request.headers.contains("Origin"));
        // Same-origin response: no CORS check on the 3xx.
        const Decision hop = model.onResponse(response(302, {{"Location", "http://127.0.0.1:8080/events"}}));
        QCOMPARE(hop.action, NextAction::SendRequest);
        QCOMPARE(hop.request->headers.combinedValue("Origin"), QByteArray("http://localhost:5173"));
        QCOMPARE(hop.request->headers.combinedValue("Sec-Fetch-Site"), QByteArray("cross-site"));
        QCOMPARE(model.onResponse(goodStream("http://localhost:5173")).action, NextAction::Continue);
    }

    void redirectFailures_data()
    {
        QTest::addColumn<QByteArray>("location");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<QString>("finding");
        QTest::addRow("userinfo cross-origin")
            << QByteArray("http://u:p@127.0.0.2:9000/events") << NextAction::FailConnection
            << QStringLiteral("cors.redirect-contains-credentials");
        QTest::addRow("non-http scheme") << QByteArray("ftp://127.0.0.1/events") << NextAction::FailConnection
                                         << QStringLiteral("cors.disabled-scheme");
        QTest::addRow("unparseable location: a network error, Chromium retries")
            << QByteArray("http://[bad") << NextAction::Reconnect << QStringLiteral("http.network-error");
    }

    // Each failing redirect keeps what its Set-Cookie did (RFC 6265bis §5.7: the cookie is stored
    // from the response whatever becomes of the redirect): the Decision shows the stored cookie.
    void redirectFailures()
    {
        QFETCH(QByteArray, location);
        QFETCH(NextAction, action);
        QFETCH(QString, finding);
        CookieJar jar;
        JarCookieProvider cookies(&jar, BrowserProfile::chromium());
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource(kStream, true));
        model.setCookieProvider(&cookies);
        model.setSetCookieSink(&cookies);
        model.planRequest();
        const Decision decision = model.onResponse(response(302,
            {{"Location", location}, {"Access-Control-Allow-Origin", "http://localhost:5173"},
                {"Access-Control-Allow-Credentials", "true"}, {"Set-Cookie", "sid=abc; SameSite=None; Secure"}}));
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QVERIFY2(ids(decision.findings).contains(finding), qPrintable(ids(decision.findings).join(u' ')));
        QCOMPARE(decision.cookies.size(), 1);
        QCOMPARE(decision.cookies.constFirst().name, QStringLiteral("sid"));
    }

    void tooManyRedirects()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        Decision decision;
        int hops = 0;
        do {
            decision = model.onResponse(response(302,
                {{"Location", QByteArray("/e") + QByteArray::number(hops)}, {"Access-Control-Allow-Origin", "*"}}));
            ++hops;
        } while (decision.action == NextAction::SendRequest && hops < 50);
        QCOMPARE(hops, 21); // 20 redirects are followed, the 21st fails
        QCOMPARE(decision.action, NextAction::Reconnect);
        QVERIFY(std::any_of(decision.findings.cbegin(), decision.findings.cend(), [](const Finding &f) {
            return f.id == QLatin1String("http.network-error")
                && f.detail.contains(QStringLiteral("ERR_TOO_MANY_REDIRECTS"));
        }));
    }
};

QTEST_GUILESS_MAIN(tst_EventSourceRedirect)
#include "tst_eventsourceredirect.moc"
