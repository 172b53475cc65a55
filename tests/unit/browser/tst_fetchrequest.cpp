#include <browser/fetchrequest.h>
#include <browser/preflight.h>

#include <QTest>

using namespace SseScope;

// What fetch(url, {method, body, headers}) makes of its init, and the preflight that follows from
// it. Rows cite the Fetch standard section or the Chromium source (request.cc, cors_util) or an
// observed Chromium 156 run (tests/browser post.* cases).
class tst_FetchRequest final : public QObject
{
    Q_OBJECT

    static RequestIntent fetchIntent(const QByteArray &method, const HttpHeaders &headers, bool hasBody)
    {
        RequestIntent intent;
        intent.url = QUrl(QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"));
        intent.mode = RequestMode::Fetch;
        intent.method = method;
        intent.extraHeaders = headers;
        intent.hasBody = hasBody;
        if (hasBody) {
            intent.body = QByteArrayLiteral("{\"stream\":true}");
        }
        return intent;
    }

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void typeErrors_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("hasBody");
        QTest::addColumn<QString>("error");
        // Fetch §5.4 step 35; Chromium request.cc.
        QTest::addRow("GET with a body") << QByteArray("GET") << true
                                         << QStringLiteral("Request with GET/HEAD method cannot have body.");
        QTest::addRow("get (normalized) with a body")
            << QByteArray("get") << true << QStringLiteral("Request with GET/HEAD method cannot have body.");
        QTest::addRow("HEAD with a body") << QByteArray("HEAD") << true
                                          << QStringLiteral("Request with GET/HEAD method cannot have body.");
        QTest::addRow("POST with a body") << QByteArray("POST") << true << QString();
        QTest::addRow("DELETE with a body (MCP ends a session)") << QByteArray("DELETE") << true << QString();
        QTest::addRow("GET without a body") << QByteArray("GET") << false << QString();
        // Fetch "forbidden method" (byte-case-insensitive), step 25.
        QTest::addRow("TRACE") << QByteArray("TRACE") << false << QStringLiteral("'TRACE' HTTP method is unsupported.");
        QTest::addRow("connect in lower case")
            << QByteArray("connect") << false << QStringLiteral("'connect' HTTP method is unsupported.");
        QTest::addRow("TRACK") << QByteArray("TRACK") << false << QStringLiteral("'TRACK' HTTP method is unsupported.");
        // Fetch "method" is a token.
        QTest::addRow("space in the method")
            << QByteArray("PO ST") << false << QStringLiteral("'PO ST' is not a valid HTTP method.");
        QTest::addRow("empty method") << QByteArray() << false << QStringLiteral("'' is not a valid HTTP method.");
        QTest::addRow("custom token method") << QByteArray("QUERY") << true << QString();
    }

    void typeErrors()
    {
        QFETCH(QByteArray, method);
        QFETCH(bool, hasBody);
        QFETCH(QString, error);
        QCOMPARE(fetchInitTypeError(fetchIntent(method, {}, hasBody)), error);
        const QList<Finding> findings = fetchInitFindings(fetchIntent(method, {}, hasBody));
        QCOMPARE(findings.size(), error.isEmpty() ? 0 : 1);
        if (!error.isEmpty()) {
            QCOMPARE(findings.constFirst().id, QStringLiteral("fetch.init-type-error"));
            QCOMPARE(findings.constFirst().detail, error);
        }
    }

    void eventSourceHasNoInit()
    {
        RequestIntent intent = fetchIntent("GET", {}, true);
        intent.mode = RequestMode::EventSource;
        QCOMPARE(fetchInitTypeError(intent), QString());
        QVERIFY(!fetchRequestHeaders(intent).contains("Content-Type"));
    }

    void consoleLine()
    {
        QCOMPARE(chromiumFetchTypeErrorConsole(QStringLiteral("Request with GET/HEAD method cannot have body.")),
            QStringLiteral("Uncaught (in promise) TypeError: Failed to execute 'fetch' on 'Window': Request with "
                           "GET/HEAD method cannot have body."));
    }

