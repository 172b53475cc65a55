// EventSourceModel's requests (HTML §9.2.2 the EventSource constructor; Fetch §3.1 `Origin`; Fetch
// Metadata): the headers each engine sends, in the order observed on the wire, the headers a page
// cannot send, and what stops a request before the network (mixed content, an invalid URL, a scheme
// CORS does not serve). The response: tst_eventsourcemodel; redirects: tst_eventsourceredirect.

#include "modeltesthelpers.h"

#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

class tst_EventSourceRequest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // The request Chromium sends (observed Chromium 156 header list; HTML §9.2.2; Fetch Metadata).
    void eventSourceRequestHeaders_data()
    {
        QTest::addColumn<QString>("pageOrigin");
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<bool>("withCredentials");
        QTest::addColumn<QByteArray>("origin"); // null: no Origin header
        QTest::addColumn<QByteArray>("site");
        QTest::addColumn<bool>("cookie");

        QTest::addRow("cross-site, anonymous")
            << kPage << kStream << false << QByteArray("http://localhost:5173") << QByteArray("cross-site") << false;
        QTest::addRow("cross-site, withCredentials")
            << kPage << kStream << true << QByteArray("http://localhost:5173") << QByteArray("cross-site") << true;
        QTest::addRow("same-site other port, anonymous (no cookies)")
            << kPage << QUrl(QStringLiteral("http://localhost:8080/events")) << false
            << QByteArray("http://localhost:5173") << QByteArray("same-site") << false;
        QTest::addRow("same-site other port, withCredentials")
            << kPage << QUrl(QStringLiteral("http://localhost:8080/events")) << true
            << QByteArray("http://localhost:5173") << QByteArray("same-site") << true;
        QTest::addRow("same-origin: no Origin, cookies without withCredentials")
            << kPage << QUrl(QStringLiteral("http://localhost:5173/events")) << false << QByteArray()
            << QByteArray("same-origin") << true;
        QTest::addRow("subdomain is same-site")
            << QStringLiteral("https://app.example.com") << QUrl(QStringLiteral("https://api.example.com/events"))
            << false << QByteArray("https://app.example.com") << QByteArray("same-site") << false;
        QTest::addRow("schemeful: http vs https is cross-site")
            << QStringLiteral("http://app.example.com") << QUrl(QStringLiteral("https://api.example.com/e")) << false
            << QByteArray("http://app.example.com") << QByteArray("cross-site") << false;
    }

    void eventSourceRequestHeaders()
    {
        QFETCH(QString, pageOrigin);
        QFETCH(QUrl, url);
        QFETCH(bool, withCredentials);
        QFETCH(QByteArray, origin);
        QFETCH(QByteArray, site);
        QFETCH(bool, cookie);
        FakeCookies cookies;
        EventSourceModel model(BrowserProfile::chromium(), page(pageOrigin), eventSource(url, withCredentials));
        model.setCookieProvider(&cookies);
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.sent);
        QVERIFY2(!plan.preflight, "EventSource never preflights");
        const HttpHeaders &h = plan.request.headers;
        QCOMPARE(plan.request.method, QByteArray("GET"));
        QCOMPARE(plan.request.url, url);
        QCOMPARE(h.combinedValue("Accept"), QByteArray("text/event-stream"));
        QCOMPARE(h.combinedValue("Cache-Control"), QByteArray("no-cache"));
        QCOMPARE(h.combinedValue("Origin"), origin);
        QCOMPARE(h.combinedValue("Origin").isNull(), origin.isNull());
        QCOMPARE(h.combinedValue("Sec-Fetch-Site"), site);
        QCOMPARE(h.combinedValue("Sec-Fetch-Mode"), QByteArray("cors"));
        QCOMPARE(h.combinedValue("Sec-Fetch-Dest"), QByteArray("empty"));
        QVERIFY2(!h.contains("Last-Event-ID"), "only when non-empty");
        QCOMPARE(h.combinedValue("Cookie"), cookie ? QByteArray("sid=abc") : QByteArray());
        QCOMPARE(cookies.requests.size(), cookie ? 1 : 0);
        QCOMPARE(plan.cookies.size(), cookie ? 1 : 0);
        if (cookie) {
            QCOMPARE(cookies.requests.constFirst().url, url);
            QCOMPARE(cookies.requests.constFirst().pageOrigin, page(pageOrigin));
        }
        QCOMPARE(plan.readyState, ReadyState::Connecting);
        QCOMPARE(model.readyState(), ReadyState::Connecting);
    }

    void acceptEncodingAndReferer()
    {
        EventSourceModel http(BrowserProfile::chromium(), page(), eventSource());
        const RequestPlan plain = http.planRequest();
        // Observed Chromium 156: br and zstd are advertised over http too.
        QCOMPARE(plain.request.headers.combinedValue("Accept-Encoding"), QByteArray("gzip, deflate, br, zstd"));
        QCOMPARE(plain.request.headers.combinedValue("Referer"), QByteArray("http://localhost:5173/"));
        EventSourceModel firefox(BrowserProfile::firefox(), page(), eventSource());
        const RequestPlan ff = firefox.planRequest();
        QCOMPARE(ff.request.headers.combinedValue("Accept-Encoding"), QByteArray("gzip, deflate"));
        QVERIFY2(!ff.request.headers.contains("Pragma"), "Pragma observed from Chromium only");
        QVERIFY(!ff.request.headers.contains("sec-ch-ua"));
        QVERIFY(ff.request.headers.combinedValue("User-Agent").contains("Firefox/153"));
        EventSourceModel safari(BrowserProfile::safari(), page(QStringLiteral("https://app.example.com")),
            eventSource(QUrl(QStringLiteral("https://api.example.com/events"))));
        QCOMPARE(
            safari.planRequest().request.headers.combinedValue("Accept-Encoding"), QByteArray("gzip, deflate, br"));
        // No Referer on a downgrade (strict-origin-when-cross-origin).
        EventSourceModel downgrade(
            BrowserProfile::chromium(), page(QStringLiteral("https://app.example.com")), eventSource(kStream));
        QVERIFY(!downgrade.planRequest().request.headers.contains("Referer"));
    }

    // The request observed on the wire from headless Chromium 156 (page http://localhost:P, stream
    // http://127.0.0.1:Q), in its order; Host and Connection belong to the transport.
    void observedChromiumRequest()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        model.onResponse(goodStream());
        model.onEventDispatched("7", true);
        model.onEndOfBody();
        const RequestHead request = model.planRequest().request;
        QByteArrayList names;
        for (const HttpHeader &header : request.headers.lines()) {
            names.append(header.name.toLower());
        }
        QCOMPARE(names,
            (QByteArrayList {"pragma", "cache-control", "sec-ch-ua-platform", "user-agent", "accept", "last-event-id",
                "sec-ch-ua", "sec-ch-ua-mobile", "origin", "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest",
                "referer", "accept-encoding", "accept-language"}));
        QCOMPARE(request.headers.combinedValue("Pragma"), QByteArray("no-cache"));
        QCOMPARE(
            request.headers.combinedValue("sec-ch-ua"), QByteArray("\"Not:A-Brand\";v=\"8\", \"Chromium\";v=\"156\""));
        QCOMPARE(request.headers.combinedValue("sec-ch-ua-mobile"), QByteArray("?0"));
        QCOMPARE(request.headers.combinedValue("sec-ch-ua-platform"), QByteArray("\"Linux\""));
        QCOMPARE(request.headers.combinedValue("Accept-Language"), QByteArray("en-US,en;q=0.9"));
        // Client hints only go to potentially trustworthy origins.
        EventSourceModel plainHttp(BrowserProfile::chromium(), page(QStringLiteral("http://app.example.com")),
            eventSource(QUrl(QStringLiteral("http://api.example.com/events"))));
        QVERIFY(!plainHttp.planRequest().request.headers.contains("sec-ch-ua"));
    }

    void eventSourceCustomHeader()
    {
        RequestIntent intent = eventSource();
        intent.extraHeaders = HttpHeaders {{"Authorization", "Bearer x"}};
        EventSourceModel model(BrowserProfile::chromium(), page(), intent);
        const RequestPlan plan = model.planRequest();
        QVERIFY(plan.sent);
        QVERIFY2(!plan.request.headers.contains("Authorization"), "EventSource cannot send it");
        QVERIFY(!plan.preflight);
        QCOMPARE(plan.findings.constFirst().id, QStringLiteral("eventsource.custom-header"));
        QCOMPARE(plan.findings.constFirst().detail, QStringLiteral("Authorization"));
    }

    void tokenInQueryReported()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(),
            eventSource(QUrl(QStringLiteral("http://127.0.0.1:8080/events?access_token=abc"))));
        const RequestPlan plan = model.planRequest();
        QCOMPARE(ids(plan.findings), QStringList {QStringLiteral("request.token-in-query")});
        // And `*` on that stream is a production risk.
        const Decision decision = model.onResponse(goodStream());
        QVERIFY(ids(decision.findings).contains(QStringLiteral("cors.wildcard-on-authenticated-stream")));
    }

    void blockedBeforeTheNetwork_data()
    {
        QTest::addColumn<QString>("pageOrigin");
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("sent");
        QTest::addColumn<QString>("finding");
        QTest::addColumn<QString>("console");
        QTest::addRow("mixed content, EventSource")
            << QStringLiteral("https://app.example.com") << QUrl(QStringLiteral("http://api.example.com/events"))
            << int(RequestMode::EventSource) << false << QStringLiteral("request.mixed-content")
            << QStringLiteral(
                   "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but "
                   "requested an insecure EventSource endpoint 'http://api.example.com/events'. This request "
                   "has been blocked; the content must be served over HTTPS.");
        QTest::addRow("mixed content, fetch")
            << QStringLiteral("https://app.example.com") << QUrl(QStringLiteral("http://api.example.com/events"))
            << int(RequestMode::Fetch) << false << QStringLiteral("request.mixed-content")
            << QStringLiteral("Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but "
                              "requested an insecure resource 'http://api.example.com/events'. This request has been "
                              "blocked; the content must be served over HTTPS.");
        QTest::addRow("http://127.0.0.1 from https is allowed")
            << QStringLiteral("https://app.example.com") << kStream << int(RequestMode::EventSource) << true
            << QString() << QString();
        QTest::addRow("invalid URL")
            << kPage << QUrl(QStringLiteral("http://")) << int(RequestMode::EventSource) << false
            << QStringLiteral("request.invalid-url")
            << QStringLiteral("Uncaught SyntaxError: Failed to construct 'EventSource': Cannot open an EventSource to "
                              "'http://'. The URL is invalid.");
        QTest::addRow("ftp scheme")
            << kPage << QUrl(QStringLiteral("ftp://127.0.0.1/events")) << int(RequestMode::EventSource) << false
            << QStringLiteral("cors.disabled-scheme")
            << QStringLiteral("Access to resource at 'ftp://127.0.0.1/events' from origin 'http://localhost:5173' has "
                              "been blocked by CORS policy: Cross origin requests are only supported for protocol "
                              "schemes: http, data, isolated-app, chrome-extension, chrome, https, chrome-untrusted.");
    }

    void blockedBeforeTheNetwork()
    {
        QFETCH(QString, pageOrigin);
        QFETCH(QUrl, url);
        QFETCH(int, mode);
        QFETCH(bool, sent);
        QFETCH(QString, finding);
        QFETCH(QString, console);
        RequestIntent intent = eventSource(url);
        intent.mode = RequestMode(mode);
        EventSourceModel model(BrowserProfile::chromium(), page(pageOrigin), intent);
        const RequestPlan plan = model.planRequest();
        QCOMPARE(plan.sent, sent);
        QCOMPARE(model.readyState(), sent ? ReadyState::Connecting : ReadyState::Closed);
        if (!sent) {
            QCOMPARE(ids(plan.findings), QStringList {finding});
            QCOMPARE(plan.console.value(0), console);
            QCOMPARE(plan.readyState, ReadyState::Closed);
            QCOMPARE(model.onResponse(goodStream()).action, NextAction::None);
        }
    }
};

QTEST_GUILESS_MAIN(tst_EventSourceRequest)
#include "tst_eventsourcerequest.moc"
