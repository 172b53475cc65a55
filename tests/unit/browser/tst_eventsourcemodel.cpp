#include <browser/eventsourcemodel.h>

#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::NextAction)
Q_DECLARE_METATYPE(SseScope::ReadyState)

namespace {

const QString kPage = QStringLiteral("http://localhost:5173");
const QUrl kStream(QStringLiteral("http://127.0.0.1:8080/events"));

Origin page(const QString &text = kPage)
{
    return Origin::fromString(text);
}

RequestIntent eventSource(const QUrl &url = kStream, bool withCredentials = false)
{
    RequestIntent intent;
    intent.url = url;
    intent.withCredentials = withCredentials;
    return intent;
}

RequestIntent fetchIntent(
    const HttpHeaders &headers, CredentialsMode credentials = CredentialsMode::SameOrigin, const QUrl &url = kStream)
{
    RequestIntent intent;
    intent.url = url;
    intent.mode = RequestMode::Fetch;
    intent.fetchCredentials = credentials;
    intent.extraHeaders = headers;
    return intent;
}

ResponseHead response(int status, const HttpHeaders &headers)
{
    ResponseHead head;
    head.status = status;
    head.headers = headers;
    return head;
}

ResponseHead goodStream(const QByteArray &allowOrigin = "*")
{
    return response(200,
        {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache, no-transform"},
            {"Access-Control-Allow-Origin", allowOrigin}});
}

QStringList ids(const QList<Finding> &findings)
{
    QStringList result;
    for (const Finding &finding : findings) {
        result.append(finding.id);
    }
    return result;
}

// A cookie jar stand-in: records what the model asks and answers a fixed cookie.
class FakeCookies final : public CookieProvider, public SetCookieSink
{
public:
    CookieAttachment cookiesForRequest(const CookieRequestContext &context) override
    {
        requests.append(context);
        CookieAttachment attachment;
        attachment.headerValue = "sid=abc";
        attachment.outcomes.append(CookieOutcome {QStringLiteral("sid"), true, {}});
        return attachment;
    }
    CookieAttachment storeFromResponse(const CookieRequestContext &context, const QList<QByteArray> &lines) override
    {
        stored.append(context);
        storedLines += lines;
        return {};
    }
    QList<CookieRequestContext> requests;
    QList<CookieRequestContext> stored;
    QList<QByteArray> storedLines;
};

const QString kCorsPrefix = QStringLiteral(
    "Access to resource at 'http://127.0.0.1:8080/events' from origin 'http://localhost:5173' has been blocked by "
    "CORS policy: ");
const QString kFailedLine = QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_FAILED");

} // namespace