    // The whole decision: the init's headers (with the body's Content-Type) → CORS-unsafe names →
    // preflight or not. Fetch §5.4 step 36, §2.2.2 CORS-safelisted request-header, §4.1 step 12.
    void preflightDecision_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<bool>("hasBody");
        QTest::addColumn<QList<QByteArray>>("unsafe");
        QTest::addColumn<bool>("preflight");
        using Names = QList<QByteArray>;
        QTest::addRow("POST string body, no Content-Type: text/plain;charset=UTF-8, simple")
            << QByteArray("POST") << HttpHeaders {} << true << Names {} << false;
        QTest::addRow("POST application/json (the LLM chat case)")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "application/json"}} << true
            << Names {"content-type"} << true;
        QTest::addRow("POST application/json + Authorization")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "application/json"}, {"Authorization", "Bearer x"}}
            << true << Names {"authorization", "content-type"} << true;
        QTest::addRow("POST text/plain; charset=utf-8 stays simple")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "text/plain; charset=utf-8"}} << true << Names {}
            << false;
        QTest::addRow("POST TEXT/PLAIN upper case: the essence is lower-cased")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "TEXT/PLAIN"}} << true << Names {} << false;
        QTest::addRow("POST form-urlencoded") << QByteArray("POST")
                                              << HttpHeaders {{"Content-Type", "application/x-www-form-urlencoded"}}
                                              << true << Names {} << false;
        QTest::addRow("POST multipart/form-data with boundary")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "multipart/form-data; boundary=x"}} << true
            << Names {} << false;
        QTest::addRow("quoted charset: '\"' is a CORS-unsafe byte")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "text/plain; charset=\"utf-8\""}} << true
            << Names {"content-type"} << true;
        QTest::addRow("two types in one value do not parse")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "text/plain, application/json"}} << true
            << Names {"content-type"} << true;
        QTest::addRow("text/event-stream as a request type")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "text/event-stream"}} << true
            << Names {"content-type"} << true;
        QTest::addRow("text/plain over 128 bytes")
            << QByteArray("POST")
            << HttpHeaders {{"Content-Type", QByteArray("text/plain; x=") + QByteArray(115, 'a')}} << true
            << Names {"content-type"} << true;
        QTest::addRow("text/plain of exactly 128 bytes")
            << QByteArray("POST")
            << HttpHeaders {{"Content-Type", QByteArray("text/plain; x=") + QByteArray(114, 'a')}} << true
            << Names {} << false;
        QTest::addRow("Accept: text/event-stream is safelisted")
            << QByteArray("POST") << HttpHeaders {{"Accept", "text/event-stream"}} << true << Names {} << false;
        QTest::addRow("Mcp-Session-Id is a custom header")
            << QByteArray("POST") << HttpHeaders {{"Content-Type", "application/json"}, {"Mcp-Session-Id", "abc"}}
            << true << Names {"content-type", "mcp-session-id"} << true;
        QTest::addRow("MCP-Protocol-Version too")
            << QByteArray("GET") << HttpHeaders {{"MCP-Protocol-Version", "2025-06-18"}} << false
            << Names {"mcp-protocol-version"} << true;
        QTest::addRow("DELETE without headers: the method alone") << QByteArray("DELETE") << HttpHeaders {} << false
                                                                  << Names {} << true;
        QTest::addRow("PUT") << QByteArray("PUT") << HttpHeaders {} << true << Names {} << true;
        QTest::addRow("PATCH is not normalized, still not safelisted")
            << QByteArray("patch") << HttpHeaders {} << true << Names {} << true;
        QTest::addRow("post in lower case is normalized to POST") << QByteArray("post") << HttpHeaders {} << true
                                                                  << Names {} << false;
        // Safelisted values over 1024 bytes in total all become unsafe (Fetch "CORS-unsafe
        // request-header names" step 5; Chromium cors_util.cc kSafelistValueSizeLimit).
        HttpHeaders big {{"Content-Type", QByteArray("text/plain; x=") + QByteArray(100, 'a')}};
        for (int i = 0; i < 9; ++i) {
            big.append("Accept-Language", QByteArray(110, 'b'));
        }
        QTest::addRow("safelisted values over 1024 bytes together (114 + 9 × 110)")
            << QByteArray("POST") << big << true << Names {"accept-language", "content-type"} << true;
        // Forbidden names are dropped, so they never need a preflight.
        QTest::addRow("Content-Length and Cookie are forbidden, dropped")
            << QByteArray("POST") << HttpHeaders {{"Content-Length", "15"}, {"Cookie", "a=b"}} << true << Names {}
            << false;
    }

    void preflightDecision()
    {
        QFETCH(QByteArray, method);
        QFETCH(HttpHeaders, headers);
        QFETCH(bool, hasBody);
        QFETCH(QList<QByteArray>, unsafe);
        QFETCH(bool, preflight);
        const HttpHeaders sent = fetchRequestHeaders(fetchIntent(method, headers, hasBody));
        QCOMPARE(corsUnsafeRequestHeaderNames(sent), unsafe);
        QCOMPARE(needsPreflight(method, sent), preflight);
    }

    void bodyContentType()
    {
        const HttpHeaders defaulted = fetchRequestHeaders(fetchIntent("POST", {{"Authorization", "Bearer x"}}, true));
        QCOMPARE(defaulted.lines().size(), 2);
        QCOMPARE(defaulted.lines().constLast().name, QByteArray("Content-Type"));
        QCOMPARE(defaulted.lines().constLast().value, QByteArray("text/plain;charset=UTF-8"));
        const HttpHeaders own = fetchRequestHeaders(fetchIntent("POST", {{"content-type", "application/json"}}, true));
        QCOMPARE(own.values("Content-Type"), QList<QByteArray> {"application/json"});
        QVERIFY(!fetchRequestHeaders(fetchIntent("POST", {}, false)).contains("Content-Type"));
    }
};

QTEST_GUILESS_MAIN(tst_FetchRequest)
#include "tst_fetchrequest.moc"
