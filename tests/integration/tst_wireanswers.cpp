// The wire as the browser sees it (issue 14): BrowserClient against a raw QTcpServer that answers
// with scripted bytes, one row per server answer — statuses 2xx–5xx with held and ended bodies,
// with and without CORS and credentials, empty values and repeated lines, heads of 100 to 9,000
// fields with the CORS header after them, 103 before 200, a close right after the head, a reset
// mid-event. Each row asserts the verdict, Chromium's console text and the number of requests the
// server saw (exactly the browser's: nothing re-sent, no second request of our own).

#include "clienttesthelpers.h"

#include <scriptedserver.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace SseScope;

namespace {

using SseScopeTest::ScriptedServer;
using After = ScriptedServer::After;

const QByteArray kPage = QByteArrayLiteral("http://localhost:5173");
const QByteArray kHello = QByteArrayLiteral("data: hello\n\n");

QByteArray head(int status, const char *reason, const QList<QByteArray> &fields)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const QByteArray &field : fields) {
        out += field + "\r\n";
    }
    return out + "\r\n";
}

QList<QByteArray> padding(int count)
{
    QList<QByteArray> fields;
    for (int i = 0; i < count; ++i) {
        fields.append("X-Pad-" + QByteArray::number(i) + ": value-" + QByteArray::number(i));
    }
    return fields;
}

// What one run of the client against a scripted answer showed.
struct Run
{
    bool finished = false;
    Outcome outcome = Outcome::Pending;
    QStringList console; // the URL's port as {Q}
    int events = 0;
    int exchanges = 0; // the client's own record of the requests it sent
    QList<QByteArray> requests; // what the server read
    QString seen; // for failure messages
};

Run runClient(const QByteArray &answer, After after, bool withCredentials, const BrowserProfile &profile)
{
    Run run;
    ScriptedServer server(answer, after);
    if (!server.listen(QHostAddress::LocalHost)) {
        run.seen = server.errorString();
        return run;
    }
    ClientOptions options;
    options.profile = profile;
    options.pageOrigin = Origin::fromUrl(QUrl(QString::fromLatin1(kPage)));
    options.intent.url = QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort()));
    options.intent.withCredentials = withCredentials;
    // Shorter than Chromium's 3 s reconnection time: one attempt per row.
    options.durationMs = 1500;

    BrowserClientController client;
    QSignalSpy finished(&client, &BrowserClientController::finished);
    if (!client.start(options, &run.seen)) {
        return run;
    }
    run.finished = finished.wait(20000);
    const Session &session = client.session();
    const Verdict &verdict = session.verdict();
    const QString port = QString::number(server.serverPort());
    for (const QString &line : verdict.console) {
        run.console.append(QString(line).replace(port, QStringLiteral("{Q}")));
    }
    run.outcome = outcomeOf(verdict);
    run.events = int(verdict.events);
    run.exchanges = int(session.exchanges().size());
    run.requests = server.requests;
    run.seen = QStringLiteral("outcome %1, console: %2, findings: %3")
                   .arg(outcomeName(run.outcome), run.console.join(QStringLiteral(" | ")),
                       Test::findingIds(session).join(u' '));
    return run;
}

} // namespace

Q_DECLARE_METATYPE(SseScopeTest::ScriptedServer::After)
Q_DECLARE_METATYPE(SseScope::Outcome)

