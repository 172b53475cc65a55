// What a browser's network layer sends again by itself, before the page hears of a failure
// (BrowserProfile::requestAttemptsOnEmptyResponse, Decision::networkResend): Necko restarts a
// transaction with a safe method whose connection closed before any answer, up to
// network.http.request.max-attempts (10) requests in all; Chromium and WebKit send one request on a
// fresh connection. Observed Firefox ESR 153, Chromium 156 and WebKitGTK 2.50 in the conformance
// case wire.close-before-answer (tests/browser/casematrix.cpp): Firefox's server saw the same GET
// 10 times, then the EventSource was CLOSED with one error event; Chromium's and WebKit's saw one GET.

#include "modeltesthelpers.h"

#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;

namespace {

RequestIntent intentFor(const QString &kind)
{
    RequestIntent intent;
    intent.url = kStream;
    if (kind == QLatin1String("fetch POST")) {
        intent.mode = RequestMode::Fetch;
        intent.method = QByteArrayLiteral("POST");
        intent.hasBody = true;
        intent.body = QByteArrayLiteral("{}");
    } else if (kind == QLatin1String("fetch preflight")) {
        intent.mode = RequestMode::Fetch;
        intent.extraHeaders.append(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer t"));
    }
    return intent;
}

struct Run
{
    int requests = 0; // what the server saw (the first one included)
    Decision last; // the decision that ended the re-sends
    bool quietUntilLast = true; // no console line, no event, no finding before the last decision
};

// Sends the plan's first request, then answers every request the model sends with a connection
// closed before any answer, until the model stops re-sending.
Run closeEveryConnection(EventSourceModel &model, bool preflight)
{
    Run run;
    const RequestPlan plan = model.planRequest();
    if (plan.preflight.has_value() != preflight) {
        qWarning("the plan's preflight is not what the row expects");
        return run;
    }
    for (int guard = 0; guard < 50; ++guard) {
        ++run.requests;
        const Decision d = model.onNetworkError(NetworkErrorKind::ConnectionClosed);
        if (!d.networkResend) {
            run.last = d;
            return run;
        }
        if (d.action != NextAction::SendRequest || !d.request || d.preflight.has_value() != preflight
            || !d.console.isEmpty() || !d.findings.isEmpty() || d.errorFired || d.openFired) {
            run.quietUntilLast = false;
        }
        if (d.request->url != kStream || d.request->headers.lines() != plan.request.headers.lines()) {
            run.quietUntilLast = false; // a re-send is the same request, header for header
        }
    }
    return run;
}

} // namespace

class tst_NetworkResends final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void closedBeforeAnyAnswer_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("requests");
        QTest::addColumn<NextAction>("action");
        QTest::addColumn<QStringList>("console");
        const QString firefoxText
            = QStringLiteral("Firefox can\u2019t establish a connection to the server at http://127.0.0.1:8080/events.");
        const QString firefoxDidNotSucceed = QStringLiteral(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
            "http://127.0.0.1:8080/events. (Reason: CORS request did not succeed). Status code: (null).");
        // Observed Firefox ESR 153, case wire.close-before-answer: 10 GETs, then CLOSED, one error;
        // its console (over WebDriver BiDi): the CORS listener's "did not succeed", then "can't establish".
        QTest::addRow("Firefox EventSource: 10 GETs, then fail")
            << QStringLiteral("firefox") << QStringLiteral("EventSource") << 10 << NextAction::FailConnection
            << QStringList {firefoxDidNotSucceed, firefoxText};
        // Observed Chromium 156, same case: one GET, ERR_EMPTY_RESPONSE, reconnect.
        QTest::addRow("Chromium EventSource: one GET, then reconnect")
            << QStringLiteral("chromium") << QStringLiteral("EventSource") << 1 << NextAction::Reconnect
            << QStringList {QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_EMPTY_RESPONSE")};
        // Observed WebKitGTK 2.50, same case: one GET (libsoup re-sends only on a reused connection).
        QTest::addRow("Safari EventSource: one GET, then reconnect")
            << QStringLiteral("safari") << QStringLiteral("EventSource") << 1 << NextAction::Reconnect
            << QStringList();
        // nsHttpTransaction::Close(): a request that is not safe (POST) and went out whole on a fresh
        // connection is never restarted: the server could act on it twice.
        // Cross-site, so the CORS listener's line too (the rule observed in wire.close-before-answer).
        QTest::addRow("Firefox fetch POST: one request")
            << QStringLiteral("firefox") << QStringLiteral("fetch POST") << 1 << NextAction::FailConnection
            << QStringList {firefoxDidNotSucceed};
        // OPTIONS is a safe method: Necko restarts the preflight like any GET
        // (nsHttpRequestHead::IsSafeMethod); observed Firefox ESR 153, case wire.preflight-closed:
        // 10 OPTIONS, the fetch rejects, one console line (over WebDriver BiDi).
        QTest::addRow("Firefox preflight: 10 OPTIONS, then fail")
            << QStringLiteral("firefox") << QStringLiteral("fetch preflight") << 10 << NextAction::FailConnection
            << QStringList {firefoxDidNotSucceed};
        // Observed WebKitGTK 2.50, case wire.preflight-closed: one OPTIONS; the preflight's error in
        // libsoup's words, then the access-control failure (Safari's CFNetwork words the first line
        // "The network connection was lost."; not observed here).
        QTest::addRow("Safari preflight: one OPTIONS, then fail")
            << QStringLiteral("safari") << QStringLiteral("fetch preflight") << 1 << NextAction::FailConnection
            << QStringList {QStringLiteral("Connection terminated unexpectedly"),
                   QStringLiteral("Fetch API cannot load http://127.0.0.1:8080/events due to access control checks.")};
        // Observed Chromium 156, same case: one OPTIONS, ERR_EMPTY_RESPONSE; the line is the DevTools
        // network log's (not on stderr, so not compared by the suite).
        QTest::addRow("Chromium preflight: one OPTIONS, then fail")
            << QStringLiteral("chromium") << QStringLiteral("fetch preflight") << 1 << NextAction::FailConnection
            << QStringList {QStringLiteral("GET http://127.0.0.1:8080/events net::ERR_EMPTY_RESPONSE")};
    }

