// WireReply behind WireAccessManager, against a scripted loopback server in the test: the request
// written exactly once, every head line as received, 1xx skipped but kept, heads delivered before
// their bodies, the body's framing removed, the head cap, and Chromium's names for failures.
#include <client/wireaccessmanager.h>
#include <client/wirereply.h>

#include <QBuffer>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace SseScope;

namespace {

// Answers each request with `answer` (written in `pieces`), then closes when `close` is set.
class ScriptedServer final : public QTcpServer
{
public:
    ScriptedServer(QList<QByteArray> pieces, bool close)
        : m_pieces(std::move(pieces))
        , m_close(close)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++connections;
                m_sockets.append(socket);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    received += socket->readAll();
                    const qsizetype headEnd = received.indexOf("\r\n\r\n");
                    if (headEnd < 0 || answered || received.size() - headEnd - 4 < waitForBodyBytes) {
                        return;
                    }
                    answered = true;
                    for (const QByteArray &piece : std::as_const(m_pieces)) {
                        socket->write(piece);
                        socket->flush();
                        socket->waitForBytesWritten(1000);
                        QTest::qWait(20);
                    }
                    if (m_close) {
                        socket->disconnectFromHost();
                    }
                });
            }
        });
    }
    void reset() // a TCP reset on every open connection
    {
        for (QTcpSocket *socket : std::as_const(m_sockets)) {
            if (socket) {
                socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                socket->abort();
            }
        }
    }

    int connections = 0;
    qsizetype waitForBodyBytes = 0; // answer once this much request body came after the head
    QByteArray received;
    bool answered = false;

private:
    QList<QByteArray> m_pieces;
    bool m_close;
    QList<QPointer<QTcpSocket>> m_sockets;
};

struct Outcome
{
    bool headBeforeFinish = false;
    int readyReads = 0;
    QByteArray body;
    ResponseHead head;
    QList<ResponseHead> interim;
    QString netError;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
};

Outcome run(const RequestHead &planned, bool holdOpen = false)
{
    WireAccessManager manager;
    QNetworkRequest request(planned.url);
    request.setAttribute(WireReply::PlannedRequestAttribute, QVariant::fromValue(planned));
    QNetworkReply *reply = manager.get(request);
    auto *wire = qobject_cast<WireReply *>(reply);
    Outcome outcome;
    if (!wire) {
        return outcome;
    }
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [&] {
        outcome.headBeforeFinish = !reply->isFinished();
        outcome.head = wire->rawHead();
        outcome.interim = wire->interimHeads();
    });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&] {
        ++outcome.readyReads;
        outcome.body += reply->readAll();
    });
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QSignalSpy meta(reply, &QNetworkReply::metaDataChanged);
    if (holdOpen) {
        // The body never ends: the head must come anyway.
        if (!meta.wait(5000)) {
            return outcome;
        }
        QTest::qWait(100);
        reply->abort();
    } else if (!finished.wait(5000)) {
        return outcome;
    }
    outcome.body += reply->readAll();
    outcome.netError = wire->chromiumNetError();
    outcome.error = reply->error();
    delete reply;
    return outcome;
}

RequestHead plannedFor(const ScriptedServer &server)
{
    RequestHead planned;
    planned.url = QUrl(QStringLiteral("http://127.0.0.1:%1/events?a=1").arg(server.serverPort()));
    planned.headers.append("Host", "127.0.0.1:" + QByteArray::number(server.serverPort()));
    planned.headers.append("Accept", "text/event-stream");
    planned.headers.append("X-Twice", "1");
    planned.headers.append("X-Twice", "2");
    return planned;
}

} // namespace

