// Firefox's console texts, as observed (issue 15): the conformance suite's firefox runner reads
// Firefox ESR 153's console over WebDriver BiDi (log.entryAdded) and compares it with the Firefox
// profile's lines. Each row names the conformance case (tests/browser/casematrix.cpp) whose
// observed console it repeats; {Q} is 8080 here, {P} 5173.

#include "modeltesthelpers.h"

#include <browser/corscheck.h>
#include <browser/cookiejar.h>
#include <browser/eventsourcemodel.h>
#include <browser/jarcookieprovider.h>

#include <QTest>

using namespace SseScope;
using SseScope::TestHelpers::response;

namespace {

const QString kPage = QStringLiteral("http://localhost:5173");
const QUrl kStream(QStringLiteral("http://127.0.0.1:8080/stream"));
const QString kBlocked = QStringLiteral(
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ");
const QString kCannotConnect
    = QStringLiteral("Firefox can\u2019t establish a connection to the server at http://127.0.0.1:8080/stream.");
const QString kDidNotSucceed = kBlocked
    + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS request did not succeed). Status code: (null).");

} // namespace

class tst_FirefoxConsole final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // One EventSource and one answer; the
    // profile's console lines for it must be Firefox's observed lines, in order.
    void observedLines_data()
    {
        QTest::addColumn<bool>("withCredentials");
        QTest::addColumn<ResponseHead>("answer");
        QTest::addColumn<QStringList>("console");

        // es.star-with-credentials: the one text that quotes the URL.
        QTest::addRow("es.star-with-credentials")
            << true << response(200, {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}})
            << QStringList {kBlocked
                       + QStringLiteral("\u2018http://127.0.0.1:8080/stream\u2019. (Reason: Credential is not "
                                        "supported if the CORS header \u2018Access-Control-Allow-Origin\u2019 is "
                                        "\u2018*\u2019)."),
                   kCannotConnect};
        // es.acao-list: a list on one line is a mismatch quoting the value, not "Multiple".
        QTest::addRow("es.acao-list")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream"},
                       {"Access-Control-Allow-Origin", "http://localhost:5173 http://127.0.0.1:9000"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS header "
                                        "\u2018Access-Control-Allow-Origin\u2019 does not match "
                                        "\u2018http://localhost:5173 http://127.0.0.1:9000\u2019)."),
                   kCannotConnect};
        // es.two-acao-lines: two lines are "Multiple", even with the same value.
        QTest::addRow("es.two-acao-lines")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "http://localhost:5173"},
                       {"Access-Control-Allow-Origin", "http://localhost:5173"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: Multiple CORS header "
                                        "\u2018Access-Control-Allow-Origin\u2019 not allowed)."),
                   kCannotConnect};
        // es.no-acao: the final response's failure has one line (and the status).
        QTest::addRow("es.no-acao")
            << false << response(200, {{"Content-Type", "text/event-stream"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS header "
                                        "\u2018Access-Control-Allow-Origin\u2019 missing). Status code: 200."),
                   kCannotConnect};
        // es.302-no-cors: a redirect hop that fails adds "did not succeed … (null)".
        QTest::addRow("es.302-no-cors")
            << false << response(302, {{"Location", "http://127.0.0.1:8080/events"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS header "
                                        "\u2018Access-Control-Allow-Origin\u2019 missing). Status code: 302."),
                   kDidNotSucceed, kCannotConnect};
        // es.status-500-star: a status that is not 200, once.
        QTest::addRow("es.status-500-star")
            << false
            << response(500, {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}})
            << QStringList {kCannotConnect};
        // es.status-204 (and es.empty-body-ends' reconnection): the same line, logged once or twice
        // by timing (503 too); the suite compares Firefox's distinct lines (firefoxbrowser.h).
        QTest::addRow("es.status-204")
            << false << response(204, {{"Access-Control-Allow-Origin", "*"}}) << QStringList {kCannotConnect};
        // wire.407-held: an origin's 407 (CORS headers, text/event-stream, body held open) is a status
        // like any other to Firefox (CLOSED at once, not Chromium's network error): the same line.
        QTest::addRow("wire.407-held")
            << false
            << response(407, {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}})
            << QStringList {kCannotConnect};
    }

    void observedLines()
    {
        QFETCH(bool, withCredentials);
        QFETCH(ResponseHead, answer);
        QFETCH(QStringList, console);
        RequestIntent intent;
        intent.url = kStream;
        intent.withCredentials = withCredentials;
        EventSourceModel model(BrowserProfile::firefox(), Origin::fromString(kPage), intent);
        QVERIFY(!model.planRequest().preflight);
        const Decision decision = model.onResponse(answer);
        QCOMPARE(decision.console, console);
    }

    // fetch.preflight-500: a failed preflight, then the request itself "did not succeed".
    void failedPreflight_data()
    {
        QTest::addColumn<ResponseHead>("preflightAnswer");
        QTest::addColumn<QStringList>("console");
        QTest::addRow("fetch.preflight-500")
            << response(500, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "x-custom"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS preflight response did not "
                                        "succeed). Status code: 500."),
                   kDidNotSucceed};
        // fetch.auth-no-acah (fetch.include-acah-star alike): an ACAH refusal is a preflight failure too.
        QTest::addRow("fetch.auth-no-acah (x-custom)")
            << response(200, {{"Access-Control-Allow-Origin", "*"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: header \u2018x-custom\u2019 is not "
                                        "allowed according to header \u2018Access-Control-Allow-Headers\u2019 from "
                                        "CORS preflight response)."),
                   kDidNotSucceed};
        // fetch.preflight-redirect: a redirected preflight first says "external redirect not
        // allowed" (the order Firefox logged them in), then the two lines of a failed preflight.
        QTest::addRow("fetch.preflight-redirect")
            << response(302, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "X-Custom"},
                                 {"Location", "http://127.0.0.1:8080/elsewhere"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS request external redirect not "
                                        "allowed)."),
                   kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS preflight response did not "
                                        "succeed). Status code: 302."),
                   kDidNotSucceed};
        // A 3xx preflight without Location is not a redirect: only the failed-preflight lines.
        QTest::addRow("302 without Location (not a redirect)")
            << response(302, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "X-Custom"}})
            << QStringList {kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS preflight response did not "
                                        "succeed). Status code: 302."),
                   kDidNotSucceed};
    }

    void failedPreflight()
    {
        QFETCH(ResponseHead, preflightAnswer);
        QFETCH(QStringList, console);
        RequestIntent intent;
        intent.url = kStream;
        intent.mode = RequestMode::Fetch;
        intent.extraHeaders = HttpHeaders {{"X-Custom", "1"}};
        EventSourceModel model(BrowserProfile::firefox(), Origin::fromString(kPage), intent);
        QVERIFY(model.planRequest().preflight);
        QCOMPARE(model.onPreflightResponse(preflightAnswer).console, console);
    }

    // The login fetch (credentials 'include') of the cookie cases, from http://localhost:5173 to
    // 127.0.0.1:8080 (cross-site) or localhost:8080 (same-site): Firefox names a cookie it refuses
    // for its SameSite, and says nothing of one it keeps.
    void cookieRejection_data()
    {
        QTest::addColumn<QString>("api");
        QTest::addColumn<QByteArray>("setCookie");
        QTest::addColumn<QStringList>("console");
        const QString crossSite = QStringLiteral("http://127.0.0.1:8080");
        const QString sameSite = QStringLiteral("http://localhost:8080");
        const QString rejected = QStringLiteral("Cookie \u201csid\u201d has been rejected because it is in a "
                                                "cross-site context and its \u201cSameSite\u201d is \u201cLax\u201d "
                                                "or \u201cStrict\u201d.");
        // cookie.cross-site-lax, cookie.cross-site-strict: refused cross-site.
        QTest::addRow("cookie.cross-site-lax") << crossSite << QByteArray("sid=abc; SameSite=Lax") << QStringList {rejected};
        QTest::addRow("cookie.cross-site-strict")
            << crossSite << QByteArray("sid=abc; SameSite=Strict") << QStringList {rejected};
        // cookie.same-site-none-insecure: SameSite=None needs Secure, even on the same site.
        QTest::addRow("cookie.same-site-none-insecure")
            << sameSite << QByteArray("sid=abc; SameSite=None")
            << QStringList {QStringLiteral("Cookie \u201csid\u201d rejected because it has the \u201cSameSite=None\u201d "
                                           "attribute but is missing the \u201csecure\u201d attribute.")};
        // Kept, no line: cookie.same-site-strict, cookie.cross-site-none-secure (partitioned).
        QTest::addRow("cookie.same-site-strict (kept)") << sameSite << QByteArray("sid=abc; SameSite=Strict") << QStringList {};
        QTest::addRow("cookie.cross-site-none-secure (kept)")
            << crossSite << QByteArray("sid=abc; SameSite=None; Secure") << QStringList {};
    }

    void cookieRejection()
    {
        QFETCH(QString, api);
        QFETCH(QByteArray, setCookie);
        QFETCH(QStringList, console);
        CookieJar jar;
        JarCookieProvider cookies(&jar, BrowserProfile::firefox());
        RequestIntent intent;
        intent.url = QUrl(api + QStringLiteral("/login"));
        intent.mode = RequestMode::Fetch;
        intent.fetchCredentials = CredentialsMode::Include;
        EventSourceModel login(BrowserProfile::firefox(), Origin::fromString(kPage), intent);
        login.setCookieProvider(&cookies);
        login.setSetCookieSink(&cookies);
        QVERIFY(login.planRequest().sent);
        const Decision decision = login.onResponse(response(200,
            {{"Access-Control-Allow-Origin", "http://localhost:5173"}, {"Access-Control-Allow-Credentials", "true"},
                {"Set-Cookie", setCookie}}));
        QVERIFY(decision.openFired); // the fetch itself resolves
        QCOMPARE(decision.console, console);
    }

    // The same refusal on an EventSource's own answer is said once, whether the stream opens or
    // its CORS check fails after the cookie was judged (cookies are stored before any CORS check).
    void cookieRejectionOnTheStream_data()
    {
        QTest::addColumn<QByteArray>("allowOrigin");
        QTest::addColumn<QStringList>("console");
        const QString rejected = QStringLiteral("Cookie \u201csid\u201d has been rejected because it is in a "
                                                "cross-site context and its \u201cSameSite\u201d is \u201cLax\u201d "
                                                "or \u201cStrict\u201d.");
        QTest::addRow("opens") << QByteArray("http://localhost:5173") << QStringList {rejected};
        QTest::addRow("CORS fails")
            << QByteArray("http://localhost:9999")
            << QStringList {rejected,
                   kBlocked
                       + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: CORS header "
                                        "\u2018Access-Control-Allow-Origin\u2019 does not match "
                                        "\u2018http://localhost:9999\u2019)."),
                   kCannotConnect};
    }

    void cookieRejectionOnTheStream()
    {
        QFETCH(QByteArray, allowOrigin);
        QFETCH(QStringList, console);
        CookieJar jar;
        JarCookieProvider cookies(&jar, BrowserProfile::firefox());
        RequestIntent intent;
        intent.url = kStream;
        intent.withCredentials = true;
        EventSourceModel model(BrowserProfile::firefox(), Origin::fromString(kPage), intent);
        model.setCookieProvider(&cookies);
        model.setSetCookieSink(&cookies);
        QVERIFY(model.planRequest().sent);
        const Decision decision = model.onResponse(
            response(200, {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", allowOrigin},
                              {"Access-Control-Allow-Credentials", "true"}, {"Set-Cookie", "sid=abc; SameSite=Lax"}}));
        QCOMPARE(decision.console, console);
    }

    // A request that fails before any answer: the CORS listener's "did not succeed" line only for a
    // cross-site request (wire.close-before-answer, observed; nsCORSListenerProxy::CheckRequestApproved
    // returns before logging when the request never was cross-site), "can't establish" when it fails.
    void networkErrorBeforeAnswer_data()
    {
        QTest::addColumn<QString>("pageOrigin");
        QTest::addColumn<QStringList>("console");
        QTest::addRow("cross-site: did not succeed, can't establish") << kPage << QStringList {kDidNotSucceed, kCannotConnect};
        QTest::addRow("same origin: can't establish only")
            << QStringLiteral("http://127.0.0.1:8080") << QStringList {kCannotConnect};
    }

    void networkErrorBeforeAnswer()
    {
        QFETCH(QString, pageOrigin);
        QFETCH(QStringList, console);
        RequestIntent intent;
        intent.url = kStream;
        EventSourceModel model(BrowserProfile::firefox(), Origin::fromString(pageOrigin), intent);
        QVERIFY(model.planRequest().sent);
        const Decision decision = model.onNetworkError(NetworkErrorKind::HostNotFound);
        QCOMPARE(decision.readyState, ReadyState::Closed);
        QCOMPARE(decision.console, console);
    }

    // The text functions alone: the number of ACAO lines decides "Multiple" (corscheck.h).
    void multipleNeedsTwoLines_data()
    {
        QTest::addColumn<int>("lines");
        QTest::addColumn<QString>("reason");
        QTest::addRow("one line with a comma list: does not match")
            << 1 << QStringLiteral("CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018a, b\u2019).");
        QTest::addRow("two lines: multiple")
            << 2 << QStringLiteral("Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed).");
    }

    void multipleNeedsTwoLines()
    {
        QFETCH(int, lines);
        QFETCH(QString, reason);
        const QString text = firefoxCorsConsoleMessage(
            {CorsError::MultipleAllowOriginValues, QStringLiteral("a, b")}, kStream, 200, lines);
        QCOMPARE(text, kBlocked + QStringLiteral("http://127.0.0.1:8080/stream. (Reason: ") + reason);
    }
};

QTEST_GUILESS_MAIN(tst_FirefoxConsole)
#include "tst_firefoxconsole.moc"