class tst_EventSourceModel final : public QObject
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

    // The first table of browser-rules.md: observed Chromium 156, page http://localhost:P, stream
    // http://127.0.0.1:Q.
    void observedChromium_data()
    {
        QTest::addColumn<bool>("withCredentials");
        QTest::addColumn<ResponseHead>("answer");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<ReadyState>("state");
        QTest::addColumn<bool>("open");
        QTest::addColumn<QStringList>("console");
        QTest::addColumn<QString>("finding");

        const QByteArray o = "http://localhost:5173";
        QTest::addRow("ACAO *, text/event-stream")
            << false << goodStream() << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        QTest::addRow("no ACAO") << false << response(200, {{"Content-Type", "text/event-stream"}})
                                 << NextAction::FailConnection << ReadyState::Closed << false
                                 << QStringList {kCorsPrefix
                                            + QStringLiteral(
                                                "No 'Access-Control-Allow-Origin' header is present on the requested "
                                                "resource."),
                                        kFailedLine}
                                 << QStringLiteral("cors.missing-allow-origin");
        QTest::addRow("ACAO * + ACAC true, withCredentials")
            << true
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
                       {"Access-Control-Allow-Credentials", "true"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The value of the 'Access-Control-Allow-Origin' header in the response "
                                        "must not be the wildcard '*' when the request's credentials mode is "
                                        "'include'."),
                   kFailedLine}
            << QStringLiteral("cors.wildcard-with-credentials");
        QTest::addRow("echo, no ACAC, withCredentials")
            << true << goodStream(o) << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the "
                                        "response is '' which must be 'true' when the request's credentials "
                                        "mode is 'include'."),
                   kFailedLine}
            << QStringLiteral("cors.invalid-allow-credentials");
        QTest::addRow("ACAC True, withCredentials")
            << true
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", o},
                       {"Access-Control-Allow-Credentials", "True"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the "
                                        "response is 'True' which must be 'true' when the request's "
                                        "credentials mode is 'include'."),
                   kFailedLine}
            << QStringLiteral("cors.invalid-allow-credentials");
        QTest::addRow("echo + ACAC true, withCredentials")
            << true
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", o},
                       {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}})
            << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        QTest::addRow("ACAO origin + slash")
            << false << goodStream("http://localhost:5173/") << NextAction::FailConnection << ReadyState::Closed
            << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The 'Access-Control-Allow-Origin' header has a value "
                                        "'http://localhost:5173/' that is not equal to the supplied origin."),
                   kFailedLine}
            << QStringLiteral("cors.allow-origin-mismatch");
        QTest::addRow("two ACAO lines")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
                       {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The 'Access-Control-Allow-Origin' header contains multiple values "
                                        "'*, *', but only one is allowed."),
                   kFailedLine}
            << QStringLiteral("cors.multiple-allow-origin");
        QTest::addRow("invalid ACAO") << false << goodStream("localhost:5173x") << NextAction::FailConnection
                                      << ReadyState::Closed << false
                                      << QStringList {kCorsPrefix
                                                 + QStringLiteral(
                                                     "The 'Access-Control-Allow-Origin' header has a value "
                                                     "'localhost:5173x' that is not equal to the supplied origin."),
                                             kFailedLine}
                                      << QStringLiteral("cors.allow-origin-mismatch");
        QTest::addRow("ACAO bare host")
            << false << goodStream("example.com") << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The 'Access-Control-Allow-Origin' header contains the invalid value "
                                        "'example.com'."),
                   kFailedLine}
            << QStringLiteral("cors.invalid-allow-origin");
        QTest::addRow("text/plain held open: sniffing, nothing yet")
            << false << response(200, {{"Content-Type", "text/plain"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::WaitSniffing << ReadyState::Connecting << false << QStringList()
            << QStringLiteral("eventsource.mime-sniffing");
        QTest::addRow("text/plain + nosniff")
            << false
            << response(200,
                   {{"Content-Type", "text/plain"}, {"X-Content-Type-Options", "nosniff"},
                       {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"text/plain\") that is not "
                                           "\"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        QTest::addRow("charset iso-8859-1")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=iso-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a charset (\"iso-8859-1\") that is not UTF-8. "
                                           "Aborting the connection.")}
            << QStringLiteral("eventsource.charset");
        QTest::addRow("charset=UTF-8") << false
                                       << response(200,
                                              {{"Content-Type", "text/event-stream;charset=UTF-8"},
                                                  {"Access-Control-Allow-Origin", "*"}})
                                       << NextAction::Continue << ReadyState::Open << true << QStringList()
                                       << QString();
        QTest::addRow("quoted charset utf-8")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=\"utf-8\""}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        QTest::addRow("status 204 (no Content-Type: nothing to sniff)")
            << false << response(204, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::FailConnection
            << ReadyState::Closed << false << QStringList() << QStringLiteral("eventsource.status-204");
        QTest::addRow("status 500 with ACAO *")
            << false << response(500, {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false << QStringList()
            << QStringLiteral("eventsource.bad-status");
        QTest::addRow("status 500 text/plain without CORS headers: sniffing first (observed)")
            << false << response(500, {{"Content-Type", "text/plain"}}) << NextAction::WaitSniffing
            << ReadyState::Connecting << false << QStringList() << QStringLiteral("eventsource.mime-sniffing");
        QTest::addRow("no Content-Type: sniffing")
            << false << response(200, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::WaitSniffing
            << ReadyState::Connecting << false << QStringList() << QStringLiteral("eventsource.mime-sniffing");
        QTest::addRow("wrong MIME application/json")
            << false << response(200, {{"Content-Type", "application/json"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"application/json\") that is not "
                                           "\"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        // Observed Chromium 156 (tests/browser case es.type-uppercase): the MIME type is lower-cased
        // by net before the comparison, so this opens.
        QTest::addRow("Chromium ignores the MIME type's case")
            << false << response(200, {{"Content-Type", "Text/Event-Stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        // Observed Chromium 156 (tests/browser case es.octet-stream-held): held open with a small
        // body, application/octet-stream is not waited on; it closes with the MIME message.
        QTest::addRow("application/octet-stream: no sniffing wait")
            << false
            << response(200, {{"Content-Type", "application/octet-stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"application/octet-stream\") "
                                           "that is not \"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        QTest::addRow("console shows the lower-cased type")
            << false
            << response(200,
                   {{"Content-Type", "Text/HTML"}, {"X-Content-Type-Options", "nosniff"},
                       {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"text/html\") that is not "
                                           "\"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        QTest::addRow("console shows the lower-cased charset")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream; Charset=ISO-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a charset (\"iso-8859-1\") that is not UTF-8. "
                                           "Aborting the connection.")}
            << QStringLiteral("eventsource.charset");
    }

    void observedChromium()
    {
        QFETCH(bool, withCredentials);
        QFETCH(ResponseHead, answer);
        QFETCH(NextAction, action);
        QFETCH(ReadyState, state);
        QFETCH(bool, open);
        QFETCH(QStringList, console);
        QFETCH(QString, finding);
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource(kStream, withCredentials));
        model.planRequest();
        const Decision decision = model.onResponse(answer);
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QCOMPARE(readyStateName(decision.readyState), readyStateName(state));
        QCOMPARE(model.readyState(), state);
        QCOMPARE(decision.openFired, open);
        QCOMPARE(decision.errorFired, action == NextAction::FailConnection);
        QCOMPARE(decision.console, console);
        if (!finding.isEmpty()) {
            QVERIFY2(ids(decision.findings).contains(finding), qPrintable(ids(decision.findings).join(u' ')));
        } else {
            QVERIFY2(std::none_of(decision.findings.cbegin(), decision.findings.cend(),
                         [](const Finding &f) { return f.severity == Severity::Error; }),
                qPrintable(ids(decision.findings).join(u' ')));
        }
        // A failed connection never reconnects, whatever comes next.
        if (action == NextAction::FailConnection) {
            QCOMPARE(model.onEndOfBody().action, NextAction::None);
            QCOMPARE(model.onNetworkError(NetworkErrorKind::ConnectionReset).action, NextAction::None);
            QCOMPARE(model.readyState(), ReadyState::Closed);
        }
    }

    void sniffingResolves()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        QCOMPARE(model.onResponse(response(200, {{"Content-Type", "text/plain"}, {"Access-Control-Allow-Origin", "*"}}))
                     .action,
            NextAction::WaitSniffing);
        const Decision decision = model.onSniffedBody(QByteArray("data: hello\n\n").repeated(100));
        QCOMPARE(decision.action, NextAction::FailConnection);
        QCOMPARE(decision.console,
            QStringList {QStringLiteral("EventSource's response has a MIME type (\"text/plain\") that is not "
                                        "\"text/event-stream\". Aborting the connection.")});
        // The end of the body also ends the wait; without CORS headers the CORS check comes next.
        EventSourceModel noCors(BrowserProfile::chromium(), page(), eventSource());
        noCors.planRequest();
        QCOMPARE(noCors.onResponse(response(500, {{"Content-Type", "text/plain"}})).action, NextAction::WaitSniffing);
        const Decision ended = noCors.onEndOfBody();
        QCOMPARE(ended.action, NextAction::FailConnection);
        QCOMPARE(ended.console.value(0),
            kCorsPrefix
                + QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the requested resource."));
        // A missing type with an HTML body sniffs as text/html.
        EventSourceModel html(BrowserProfile::chromium(), page(), eventSource());
        html.planRequest();
        html.onResponse(response(200, {{"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(html.onSniffedBody("<!DOCTYPE html><html>").console.value(0),
            QStringLiteral("EventSource's response has a MIME type (\"text/html\") that is not "
                           "\"text/event-stream\". Aborting the connection."));
    }

    // Firefox ESR 153 / Safari differences observed or read in source (browser-rules.md).
    void profileDifferences_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<ResponseHead>("answer");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<QStringList>("console");

        const QString firefox = QStringLiteral("firefox");
        const QString safari = QStringLiteral("safari");
        const QString ffCannot = QStringLiteral(
            "Firefox can\u2019t establish a connection to the server at http://127.0.0.1:8080/events.");
        QTest::addRow("Firefox: text/plain closes at once")
            << firefox << response(200, {{"Content-Type", "text/plain"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << QStringList {ffCannot};
        QTest::addRow("Firefox: 500 text/plain without CORS closes at once")
            << firefox << response(500, {{"Content-Type", "text/plain"}}) << NextAction::FailConnection
            << QStringList {QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the "
                                           "remote resource at http://127.0.0.1:8080/events. (Reason: CORS header "
                                           "\u2018Access-Control-Allow-Origin\u2019 missing). Status code: 500."),
                   ffCannot};
        // Observed Firefox ESR 153 (browser-rules.md Firefox table; tests/browser case
        // es.no-content-type-held): with no Content-Type at all it waits, like Chromium.
        QTest::addRow("Firefox: no Content-Type waits")
            << firefox << response(200, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::WaitSniffing
            << QStringList();
        QTest::addRow("Firefox: charset ignored")
            << firefox
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=iso-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << QStringList();
        QTest::addRow("Safari: charset warned, decoded as UTF-8")
            << safari
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=iso-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue
            << QStringList {QStringLiteral("EventSource's response has a charset (\"iso-8859-1\") that is not UTF-8. "
                                           "The response will be decoded as UTF-8.")};
        QTest::addRow("Safari: MIME type compared case-insensitively")
            << safari << response(200, {{"Content-Type", "Text/Event-Stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << QStringList();
        // browser-rules.md reads Firefox's `==` as case-sensitive, but observed Firefox ESR 153 opens
        // (tests/browser case es.type-uppercase): the browser is the truth.
        QTest::addRow("Firefox: MIME type case ignored (observed ESR 153)")
            << firefox << response(200, {{"Content-Type", "Text/Event-Stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << QStringList();
        // Observed WebKitGTK 2.50 (tests/browser runner webkit, case es.no-content-type-held).
        QTest::addRow("Safari: no Content-Type is named application/octet-stream")
            << safari << response(200, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::FailConnection
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"application/octet-stream\") "
                                           "that is not \"text/event-stream\". Aborting the connection.")};
        // Observed WebKitGTK 2.50 (case es.status-401-plain-held): held until the body ends.
        QTest::addRow("Safari: 401 waits for the end of its body")
            << safari << response(401, {{"Content-Type", "text/plain"}}) << NextAction::WaitSniffing << QStringList();
        // Observed WebKitGTK 2.50 (case wire.407-held): an origin's 407 is held the same way.
        QTest::addRow("Safari: 407 waits for the end of its body")
            << safari << response(407, {{"Content-Type", "text/plain"}}) << NextAction::WaitSniffing << QStringList();
        // Observed WebKitGTK 2.50 (case es.acao-list): a space-separated list is a mismatch.
        QTest::addRow("Safari: ACAO list")
            << safari
            << response(200,
                   {{"Content-Type", "text/event-stream"},
                       {"Access-Control-Allow-Origin", "http://localhost:5173 http://other.example"}})
            << NextAction::FailConnection
            << QStringList {
                   QStringLiteral("Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. "
                                  "Status code: 200"),
                   QStringLiteral("EventSource cannot load http://127.0.0.1:8080/events due to access control "
                                  "checks.")};
        QTest::addRow("Safari: CORS text")
            << safari << response(200, {{"Content-Type", "text/event-stream"}}) << NextAction::FailConnection
            << QStringList {
                   QStringLiteral("Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. "
                                  "Status code: 200"),
                   QStringLiteral("EventSource cannot load http://127.0.0.1:8080/events due to access control "
                                  "checks.")};
    }

    void profileDifferences()
    {
        QFETCH(QString, profile);
        QFETCH(ResponseHead, answer);
        QFETCH(NextAction, action);
        QFETCH(QStringList, console);
        EventSourceModel model(BrowserProfile::fromName(profile), page(), eventSource());
        model.planRequest();
        const Decision decision = model.onResponse(answer);
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QCOMPARE(decision.console, console);
        QCOMPARE(decision.openFired, action == NextAction::Continue);
    }

    void charsetFindingIsAWarningOutsideChromium()
    {
        EventSourceModel model(BrowserProfile::firefox(), page(), eventSource());
        model.planRequest();
        const Decision decision = model.onResponse(response(
            200, {{"Content-Type", "text/event-stream; charset=latin1"}, {"Access-Control-Allow-Origin", "*"}}));
        const auto it = std::find_if(decision.findings.cbegin(), decision.findings.cend(),
            [](const Finding &f) { return f.id == QLatin1String("eventsource.charset"); });
        QVERIFY(it != decision.findings.cend());
        QCOMPARE(it->severity, Severity::Warning);
        QCOMPARE(it->detail, QStringLiteral("latin1"));
    }

    // Observed Chromium 156: the stream ends after `retry: 200` / `id: 7` → error with CONNECTING,
    // reconnect after ~200 ms with Last-Event-ID: 7.
    void reconnectAfterCleanEnd()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        QVERIFY(model.onResponse(goodStream()).openFired);
        QVERIFY(model.onRetryField("200").isEmpty());
        model.onEventDispatched("7", true);
        const Decision end = model.onEndOfBody();
        QCOMPARE(end.action, NextAction::Reconnect);
        QCOMPARE(end.readyState, ReadyState::Connecting);
        QVERIFY(end.errorFired);
        QVERIFY(!end.openFired);
        QCOMPARE(end.reconnectDelayMs, 200);
        QCOMPARE(end.lastEventId, QByteArray("7"));
        QVERIFY(ids(end.findings).contains(QStringLiteral("eventsource.reconnect")));
        QVERIFY(end.console.isEmpty());
        const RequestPlan again = model.planRequest();
        QCOMPARE(again.request.headers.combinedValue("Last-Event-ID"), QByteArray("7"));
        QVERIFY2(!again.preflight, "Last-Event-ID is not safelisted, but EventSource never preflights");
        QCOMPARE(model.attempts(), 2);
        QVERIFY(model.onResponse(goodStream()).openFired);
        QVERIFY(model.hasOpened());
    }

    void reconnectionTime_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QByteArrayList>("retries");
        QTest::addColumn<int>("delay");
        QTest::addColumn<bool>("clampedFinding");
        QTest::addRow("Chromium default 3000") << QStringLiteral("chromium") << QByteArrayList {} << 3000 << false;
        QTest::addRow("Firefox default 5000") << QStringLiteral("firefox") << QByteArrayList {} << 5000 << false;
        QTest::addRow("Safari default 3000") << QStringLiteral("safari") << QByteArrayList {} << 3000 << false;
        QTest::addRow("Chromium retry 0 is immediate")
            << QStringLiteral("chromium") << QByteArrayList {"0"} << 0 << false;
        QTest::addRow("Firefox clamps to 500") << QStringLiteral("firefox") << QByteArrayList {"100"} << 500 << true;
        QTest::addRow("Firefox keeps 2000") << QStringLiteral("firefox") << QByteArrayList {"2000"} << 2000 << false;
        QTest::addRow("bogus value ignored (WPT format-field-retry-bogus)")
            << QStringLiteral("chromium") << QByteArrayList {"2000", "1000x"} << 2000 << false;
        QTest::addRow("Chromium: empty retry resets to default")
            << QStringLiteral("chromium") << QByteArrayList {"200", ""} << 3000 << false;
        QTest::addRow("Firefox: empty retry is 0 then 500")
            << QStringLiteral("firefox") << QByteArrayList {"2000", ""} << 500 << true;
        QTest::addRow("huge value saturates")
            << QStringLiteral("chromium") << QByteArrayList {"99999999999999999999999"} << 2147483647 << false;
    }

    void reconnectionTime()
    {
        QFETCH(QString, profile);
        QFETCH(QByteArrayList, retries);
        QFETCH(int, delay);
        QFETCH(bool, clampedFinding);
        EventSourceModel model(BrowserProfile::fromName(profile), page(), eventSource());
        model.planRequest();
        model.onResponse(goodStream());
        QList<Finding> findings;
        for (const QByteArray &retry : retries) {
            findings += model.onRetryField(retry);
        }
        QCOMPARE(ids(findings).contains(QStringLiteral("eventsource.retry-clamped")), clampedFinding);
        const Decision decision = model.onEndOfBody();
        QCOMPARE(decision.reconnectDelayMs, delay);
    }

    // Observed Firefox ESR 153: an id: block without data does not update Last-Event-ID.
    void idWithoutData_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("Chromium follows the spec") << QStringLiteral("chromium") << QByteArray("2");
        QTest::addRow("Firefox keeps the previous id") << QStringLiteral("firefox") << QByteArray("1");
        QTest::addRow("Safari keeps the previous id") << QStringLiteral("safari") << QByteArray("1");
    }

    void idWithoutData()
    {
        QFETCH(QString, profile);
        QFETCH(QByteArray, expected);
        EventSourceModel model(BrowserProfile::fromName(profile), page(), eventSource());
        model.planRequest();
        model.onResponse(goodStream());
        model.onEventDispatched("1", true);
        model.onEventDispatched("2", false);
        QCOMPARE(model.lastEventId(), expected);
        const Decision decision = model.onEndOfBody();
        QCOMPARE(decision.lastEventId, expected);
        QCOMPARE(model.planRequest().request.headers.combinedValue("Last-Event-ID"), expected);
    }

    void networkErrors_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<bool>("afterOpen");
        QTest::addColumn<int>("kind");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<QStringList>("console");
        const QString chromium = QStringLiteral("chromium");
        const QString firefox = QStringLiteral("firefox");
        QTest::addRow("Chromium refused: reconnect")
            << chromium << false << int(NetworkErrorKind::ConnectionRefused) << NextAction::Reconnect
            << QStringList {QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_CONNECTION_REFUSED")};
        QTest::addRow("Chromium unknown host: reconnect")
            << chromium << false << int(NetworkErrorKind::HostNotFound) << NextAction::Reconnect
            << QStringList {QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_NAME_NOT_RESOLVED")};
        QTest::addRow("Chromium cut mid-stream: reconnect")
            << chromium << true << int(NetworkErrorKind::Interrupted) << NextAction::Reconnect << QStringList();
        QTest::addRow("Firefox refused: reconnect")
            << firefox << false << int(NetworkErrorKind::ConnectionRefused) << NextAction::Reconnect
            << QStringList {QStringLiteral(
                   "Firefox can\u2019t establish a connection to the server at http://127.0.0.1:8080/events.")};
        QTest::addRow("Firefox unknown host: fail")
            << firefox << false << int(NetworkErrorKind::HostNotFound) << NextAction::FailConnection
            << QStringList {QStringLiteral(
                   "Firefox can\u2019t establish a connection to the server at http://127.0.0.1:8080/events.")};
        // A connection closed before any answer: Firefox re-sends first (tst_networkresends).
        QTest::addRow("Chromium closed before an answer: reconnect")
            << chromium << false << int(NetworkErrorKind::ConnectionClosed) << NextAction::Reconnect
            << QStringList {QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_EMPTY_RESPONSE")};
        QTest::addRow("Firefox interrupted while open: reconnect")
            << firefox << true << int(NetworkErrorKind::Interrupted) << NextAction::Reconnect
            << QStringList {QStringLiteral(
                   "The connection to http://127.0.0.1:8080/events was interrupted while the page was loading.")};
    }

    void networkErrors()
    {
        QFETCH(QString, profile);
        QFETCH(bool, afterOpen);
        QFETCH(int, kind);
        QFETCH(NextAction, action);
        QFETCH(QStringList, console);
        EventSourceModel model(BrowserProfile::fromName(profile), page(), eventSource());
        model.planRequest();
        if (afterOpen) {
            model.onResponse(goodStream());
        }
        const Decision decision = model.onNetworkError(NetworkErrorKind(kind));
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QCOMPARE(decision.console, console);
        QVERIFY(decision.errorFired);
        QVERIFY(ids(decision.findings).contains(QStringLiteral("http.network-error")));
        QCOMPARE(
            decision.reconnectDelayMs, action == NextAction::Reconnect ? model.profile().defaultReconnectionMs : -1);
    }

    // A 407 from the origin itself (issue 14): Chromium fails the request with
    // net::ERR_UNEXPECTED_PROXY_AUTH and reconnects; Firefox judges the status and closes.
    // Observed Chromium 156 and Firefox ESR 153, tests/browser cases wire.407-held, wire.407-ended.
    void originProxyAuth_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<bool>("preflight");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<QString>("netError");
        QTest::addColumn<QStringList>("console");
        QTest::addColumn<QString>("finding");
        const QString failed = QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_UNEXPECTED_PROXY_AUTH");
        QTest::addRow("Chromium: a network error, reconnect")
            << QStringLiteral("chromium") << false << NextAction::Reconnect
            << QStringLiteral("ERR_UNEXPECTED_PROXY_AUTH") << QStringList {failed} << QStringLiteral("http.network-error");
        QTest::addRow("Chromium: a preflight's 407 is a network error too")
            << QStringLiteral("chromium") << true << NextAction::FailConnection
            << QStringLiteral("ERR_UNEXPECTED_PROXY_AUTH")
            << QStringList() // the console of a failed preflight is not observed yet: not compared
            << QStringLiteral("http.network-error");
        QTest::addRow("Firefox: a status like any other, closed")
            << QStringLiteral("firefox") << false << NextAction::FailConnection << QString() << QStringList()
            << QStringLiteral("eventsource.bad-status");
    }

    void originProxyAuth()
    {
        QFETCH(QString, profile);
        QFETCH(bool, preflight);
        QFETCH(NextAction, action);
        QFETCH(QString, netError);
        QFETCH(QStringList, console);
        QFETCH(QString, finding);
        const ResponseHead answer = response(407,
            {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
                {"Proxy-Authenticate", "Basic realm=\"x\""}});
        Decision decision;
        if (preflight) {
            EventSourceModel model(
                BrowserProfile::fromName(profile), page(), fetchIntent({{"Authorization", "Bearer t"}}));
            const RequestPlan plan = model.planRequest();
            QVERIFY(plan.preflight);
            decision = model.onPreflightResponse(answer);
        } else {
            EventSourceModel model(BrowserProfile::fromName(profile), page(), eventSource());
            model.planRequest();
            decision = model.onResponse(answer);
        }
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QCOMPARE(decision.netError, netError);
        if (!console.isEmpty()) {
            QCOMPARE(decision.console, console);
        }
        QVERIFY2(ids(decision.findings).contains(finding), qPrintable(ids(decision.findings).join(u' ')));
        QVERIFY(!decision.openFired);
    }

    // Observed Chromium 156: a 302 without ACAO to a good stream fails, naming the first URL.
    // Observed WebKitGTK 2.50 with libsoup 3.2 (cases wire.1000-fields, wire.9000-fields): a head
    // over 64 KiB is a network error and the EventSource reconnects; Chromium reads up to 256 KiB.
    void webkitRefusesAHeadOver64KiB()
    {
        ResponseHead big = goodStream("*");
        for (int i = 0; i < 3000; ++i) { // ~70 KB
            big.headers.append("X-Pad-" + QByteArray::number(i), "value-" + QByteArray::number(i));
        }
        EventSourceModel webkit(BrowserProfile::safari(), page(), eventSource());
        webkit.planRequest();
        const Decision refused = webkit.onResponse(big);
        QCOMPARE(refused.action, NextAction::Reconnect);
        QCOMPARE(ids(refused.findings).value(0), QStringLiteral("http.network-error"));
        EventSourceModel chromium(BrowserProfile::chromium(), page(), eventSource());
        chromium.planRequest();
        QCOMPARE(chromium.onResponse(big).action, NextAction::Continue);
    }

    // Observed WebKitGTK 2.50 (case es.status-401-plain-held): the held 401 decides only at the
    // end of its body, however many bytes arrive first.
    void webkitHolds401UntilItsBodyEnds()
    {
        EventSourceModel model(BrowserProfile::safari(), page(), eventSource());
        model.planRequest();
        const Decision held = model.onResponse(response(401, {{"Content-Type", "text/plain"}}));
        QCOMPARE(held.action, NextAction::WaitSniffing);
        QCOMPARE(ids(held.findings), QStringList {QStringLiteral("eventsource.auth-challenge-held")});
        QCOMPARE(model.onSniffedBody(QByteArray(2048, 'x')).action, NextAction::None);
        QCOMPARE(model.readyState(), ReadyState::Connecting);
        const Decision ended = model.onEndOfBody();
        QCOMPARE(ended.action, NextAction::FailConnection);
        QCOMPARE(model.readyState(), ReadyState::Closed);
    }

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

    void redirectFailures()
    {
        QFETCH(QByteArray, location);
        QFETCH(NextAction, action);
        QFETCH(QString, finding);
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        const Decision decision
            = model.onResponse(response(302, {{"Location", location}, {"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QVERIFY2(ids(decision.findings).contains(finding), qPrintable(ids(decision.findings).join(u' ')));
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

    void setCookieHandling()
    {
        const ResponseHead withCookie = response(200,
            {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
                {"Set-Cookie", "sid=1; SameSite=None; Secure"}});
        FakeCookies anonymousJar;
        EventSourceModel anonymous(BrowserProfile::chromium(), page(), eventSource());
        anonymous.setSetCookieSink(&anonymousJar);
        anonymous.planRequest();
        const Decision ignored = anonymous.onResponse(withCookie);
        QVERIFY(ids(ignored.findings).contains(QStringLiteral("credentials.set-cookie-ignored")));
        QVERIFY(anonymousJar.stored.isEmpty());

        // With credentials the cookie is stored even when the CORS check then fails (the network
        // stack stores it before CORS runs).
        FakeCookies jar;
        EventSourceModel credentialed(BrowserProfile::chromium(), page(), eventSource(kStream, true));
        credentialed.setSetCookieSink(&jar);
        credentialed.planRequest();
        const Decision failed = credentialed.onResponse(withCookie);
        QCOMPARE(failed.action, NextAction::FailConnection);
        QCOMPARE(jar.storedLines, QList<QByteArray> {"sid=1; SameSite=None; Secure"});
        QCOMPARE(jar.stored.constFirst().url, kStream);
    }

    void productionFindingsOnOpen()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource(kStream, true));
        model.planRequest();
        const Decision decision = model.onResponse(response(200,
            {{"Content-Type", "text/event-stream"}, {"Content-Encoding", "gzip"},
                {"Access-Control-Allow-Origin", "http://localhost:5173"},
                {"Access-Control-Allow-Credentials", "true"}}));
        QCOMPARE(decision.action, NextAction::Continue);
        QCOMPARE(ids(decision.findings),
            (QStringList {QStringLiteral("response.no-transform-missing"), QStringLiteral("response.content-encoding"),
                QStringLiteral("cors.vary-origin-missing")}));
    }

    void closeByThePage()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        model.onResponse(goodStream());
        const Decision closed = model.close();
        QCOMPARE(closed.readyState, ReadyState::Closed);
        QVERIFY(!closed.errorFired);
        QCOMPARE(model.onEndOfBody().action, NextAction::None);
        model.onEventDispatched("9", true);
        QVERIFY2(model.lastEventId().isEmpty(), "no events after close()");
        QVERIFY2(!model.planRequest().sent, "close() is final");
    }

    void outOfOrderCallsAreIgnored()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("response outside the request phase")));
        QCOMPARE(model.onResponse(goodStream()).action, NextAction::None);
        model.planRequest();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("preflight response outside")));
        QCOMPARE(model.onPreflightResponse(goodStream()).action, NextAction::None);
        QCOMPARE(model.onSniffedBody("x").action, NextAction::None);
    }
};

QTEST_GUILESS_MAIN(tst_EventSourceModel)
#include "tst_eventsourcemodel.moc"
