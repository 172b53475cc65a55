#include <browser/preflight.h>

#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::CorsError)
Q_DECLARE_METATYPE(SseScope::CredentialsMode)

namespace {
using Names = QList<QByteArray>;
}

class tst_Preflight final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void safelistedHeaders_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("safelisted");
        QTest::addRow("accept") << QByteArray("Accept") << QByteArray("text/event-stream") << true;
        QTest::addRow("accept with unsafe byte") << QByteArray("Accept") << QByteArray("text/(x)") << false;
        QTest::addRow("accept-language") << QByteArray("Accept-Language") << QByteArray("en-US,en;q=0.9") << true;
        QTest::addRow("content-language bad byte") << QByteArray("content-language") << QByteArray("en_GB") << false;
        QTest::addRow("content-type text/plain")
            << QByteArray("Content-Type") << QByteArray("text/plain;charset=UTF-8") << true;
        QTest::addRow("content-type json") << QByteArray("Content-Type") << QByteArray("application/json") << false;
        QTest::addRow("range single") << QByteArray("Range") << QByteArray("bytes=0-99") << true;
        QTest::addRow("range open") << QByteArray("Range") << QByteArray("bytes=100-") << true;
        QTest::addRow("range reversed") << QByteArray("Range") << QByteArray("bytes=9-1") << false;
        QTest::addRow("authorization") << QByteArray("Authorization") << QByteArray("Bearer x") << false;
        QTest::addRow("last-event-id is not safelisted") << QByteArray("Last-Event-ID") << QByteArray("7") << false;
        QTest::addRow("cache-control is not safelisted")
            << QByteArray("Cache-Control") << QByteArray("no-cache") << false;
        QTest::addRow("over 128 bytes") << QByteArray("Accept") << QByteArray(129, 'a') << false;
    }

    void safelistedHeaders()
    {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, value);
        QFETCH(bool, safelisted);
        QCOMPARE(isCorsSafelistedRequestHeader(name, value), safelisted);
    }

    void unsafeNames()
    {
        const HttpHeaders headers {{"X-Api-Key", "1"}, {"Authorization", "Bearer t"}, {"Accept", "text/event-stream"},
            {"x-api-key", "2"}, {"Cookie", "a=b"}, {"Sec-Foo", "x"}};
        QCOMPARE(corsUnsafeRequestHeaderNames(headers), (Names {"authorization", "x-api-key"}));
        // Safelisted values over 1024 bytes in total all become unsafe.
        HttpHeaders big {{"Accept", QByteArray(100, 'a')}};
        for (int i = 0; i < 11; ++i) {
            big.append("Accept-Language", QByteArray(100, 'b'));
        }
        QCOMPARE(corsUnsafeRequestHeaderNames(big), (Names {"accept", "accept-language"}));
    }

    void needsPreflight_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<bool>("expected");
        QTest::addRow("plain GET (observed: no preflight)") << QByteArray("GET") << HttpHeaders {} << false;
        QTest::addRow("lower-case get is normalized") << QByteArray("get") << HttpHeaders {} << false;
        QTest::addRow("POST text/plain") << QByteArray("POST") << HttpHeaders {{"Content-Type", "text/plain"}} << false;
        QTest::addRow("PUT") << QByteArray("PUT") << HttpHeaders {} << true;
        QTest::addRow("GET + Authorization (observed: preflight)")
            << QByteArray("GET") << HttpHeaders {{"Authorization", "Bearer t"}} << true;
        QTest::addRow("GET + forbidden header only") << QByteArray("GET") << HttpHeaders {{"Cookie", "a=b"}} << false;
    }

    void needsPreflight()
    {
        QFETCH(QByteArray, method);
        QFETCH(HttpHeaders, headers);
        QFETCH(bool, expected);
        QCOMPARE(SseScope::needsPreflight(method, headers), expected);
    }

    void preflightRequest()
    {
        const RequestHead request = buildPreflightRequest(QUrl(QStringLiteral("http://127.0.0.1:8080/events")), "get",
            {"authorization", "x-api-key"}, QStringLiteral("http://localhost:5173"));
        QCOMPARE(request.method, QByteArray("OPTIONS"));
        QCOMPARE(request.headers.combinedValue("Accept"), QByteArray("*/*"));
        QCOMPARE(request.headers.combinedValue("Access-Control-Request-Method"), QByteArray("GET"));
        QCOMPARE(
            request.headers.combinedValue("Access-Control-Request-Headers"), QByteArray("authorization,x-api-key"));
        QCOMPARE(request.headers.combinedValue("Origin"), QByteArray("http://localhost:5173"));
        QVERIFY(!request.headers.contains("Cookie"));
        const RequestHead methodOnly
            = buildPreflightRequest(QUrl(QStringLiteral("http://a/")), "PUT", {}, QStringLiteral("http://b"));
        QVERIFY(!methodOnly.headers.contains("Access-Control-Request-Headers"));
    }

    // Chromium preflight_controller.cc + preflight_result.cc, in order.
    void checkResponse_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("status");
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<CredentialsMode>("credentials");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<Names>("unsafe");
        QTest::addColumn<CorsError>("error");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<bool>("wildcardAuth");

        const QByteArray origin = "http://localhost:5173";
        const auto same = CredentialsMode::SameOrigin;
        const auto include = CredentialsMode::Include;
        const Names auth {"authorization"};
        const QString chromium = QStringLiteral("chromium");
        QTest::addRow("echo + ACAH Authorization (observed: works)")
            << chromium << 204
            << HttpHeaders {{"Access-Control-Allow-Origin", origin}, {"Access-Control-Allow-Headers", "Authorization"}}
            << same << QByteArray("GET") << auth << CorsError::None << QString() << false;
        QTest::addRow("star + ACAH star, Chromium (observed: works)")
            << chromium << 200
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}} << same
            << QByteArray("GET") << auth << CorsError::None << QString() << true;
        // Observed Firefox ESR 153 (tests/browser case fetch.auth-acah-star): preflight, then the stream.
        QTest::addRow("star + ACAH star, Firefox ESR 153 (observed: works)")
            << QStringLiteral("firefox") << 200
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}} << same
            << QByteArray("GET") << auth << CorsError::None << QString() << true;
        // Observed WebKitGTK 2.50 too (tests/browser case fetch.auth-acah-star, runner webkit).
        QTest::addRow("star + ACAH star covers Authorization in WebKit too")
            << QStringLiteral("safari") << 200
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}} << same
            << QByteArray("GET") << auth << CorsError::None << QString() << true;
        QTest::addRow("ACAH star covers other headers everywhere")
            << QStringLiteral("firefox") << 200
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}} << same
            << QByteArray("GET") << Names {"x-api-key"} << CorsError::None << QString() << false;
        QTest::addRow("ACAH star is literal with credentials")
            << chromium << 200
            << HttpHeaders {{"Access-Control-Allow-Origin", origin}, {"Access-Control-Allow-Credentials", "true"},
                   {"Access-Control-Allow-Headers", "*"}}
            << include << QByteArray("GET") << Names {"x-api-key"} << CorsError::HeaderDisallowedByPreflightResponse
            << QStringLiteral("x-api-key") << false;
        QTest::addRow("no ACAH (observed message)")
            << chromium << 204 << HttpHeaders {{"Access-Control-Allow-Origin", origin}} << same << QByteArray("GET")
            << auth << CorsError::HeaderDisallowedByPreflightResponse << QStringLiteral("authorization") << false;
        QTest::addRow("405 without CORS headers (observed: ACAO message first)")
            << chromium << 405 << HttpHeaders {{"Allow", "GET"}} << same << QByteArray("GET") << auth
            << CorsError::PreflightMissingAllowOriginHeader << QString() << false;
        QTest::addRow("404 with CORS headers")
            << chromium << 404 << HttpHeaders {{"Access-Control-Allow-Origin", "*"}} << same << QByteArray("GET")
            << auth << CorsError::PreflightInvalidStatus << QStringLiteral("404") << false;
        QTest::addRow("redirect before anything")
            << chromium << 301 << HttpHeaders {{"Location", "/x"}} << same << QByteArray("GET") << auth
            << CorsError::PreflightDisallowedRedirect << QString() << false;
        QTest::addRow("preflight wildcard with credentials")
            << chromium << 204 << HttpHeaders {{"Access-Control-Allow-Origin", "*"}} << include << QByteArray("GET")
            << auth << CorsError::PreflightWildcardOriginNotAllowed << QString() << false;
        QTest::addRow("preflight ACAC missing")
            << chromium << 204
            << HttpHeaders {{"Access-Control-Allow-Origin", origin}, {"Access-Control-Allow-Headers", "authorization"}}
            << include << QByteArray("GET") << auth << CorsError::PreflightInvalidAllowCredentials << QString()
            << false;
        QTest::addRow("preflight mismatch")
            << chromium << 204 << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5174"}} << same
            << QByteArray("GET") << auth << CorsError::PreflightAllowOriginMismatch
            << QStringLiteral("http://localhost:5174") << false;
        QTest::addRow("PUT not listed") << chromium << 204 << HttpHeaders {{"Access-Control-Allow-Origin", "*"}} << same
                                        << QByteArray("PUT") << Names {}
                                        << CorsError::MethodDisallowedByPreflightResponse << QStringLiteral("PUT")
                                        << false;
        QTest::addRow("PUT listed in lower case does not match")
            << chromium << 204
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "put"}} << same
            << QByteArray("PUT") << Names {} << CorsError::MethodDisallowedByPreflightResponse << QStringLiteral("PUT")
            << false;
        QTest::addRow("PUT covered by star without credentials")
            << chromium << 204
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "*"}} << same
            << QByteArray("PUT") << Names {} << CorsError::None << QString() << false;
        QTest::addRow("PUT: star is literal with credentials")
            << chromium << 204
            << HttpHeaders {{"Access-Control-Allow-Origin", origin}, {"Access-Control-Allow-Credentials", "true"},
                   {"Access-Control-Allow-Methods", "*"}}
            << include << QByteArray("PUT") << Names {} << CorsError::MethodDisallowedByPreflightResponse
            << QStringLiteral("PUT") << false;
        QTest::addRow("POST is safelisted even when unlisted")
            << chromium << 204
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "X-Api-Key"}} << same
            << QByteArray("POST") << Names {"x-api-key"} << CorsError::None << QString() << false;
    }

    void checkResponse()
    {
        QFETCH(QString, profile);
        QFETCH(int, status);
        QFETCH(HttpHeaders, headers);
        QFETCH(CredentialsMode, credentials);
        QFETCH(QByteArray, method);
        QFETCH(Names, unsafe);
        QFETCH(CorsError, error);
        QFETCH(QString, parameter);
        QFETCH(bool, wildcardAuth);
        ResponseHead response;
        response.status = status;
        response.headers = headers;
        const PreflightCheck check = checkPreflightResponse(response, QStringLiteral("http://localhost:5173"),
            credentials, method, unsafe, BrowserProfile::fromName(profile));
        QCOMPARE(corsErrorName(check.cors.error), corsErrorName(error));
        QCOMPARE(check.cors.failedParameter, parameter);
        QCOMPARE(check.authorizationCoveredByWildcard, wildcardAuth);
    }

    void maxAge_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<bool>("present");
        QTest::addColumn<bool>("capped");
        QTest::addRow("absent: 5 s default")
            << QStringLiteral("chromium") << QByteArray() << qint64(5) << false << false;
        QTest::addRow("600") << QStringLiteral("chromium") << QByteArray("600") << qint64(600) << true << false;
        QTest::addRow("Chromium caps at 7200")
            << QStringLiteral("chromium") << QByteArray("86400") << qint64(7200) << true << true;
        QTest::addRow("Firefox keeps 86400")
            << QStringLiteral("firefox") << QByteArray("86400") << qint64(86400) << true << false;
        QTest::addRow("Safari caps at 600")
            << QStringLiteral("safari") << QByteArray("7200") << qint64(600) << true << true;
        QTest::addRow("garbage: default")
            << QStringLiteral("chromium") << QByteArray("ten") << qint64(5) << false << false;
    }

    void maxAge()
    {
        QFETCH(QString, profile);
        QFETCH(QByteArray, value);
        QFETCH(qint64, seconds);
        QFETCH(bool, present);
        QFETCH(bool, capped);
        ResponseHead response;
        response.status = 204;
        response.headers.append("Access-Control-Allow-Origin", "*");
        if (!value.isNull()) {
            response.headers.append("Access-Control-Max-Age", value);
        }
        const PreflightCheck check = checkPreflightResponse(response, QStringLiteral("http://a"),
            CredentialsMode::SameOrigin, "PUT", {}, BrowserProfile::fromName(profile));
        QCOMPARE(check.cors.error, CorsError::MethodDisallowedByPreflightResponse); // result still filled
        QCOMPARE(check.result.maxAgeSeconds, seconds);
        QCOMPARE(check.result.maxAgePresent, present);
        QCOMPARE(check.result.maxAgeCapped, capped);
    }

    void cache()
    {
        const BrowserProfile chromium = BrowserProfile::chromium();
        const QString origin = QStringLiteral("http://localhost:5173");
        const QUrl url(QStringLiteral("http://127.0.0.1:8080/events"));
        PreflightResult result;
        result.headers = {"authorization"};
        result.maxAgeSeconds = 10;
        PreflightCache cache(2);
        QVERIFY(!cache.covers(origin, url, "GET", {"authorization"}, false, chromium, 0));
        cache.store(origin, url, result, 1000);
        QVERIFY(cache.covers(origin, url, "GET", {"authorization"}, false, chromium, 1000));
        QVERIFY(cache.covers(origin, url, "GET", {"authorization"}, false, chromium, 10999));
        QVERIFY2(!cache.covers(origin, url, "GET", {"authorization"}, false, chromium, 11000), "expired");
        QVERIFY2(!cache.covers(origin, url, "GET", {"x-other"}, false, chromium, 2000), "header not in the entry");
        QVERIFY2(!cache.covers(origin, url, "PUT", {"authorization"}, false, chromium, 2000), "method not in it");
        QVERIFY2(!cache.covers(origin, url, "GET", {"authorization"}, true, chromium, 2000),
            "an entry without credentials does not serve a credentialed request");
        QVERIFY2(!cache.covers(QStringLiteral("http://other"), url, "GET", {"authorization"}, false, chromium, 2000),
            "keyed by origin");
        QVERIFY2(!cache.covers(origin, QUrl(QStringLiteral("http://127.0.0.1:8080/x")), "GET", {"authorization"}, false,
                     chromium, 2000),
            "keyed by URL");
        PreflightResult withCredentials = result;
        withCredentials.credentials = true;
        cache.store(origin, url, withCredentials, 2000);
        QVERIFY(cache.covers(origin, url, "GET", {"authorization"}, true, chromium, 2000));
        // Bounded: a third key evicts the oldest.
        cache.store(QStringLiteral("http://b"), url, result, 3000);
        cache.store(QStringLiteral("http://c"), url, result, 4000);
        QCOMPARE(cache.size(), 2);
        QVERIFY(!cache.covers(origin, url, "GET", {"authorization"}, true, chromium, 4000));
        // Max-Age 0 stores nothing.
        PreflightResult zero = result;
        zero.maxAgeSeconds = 0;
        cache.store(QStringLiteral("http://c"), url, zero, 5000);
        QVERIFY(!cache.covers(QStringLiteral("http://c"), url, "GET", {"authorization"}, false, chromium, 5000));
    }
};

QTEST_GUILESS_MAIN(tst_Preflight)
#include "tst_preflight.moc"
