// EventSourceModel on the response (HTML §9.2 "announce the connection" / "fail the connection"):
// what opens the stream, what fails it and with which console lines, per engine; MIME sniffing while
// an engine waits; Set-Cookie and the production findings on open; the page's close(); calls out
// of order. The same model elsewhere: tst_eventsourcerequest (the request), tst_eventsourcereconnect,
// tst_eventsourceredirect, tst_fetchmodel and tst_fetchpostmodel (fetch() streams),
// tst_networkresends, tst_localnetworkaccess.

#include "modeltesthelpers.h"

#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

class tst_EventSourceModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // The first table of browser-rules.md: observed Chromium 156, page http://localhost:P, stream
    // http://127.0.0.1:Q.
    void observedChromium_data()
    {
        QTest::addColumn<bool>("withCredentials");
        QTest::addColumn<ResponseHead>("answer");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<ReadyState>("state");
        QTest::addColumn<bool>("open");
        QTest::addColumn<QStringList>("console");
        QTest::addColumn<QString>("finding");

        const QByteArray o = "http://localhost:5173";
        QTest::addRow("ACAO *, text/event-stream")
            << false << goodStream() << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        QTest::addRow("no ACAO") << false << response(200, {{"Content-Type", "text/event-stream"}})
                                 << NextAction::FailConnection << ReadyState::Closed << false
                                 << QStringList {kCorsPrefix
                                            + QStringLiteral(
                                                "No 'Access-Control-Allow-Origin' header is present on the requested "
                                                "resource."),
                                        kFailedLine}
                                 << QStringLiteral("cors.missing-allow-origin");
        QTest::addRow("ACAO * + ACAC true, withCredentials")
            << true
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
                       {"Access-Control-Allow-Credentials", "true"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The value of the 'Access-Control-Allow-Origin' header in the response "
                                        "must not be the wildcard '*' when the request's credentials mode is "
                                        "'include'."),
                   kFailedLine}
            << QStringLiteral("cors.wildcard-with-credentials");
        QTest::addRow("echo, no ACAC, withCredentials")
            << true << goodStream(o) << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the "
                                        "response is '' which must be 'true' when the request's credentials "
                                        "mode is 'include'."),
                   kFailedLine}
            << QStringLiteral("cors.invalid-allow-credentials");
        QTest::addRow("ACAC True, withCredentials")
            << true
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", o},
                       {"Access-Control-Allow-Credentials", "True"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The value of the 'Access-Control-Allow-Credentials' header in the "
                                        "response is 'True' which must be 'true' when the request's "
                                        "credentials mode is 'include'."),
                   kFailedLine}
            << QStringLiteral("cors.invalid-allow-credentials");
        QTest::addRow("echo + ACAC true, withCredentials")
            << true
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", o},
                       {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}})
            << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        QTest::addRow("ACAO origin + slash")
            << false << goodStream("http://localhost:5173/") << NextAction::FailConnection << ReadyState::Closed
            << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The 'Access-Control-Allow-Origin' header has a value "
                                        "'http://localhost:5173/' that is not equal to the supplied origin."),
                   kFailedLine}
            << QStringLiteral("cors.allow-origin-mismatch");
        QTest::addRow("two ACAO lines")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
                       {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The 'Access-Control-Allow-Origin' header contains multiple values "
                                        "'*, *', but only one is allowed."),
                   kFailedLine}
            << QStringLiteral("cors.multiple-allow-origin");
        QTest::addRow("invalid ACAO") << false << goodStream("localhost:5173x") << NextAction::FailConnection
                                      << ReadyState::Closed << false
                                      << QStringList {kCorsPrefix
                                                 + QStringLiteral(
                                                     "The 'Access-Control-Allow-Origin' header has a value "
                                                     "'localhost:5173x' that is not equal to the supplied origin."),
                                             kFailedLine}
                                      << QStringLiteral("cors.allow-origin-mismatch");
        QTest::addRow("ACAO bare host")
            << false << goodStream("example.com") << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {kCorsPrefix
                       + QStringLiteral("The 'Access-Control-Allow-Origin' header contains the invalid value "
                                        "'example.com'."),
                   kFailedLine}
            << QStringLiteral("cors.invalid-allow-origin");
        QTest::addRow("text/plain held open: sniffing, nothing yet")
            << false << response(200, {{"Content-Type", "text/plain"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::WaitSniffing << ReadyState::Connecting << false << QStringList()
            << QStringLiteral("eventsource.mime-sniffing");
        QTest::addRow("text/plain + nosniff")
            << false
            << response(200,
                   {{"Content-Type", "text/plain"}, {"X-Content-Type-Options", "nosniff"},
                       {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"text/plain\") that is not "
                                           "\"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        QTest::addRow("charset iso-8859-1")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=iso-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a charset (\"iso-8859-1\") that is not UTF-8. "
                                           "Aborting the connection.")}
            << QStringLiteral("eventsource.charset");
        QTest::addRow("charset=UTF-8") << false
                                       << response(200,
                                              {{"Content-Type", "text/event-stream;charset=UTF-8"},
                                                  {"Access-Control-Allow-Origin", "*"}})
                                       << NextAction::Continue << ReadyState::Open << true << QStringList()
                                       << QString();
        QTest::addRow("quoted charset utf-8")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=\"utf-8\""}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        QTest::addRow("status 204 (no Content-Type: nothing to sniff)")
            << false << response(204, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::FailConnection
            << ReadyState::Closed << false << QStringList() << QStringLiteral("eventsource.status-204");
        QTest::addRow("status 500 with ACAO *")
            << false << response(500, {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false << QStringList()
            << QStringLiteral("eventsource.bad-status");
        QTest::addRow("status 500 text/plain without CORS headers: sniffing first (observed)")
            << false << response(500, {{"Content-Type", "text/plain"}}) << NextAction::WaitSniffing
            << ReadyState::Connecting << false << QStringList() << QStringLiteral("eventsource.mime-sniffing");
        QTest::addRow("no Content-Type: sniffing")
            << false << response(200, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::WaitSniffing
            << ReadyState::Connecting << false << QStringList() << QStringLiteral("eventsource.mime-sniffing");
        QTest::addRow("wrong MIME application/json")
            << false << response(200, {{"Content-Type", "application/json"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"application/json\") that is not "
                                           "\"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        // Observed Chromium 156 (tests/browser case es.type-uppercase): the MIME type is lower-cased
        // by net before the comparison, so this opens.
        QTest::addRow("Chromium ignores the MIME type's case")
            << false << response(200, {{"Content-Type", "Text/Event-Stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << ReadyState::Open << true << QStringList() << QString();
        // Observed Chromium 156 (tests/browser case es.octet-stream-held): held open with a small
        // body, application/octet-stream is not waited on; it closes with the MIME message.
        QTest::addRow("application/octet-stream: no sniffing wait")
            << false
            << response(200, {{"Content-Type", "application/octet-stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"application/octet-stream\") "
                                           "that is not \"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        QTest::addRow("console shows the lower-cased type")
            << false
            << response(200,
                   {{"Content-Type", "Text/HTML"}, {"X-Content-Type-Options", "nosniff"},
                       {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"text/html\") that is not "
                                           "\"text/event-stream\". Aborting the connection.")}
            << QStringLiteral("eventsource.mime-type");
        QTest::addRow("console shows the lower-cased charset")
            << false
            << response(200,
                   {{"Content-Type", "text/event-stream; Charset=ISO-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << ReadyState::Closed << false
            << QStringList {QStringLiteral("EventSource's response has a charset (\"iso-8859-1\") that is not UTF-8. "
                                           "Aborting the connection.")}
            << QStringLiteral("eventsource.charset");
    }

    void observedChromium()
    {
        QFETCH(bool, withCredentials);
        QFETCH(ResponseHead, answer);
        QFETCH(NextAction, action);
        QFETCH(ReadyState, state);
        QFETCH(bool, open);
        QFETCH(QStringList, console);
        QFETCH(QString, finding);
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource(kStream, withCredentials));
        model.planRequest();
        const Decision decision = model.onResponse(answer);
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QCOMPARE(readyStateName(decision.readyState), readyStateName(state));
        QCOMPARE(model.readyState(), state);
        QCOMPARE(decision.openFired, open);
        QCOMPARE(decision.errorFired, action == NextAction::FailConnection);
        QCOMPARE(decision.console, console);
        if (!finding.isEmpty()) {
            QVERIFY2(ids(decision.findings).contains(finding), qPrintable(ids(decision.findings).join(u' ')));
        } else {
            QVERIFY2(std::none_of(decision.findings.cbegin(), decision.findings.cend(),
                         [](const Finding &f) { return f.severity == Severity::Error; }),
                qPrintable(ids(decision.findings).join(u' ')));
        }
        // A failed connection never reconnects, whatever comes next.
        if (action == NextAction::FailConnection) {
            QCOMPARE(model.onEndOfBody().action, NextAction::None);
            QCOMPARE(model.onNetworkError(NetworkErrorKind::ConnectionReset).action, NextAction::None);
            QCOMPARE(model.readyState(), ReadyState::Closed);
        }
    }

    void sniffingResolves()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        QCOMPARE(model.onResponse(response(200, {{"Content-Type", "text/plain"}, {"Access-Control-Allow-Origin", "*"}}))
                     .action,
            NextAction::WaitSniffing);
        const Decision decision = model.onSniffedBody(QByteArray("data: hello\n\n").repeated(100));
        QCOMPARE(decision.action, NextAction::FailConnection);
        QCOMPARE(decision.console,
            QStringList {QStringLiteral("EventSource's response has a MIME type (\"text/plain\") that is not "
                                        "\"text/event-stream\". Aborting the connection.")});
        // The end of the body also ends the wait; without CORS headers the CORS check comes next.
        EventSourceModel noCors(BrowserProfile::chromium(), page(), eventSource());
        noCors.planRequest();
        QCOMPARE(noCors.onResponse(response(500, {{"Content-Type", "text/plain"}})).action, NextAction::WaitSniffing);
        const Decision ended = noCors.onEndOfBody();
        QCOMPARE(ended.action, NextAction::FailConnection);
        QCOMPARE(ended.console.value(0),
            kCorsPrefix
                + QStringLiteral("No 'Access-Control-Allow-Origin' header is present on the requested resource."));
        // A missing type with an HTML body sniffs as text/html.
        EventSourceModel html(BrowserProfile::chromium(), page(), eventSource());
        html.planRequest();
        html.onResponse(response(200, {{"Access-Control-Allow-Origin", "*"}}));
        QCOMPARE(html.onSniffedBody("<!DOCTYPE html><html>").console.value(0),
            QStringLiteral("EventSource's response has a MIME type (\"text/html\") that is not "
                           "\"text/event-stream\". Aborting the connection."));
    }

    // Firefox ESR 153 / Safari differences observed or read in source (browser-rules.md).
    void profileDifferences_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<ResponseHead>("answer");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<QStringList>("console");

        const QString firefox = QStringLiteral("firefox");
        const QString safari = QStringLiteral("safari");
        const QString ffCannot = QStringLiteral(
            "Firefox can\u2019t establish a connection to the server at http://127.0.0.1:8080/events.");
        QTest::addRow("Firefox: text/plain closes at once")
            << firefox << response(200, {{"Content-Type", "text/plain"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::FailConnection << QStringList {ffCannot};
        QTest::addRow("Firefox: 500 text/plain without CORS closes at once")
            << firefox << response(500, {{"Content-Type", "text/plain"}}) << NextAction::FailConnection
            << QStringList {QStringLiteral("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the "
                                           "remote resource at http://127.0.0.1:8080/events. (Reason: CORS header "
                                           "\u2018Access-Control-Allow-Origin\u2019 missing). Status code: 500."),
                   ffCannot};
        // Observed Firefox ESR 153 (browser-rules.md Firefox table; tests/browser case
        // es.no-content-type-held): with no Content-Type at all it waits, like Chromium.
        QTest::addRow("Firefox: no Content-Type waits")
            << firefox << response(200, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::WaitSniffing
            << QStringList();
        QTest::addRow("Firefox: charset ignored")
            << firefox
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=iso-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << QStringList();
        QTest::addRow("Safari: charset warned, decoded as UTF-8")
            << safari
            << response(200,
                   {{"Content-Type", "text/event-stream; charset=iso-8859-1"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue
            << QStringList {QStringLiteral("EventSource's response has a charset (\"iso-8859-1\") that is not UTF-8. "
                                           "The response will be decoded as UTF-8.")};
        QTest::addRow("Safari: MIME type compared case-insensitively")
            << safari << response(200, {{"Content-Type", "Text/Event-Stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << QStringList();
        // browser-rules.md reads Firefox's `==` as case-sensitive, but observed Firefox ESR 153 opens
        // (tests/browser case es.type-uppercase): the browser is the truth.
        QTest::addRow("Firefox: MIME type case ignored (observed ESR 153)")
            << firefox << response(200, {{"Content-Type", "Text/Event-Stream"}, {"Access-Control-Allow-Origin", "*"}})
            << NextAction::Continue << QStringList();
        // Observed WebKitGTK 2.50 (tests/browser runner webkit, case es.no-content-type-held).
        QTest::addRow("Safari: no Content-Type is named application/octet-stream")
            << safari << response(200, {{"Access-Control-Allow-Origin", "*"}}) << NextAction::FailConnection
            << QStringList {QStringLiteral("EventSource's response has a MIME type (\"application/octet-stream\") "
                                           "that is not \"text/event-stream\". Aborting the connection.")};
        // Observed WebKitGTK 2.50 (case es.status-401-plain-held): held until the body ends.
        QTest::addRow("Safari: 401 waits for the end of its body")
            << safari << response(401, {{"Content-Type", "text/plain"}}) << NextAction::WaitSniffing << QStringList();
        // Observed WebKitGTK 2.50 (case wire.407-held): an origin's 407 is held the same way.
        QTest::addRow("Safari: 407 waits for the end of its body")
            << safari << response(407, {{"Content-Type", "text/plain"}}) << NextAction::WaitSniffing << QStringList();
        // Observed WebKitGTK 2.50 (case es.acao-list): a space-separated list is a mismatch.
        QTest::addRow("Safari: ACAO list")
            << safari
            << response(200,
                   {{"Content-Type", "text/event-stream"},
                       {"Access-Control-Allow-Origin", "http://localhost:5173 http://other.example"}})
            << NextAction::FailConnection
            << QStringList {
                   QStringLiteral("Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. "
                                  "Status code: 200"),
                   QStringLiteral("EventSource cannot load http://127.0.0.1:8080/events due to access control "
                                  "checks.")};
        QTest::addRow("Safari: CORS text")
            << safari << response(200, {{"Content-Type", "text/event-stream"}}) << NextAction::FailConnection
            << QStringList {
                   QStringLiteral("Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. "
                                  "Status code: 200"),
                   QStringLiteral("EventSource cannot load http://127.0.0.1:8080/events due to access control "
                                  "checks.")};
    }

    void profileDifferences()
    {
        QFETCH(QString, profile);
        QFETCH(ResponseHead, answer);
        QFETCH(NextAction, action);
        QFETCH(QStringList, console);
        EventSourceModel model(BrowserProfile::fromName(profile), page(), eventSource());
        model.planRequest();
        const Decision decision = model.onResponse(answer);
        QCOMPARE(nextActionName(decision.action), nextActionName(action));
        QCOMPARE(decision.console, console);
        QCOMPARE(decision.openFired, action == NextAction::Continue);
    }

    void charsetFindingIsAWarningOutsideChromium()
    {
        EventSourceModel model(BrowserProfile::firefox(), page(), eventSource());
        model.planRequest();
        const Decision decision = model.onResponse(response(
            200, {{"Content-Type", "text/event-stream; charset=latin1"}, {"Access-Control-Allow-Origin", "*"}}));
        const auto it = std::find_if(decision.findings.cbegin(), decision.findings.cend(),
            [](const Finding &f) { return f.id == QLatin1String("eventsource.charset"); });
        QVERIFY(it != decision.findings.cend());
        QCOMPARE(it->severity, Severity::Warning);
        QCOMPARE(it->detail, QStringLiteral("latin1"));
    }

    // Observed WebKitGTK 2.50 (case es.status-401-plain-held): the held 401 decides only at the
    // end of its body, however many bytes arrive first.
    void webkitHolds401UntilItsBodyEnds()
    {
        EventSourceModel model(BrowserProfile::safari(), page(), eventSource());
        model.planRequest();
        const Decision held = model.onResponse(response(401, {{"Content-Type", "text/plain"}}));
        QCOMPARE(held.action, NextAction::WaitSniffing);
        QCOMPARE(ids(held.findings), QStringList {QStringLiteral("eventsource.auth-challenge-held")});
        QCOMPARE(model.onSniffedBody(QByteArray(2048, 'x')).action, NextAction::None);
        QCOMPARE(model.readyState(), ReadyState::Connecting);
        const Decision ended = model.onEndOfBody();
        QCOMPARE(ended.action, NextAction::FailConnection);
        QCOMPARE(model.readyState(), ReadyState::Closed);
    }

    void setCookieHandling()
    {
        const ResponseHead withCookie = response(200,
            {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"},
                {"Set-Cookie", "sid=1; SameSite=None; Secure"}});
        FakeCookies anonymousJar;
        EventSourceModel anonymous(BrowserProfile::chromium(), page(), eventSource());
        anonymous.setSetCookieSink(&anonymousJar);
        anonymous.planRequest();
        const Decision ignored = anonymous.onResponse(withCookie);
        QVERIFY(ids(ignored.findings).contains(QStringLiteral("credentials.set-cookie-ignored")));
        QVERIFY(anonymousJar.stored.isEmpty());

        // With credentials the cookie is stored even when the CORS check then fails (the network
        // stack stores it before CORS runs).
        FakeCookies jar;
        EventSourceModel credentialed(BrowserProfile::chromium(), page(), eventSource(kStream, true));
        credentialed.setSetCookieSink(&jar);
        credentialed.planRequest();
        const Decision failed = credentialed.onResponse(withCookie);
        QCOMPARE(failed.action, NextAction::FailConnection);
        QCOMPARE(jar.storedLines, QList<QByteArray> {"sid=1; SameSite=None; Secure"});
        QCOMPARE(jar.stored.constFirst().url, kStream);
    }

    void productionFindingsOnOpen()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource(kStream, true));
        model.planRequest();
        const Decision decision = model.onResponse(response(200,
            {{"Content-Type", "text/event-stream"}, {"Content-Encoding", "gzip"},
                {"Access-Control-Allow-Origin", "http://localhost:5173"},
                {"Access-Control-Allow-Credentials", "true"}}));
        QCOMPARE(decision.action, NextAction::Continue);
        QCOMPARE(ids(decision.findings),
            (QStringList {QStringLiteral("response.no-transform-missing"), QStringLiteral("response.content-encoding"),
                QStringLiteral("cors.vary-origin-missing")}));
    }

    void closeByThePage()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        model.planRequest();
        model.onResponse(goodStream());
        const Decision closed = model.close();
        QCOMPARE(closed.readyState, ReadyState::Closed);
        QVERIFY(!closed.errorFired);
        QCOMPARE(model.onEndOfBody().action, NextAction::None);
        model.onEventDispatched("9", true);
        QVERIFY2(model.lastEventId().isEmpty(), "no events after close()");
        QVERIFY2(!model.planRequest().sent, "close() is final");
    }

    void outOfOrderCallsAreIgnored()
    {
        EventSourceModel model(BrowserProfile::chromium(), page(), eventSource());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("response outside the request phase")));
        QCOMPARE(model.onResponse(goodStream()).action, NextAction::None);
        model.planRequest();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("preflight response outside")));
        QCOMPARE(model.onPreflightResponse(goodStream()).action, NextAction::None);
        QCOMPARE(model.onSniffedBody("x").action, NextAction::None);
    }
};

QTEST_GUILESS_MAIN(tst_EventSourceModel)
#include "tst_eventsourcemodel.moc"
