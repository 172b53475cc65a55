#include <browser/corscheck.h>
#include <browser/findings.h>

#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::CorsError)
Q_DECLARE_METATYPE(SseScope::CredentialsMode)
Q_DECLARE_METATYPE(SseScope::RequestMode)
Q_DECLARE_METATYPE(SseScope::CorsCheckResult)

class tst_CorsCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // Chromium cors.cc CheckAccess, in its order (browser-rules.md §1.3).
    void checkAccess_data()
    {
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<QString>("origin");
        QTest::addColumn<CredentialsMode>("credentials");
        QTest::addColumn<CorsError>("error");
        QTest::addColumn<QString>("parameter");

        const QString o = QStringLiteral("http://localhost:5173");
        const auto same = CredentialsMode::SameOrigin;
        const auto include = CredentialsMode::Include;
        QTest::addRow("wildcard, no credentials")
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}} << o << same << CorsError::None << QString();
        QTest::addRow("wildcard, omit") << HttpHeaders {{"Access-Control-Allow-Origin", "*"}} << o
                                        << CredentialsMode::Omit << CorsError::None << QString();
        QTest::addRow("wildcard with include") << HttpHeaders {{"Access-Control-Allow-Origin", "*"}} << o << include
                                               << CorsError::WildcardOriginNotAllowed << QString();
        QTest::addRow("wildcard with include even with ACAC true")
            << HttpHeaders {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Credentials", "true"}} << o
            << include << CorsError::WildcardOriginNotAllowed << QString();
        QTest::addRow("missing") << HttpHeaders {{"Content-Type", "text/event-stream"}} << o << same
                                 << CorsError::MissingAllowOriginHeader << QString();
        QTest::addRow("exact echo") << HttpHeaders {{"access-control-allow-origin", "http://localhost:5173"}} << o
                                    << same << CorsError::None << QString();
        QTest::addRow("echo with surrounding spaces")
            << HttpHeaders {{"Access-Control-Allow-Origin", " http://localhost:5173 "}} << o << same << CorsError::None
            << QString();
        QTest::addRow("two values in one line")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173, http://a.example"}} << o << same
            << CorsError::MultipleAllowOriginValues << QStringLiteral("http://localhost:5173, http://a.example");
        QTest::addRow("two header lines") << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173"},
            {"Access-Control-Allow-Origin", "http://localhost:5173"}}
                                          << o << same << CorsError::MultipleAllowOriginValues
                                          << QStringLiteral("http://localhost:5173, http://localhost:5173");
        QTest::addRow("space separated") << HttpHeaders {{"Access-Control-Allow-Origin", "http://a http://b"}} << o
                                         << same << CorsError::MultipleAllowOriginValues
                                         << QStringLiteral("http://a http://b");
        QTest::addRow("bare host is invalid")
            << HttpHeaders {{"Access-Control-Allow-Origin", "example.com"}} << o << same
            << CorsError::InvalidAllowOriginValue << QStringLiteral("example.com");
        QTest::addRow("empty value is invalid") << HttpHeaders {{"Access-Control-Allow-Origin", ""}} << o << same
                                                << CorsError::InvalidAllowOriginValue << QString();
        QTest::addRow("trailing slash") << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173/"}} << o
                                        << same << CorsError::AllowOriginMismatch
                                        << QStringLiteral("http://localhost:5173/");
        QTest::addRow("other port") << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:3000"}} << o
                                    << same << CorsError::AllowOriginMismatch
                                    << QStringLiteral("http://localhost:3000");
        QTest::addRow("other scheme") << HttpHeaders {{"Access-Control-Allow-Origin", "https://localhost:5173"}} << o
                                      << same << CorsError::AllowOriginMismatch
                                      << QStringLiteral("https://localhost:5173");
        QTest::addRow("upper-case host") << HttpHeaders {{"Access-Control-Allow-Origin", "http://LOCALHOST:5173"}} << o
                                         << same << CorsError::AllowOriginMismatch
                                         << QStringLiteral("http://LOCALHOST:5173");
        QTest::addRow("null against a real origin") << HttpHeaders {{"Access-Control-Allow-Origin", "null"}} << o
                                                    << same << CorsError::AllowOriginMismatch << QStringLiteral("null");
        QTest::addRow("null against a tainted origin")
            << HttpHeaders {{"Access-Control-Allow-Origin", "null"}} << QStringLiteral("null") << same
            << CorsError::None << QString();
        QTest::addRow("echo against a tainted origin")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173"}} << QStringLiteral("null") << same
            << CorsError::AllowOriginMismatch << QStringLiteral("http://localhost:5173");
        QTest::addRow("echo, include, no ACAC")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173"}} << o << include
            << CorsError::InvalidAllowCredentials << QString();
        QTest::addRow("echo, include, ACAC True")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173"},
                   {"Access-Control-Allow-Credentials", "True"}}
            << o << include << CorsError::InvalidAllowCredentials << QStringLiteral("True");
        QTest::addRow("echo, include, ACAC 1")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173"},
                   {"Access-Control-Allow-Credentials", "1"}}
            << o << include << CorsError::InvalidAllowCredentials << QStringLiteral("1");
        QTest::addRow("echo, include, ACAC true")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173"},
                   {"Access-Control-Allow-Credentials", "true"}}
            << o << include << CorsError::None << QString();
        QTest::addRow("echo, no credentials, ACAC ignored")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://localhost:5173"},
                   {"Access-Control-Allow-Credentials", "nope"}}
            << o << same << CorsError::None << QString();
        QTest::addRow("mismatch is reported before ACAC")
            << HttpHeaders {{"Access-Control-Allow-Origin", "http://other"}} << o << include
            << CorsError::AllowOriginMismatch << QStringLiteral("http://other");
    }

    void checkAccess()
    {
        QFETCH(HttpHeaders, headers);
        QFETCH(QString, origin);
        QFETCH(CredentialsMode, credentials);
        QFETCH(CorsError, error);
        QFETCH(QString, parameter);
        const CorsCheckResult result = checkCorsAccess(headers, origin, credentials);
        QCOMPARE(corsErrorName(result.error), corsErrorName(error));
        QCOMPARE(result.failedParameter, parameter);
        QCOMPARE(result.ok(), error == CorsError::None);

        // The preflight variant gives the kPreflight* twin of the same error.
        const CorsCheckResult preflight = checkPreflightAccess(headers, origin, credentials);
        if (error == CorsError::None) {
            QVERIFY(preflight.ok());
        } else {
            QCOMPARE(corsErrorName(preflight.error), QStringLiteral("Preflight") + corsErrorName(error));
            QVERIFY(isPreflightCorsError(preflight.error));
            QVERIFY(!isPreflightCorsError(error));
        }
    }

    // cors_error_string.cc GetErrorString, with the texts observed in Chromium 156.
    void consoleMessage_data()
    {
        QTest::addColumn<CorsCheckResult>("result");
        QTest::addColumn<RequestMode>("mode");
        QTest::addColumn<QUrl>("initial");
        QTest::addColumn<QUrl>("last");
        QTest::addColumn<QString>("expected");

        const QUrl stream(QStringLiteral("http://127.0.0.1:8080/events"));
        const QString prefix = QStringLiteral(
            "Access to resource at 'http://127.0.0.1:8080/events' from origin 'http://localhost:5173' has been "
            "blocked by CORS policy: ");
        const QString fetchPrefix = QStringLiteral(
            "Access to fetch at 'http://127.0.0.1:8080/events' from origin 'http://localhost:5173' has been blocked "
            "by CORS policy: ");
        // Observed Chromium 156 (tests/browser cases fetch.no-acao, fetch.two-acao): no 'no-cors' hint any
        // more; fetch keeps "Have the server send the header with a valid value." after a value error.
        const QString opaque;
        const QString noCors = QStringLiteral(" Have the server send the header with a valid value.");

        QTest::addRow("missing, EventSource")
            << CorsCheckResult {CorsError::MissingAllowOriginHeader, {}} << RequestMode::EventSource << stream << stream
            << prefix + QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
        QTest::addRow("missing, fetch (observed: no suffix)") << CorsCheckResult {CorsError::MissingAllowOriginHeader, {}}
                                        << RequestMode::Fetch << stream << stream
                                        << fetchPrefix
                + QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
        QTest::addRow("wildcard") << CorsCheckResult {CorsError::WildcardOriginNotAllowed, {}}
                                  << RequestMode::EventSource << stream << stream
                                  << prefix
                + QStringLiteral("The value of the 'Access-Control-Allow-Origin' header in the response must not be "
                                 "the wildcard '*' when the request's credentials mode is 'include'.");
        QTest::addRow("ACAC missing") << CorsCheckResult {CorsError::InvalidAllowCredentials, QString()}
                                      << RequestMode::EventSource << stream << stream
                                      << prefix
                + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the response is '' "
                                 "which must be 'true' when the request's credentials mode is 'include'.");
        QTest::addRow("ACAC True") << CorsCheckResult {CorsError::InvalidAllowCredentials, QStringLiteral("True")}
                                   << RequestMode::EventSource << stream << stream
                                   << prefix
                + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the response is "
                                 "'True' which must be 'true' when the request's credentials mode is 'include'.");
        QTest::addRow("mismatch, EventSource")
            << CorsCheckResult {CorsError::AllowOriginMismatch, QStringLiteral("http://localhost:5173/")}
            << RequestMode::EventSource << stream << stream
            << prefix
                + QStringLiteral("The 'Access-Control-Allow-Origin' header has a value 'http://localhost:5173/' that "
                                 "is not equal to the supplied origin.");
        QTest::addRow("mismatch, fetch (observed suffix)") << CorsCheckResult {CorsError::AllowOriginMismatch,
            QStringLiteral("http://localhost:5173/")}
                                         << RequestMode::Fetch << stream << stream
                                         << fetchPrefix
                + QStringLiteral("The 'Access-Control-Allow-Origin' header has a value 'http://localhost:5173/' that "
                                 "is not equal to the supplied origin.")
                + noCors;
        QTest::addRow("multiple") << CorsCheckResult {CorsError::MultipleAllowOriginValues,
            QStringLiteral("http://a, http://b")}
                                  << RequestMode::EventSource << stream << stream
                                  << prefix
                + QStringLiteral("The 'Access-Control-Allow-Origin' header contains multiple values 'http://a, "
                                 "http://b', but only one is allowed.");
        QTest::addRow("invalid") << CorsCheckResult {CorsError::InvalidAllowOriginValue, QStringLiteral("example.com")}
                                 << RequestMode::EventSource << stream << stream
                                 << prefix
                + QStringLiteral("The 'Access-Control-Allow-Origin' header contains the invalid value 'example.com'.");
        QTest::addRow("redirected")
            << CorsCheckResult {CorsError::MissingAllowOriginHeader, {}} << RequestMode::EventSource
            << QUrl(QStringLiteral("http://127.0.0.1:8080/old")) << stream
            << QStringLiteral("Access to resource at 'http://127.0.0.1:8080/events' (redirected from "
                              "'http://127.0.0.1:8080/old') from origin 'http://localhost:5173' has been blocked by "
                              "CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested "
                              "resource.");
        QTest::addRow("preflight missing, fetch (observed)")
            << CorsCheckResult {CorsError::PreflightMissingAllowOriginHeader, {}} << RequestMode::Fetch << stream
            << stream
            << fetchPrefix
                + QStringLiteral("Response to preflight request doesn't pass access control check: No "
                                 "'Access-Control-Allow-Origin' header is present on the requested resource.");
        QTest::addRow("preflight status") << CorsCheckResult {CorsError::PreflightInvalidStatus, QStringLiteral("404")}
                                          << RequestMode::Fetch << stream << stream
                                          << fetchPrefix
                + QStringLiteral("Response to preflight request doesn't pass access control check: It does not have "
                                 "HTTP ok status.");
        QTest::addRow("preflight redirect")
            << CorsCheckResult {CorsError::PreflightDisallowedRedirect, {}} << RequestMode::Fetch << stream << stream
            << fetchPrefix
                + QStringLiteral("Response to preflight request doesn't pass access control check: Redirect is not "
                                 "allowed for a preflight request.");
        QTest::addRow("header not allowed (observed), no preflight prefix")
            << CorsCheckResult {CorsError::HeaderDisallowedByPreflightResponse, QStringLiteral("authorization")}
            << RequestMode::Fetch << stream << stream
            << fetchPrefix
                + QStringLiteral("Request header field authorization is not allowed by Access-Control-Allow-Headers "
                                 "in preflight response.");
        QTest::addRow("method not allowed")
            << CorsCheckResult {CorsError::MethodDisallowedByPreflightResponse, QStringLiteral("PUT")}
            << RequestMode::Fetch << stream << stream
            << fetchPrefix
                + QStringLiteral("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.");
        QTest::addRow("redirect with credentials")
            << CorsCheckResult {CorsError::RedirectContainsCredentials, QStringLiteral("http://u:p@127.0.0.1:8080/")}
            << RequestMode::EventSource << stream << stream
            << prefix
                + QStringLiteral("Redirect location 'http://u:p@127.0.0.1:8080/' contains a username and password, "
                                 "which is disallowed for cross-origin requests.");
        QTest::addRow("url without path prints a slash")
            << CorsCheckResult {CorsError::MissingAllowOriginHeader, {}} << RequestMode::EventSource
            << QUrl(QStringLiteral("http://127.0.0.1:80")) << QUrl(QStringLiteral("http://127.0.0.1:80"))
            << QStringLiteral("Access to resource at 'http://127.0.0.1/' from origin 'http://localhost:5173' has been "
                              "blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the "
                              "requested resource.");
    }

    void consoleMessage()
    {
        QFETCH(CorsCheckResult, result);
        QFETCH(RequestMode, mode);
        QFETCH(QUrl, initial);
        QFETCH(QUrl, last);
        QFETCH(QString, expected);
        const Origin page = Origin::fromString(QStringLiteral("http://localhost:5173"));
        QCOMPARE(chromiumCorsConsoleMessage(result, mode, initial, last, page), expected);
    }

    void noMessageWhenOk()
    {
        QVERIFY(chromiumCorsConsoleMessage({}, RequestMode::EventSource, QUrl(QStringLiteral("http://a/")),
            QUrl(QStringLiteral("http://a/")), Origin())
                    .isEmpty());
    }

    void failedLoadLine()
    {
        QCOMPARE(chromiumFailedLoadMessage("GET", QUrl(QStringLiteral("http://127.0.0.1:8080/events#x"))),
            QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_FAILED"));
        QCOMPARE(chromiumFailedLoadMessage(
                     "GET", QUrl(QStringLiteral("http://127.0.0.1:9/e")), QStringLiteral("ERR_CONNECTION_REFUSED")),
            QStringLiteral("GET http://127.0.0.1:9/e net::ERR_CONNECTION_REFUSED"));
    }

    void networkLogLines()
    {
        const QUrl url(QStringLiteral("http://127.0.0.1:8080/events"));
        QVERIFY(isChromiumNetworkLogLine(chromiumFailedLoadMessage("GET", url)));
        QVERIFY(isChromiumNetworkLogLine(
            chromiumFailedLoadMessage("GET", url, QStringLiteral("ERR_INCOMPLETE_CHUNKED_ENCODING"))));
        const Origin page = Origin::fromString(QStringLiteral("http://localhost:5173"));
        QVERIFY(!isChromiumNetworkLogLine(chromiumCorsConsoleMessage(
            {CorsError::MissingAllowOriginHeader, {}}, RequestMode::EventSource, url, url, page)));
        QVERIFY(!isChromiumNetworkLogLine(QStringLiteral("GET it net::ERR_FAILED now")));
    }

    void firefoxAndWebkitTexts()
    {
        const QUrl url(QStringLiteral("http://127.0.0.1:8080/events"));
        QCOMPARE(firefoxCorsConsoleMessage({CorsError::MissingAllowOriginHeader, {}}, url, 200),
            QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote "
                           "resource at http://127.0.0.1:8080/events. (Reason: CORS header "
                           "\u2018Access-Control-Allow-Origin\u2019 missing). Status code: 200."));
        QCOMPARE(firefoxCorsConsoleMessage({CorsError::InvalidAllowCredentials, {}}, url, 200),
            QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote "
                           "resource at http://127.0.0.1:8080/events. (Reason: expected \u2018true\u2019 in CORS "
                           "header \u2018Access-Control-Allow-Credentials\u2019)."));
        // WebKit: observed in WebKitGTK 2.50 (tests/browser, runner "webkit"), case names below.
        const QString page = QStringLiteral("http://localhost:5173");
        QCOMPARE(webkitCorsConsoleMessage({CorsError::MissingAllowOriginHeader, {}}, page, 200),
            QStringLiteral("Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. Status "
                           "code: 200"));
        QCOMPARE(webkitCorsConsoleMessage({CorsError::WildcardOriginNotAllowed, {}}, page, 200),
            QStringLiteral("Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."));
        // es.acao-list: a space-separated list is a mismatch; a comma-separated one "more than one".
        QCOMPARE(webkitCorsConsoleMessage({CorsError::MultipleAllowOriginValues, {}}, page, 200, "http://a http://b"),
            QStringLiteral("Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. Status "
                           "code: 200"));
        QCOMPARE(webkitCorsConsoleMessage({CorsError::MultipleAllowOriginValues, {}}, page, 200, "http://a, http://b"),
            QStringLiteral("Access-Control-Allow-Origin cannot contain more than one origin."));
        // es.302-to-other-echo: after a tainted hop the request origin is "null".
        QCOMPARE(webkitCorsConsoleMessage({CorsError::AllowOriginMismatch, {}}, QStringLiteral("null"), 200),
            QStringLiteral("Origin null is not allowed by Access-Control-Allow-Origin. Status code: 200"));
        // fetch.auth-no-options: a 405 preflight is reported by its status first.
        QCOMPARE(webkitCorsConsoleMessage({CorsError::PreflightMissingAllowOriginHeader, {}}, page, 405),
            QStringLiteral("Preflight response is not successful. Status code: 405"));
    }

    // Every error the model can raise maps to a catalogue entry.
    void everyErrorHasAFinding()
    {
        for (int i = int(CorsError::WildcardOriginNotAllowed); i <= int(CorsError::RedirectContainsCredentials); ++i) {
            const auto error = CorsError(i);
            const char *id = corsErrorFindingId(error);
            QVERIFY2(id, qPrintable(corsErrorName(error)));
            QVERIFY2(findFindingDefinition(QString::fromLatin1(id)), id);
            QVERIFY(!corsErrorName(error).isEmpty());
            QVERIFY(!chromiumCorsReason({error, QStringLiteral("x")}, RequestMode::EventSource).isEmpty());
        }
        QVERIFY(!corsErrorFindingId(CorsError::None));
    }
};

QTEST_GUILESS_MAIN(tst_CorsCheck)
#include "tst_corscheck.moc"
