// "Copy as": the curl command and the page's JavaScript for a recorded exchange
// (lib/session/copyas.h). The curl command is split by a real shell (/bin/sh) to prove its quoting.
#include <session/copyas.h>
#include <session/session.h>

#include <QProcess>
#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::CredentialsMode)

namespace {

SessionExchange exchange(quint64 id, ExchangeKind kind, const QByteArray &method, const QString &url,
                         const HttpHeaders &headers)
{
    SessionExchange e;
    e.id = id;
    e.kind = kind;
    e.plannedRequest.method = method;
    e.plannedRequest.url = QUrl(url);
    e.plannedRequest.headers = headers;
    e.request = e.plannedRequest;
    e.httpVersion = "1.1";
    return e;
}

Session session(RequestMode mode, CredentialsMode credentials, const QString &url)
{
    Session s;
    SessionInfo info;
    info.url = QUrl(url);
    info.origin = QStringLiteral("http://localhost:5173");
    info.mode = mode;
    info.credentials = credentials;
    s.setInfo(info);
    return s;
}

// The words /bin/sh makes of a command line: the command replaced by printf, one word a line.
QStringList shellWords(const QString &command)
{
    QString line = command;
    line.replace(QStringLiteral("curl"), QStringLiteral("printf '%s\\n'"));
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), line});
    if (!sh.waitForFinished(10000)) {
        return {};
    }
    return QString::fromUtf8(sh.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

class TestCopyAs : public QObject
{
    Q_OBJECT

private slots:
    void curlSendsEveryHeaderInOrder()
    {
        const SessionExchange e = exchange(1, ExchangeKind::Stream, "GET", QStringLiteral("http://127.0.0.1:8080/events?a=1&b=2"),
            {{"Accept", "text/event-stream"}, {"Origin", "http://localhost:5173"}, {"Cookie", "sid=it's"},
                {"X-Empty", ""}, {"Accept-Encoding", "gzip, deflate, br, zstd"}});
        const QString command = CopyAs::curlCommand(e);
        QCOMPARE(shellWords(command),
                 (QStringList {QStringLiteral("-N"), QStringLiteral("-H"), QStringLiteral("Accept: text/event-stream"),
                               QStringLiteral("-H"), QStringLiteral("Origin: http://localhost:5173"), QStringLiteral("-H"),
                               QStringLiteral("Cookie: sid=it's"), QStringLiteral("-H"), QStringLiteral("X-Empty;"),
                               QStringLiteral("-H"), QStringLiteral("Accept-Encoding: gzip, deflate, br, zstd"),
                               QStringLiteral("--compressed"), QStringLiteral("http://127.0.0.1:8080/events?a=1&b=2")}));
    }

    void curlCarriesTheMethodAndTheWireRequest()
    {
        SessionExchange e = exchange(1, ExchangeKind::Preflight, "OPTIONS", QStringLiteral("https://api.example.test/mcp"),
            {{"Access-Control-Request-Method", "POST"}});
        e.request.headers.append("Host-Added-By-Transport", "1"); // what went on the wire wins over the plan
        const QStringList words = shellWords(CopyAs::curlCommand(e));
        QCOMPARE(words.mid(0, 4), (QStringList {QStringLiteral("-N"), QStringLiteral("-X"), QStringLiteral("OPTIONS"),
                                                QStringLiteral("--http1.1")}));
        QVERIFY(words.contains(QStringLiteral("Host-Added-By-Transport: 1")));
        QCOMPARE(words.constLast(), QStringLiteral("https://api.example.test/mcp"));
    }

    void eventSourceScript_data()
    {
        QTest::addColumn<CredentialsMode>("credentials");
        QTest::addColumn<QString>("construction");
        QTest::newRow("with credentials") << CredentialsMode::Include
            << QStringLiteral("new EventSource(\"http://127.0.0.1:8080/events\", { withCredentials: true });");
        QTest::newRow("without") << CredentialsMode::SameOrigin
                                 << QStringLiteral("new EventSource(\"http://127.0.0.1:8080/events\");");
    }

    void eventSourceScript()
    {
        QFETCH(CredentialsMode, credentials);
        QFETCH(QString, construction);
        Session s = session(RequestMode::EventSource, credentials, QStringLiteral("http://127.0.0.1:8080/events"));
        // A redirect hop: the page still constructed the EventSource with its own URL.
        const SessionExchange hop = exchange(2, ExchangeKind::Stream, "GET", QStringLiteral("http://127.0.0.1:8080/moved"),
                                             {{"Accept", "text/event-stream"}, {"Last-Event-ID", "7"}});
        const QString script = CopyAs::pageJavaScript(s, hop);
        QVERIFY2(script.startsWith(QStringLiteral("const source = ") + construction), qPrintable(script));
        QVERIFY(!script.contains(QStringLiteral("Last-Event-ID"))); // the browser's, not the page's
    }

    void fetchScriptHasOnlyThePagesHeaders()
    {
        Session s = session(RequestMode::Fetch, CredentialsMode::Include, QStringLiteral("http://127.0.0.1:8080/mcp"));
        const HttpHeaders sent {{"User-Agent", "Mozilla/5.0"}, {"Accept", "text/event-stream"},
            {"Authorization", "Bearer t\"k"}, {"Mcp-Session-Id", "abc"}, {"Origin", "http://localhost:5173"},
            {"Sec-Fetch-Mode", "cors"}, {"Referer", "http://localhost:5173/"}, {"Accept-Encoding", "gzip"},
            {"Accept-Language", "en-US"}, {"Cookie", "sid=1"}};
        s.recordExchange(exchange(1, ExchangeKind::Preflight, "OPTIONS", QStringLiteral("http://127.0.0.1:8080/mcp"),
                                  {{"Access-Control-Request-Method", "POST"}}));
        s.recordExchange(exchange(2, ExchangeKind::Stream, "POST", QStringLiteral("http://127.0.0.1:8080/mcp"), sent));
        // Copying the preflight gives the page's request it was sent for.
        const QString script = CopyAs::pageJavaScript(s, s.exchanges().at(0));
        QVERIFY2(script.contains(QStringLiteral("fetch(\"http://127.0.0.1:8080/mcp\", {\n  method: \"POST\",\n  headers: {\n"
                                                "    \"Accept\": \"text/event-stream\",\n"
                                                "    \"Authorization\": \"Bearer t\\\"k\",\n"
                                                "    \"Mcp-Session-Id\": \"abc\",\n  },\n"
                                                "  credentials: \"include\",\n  signal: controller.signal,\n")),
                 qPrintable(script));
        for (const char *browserOwn : {"User-Agent", "Origin", "Sec-Fetch-Mode", "Referer", "Accept-Encoding",
                                       "Accept-Language", "Cookie", "Access-Control-Request-Method"}) {
            QVERIFY2(!script.contains(QLatin1String(browserOwn)), browserOwn);
        }
        QVERIFY(script.contains(QStringLiteral("getReader()")));
    }

    // Issue 18: a fetch POST's body goes with it — curl's --data-binary (split by a real shell,
    // quotes and newlines intact) and the script's body:, from the stream's exchange when the
    // preflight is copied; a body the session kept only in part is named, not cut.
    void thePostBodyIsCopied()
    {
        const QByteArray json = QByteArrayLiteral("{\"model\":\"m\",\"stream\":true,\n\"content\":\"it's\"}");
        SessionExchange post = exchange(2, ExchangeKind::Stream, "POST", QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"),
            {{"Content-Type", "application/json"}, {"Authorization", "Bearer x"}});
        post.request.hasBody = true;
        post.requestBody = json;
        post.requestBodySize = json.size();
        const QStringList words = shellWords(CopyAs::curlCommand(post));
        const qsizetype data = words.indexOf(QStringLiteral("--data-binary"));
        QVERIFY2(data > 0, qPrintable(words.join(u' ')));
        // printf prints each word on its line: the body's own newline splits it in two there.
        QCOMPARE(words.mid(data + 1, 2).join(u'\n'), QString::fromUtf8(json));
        QCOMPARE(words.constLast(), QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"));

        Session s = session(RequestMode::Fetch, CredentialsMode::SameOrigin, QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"));
        s.recordExchange(exchange(1, ExchangeKind::Preflight, "OPTIONS", QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"),
            {{"Access-Control-Request-Method", "POST"}}));
        s.recordExchange(post);
        const QString script = CopyAs::pageJavaScript(s, s.exchanges().at(0));
        QVERIFY2(script.contains(QStringLiteral("  body: \"{\\\"model\\\":\\\"m\\\",\\\"stream\\\":true,\\n\\\"content\\\":\\\"it's\\\"}\",\n")),
            qPrintable(script));

        // A GET (or the GET a 303 made of the POST) has no body, whatever the session kept.
        SessionExchange hop = post;
        hop.request.method = "GET";
        hop.request.hasBody = false;
        QVERIFY(!CopyAs::curlCommand(hop).contains(QStringLiteral("--data-binary")));

        // A 1 MiB --data-file of which the session kept 64 KiB: named, not copied in part.
        post.requestBodySize = 1 << 20;
        QVERIFY(!CopyAs::curlCommand(post).contains(QStringLiteral("--data-binary")));
        Session big = session(RequestMode::Fetch, CredentialsMode::SameOrigin, QStringLiteral("http://127.0.0.1:8080/v1/chat/completions"));
        big.recordExchange(post);
        const QString bigScript = CopyAs::pageJavaScript(big, big.exchanges().at(0));
        QVERIFY2(bigScript.contains(QStringLiteral("// body: 1048576 bytes; the session kept only the first %1").arg(json.size())),
            qPrintable(bigScript));
    }

    void loginIsACredentialedFetch()
    {
        Session s = session(RequestMode::EventSource, CredentialsMode::Include, QStringLiteral("http://127.0.0.1:8080/events"));
        const SessionExchange login = exchange(1, ExchangeKind::Login, "GET", QStringLiteral("http://127.0.0.1:8080/login"), {});
        QCOMPARE(CopyAs::pageJavaScript(s, login),
                 QStringLiteral("await fetch(\"http://127.0.0.1:8080/login\", { credentials: \"include\" }); "
                                "// stores the login's cookies\n"));
    }

    void pageHeadersKeepAnAcceptThePageSet()
    {
        QCOMPARE(CopyAs::pageHeaders({"GET", QUrl(), {{"Accept", "*/*"}, {"X-Trace", "1"}}}).lines().size(), 1);
        QCOMPARE(CopyAs::pageHeaders({"GET", QUrl(), {{"Accept", "text/event-stream"}}}).lines().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCopyAs)
#include "tst_copyas.moc"
