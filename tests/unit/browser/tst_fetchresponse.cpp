#include <browser/fetchresponse.h>

#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::CredentialsMode)
Q_DECLARE_METATYPE(SseScope::ReadHeaderReason)

// What response.headers.get(name) returns to the page's code (Fetch §3.2.3 CORS filtered response,
// §4.1 main fetch step 14.3), and the checks on an answer a fetch-based SSE reader takes as its
// stream. Rows marked "observed" are tests/browser fetch.expose-* cases in Chromium 156 and
// Firefox ESR 153.
class tst_FetchResponse final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void readHeader_data()
    {
        QTest::addColumn<HttpHeaders>("response");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("tainted");
        QTest::addColumn<CredentialsMode>("credentials");
        QTest::addColumn<ReadHeaderReason>("reason");
        QTest::addColumn<QByteArray>("value"); // null: get() returns null

        const auto omit = CredentialsMode::Omit;
        const auto same = CredentialsMode::SameOrigin;
        const auto include = CredentialsMode::Include;
        const HttpHeaders mcp {{"Content-Type", "text/event-stream"}, {"Mcp-Session-Id", "s-1"}};
        QTest::addRow("Mcp-Session-Id not exposed (observed: null)")
            << mcp << QByteArray("Mcp-Session-Id") << true << same << ReadHeaderReason::NotExposed << QByteArray();
        HttpHeaders listed = mcp;
        listed.append("Access-Control-Expose-Headers", "Mcp-Session-Id");
        QTest::addRow("listed (observed: the value)")
            << listed << QByteArray("Mcp-Session-Id") << true << same << ReadHeaderReason::Exposed
            << QByteArray("s-1");
        QTest::addRow("listed, read in another case")
            << listed << QByteArray("mcp-session-id") << true << include << ReadHeaderReason::Exposed
            << QByteArray("s-1");
        HttpHeaders lowerListed = mcp;
        lowerListed.append("Access-Control-Expose-Headers", " x-request-id , mcp-session-id ");
        QTest::addRow("listed in lower case among others, with spaces")
            << lowerListed << QByteArray("Mcp-Session-Id") << true << same << ReadHeaderReason::Exposed
            << QByteArray("s-1");
        HttpHeaders star = mcp;
        star.append("Access-Control-Expose-Headers", "*");
        QTest::addRow("star without credentials (observed: the value)")
            << star << QByteArray("Mcp-Session-Id") << true << same << ReadHeaderReason::ExposedByWildcard
            << QByteArray("s-1");
        QTest::addRow("star with omit") << star << QByteArray("Mcp-Session-Id") << true << omit
                                        << ReadHeaderReason::ExposedByWildcard << QByteArray("s-1");
        QTest::addRow("star with credentials is a literal name (observed: null)")
            << star << QByteArray("Mcp-Session-Id") << true << include << ReadHeaderReason::WildcardWithCredentials
            << QByteArray();
        HttpHeaders starAndName = mcp;
        starAndName.append("Access-Control-Expose-Headers", "*, Mcp-Session-Id");
        QTest::addRow("star and the name, with credentials")
            << starAndName << QByteArray("Mcp-Session-Id") << true << include << ReadHeaderReason::Exposed
            << QByteArray("s-1");
        HttpHeaders twoLines = mcp;
        twoLines.append("Access-Control-Expose-Headers", "X-Request-Id");
        twoLines.append("Access-Control-Expose-Headers", "Mcp-Session-Id");
        QTest::addRow("ACEH on two lines is one list")
            << twoLines << QByteArray("Mcp-Session-Id") << true << same << ReadHeaderReason::Exposed
            << QByteArray("s-1");
        QTest::addRow("Content-Type is safelisted (observed)")
            << mcp << QByteArray("Content-Type") << true << include << ReadHeaderReason::Safelisted
            << QByteArray("text/event-stream");
        const HttpHeaders cached {{"Cache-Control", "no-cache"}, {"Cache-Control", "no-transform"}, {"Pragma", "x"},
            {"Content-Language", "de"}, {"Expires", "0"}, {"Last-Modified", "x"}, {"Content-Length", "12"}};
        QTest::addRow("Cache-Control lines are joined with \", \"")
            << cached << QByteArray("cache-control") << true << include << ReadHeaderReason::Safelisted
            << QByteArray("no-cache, no-transform");
        for (const char *name : {"Pragma", "Content-Language", "Expires", "Last-Modified", "Content-Length"}) {
            QTest::addRow("safelisted %s", name) << cached << QByteArray(name) << true << same
                                                 << ReadHeaderReason::Safelisted << cached.combinedValue(name);
        }
        QTest::addRow("Date is not safelisted")
            << HttpHeaders {{"Date", "Sat"}} << QByteArray("Date") << true << same << ReadHeaderReason::NotExposed
            << QByteArray();
        QTest::addRow("absent: null, listed or not")
            << listed << QByteArray("X-Request-Id") << true << same << ReadHeaderReason::Absent << QByteArray();
        HttpHeaders cookie = mcp;
        cookie.append("Set-Cookie", "a=b");
        cookie.append("Access-Control-Expose-Headers", "Set-Cookie, *");
        QTest::addRow("Set-Cookie even when listed")
            << cookie << QByteArray("Set-Cookie") << true << omit << ReadHeaderReason::Forbidden << QByteArray();
        QTest::addRow("Set-Cookie same-origin")
            << cookie << QByteArray("set-cookie") << false << include << ReadHeaderReason::Forbidden << QByteArray();
        QTest::addRow("same origin: everything but Set-Cookie")
            << mcp << QByteArray("Mcp-Session-Id") << false << same << ReadHeaderReason::SameOrigin
            << QByteArray("s-1");
        QTest::addRow("same origin, absent")
            << mcp << QByteArray("X-Other") << false << same << ReadHeaderReason::Absent << QByteArray();
    }

    void readHeader()
    {
        QFETCH(HttpHeaders, response);
        QFETCH(QByteArray, name);
        QFETCH(bool, tainted);
        QFETCH(CredentialsMode, credentials);
        QFETCH(ReadHeaderReason, reason);
        QFETCH(QByteArray, value);
        const ReadHeader read = readResponseHeader(response, name, tainted, credentials);
        QCOMPARE(readHeaderReasonName(read.reason), readHeaderReasonName(reason));
        QCOMPARE(read.name, name);
        QCOMPARE(read.value.has_value(), !value.isNull());
        if (read.value) {
            QCOMPARE(*read.value, value);
        }
        QCOMPARE(read.sent, !response.combinedValue(name).isNull());
    }

    void findings()
    {
        const HttpHeaders response {{"Mcp-Session-Id", "s"}, {"Set-Cookie", "a=b"}, {"X-Trace", "t"},
            {"Access-Control-Expose-Headers", "*"}};
        const QList<ReadHeader> reads = readResponseHeaders(response,
            {"Mcp-Session-Id", "Set-Cookie", "X-Missing", "Content-Type"}, true, CredentialsMode::Include);
        const QList<Finding> found = readHeaderFindings(reads);
        QCOMPARE(found.size(), 4);
        QCOMPARE(found.at(0).id, QStringLiteral("fetch.expose-wildcard-with-credentials"));
        QCOMPARE(found.at(0).detail, QStringLiteral("Mcp-Session-Id"));
        QCOMPARE(found.at(1).id, QStringLiteral("fetch.header-forbidden"));
        QCOMPARE(found.at(2).id, QStringLiteral("fetch.header-absent"));
        QCOMPARE(found.at(3).id, QStringLiteral("fetch.header-absent")); // Content-Type not sent
        const QList<Finding> plain
            = readHeaderFindings(readResponseHeaders({{"X-Trace", "t"}}, {"X-Trace"}, true, CredentialsMode::Omit));
        QCOMPARE(plain.size(), 1);
        QCOMPARE(plain.constFirst().id, QStringLiteral("fetch.header-not-exposed"));
        QCOMPARE(plain.constFirst().severity, Severity::Error);
    }

    void streamHead_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<QString>("finding");
        QTest::addRow("event stream") << 200 << HttpHeaders {{"Content-Type", "text/event-stream; charset=utf-8"}}
                                      << QString();
        QTest::addRow("upper case event stream") << 200 << HttpHeaders {{"Content-Type", "Text/Event-Stream"}}
                                                 << QString();
        QTest::addRow("200 application/json")
            << 200 << HttpHeaders {{"Content-Type", "application/json"}} << QStringLiteral("fetch.not-event-stream");
        QTest::addRow("200 without a type") << 200 << HttpHeaders {} << QStringLiteral("fetch.not-event-stream");
        QTest::addRow("401 is not-ok-status's") << 401 << HttpHeaders {{"Content-Type", "application/json"}}
                                                << QString();
    }

    void streamHead()
    {
        QFETCH(int, status);
        QFETCH(HttpHeaders, headers);
        QFETCH(QString, finding);
        ResponseHead response;
        response.status = status;
        response.headers = headers;
        const QList<Finding> found = checkFetchStreamHead(response);
        QCOMPARE(found.isEmpty() ? QString() : found.constFirst().id, finding);
    }

    void streamBody_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("detail"); // empty: no finding
        QTest::addRow("OpenAI error object")
            << 401 << QByteArray("application/json")
            << QByteArray("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}")
            << QStringLiteral("HTTP 401: Incorrect API key provided");
        QTest::addRow("JSON-RPC error on 200")
            << 200 << QByteArray("application/json")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"Bad session\"}}")
            << QStringLiteral("HTTP 200: Bad session");
        QTest::addRow("plain error string") << 429 << QByteArray("application/json")
                                            << QByteArray(" {\"error\":\"rate limited\"}\n")
                                            << QStringLiteral("HTTP 429: rate limited");
        QTest::addRow("detail field (FastAPI)") << 422 << QByteArray("application/json")
                                                << QByteArray("{\"detail\":\"stream must be true\"}")
                                                << QStringLiteral("HTTP 422: stream must be true");
        QTest::addRow("JSON without a message") << 200 << QByteArray("application/json") << QByteArray("[1,2]")
                                                << QStringLiteral("HTTP 200");
        QTest::addRow("JSON sent as text/plain") << 500 << QByteArray("text/plain")
                                                 << QByteArray("{\"message\":\"boom\"}") << QStringLiteral("HTTP 500: boom");
        QTest::addRow("an event stream is not checked")
            << 200 << QByteArray("text/event-stream") << QByteArray("{\"error\":\"x\"}") << QString();
        QTest::addRow("HTML error page") << 502 << QByteArray("text/html") << QByteArray("<html>Bad gateway</html>")
                                         << QString();
        QTest::addRow("cut-off JSON") << 200 << QByteArray("application/json") << QByteArray("{\"error\":") << QString();
    }

    void streamBody()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        QFETCH(QString, detail);
        ResponseHead response;
        response.status = status;
        response.headers.append("Content-Type", type);
        const QList<Finding> found = checkFetchStreamBody(response, body);
        if (detail.isEmpty()) {
            QVERIFY(found.isEmpty());
            return;
        }
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.constFirst().id, QStringLiteral("fetch.json-error-body"));
        QCOMPARE(found.constFirst().detail, detail);
    }
};

QTEST_GUILESS_MAIN(tst_FetchResponse)
#include "tst_fetchresponse.moc"