class tst_WireReply final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void answers_data()
    {
        QTest::addColumn<QList<QByteArray>>("pieces");
        QTest::addColumn<bool>("close");
        QTest::addColumn<bool>("holdOpen");
        QTest::addColumn<int>("status"); // 0: no head
        QTest::addColumn<QList<QByteArray>>("lines"); // "Name: value" of the head, in order
        QTest::addColumn<int>("interim");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("netError");

        const QByteArray sse = "Content-Type: text/event-stream\r\n";
        QTest::addRow("repeats and empty values kept")
            << QList<QByteArray> {"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin:\r\nSet-Cookie: a=1\r\nSet-Cookie: "
                                  "b=2\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 5\r\n\r\nhello"}
            << false << false << 200
            << QList<QByteArray> {"Access-Control-Allow-Origin: ", "Set-Cookie: a=1", "Set-Cookie: b=2",
                   "Access-Control-Allow-Origin: *", "Content-Length: 5"}
            << 0 << QByteArray("hello") << QString();
        QTest::addRow("103 Early Hints, then 200")
            << QList<QByteArray> {"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n",
                   "HTTP/1.1 200 OK\r\n" + sse + "\r\ndata: x\n\n"}
            << true << false << 200 << QList<QByteArray> {"Content-Type: text/event-stream"} << 1
            << QByteArray("data: x\n\n") << QString();
        QTest::addRow("chunked, in pieces")
            << QList<QByteArray> {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "lo\r\n3;ext=1\r\n wo\r\n",
                   "0\r\nTrailer: x\r\n\r\n"}
            << false << false << 200 << QList<QByteArray> {"Transfer-Encoding: chunked"} << 0 << QByteArray("hello wo")
            << QString();
        QTest::addRow("close-delimited") << QList<QByteArray> {"HTTP/1.1 200 OK\r\n" + sse + "\r\ndata: 1\n\n", "data: 2\n\n"}
                                         << true << false << 200 << QList<QByteArray> {"Content-Type: text/event-stream"}
                                         << 0 << QByteArray("data: 1\n\ndata: 2\n\n") << QString();
        QTest::addRow("401 with a held body: the head comes at once")
            << QList<QByteArray> {"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\n" + sse + "\r\n"} << false
            << true << 401 << QList<QByteArray> {"WWW-Authenticate: Bearer", "Content-Type: text/event-stream"} << 0
            << QByteArray() << QString();
        QTest::addRow("407 with a held body: the head comes at once")
            << QList<QByteArray> {"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n"}
            << false << true << 407 << QList<QByteArray> {"Proxy-Authenticate: Basic"} << 0 << QByteArray() << QString();
        QTest::addRow("closed at once") << QList<QByteArray>() << true << false << 0 << QList<QByteArray>() << 0
                                        << QByteArray() << QStringLiteral("ERR_EMPTY_RESPONSE");
        QTest::addRow("closed inside the head: taken as the head (http)")
            << QList<QByteArray> {"HTTP/1.1 200 OK\r\nX-A: 1\r\n"} << true << false << 200 << QList<QByteArray> {"X-A: 1"}
            << 0 << QByteArray() << QString();
        QTest::addRow("Content-Length not reached")
            << QList<QByteArray> {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"} << true << false << 200
            << QList<QByteArray> {"Content-Length: 10"} << 0 << QByteArray("abc") << QStringLiteral("ERR_CONTENT_LENGTH_MISMATCH");
        QTest::addRow("chunked cut short")
            << QList<QByteArray> {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"} << true << false << 200
            << QList<QByteArray> {"Transfer-Encoding: chunked"} << 0 << QByteArray("ab")
            << QStringLiteral("ERR_INCOMPLETE_CHUNKED_ENCODING");
        QTest::addRow("not HTTP") << QList<QByteArray> {"SSH-2.0-OpenSSH\r\n\r\n"} << true << false << 0
                                  << QList<QByteArray>() << 0 << QByteArray() << QStringLiteral("ERR_INVALID_HTTP_RESPONSE");
        QByteArray many = "HTTP/1.1 200 OK\r\n";
        QList<QByteArray> manyLines;
        for (int i = 0; i < 150; ++i) {
            many += "X-F-" + QByteArray::number(i) + ": " + QByteArray::number(i) + "\r\n";
            manyLines << "X-F-" + QByteArray::number(i) + ": " + QByteArray::number(i);
        }
        QTest::addRow("150 fields") << QList<QByteArray> {many + "Content-Length: 2\r\n\r\nok"} << false << false << 200
                                    << (manyLines + QList<QByteArray> {"Content-Length: 2"}) << 0 << QByteArray("ok")
                                    << QString();
        QByteArray huge = "HTTP/1.1 200 OK\r\n";
        while (huge.size() <= 256 * 1024) {
            huge += "X-Pad: " + QByteArray(1000, 'p') + "\r\n";
        }
        QTest::addRow("head over 256 KiB") << QList<QByteArray> {huge + "\r\n"} << false << false << 0
                                           << QList<QByteArray>() << 0 << QByteArray()
                                           << QStringLiteral("ERR_RESPONSE_HEADERS_TOO_BIG");
    }

    void answers()
    {
        QFETCH(QList<QByteArray>, pieces);
        QFETCH(bool, close);
        QFETCH(bool, holdOpen);
        QFETCH(int, status);
        QFETCH(QList<QByteArray>, lines);
        QFETCH(int, interim);
        QFETCH(QByteArray, body);
        QFETCH(QString, netError);

        ScriptedServer server(pieces, close);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const RequestHead planned = plannedFor(server);
        const Outcome outcome = run(planned, holdOpen);

        // Exactly the planned request, once.
        QCOMPARE(server.connections, 1);
        QCOMPARE(server.received, serializeRequestHead(planned));
        QVERIFY(server.received.startsWith("GET /events?a=1 HTTP/1.1\r\nHost: 127.0.0.1:"));
        QVERIFY(server.received.contains("X-Twice: 1\r\nX-Twice: 2\r\n"));

        QCOMPARE(outcome.netError, netError);
        QCOMPARE(outcome.head.status, status);
        QList<QByteArray> got;
        for (const HttpHeader &header : outcome.head.headers.lines()) {
            got << header.name + ": " + header.value;
        }
        QCOMPARE(got, lines);
        QCOMPARE(outcome.interim.size(), interim);
        if (interim > 0) {
            QCOMPARE(outcome.interim.constFirst().status, 103);
        }
        QCOMPARE(outcome.body, body);
        if (holdOpen) {
            QVERIFY(outcome.headBeforeFinish);
            QCOMPARE(outcome.error, QNetworkReply::OperationCanceledError);
        } else if (status != 0 && netError.isEmpty()) {
            QVERIFY(outcome.headBeforeFinish);
            QCOMPARE(outcome.error, QNetworkReply::NoError);
        }
    }

    // A request body is written by the reply itself, whole, after a head carrying its length;
    // a sequential device stays with Qt's reply (WireAccessManager::createRequest says why).
    void requestBody_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("device"); // 0: none, 1: QByteArray overload, 2: seekable, 3: sequential
        QTest::addColumn<bool>("plannedLength"); // the planned head has a (wrong) Content-Length line
        QTest::addColumn<QByteArray>("headTail"); // the head after Host, as written
        QTest::addColumn<bool>("wire");

        const QByteArray json = R"({"channel":"prices","since":42})";
        const QByteArray json_len = QByteArray::number(json.size());
        QTest::addRow("POST, a QByteArray body") << QByteArray("POST") << json << 1 << false
                                                 << "Connection: keep-alive\r\nContent-Length: " + json_len
                + "\r\nContent-Type: application/json\r\n\r\n"
                                                 << true;
        QTest::addRow("POST, a seekable device read from its position")
            << QByteArray("POST") << json << 2 << false
            << "Connection: keep-alive\r\nContent-Length: " + json_len + "\r\nContent-Type: application/json\r\n\r\n"
            << true;
        QTest::addRow("POST, the planned Content-Length corrected in place")
            << QByteArray("POST") << json << 1 << true
            << "Connection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: " + json_len + "\r\n\r\n"
            << true;
        QTest::addRow("POST without a body: Content-Length: 0, as Chromium sends it")
            << QByteArray("POST") << QByteArray() << 0 << false
            << QByteArray("Connection: keep-alive\r\nContent-Length: 0\r\nContent-Type: application/json\r\n\r\n")
            << true;
        QTest::addRow("PUT, 300 KiB of body") << QByteArray("PUT") << QByteArray(300 * 1024, 'b') << 1 << false
                                              << QByteArray("Connection: keep-alive\r\nContent-Length: 307200\r\n"
                                                            "Content-Type: application/json\r\n\r\n")
                                              << true;
        QTest::addRow("GET without a body: no Content-Length") << QByteArray("GET") << QByteArray() << 0 << false
                                                               << QByteArray("Connection: keep-alive\r\n"
                                                                             "Content-Type: application/json\r\n\r\n")
                                                               << true;
        QTest::addRow("POST, a sequential device: Qt's reply") << QByteArray("POST") << json << 3 << false
                                                               << QByteArray() << false;
    }

    void requestBody()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        QFETCH(int, device);
        QFETCH(bool, plannedLength);
        QFETCH(QByteArray, headTail);
        QFETCH(bool, wire);

        ScriptedServer server({"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"}, false);
        server.waitForBodyBytes = body.size();
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/subscribe").arg(server.serverPort()));
        RequestHead planned;
        planned.method = method;
        planned.url = url;
        planned.headers.append("Host", "127.0.0.1:" + QByteArray::number(server.serverPort()));
        planned.headers.append("Connection", "keep-alive");
        planned.headers.append("Content-Type", "application/json");
        if (plannedLength) {
            planned.headers.append("Content-Length", "1");
        }
        QNetworkRequest request(url);
        request.setAttribute(WireReply::PlannedRequestAttribute, QVariant::fromValue(planned));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));

        WireAccessManager manager;
        QBuffer seekable;
        QProcess sequential;
        QNetworkReply *raw = nullptr;
        switch (device) {
        case 0:
            raw = manager.sendCustomRequest(request, method);
            break;
        case 1:
            raw = manager.sendCustomRequest(request, method, body);
            break;
        case 2:
            seekable.setData("skipped:" + body);
            QVERIFY(seekable.open(QIODevice::ReadOnly));
            QVERIFY(seekable.seek(8)); // QNAM sends from the device's position
            raw = manager.sendCustomRequest(request, method, &seekable);
            break;
        default:
            sequential.start(QStringLiteral("/bin/echo"), {QStringLiteral("-n"), QString::fromLatin1(body)});
            QVERIFY(sequential.waitForStarted(5000));
            request.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
            raw = manager.sendCustomRequest(request, method, &sequential);
            break;
        }
        std::unique_ptr<QNetworkReply> reply(raw);
        QCOMPARE(bool(qobject_cast<WireReply *>(reply.get())), wire);
        QCOMPARE(manager.wireRepliesCreated(), wire ? 1 : 0);
        QCOMPARE(manager.qtRepliesCreated(), wire ? 0 : 1);
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), QByteArray("ok"));
        QCOMPARE(server.connections, 1);
        // The server saw the whole body right after the head, once.
        QTRY_VERIFY(server.received.endsWith(QByteArray("\r\n\r\n" + body)));
        QVERIFY(server.received.startsWith(QByteArray(method + " /subscribe HTTP/1.1\r\nHost: 127.0.0.1:")));
        if (wire) {
            const QByteArray head = server.received.first(server.received.indexOf("\r\n\r\n") + 4);
            QVERIFY2(head.endsWith(headTail), head.constData());
            QCOMPARE(head.count("Content-Length"), body.isEmpty() && method == "GET" ? 0 : 1);
            const auto *w = qobject_cast<WireReply *>(reply.get());
            QCOMPARE(w->requestBytes(), server.received);
            QCOMPARE(w->requestBodyBytes(), qint64(body.size()));
        }
    }

    // readyRead per piece of a stream, before the body ends.
    void readyReadPerChunk()
    {
        ScriptedServer server({"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n", "data: 1\n\n", "data: 2\n\n",
                                  "data: 3\n\n"},
            true);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const Outcome outcome = run(plannedFor(server));
        QCOMPARE(outcome.body, QByteArray("data: 1\n\ndata: 2\n\ndata: 3\n\n"));
        QVERIFY2(outcome.readyReads >= 3, qPrintable(QString::number(outcome.readyReads)));
    }

    // A reset in the middle of a close-delimited body ends the reply; nothing is sent again.
    void resetMidBody()
    {
        ScriptedServer server({"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: one\n\ndata: ha"}, false);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        WireAccessManager manager;
        RequestHead planned = plannedFor(server);
        QNetworkRequest request(planned.url);
        request.setAttribute(WireReply::PlannedRequestAttribute, QVariant::fromValue(planned));
        std::unique_ptr<QNetworkReply> reply(manager.get(request));
        QByteArray body;
        connect(reply.get(), &QNetworkReply::readyRead, this, [&] { body += reply->readAll(); });
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QTRY_VERIFY(body.endsWith("data: ha"));
        server.reset();
        QVERIFY(finished.wait(5000));
        QCOMPARE(server.connections, 1);
        QCOMPARE(manager.wireRepliesCreated(), 1);
    }

    // abort() ends the reply at once: finished once, OperationCanceledError, the connection closed.
    void abortWhileConnected()
    {
        ScriptedServer server({"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"}, false);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        WireAccessManager manager;
        QNetworkRequest request(plannedFor(server).url);
        std::unique_ptr<QNetworkReply> reply(manager.get(request));
        QSignalSpy meta(reply.get(), &QNetworkReply::metaDataChanged);
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(meta.wait(5000));
        reply->abort();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(reply->error(), QNetworkReply::OperationCanceledError);
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        // Without a planned request, the QNetworkRequest's headers go out in order, Host first.
        QVERIFY(server.received.startsWith("GET /events?a=1 HTTP/1.1\r\nHost: 127.0.0.1:"));
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        WireAccessManager manager;
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)))));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(reply->error(), QNetworkReply::ConnectionRefusedError);
        QCOMPARE(qobject_cast<WireReply *>(reply.get())->chromiumNetError(), QStringLiteral("ERR_CONNECTION_REFUSED"));
    }

    // Other schemes stay Qt's.
    void otherSchemesAreQts()
    {
        WireAccessManager manager;
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(QUrl(QStringLiteral("data:,hello")))));
        QVERIFY(!qobject_cast<WireReply *>(reply.get()));
        QCOMPARE(manager.wireRepliesCreated(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_WireReply)
#include "tst_wirereply.moc"
