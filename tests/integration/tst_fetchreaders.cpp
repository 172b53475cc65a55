// The stream checks for fetch readers (issue 18), live: BrowserClient in fetch mode, POSTing a
// chat request, against a raw loopback server that answers with scripted bytes. An answer that is
// not text/event-stream raises fetch.not-event-stream at its head; one whose body is a JSON
// document — the usual shape of an API's error — raises fetch.json-error-body (quoting the
// message) as soon as the body is in, whatever the status, without waiting for the window.

#include "clienttesthelpers.h"

#include <scriptedserver.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace SseScope;

namespace {

using SseScopeTest::ScriptedServer;

const QByteArray kPage = QByteArrayLiteral("http://localhost:5173");
const QByteArray kBody = QByteArrayLiteral("{\"model\":\"m\",\"stream\":true}");

QByteArray answer(int status, const char *reason, const QList<QByteArray> &fields, const QByteArray &body,
    bool withLength)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const QByteArray &field : fields) {
        out += field + "\r\n";
    }
    if (withLength) {
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    return out + "\r\n" + body;
}

QString detailOf(const Session &session, const QString &id)
{
    for (const RecordedFinding &recorded : session.findings()) {
        if (recorded.finding.id == id) {
            return recorded.finding.detail;
        }
    }
    return QString();
}

} // namespace

class tst_FetchReaders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void streamChecks_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("close"); // the server closes after the answer (else holds it open)
        QTest::addColumn<bool>("opened");
        QTest::addColumn<QStringList>("raised");
        QTest::addColumn<QStringList>("notRaised");
        QTest::addColumn<QString>("jsonDetail"); // fetch.json-error-body's detail, when raised

        const QByteArray star = "Access-Control-Allow-Origin: *";
        const QByteArray json = "Content-Type: application/json";
        const QString notSse = QStringLiteral("fetch.not-event-stream");
        const QString jsonError = QStringLiteral("fetch.json-error-body");
        const QString notOk = QStringLiteral("fetch.not-ok-status");
        const QByteArray apiError = R"({"error":{"message":"Invalid API key","type":"invalid_request_error"}})";

        QTest::addRow("401 JSON error, Content-Length, connection held")
            << answer(401, "Unauthorized", {star, json}, apiError, true) << false << false
            << QStringList {notOk, jsonError} << QStringList {notSse} << QStringLiteral("HTTP 401: Invalid API key");
        QTest::addRow("429 JSON error, ended by a close")
            << answer(429, "Too Many Requests", {star, json}, R"({"message":"Rate limit reached"})", false) << true
            << false << QStringList {notOk, jsonError} << QStringList {} << QStringLiteral("HTTP 429: Rate limit reached");
        QTest::addRow("200 JSON instead of a stream (stream: true ignored)")
            << answer(200, "OK", {star, json}, R"({"id":"c1","choices":[{"message":{"content":"Hi"}}]})", true)
            << false << true << QStringList {notSse, jsonError} << QStringList {notOk} << QStringLiteral("HTTP 200");
        QTest::addRow("200 JSON error document in a 200")
            << answer(200, "OK", {star, json}, R"({"error":"model not found"})", false) << true << true
            << QStringList {notSse, jsonError} << QStringList {} << QStringLiteral("HTTP 200: model not found");
        QTest::addRow("200 text/event-stream: no finding")
            << answer(200, "OK", {star, "Content-Type: text/event-stream"}, "data: {\"x\":1}\n\ndata: [DONE]\n\n", false)
            << true << true << QStringList {} << QStringList {notSse, jsonError} << QString();
        QTest::addRow("200 text/plain carrying SSE: the type only")
            << answer(200, "OK", {star, "Content-Type: text/plain"}, "data: {\"x\":1}\n\n", false) << true << true
            << QStringList {notSse} << QStringList {jsonError} << QString();
        QTest::addRow("500 HTML error page: no JSON finding")
            << answer(500, "Internal Server Error", {star, "Content-Type: text/html"}, "<h1>oops</h1>", true) << false
            << false << QStringList {notOk} << QStringList {jsonError, notSse} << QString();
    }

    void streamChecks()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, close);
        QFETCH(bool, opened);
        QFETCH(QStringList, raised);
        QFETCH(QStringList, notRaised);
        QFETCH(QString, jsonDetail);

        ScriptedServer server(answer, close ? ScriptedServer::After::Close : ScriptedServer::After::Hold);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        ClientOptions options;
        options.pageOrigin = Origin::fromUrl(QUrl(QString::fromLatin1(kPage)));
        options.intent.url = QUrl(QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(server.serverPort()));
        options.intent.mode = RequestMode::Fetch;
        options.intent.method = QByteArrayLiteral("POST");
        options.intent.hasBody = true;
        options.intent.body = kBody;
        // Long: the answers that end are over at once, and the checks must not wait for the window.
        options.durationMs = 15000;

        BrowserClientController client;
        QSignalSpy finished(&client, &BrowserClientController::finished);
        QString error;
        QVERIFY2(client.start(options, &error), qPrintable(error));
        QVERIFY(finished.wait(20000));
        const Session &session = client.session();
        const QString seen = Test::findingIds(session).join(u' ');
        QCOMPARE(session.verdict().opened, opened);
        for (const QString &id : raised) {
            QVERIFY2(session.hasFinding(id), qPrintable(id + QStringLiteral(" missing; raised: ") + seen));
        }
        for (const QString &id : notRaised) {
            QVERIFY2(!session.hasFinding(id), qPrintable(id + QStringLiteral(" raised: ") + seen));
        }
        if (!jsonDetail.isEmpty()) {
            QCOMPARE(detailOf(session, QStringLiteral("fetch.json-error-body")), jsonDetail);
        }
        // Live: every answer here is complete within moments, the window is 15 s.
        for (const RecordedFinding &recorded : session.findings()) {
            QVERIFY2(recorded.raisedMs < 5000, qPrintable(recorded.finding.id));
        }
        // The page's body went out as fetch sends a string: text/plain;charset=UTF-8, no preflight.
        QCOMPARE(server.requestCount(), 1);
        const QByteArray request = server.requests.first();
        QVERIFY(request.startsWith("POST /v1/chat/completions HTTP/1.1\r\n"));
        QVERIFY(request.endsWith(QByteArray(QByteArray("\r\n\r\n") + kBody)));
        QVERIFY(request.contains("\r\nContent-Type: text/plain;charset=UTF-8\r\n"));
        QCOMPARE(session.exchanges().size(), 1);
        QCOMPARE(session.exchanges().constFirst().requestBody, kBody);
        QCOMPARE(session.exchanges().constFirst().requestBodySize, kBody.size());
    }
};

QTEST_GUILESS_MAIN(tst_FetchReaders)
#include "tst_fetchreaders.moc"