    void closedBeforeAnyAnswer()
    {
        QFETCH(QString, profile);
        QFETCH(QString, kind);
        QFETCH(int, requests);
        QFETCH(NextAction, action);
        QFETCH(QStringList, console);
        EventSourceModel model(BrowserProfile::fromName(profile), page(), intentFor(kind));
        const Run run = closeEveryConnection(model, kind == QLatin1String("fetch preflight"));
        QCOMPARE(run.requests, requests);
        QVERIFY2(run.quietUntilLast, "a re-send is the same request, and the page sees nothing of it");
        QCOMPARE(nextActionName(run.last.action), nextActionName(action));
        QVERIFY(!run.last.networkResend);
        QCOMPARE(run.last.console, console);
        if (kind == QLatin1String("EventSource")) {
            QVERIFY(run.last.errorFired);
        }
        QCOMPARE(run.last.netError, QStringLiteral("ERR_EMPTY_RESPONSE"));
    }

    // Each request is its own transaction: a reconnect, or the request after an answered
    // preflight, starts counting again.
    void everyNewRequestCountsAgain()
    {
        EventSourceModel model(BrowserProfile::firefox(), page(), intentFor(QStringLiteral("EventSource")));
        model.planRequest();
        for (int i = 0; i < 5; ++i) {
            QVERIFY(model.onNetworkError(NetworkErrorKind::ConnectionClosed).networkResend);
        }
        // The sixth request is answered; the stream opens and later ends: Firefox reconnects.
        const ResponseHead stream = response(200,
            {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}});
        QCOMPARE(model.onResponse(stream).action, NextAction::Continue);
        QCOMPARE(model.onEndOfBody().action, NextAction::Reconnect);
        model.planRequest();
        int resends = 0;
        while (model.onNetworkError(NetworkErrorKind::ConnectionClosed).networkResend) {
            ++resends;
            QVERIFY(resends < 50);
        }
        QCOMPARE(resends, 9);

        EventSourceModel fetch(BrowserProfile::firefox(), page(), intentFor(QStringLiteral("fetch preflight")));
        QVERIFY(fetch.planRequest().preflight);
        QVERIFY(fetch.onNetworkError(NetworkErrorKind::ConnectionClosed).networkResend);
        const ResponseHead allowed = response(204,
            {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "authorization"}});
        const Decision go = fetch.onPreflightResponse(allowed);
        QCOMPARE(go.action, NextAction::SendRequest);
        QVERIFY(!go.networkResend);
        resends = 0;
        Decision d;
        while ((d = fetch.onNetworkError(NetworkErrorKind::ConnectionClosed)).networkResend) {
            QVERIFY(!d.preflight); // the request, not its preflight, goes again
            ++resends;
            QVERIFY(resends < 50);
        }
        QCOMPARE(resends, 9);
    }

    // Only a connection closed before any answer: a refused connection or a body cut after the
    // head is the page's to hear of at once (observed Firefox ESR 153: es.* reconnect cases).
    void otherFailuresAreNotResent_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("afterHead");
        QTest::addRow("refused") << int(NetworkErrorKind::ConnectionRefused) << false;
        QTest::addRow("closed after the head") << int(NetworkErrorKind::ConnectionClosed) << true;
        QTest::addRow("interrupted body") << int(NetworkErrorKind::Interrupted) << true;
    }

    void otherFailuresAreNotResent()
    {
        QFETCH(int, kind);
        QFETCH(bool, afterHead);
        EventSourceModel model(BrowserProfile::firefox(), page(), intentFor(QStringLiteral("EventSource")));
        model.planRequest();
        if (afterHead) {
            model.onResponse(response(200, {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}}));
        }
        const Decision d = model.onNetworkError(NetworkErrorKind(kind));
        QVERIFY(!d.networkResend);
        QVERIFY(d.action != NextAction::SendRequest);
    }
};

QTEST_GUILESS_MAIN(tst_NetworkResends)
#include "tst_networkresends.moc"
