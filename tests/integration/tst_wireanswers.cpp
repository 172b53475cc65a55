// The wire as the browser sees it (issue 14): BrowserClient against a raw QTcpServer that answers
// with scripted bytes, one row per server answer — statuses 2xx–5xx with held and ended bodies,
// with and without CORS and credentials, empty values and repeated lines, heads of 100 to 9,000
// fields with the CORS header after them, 103 before 200, a close right after the head, a reset
// mid-event. Each row asserts the verdict, Chromium's console text and the number of requests the
// server saw (exactly the browser's: nothing re-sent, no second request of our own).

#include "clienttesthelpers.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace SseScope;

namespace {

enum class After
{
    Hold, // the connection stays open
    Close, // closed after the answer
    Reset, // a TCP reset after the answer
};

// Answers every request head with `answer`, then does `after`. Counts the request heads it saw.
class ScriptedServer final : public QTcpServer
{
public:
    ScriptedServer(QByteArray answer, After after)
        : m_answer(std::move(answer))
        , m_after(after)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                m_sockets.append(socket);
                auto *buffer = new QByteArray;
                connect(socket, &QObject::destroyed, socket, [buffer] { delete buffer; });
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    qsizetype end = buffer->indexOf("\r\n\r\n");
                    while (end >= 0) {
                        buffer->remove(0, end + 4);
                        ++requests;
                        this->answer(socket);
                        end = buffer->indexOf("\r\n\r\n");
                    }
                });
            }
        });
    }

    int requests = 0;

private:
    void answer(QTcpSocket *socket)
    {
        socket->write(m_answer);
        socket->flush();
        switch (m_after) {
        case After::Hold:
            break;
        case After::Close:
            socket->disconnectFromHost();
            break;
        case After::Reset:
            socket->waitForBytesWritten(1000);
            QTest::qWait(50);
            socket->abort(); // SO_LINGER is not set: Qt's abort closes at once; the client sees the end mid-event
            break;
        }
    }

    QByteArray m_answer;
    After m_after;
    QList<QPointer<QTcpSocket>> m_sockets;
};

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

} // namespace

Q_DECLARE_METATYPE(After)
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

        ScriptedServer server(answer, after);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        ClientOptions options;
        options.pageOrigin = Origin::fromUrl(QUrl(QString::fromLatin1(kPage)));
        options.intent.url = QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort()));
        options.intent.withCredentials = withCredentials;
        // Shorter than Chromium's 3 s reconnection time: one attempt per row.
        options.durationMs = 1500;

        BrowserClientController client;
        QSignalSpy finished(&client, &BrowserClientController::finished);
        QString error;
        QVERIFY2(client.start(options, &error), qPrintable(error));
        QVERIFY(finished.wait(20000));
        const Session &session = client.session();
        const Verdict &verdict = session.verdict();
        const QString port = QString::number(server.serverPort());
        QStringList got;
        for (const QString &line : verdict.console) {
            got.append(QString(line).replace(port, QStringLiteral("{Q}")));
        }
        const QString seen = QStringLiteral("outcome %1, console: %2, findings: %3")
                                 .arg(outcomeName(outcomeOf(verdict)), got.join(QStringLiteral(" | ")),
                                     Test::findingIds(session).join(u' '));
        QVERIFY2(outcomeOf(verdict) == outcome, qPrintable(seen));
        QCOMPARE(got, console);
        QCOMPARE(int(verdict.events), events);
        QCOMPARE(server.requests, requests);
        // No second request of the client's own, and nothing Qt re-sent.
        QCOMPARE(session.exchanges().size(), requests);
    }
};

QTEST_GUILESS_MAIN(tst_WireAnswers)
#include "tst_wireanswers.moc"
