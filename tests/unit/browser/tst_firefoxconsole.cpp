// Firefox's console texts, as observed (issue 15): the conformance suite's firefox runner reads
// Firefox ESR 153's console over WebDriver BiDi (log.entryAdded) and compares it with the Firefox
// profile's lines. Each row names the conformance case (tests/browser/casematrix.cpp) whose
// observed console it repeats; {Q} is 8080 here, {P} 5173.

#include "modeltesthelpers.h"

#include <browser/corscheck.h>

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
        // by timing (503 too); the suite compares Firefox's distinct lines (bidiconsole.h).
        QTest::addRow("es.status-204")
            << false << response(204, {{"Access-Control-Allow-Origin", "*"}}) << QStringList {kCannotConnect};
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
