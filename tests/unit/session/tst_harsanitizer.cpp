// HarSanitizer: which names are secrets, and masking in URLs, headers and free text.
#include <session/harsanitizer.h>
#include <session/session.h>

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

class TestHarSanitizer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void secretParameterName_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("secret");
        QTest::addRow("token") << QByteArray("token") << true;
        QTest::addRow("access_token, any case") << QByteArray("Access_Token") << true;
        QTest::addRow("auth") << QByteArray("auth") << true;
        QTest::addRow("key") << QByteArray("key") << true;
        QTest::addRow("jwt") << QByteArray("jwt") << true;
        QTest::addRow("sig") << QByteArray("sig") << true;
        QTest::addRow("X-Amz-Signature") << QByteArray("X-Amz-Signature") << true;
        QTest::addRow("csrf_token suffix") << QByteArray("csrf_token") << true;
        QTest::addRow("private_key suffix") << QByteArray("private_key") << true;
        QTest::addRow("channel") << QByteArray("channel") << false;
        QTest::addRow("lastEventId") << QByteArray("lastEventId") << false;
        QTest::addRow("keyboard") << QByteArray("keyboard") << false;
    }
    void secretParameterName()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, secret);
        QCOMPARE(HarSanitizer::isSecretParameterName(name), secret);
    }

    void cleanText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("query token") << QByteArray("https://a.example/e?token=abc&x=1")
                                     << QByteArray("https://a.example/e?token=REDACTED&x=1");
        QTest::addRow("several") << QByteArray("https://a.example/e?key=k1&sig=s2&jwt=j3")
                                 << QByteArray("https://a.example/e?key=REDACTED&sig=REDACTED&jwt=REDACTED");
        QTest::addRow("fragment") << QByteArray("https://a.example/#access_token=t&state=9")
                                  << QByteArray("https://a.example/#access_token=REDACTED&state=9");
        QTest::addRow("quoted in a console line")
            << QByteArray("Access to resource at 'https://a.example/e?auth=zz' from origin")
            << QByteArray("Access to resource at 'https://a.example/e?auth=REDACTED' from origin");
        QTest::addRow("form body") << QByteArray("token=abc") << QByteArray("token=REDACTED");
        QTest::addRow("name inside a word is not a parameter")
            << QByteArray("https://a.example/e?mytoken2=abc") << QByteArray("https://a.example/e?mytoken2=abc");
        QTest::addRow("empty value stays empty") << QByteArray("https://a.example/e?token=&x=1")
                                                 << QByteArray("https://a.example/e?token=&x=1");
        QTest::addRow("already masked") << QByteArray("https://a.example/e?token=REDACTED")
                                        << QByteArray("https://a.example/e?token=REDACTED");
        QTest::addRow("no secrets") << QByteArray("https://a.example/e?channel=news")
                                    << QByteArray("https://a.example/e?channel=news");
    }
    void cleanText()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        const HarSanitizer sanitizer;
        QCOMPARE(sanitizer.cleanText(text), expected);
        QCOMPARE(sanitizer.cleanText(expected), expected); // idempotent
    }

    void cleanHeaders()
    {
        const HarSanitizer sanitizer;
        const HttpHeaders in{{"Accept", "text/event-stream"}, {"Cookie", "a=b"}, {"authorization", "Bearer x"},
            {"Set-Cookie", "sid=1"}, {"Proxy-Authorization", "Basic y"}, {"X-Auth-Token", "abc"},
            {"Referer", "https://app.example/?jwt=zzz"}, {"Location", "https://b.example/e?sig=1&n=2"}};
        const HttpHeaders expected{{"Accept", "text/event-stream"}, {"X-Auth-Token", "REDACTED"},
            {"Referer", "https://app.example/?jwt=REDACTED"}, {"Location", "https://b.example/e?sig=REDACTED&n=2"}};
        QCOMPARE(sanitizer.cleanHeaders(in), expected);
    }

    // Secret values seen in cookies and credentials are masked in any free text that quotes them.
    void collectedSecretsAreMaskedInFreeText()
    {
        Session session;
        SessionExchange exchange;
        exchange.id = 1;
        exchange.request.url = QUrl(QStringLiteral("https://a.example/e?token=tok%20en1"));
        exchange.request.headers = HttpHeaders{{"Cookie", "sid=cookie-value-1; short=ab"},
            {"Authorization", "Bearer bearer-value-1"}};
        exchange.response = ResponseHead{200, "OK", HttpHeaders{{"Set-Cookie", "x=set-value-1; Path=/"}}};
        session.recordExchange(exchange);
        const HarSanitizer sanitizer(session);
        QCOMPARE(sanitizer.cleanText(QStringLiteral("cookie sid is cookie-value-1, set x=set-value-1")),
            QStringLiteral("cookie sid is REDACTED, set x=REDACTED"));
        QCOMPARE(sanitizer.cleanText(QStringLiteral("sent bearer-value-1 and tok en1")),
            QStringLiteral("sent REDACTED and REDACTED"));
        // Two-letter values are not hunted in free text (they would mask ordinary words).
        QCOMPARE(sanitizer.cleanText(QStringLiteral("ab")), QStringLiteral("ab"));
    }

    // Issue 18: JSON member names in a request body that carry a credential.
    void secretFieldName_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("secret");
        QTest::addRow("api_key") << QByteArray("api_key") << true;
        QTest::addRow("apiKey") << QByteArray("apiKey") << true;
        QTest::addRow("x-api-key") << QByteArray("x-api-key") << true;
        QTest::addRow("token") << QByteArray("token") << true;
        QTest::addRow("access_token") << QByteArray("access_token") << true;
        QTest::addRow("refreshToken") << QByteArray("refreshToken") << true;
        QTest::addRow("password") << QByteArray("password") << true;
        QTest::addRow("newPassword") << QByteArray("newPassword") << true;
        QTest::addRow("Authorization") << QByteArray("Authorization") << true;
        QTest::addRow("secret") << QByteArray("secret") << true;
        QTest::addRow("client_secret") << QByteArray("client_secret") << true;
        QTest::addRow("max_tokens is a count") << QByteArray("max_tokens") << false;
        QTest::addRow("model") << QByteArray("model") << false;
        QTest::addRow("messages") << QByteArray("messages") << false;
        QTest::addRow("keyboard") << QByteArray("keyboard") << false;
        QTest::addRow("jsonrpc") << QByteArray("jsonrpc") << false;
    }
    void secretFieldName()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, secret);
        QCOMPARE(HarSanitizer::isSecretFieldName(name), secret);
    }

    // A request body is masked in place: token-like JSON members as headers are, the rest byte
    // for byte (layout and member order kept), idempotent; a body that is not JSON as free text.
    void cleanBody_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("api_key, spacing kept")
            << QByteArray("{\"model\":\"m\", \"api_key\" : \"sk-123\",\"stream\":true}")
            << QByteArray("{\"model\":\"m\", \"api_key\" : \"REDACTED\",\"stream\":true}");
        QTest::addRow("nested password, escaped quote")
            << QByteArray("{\"auth\":{\"user\":\"ann\",\"password\":\"p\\\"w\"},\"n\":1}")
            << QByteArray("{\"auth\":{\"user\":\"ann\",\"password\":\"REDACTED\"},\"n\":1}");
        QTest::addRow("a number secret becomes the mask string")
            << QByteArray("{\"pin_token\": 123456, \"max_tokens\": 50}")
            << QByteArray("{\"pin_token\": \"REDACTED\", \"max_tokens\": 50}");
        QTest::addRow("null stays null") << QByteArray("{\"token\": null}") << QByteArray("{\"token\": null}");
        QTest::addRow("secret-looking string values are not names")
            << QByteArray("[\"token\", \"password\"]") << QByteArray("[\"token\", \"password\"]");
        QTest::addRow("an array of objects")
            << QByteArray("[{\"secret\":\"a1\"},{\"Authorization\":\"Bearer x\"}]")
            << QByteArray("[{\"secret\":\"REDACTED\"},{\"Authorization\":\"REDACTED\"}]");
        QTest::addRow("MCP JSON-RPC untouched")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")
            << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
        QTest::addRow("form body") << QByteArray("q=hi&api_key=sk-1") << QByteArray("q=hi&api_key=REDACTED");
        QTest::addRow("not JSON, not a form") << QByteArray("hello {\"token\": \"x") << QByteArray("hello {\"token\": \"x");
    }
    void cleanBody()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        const HarSanitizer sanitizer;
        QCOMPARE(sanitizer.cleanBody(body), expected);
        QCOMPARE(sanitizer.cleanBody(expected), expected); // idempotent
    }

    // A secret found in a body is masked wherever else free text quotes it.
    void bodySecretsAreMaskedInFreeText()
    {
        Session session;
        SessionExchange exchange;
        exchange.id = 1;
        exchange.request.method = "POST";
        exchange.request.hasBody = true;
        exchange.requestBody = "{\"api_key\":\"sk-live-4242\"}";
        session.recordExchange(exchange);
        const HarSanitizer sanitizer(session);
        QCOMPARE(sanitizer.cleanText(QStringLiteral("401: invalid key sk-live-4242")),
            QStringLiteral("401: invalid key REDACTED"));
    }

    // A token that is part of the mask ("REDA") is masked where it sits but not hunted in free
    // text, where it would grow every mask ("REDACTEDCTED"): cleaning stays idempotent
    // (found by fuzz_harreader: export → import → export changed the bytes).
    void aSecretInsideTheMaskKeepsMaskingIdempotent()
    {
        Session session;
        SessionExchange exchange;
        exchange.id = 1;
        exchange.request.url = QUrl(QStringLiteral("http://127.0.0.1:1/events?token=REDA#CTED"));
        session.recordExchange(exchange);
        const HarSanitizer sanitizer(session);
        const QByteArray once = sanitizer.cleanUrl(exchange.request.url);
        QCOMPARE(once, QByteArray("http://127.0.0.1:1/events?token=REDACTED#CTED"));
        QCOMPARE(sanitizer.cleanUrl(QUrl::fromEncoded(once)), once);
        QCOMPARE(sanitizer.cleanText(QStringLiteral("token=REDACTED")), QStringLiteral("token=REDACTED"));
    }

    // URLs stay URLs that read back the same (fuzz_harreader found a secret-named header whose
    // value was a URL prefix: masking it as text left "REDACTEDlive", which the importer refused).
    void cleanUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::addRow("no secret") << QStringLiteral("https://api.example/events?channel=news")
                                   << QStringLiteral("https://api.example/events?channel=news");
        QTest::addRow("query token") << QStringLiteral("https://api.example/events?token=t0k3n&n=1")
                                     << QStringLiteral("https://api.example/events?token=REDACTED&n=1");
        QTest::addRow("secret in the path") << QStringLiteral("https://api.example/s/cookie-value-1/live")
                                            << QStringLiteral("https://api.example/s/REDACTED/live");
        QTest::addRow("secret covers scheme and host") << QStringLiteral("https://app.example.com/live")
                                                       << QStringLiteral("https://redacted/live");
        QTest::addRow("secret is the host, port kept") << QStringLiteral("http://hostsecret.example:8080/e?n=1")
                                                       << QStringLiteral("http://redacted:8080/e?n=1");
        QTest::addRow("password in the user info") << QStringLiteral("https://user:pass-secret-1@api.example/e")
                                                   << QStringLiteral("https://redacted/e");
        QTest::addRow("secret inside a percent escape") << QStringLiteral("https://api.example/a%2Fb-9F%7Cx")
                                                        << QStringLiteral("https://api.example/REDACTED");
    }
    void cleanUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        Session session;
        SessionExchange exchange;
        exchange.id = 1;
        exchange.request.url = QUrl(QStringLiteral("https://api.example/e"));
        exchange.request.headers = HttpHeaders{{"Cookie", "sid=cookie-value-1"}, {"X-Auth-Origin", "https://app.example.com/"},
            {"X-Api-Key", "hostsecret.example"}, {"X-Secret", "pass-secret-1"}, {"X-Signature", "2Fb-9"}};
        session.recordExchange(exchange);
        const HarSanitizer sanitizer(session);
        const QByteArray cleaned = sanitizer.cleanUrl(QUrl::fromEncoded(url.toUtf8(), QUrl::StrictMode));
        QCOMPARE(QString::fromUtf8(cleaned), expected);
        const QUrl readBack = QUrl::fromEncoded(cleaned, QUrl::StrictMode);
        QVERIFY(readBack.isValid() && !readBack.isRelative());
        QCOMPARE(readBack.toEncoded(), cleaned);
        QCOMPARE(sanitizer.cleanUrl(readBack), cleaned); // idempotent
    }
};

QTEST_GUILESS_MAIN(TestHarSanitizer)
#include "tst_harsanitizer.moc"