class tst_WireAnswers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void answers_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<After>("after");
        QTest::addColumn<bool>("withCredentials");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<int>("events");
        QTest::addColumn<QStringList>("console"); // Chromium's, the URL's port as {Q}
        QTest::addColumn<int>("requests"); // the server saw exactly these

        const QByteArray star = "Access-Control-Allow-Origin: *";
        const QByteArray sse = "Content-Type: text/event-stream";
        const QByteArray echo = "Access-Control-Allow-Origin: " + kPage;
        const QByteArray acacTrue = "Access-Control-Allow-Credentials: true";
        const QString blocked = QStringLiteral(
            "Access to resource at 'http://127.0.0.1:{Q}/events' from origin 'http://localhost:5173' has been "
            "blocked by CORS policy: ");
        const QString failed = QStringLiteral("GET http://127.0.0.1:{Q}/events net::ERR_FAILED");
        const QString noAcao
            = blocked + QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
        const QStringList none;

        // 2xx.
        QTest::addRow("200 held, CORS") << head(200, "OK", {star, sse}) + kHello << After::Hold << false
                                        << Outcome::Opens << 1 << none << 1;
        QTest::addRow("200 ended, CORS: reconnects") << head(200, "OK", {star, sse}) + kHello << After::Close << false
                                                     << Outcome::Reconnecting << 1 << none << 1;
        QTest::addRow("200 held, no CORS") << head(200, "OK", {sse}) + kHello << After::Hold << false
                                           << Outcome::Blocked << 0 << QStringList {noAcao, failed} << 1;
        QTest::addRow("204, CORS") << head(204, "No Content", {star}) << After::Close << false << Outcome::Blocked << 0
                                   << none << 1;
        // 4xx and 5xx, held and ended, with and without CORS. A status that passed CORS fails the
        // EventSource without a console line in Chromium (conformance cases es.status-404-star,
        // es.status-503-star); without CORS it is the CORS error.
        for (const int code : {401, 403, 404, 500, 503}) {
            const char *reason = code == 401 ? "Unauthorized"
                : code == 403                ? "Forbidden"
                : code == 404                ? "Not Found"
                : code == 500                ? "Internal Server Error"
                                             : "Service Unavailable";
            QTest::addRow("%d held, CORS", code) << head(code, reason, {star, sse}) + kHello << After::Hold << false
                                                 << Outcome::Blocked << 0 << none << 1;
            QTest::addRow("%d ended, CORS", code) << head(code, reason, {star, sse}) + "nope" << After::Close << false
                                                  << Outcome::Blocked << 0 << none << 1;
            QTest::addRow("%d held, no CORS", code) << head(code, reason, {sse}) + kHello << After::Hold << false
                                                    << Outcome::Blocked << 0 << QStringList {noAcao, failed} << 1;
        }
        // An origin's 407: Chromium's network error, a reconnect (not before the window ends).
        QTest::addRow("407 held, CORS") << head(407, "Proxy Authentication Required", {star, sse}) + kHello
                                        << After::Hold << false << Outcome::Pending << 0
                                        << QStringList {QStringLiteral(
                                               "GET http://127.0.0.1:{Q}/events net::ERR_UNEXPECTED_PROXY_AUTH")}
                                        << 1;
        // Credentials.
        QTest::addRow("credentials, echoed origin and ACAC true")
            << head(200, "OK", {echo, acacTrue, sse}) + kHello << After::Hold << true << Outcome::Opens << 1 << none
            << 1;
        QTest::addRow("credentials, ACAO *")
            << head(200, "OK", {star, acacTrue, sse}) + kHello << After::Hold << true << Outcome::Blocked << 0
            << QStringList {blocked
                       + QStringLiteral("The value of the 'Access-Control-Allow-Origin' header in the response must "
                                        "not be the wildcard '*' when the request's credentials mode is 'include'."),
                   failed}
            << 1;
        QTest::addRow("credentials, 401 held") << head(401, "Unauthorized", {echo, acacTrue, sse}) + kHello
                                               << After::Hold << true << Outcome::Blocked << 0 << none << 1;
        // Empty values and repeated lines.
        QTest::addRow("empty ACAO") << head(200, "OK", {"Access-Control-Allow-Origin:", sse}) + kHello << After::Hold
                                    << false << Outcome::Blocked << 0
                                    << QStringList {blocked
                                               + QStringLiteral("The 'Access-Control-Allow-Origin' header contains "
                                                                "the invalid value ''."),
                                           failed}
                                    << 1;
        QTest::addRow("ACAO twice") << head(200, "OK", {star, star, sse}) + kHello << After::Hold << false
                                    << Outcome::Blocked << 0
                                    << QStringList {blocked
                                               + QStringLiteral("The 'Access-Control-Allow-Origin' header contains "
                                                                "multiple values '*, *', but only one is allowed."),
                                           failed}
                                    << 1;
        QTest::addRow("empty ACAC with credentials")
            << head(200, "OK", {echo, "Access-Control-Allow-Credentials:", sse}) + kHello << After::Hold << true
            << Outcome::Blocked << 0
            << QStringList {blocked
                       + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the response "
                                        "is '' which must be 'true' when the request's credentials mode is "
                                        "'include'."),
                   failed}
            << 1;
        QTest::addRow("ACAC twice with credentials")
            << head(200, "OK", {echo, acacTrue, acacTrue, sse}) + kHello << After::Hold << true << Outcome::Blocked << 0
            << QStringList {blocked
                       + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the response "
                                        "is 'true, true' which must be 'true' when the request's credentials mode "
                                        "is 'include'."),
                   failed}
            << 1;
        QTest::addRow("Set-Cookie twice, one empty")
            << head(200, "OK", {star, "Set-Cookie: a=1", "Set-Cookie:", sse}) + kHello << After::Hold << false
            << Outcome::Opens << 1 << none << 1;
        QTest::addRow("Content-Type twice")
            << head(200, "OK", {star, sse, sse}) + kHello << After::Hold << false << Outcome::Opens << 1 << none << 1;
        QTest::addRow("empty Content-Type, nosniff")
            << head(200, "OK", {star, "Content-Type:", "X-Content-Type-Options: nosniff"}) + kHello << After::Hold
            << false << Outcome::Blocked << 0
            << QStringList {QStringLiteral(
                   "EventSource's response has a MIME type (\"\") that is not \"text/event-stream\". Aborting the "
                   "connection.")}
            << 1;
        // Many fields, the CORS header and the type after them.
        for (const int count : {100, 150, 1000, 9000}) {
            QTest::addRow("%d fields, CORS after them", count)
                << head(200, "OK", padding(count) + QList<QByteArray> {star, sse}) + kHello << After::Hold << false
                << Outcome::Opens << 1 << none << 1;
        }
        QTest::addRow("103 Early Hints, then 200")
            << head(103, "Early Hints", {"Link: </style.css>; rel=preload"}) + head(200, "OK", {star, sse}) + kHello
            << After::Hold << false << Outcome::Opens << 1 << none << 1;
        QTest::addRow("close right after the head")
            << head(200, "OK", {star, sse}) << After::Close << false << Outcome::Reconnecting << 0 << none << 1;
        QTest::addRow("close before any answer")
            << QByteArray() << After::Close << false << Outcome::Pending << 0
            << QStringList {QStringLiteral("GET http://127.0.0.1:{Q}/events net::ERR_EMPTY_RESPONSE")} << 1;
        QTest::addRow("reset mid-event") << head(200, "OK", {star, sse}) + kHello + "data: ha" << After::Reset << false
                                         << Outcome::Reconnecting << 1 << none << 1;
    }

    void answers()
    {
        QFETCH(QByteArray, answer);
        QFETCH(After, after);
        QFETCH(bool, withCredentials);
        QFETCH(Outcome, outcome);
        QFETCH(int, events);
        QFETCH(QStringList, console);
        QFETCH(int, requests);

        const Run run = runClient(answer, after, withCredentials, BrowserProfile::chromium());
        QVERIFY2(run.finished, qPrintable(run.seen));
        QVERIFY2(run.outcome == outcome, qPrintable(run.seen));
        QCOMPARE(run.console, console);
        QCOMPARE(run.events, events);
        QCOMPARE(int(run.requests.size()), requests);
        // No second request of the client's own, and nothing Qt re-sent.
        QCOMPARE(run.exchanges, requests);
    }

    // A connection closed before any answer, with the Firefox profile: the client sends what
    // Necko sends — the same GET 10 times in all, then the EventSource fails (CLOSED). Observed
    // Firefox ESR 153, conformance case wire.close-before-answer; the model's rule is
    // BrowserProfile::requestAttemptsOnEmptyResponse (tst_networkresends). Its console, read over
    // WebDriver BiDi: the CORS listener's "did not succeed" (a cross-site request), then "can't establish".
    void firefoxResendsWhatClosedBeforeAnyAnswer()
    {
        const Run run = runClient(QByteArray(), After::Close, false, BrowserProfile::firefox());
        QVERIFY2(run.finished, qPrintable(run.seen));
        QVERIFY2(run.outcome == Outcome::Blocked, qPrintable(run.seen));
        QCOMPARE(run.console,
            (QStringList {QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the "
                                         "remote resource at http://127.0.0.1:{Q}/events. (Reason: CORS request did "
                                         "not succeed). Status code: (null)."),
                QStringLiteral("Firefox can\u2019t establish a connection to the server at http://127.0.0.1:{Q}/events.")}));
        QCOMPARE(int(run.requests.size()), 10);
        QCOMPARE(run.exchanges, 10);
        for (const QByteArray &request : run.requests) {
            QCOMPARE(request, run.requests.first()); // the same request, header for header
        }
        QVERIFY(run.requests.first().startsWith("GET /events HTTP/1.1\r\n"));
    }
};

QTEST_GUILESS_MAIN(tst_WireAnswers)
#include "tst_wireanswers.moc"
