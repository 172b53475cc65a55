// The outcome of a session in one place (lib/browser/verdict.h): plans and decisions fold into a
// Verdict, the Verdict into an outcome, the outcome into the headline and the exit status — the
// same for the live client, the HAR replay, the window and `ssescope check`.
#include <browser/verdict.h>

#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::Outcome)
Q_DECLARE_METATYPE(SseScope::RequestMode)

namespace {

// One step of a session, as the client or the HAR replay hands it to the builder.
RequestPlan plan(bool sent = true)
{
    RequestPlan p;
    p.sent = sent;
    p.readyState = sent ? ReadyState::Connecting : ReadyState::Closed;
    if (!sent) {
        p.console = {QStringLiteral("Mixed Content: …")};
    }
    return p;
}

Decision decision(NextAction action, ReadyState state)
{
    Decision d;
    d.action = action;
    d.readyState = state;
    return d;
}

// Steps by name: "plan", "not-sent", "send" (a redirect hop or a passed preflight), "sniff",
// "open", "events", "reconnect", "fail", "ended" (the body ended, nothing reconnects: fetch).
void fold(VerdictBuilder &builder, const QStringList &steps)
{
    for (const QString &step : steps) {
        if (step == QLatin1String("plan")) {
            builder.addPlan(plan());
        } else if (step == QLatin1String("not-sent")) {
            builder.addPlan(plan(false));
        } else if (step == QLatin1String("send")) {
            builder.addDecision(decision(NextAction::SendRequest, ReadyState::Connecting));
        } else if (step == QLatin1String("sniff")) {
            builder.addDecision(decision(NextAction::WaitSniffing, ReadyState::Connecting));
        } else if (step == QLatin1String("open")) {
            Decision d = decision(NextAction::Continue, ReadyState::Open);
            d.openFired = true;
            builder.addDecision(d);
        } else if (step == QLatin1String("events")) {
            builder.addEvents(3);
        } else if (step == QLatin1String("reconnect")) {
            Decision d = decision(NextAction::Reconnect, ReadyState::Connecting);
            d.errorFired = true;
            d.reconnectDelayMs = 3000;
            builder.addDecision(d);
            builder.addReconnect();
        } else if (step == QLatin1String("fail")) {
            Decision d = decision(NextAction::FailConnection, ReadyState::Closed);
            d.errorFired = true;
            d.console = {QStringLiteral("GET http://127.0.0.1/events net::ERR_FAILED")};
            builder.addDecision(d);
        } else if (step == QLatin1String("ended")) {
            Decision d = decision(NextAction::FailConnection, ReadyState::Closed);
            d.endedNormally = true;
            builder.addDecision(d);
        } else {
            QFAIL(qPrintable(QStringLiteral("unknown step ") + step));
        }
    }
}

const QString kSplit = QStringLiteral(" ");

} // namespace

class TestVerdict final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void decisionsFoldIntoTheOutcome_data()
    {
        QTest::addColumn<QString>("steps");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<QString>("headline");
        QTest::addColumn<QString>("tag");
        QTest::addColumn<int>("exitCode");

        QTest::addRow("nothing yet") << QString() << Outcome::Pending
                                     << QStringLiteral("Chromium has not opened this stream")
                                     << QStringLiteral("NOT OPEN") << 1;
        QTest::addRow("sent, no answer") << QStringLiteral("plan") << Outcome::Pending
                                         << QStringLiteral("Chromium has not opened this stream")
                                         << QStringLiteral("NOT OPEN") << 1;
        QTest::addRow("held by the MIME sniffer")
            << QStringLiteral("plan sniff") << Outcome::Pending << QStringLiteral("Chromium has not opened this stream")
            << QStringLiteral("NOT OPEN") << 1;
        QTest::addRow("refused, retrying, never open")
            << QStringLiteral("plan reconnect plan reconnect plan") << Outcome::Pending
            << QStringLiteral("Chromium has not opened this stream") << QStringLiteral("NOT OPEN") << 1;
        QTest::addRow("opens") << QStringLiteral("plan open events") << Outcome::Opens
                               << QStringLiteral("Chromium opens this stream") << QStringLiteral("OPENS") << 0;
        QTest::addRow("opens after a redirect and a preflight")
            << QStringLiteral("plan send send open") << Outcome::Opens << QStringLiteral("Chromium opens this stream")
            << QStringLiteral("OPENS") << 0;
        QTest::addRow("opens after the sniffer") << QStringLiteral("plan sniff open") << Outcome::Opens
                                                 << QStringLiteral("Chromium opens this stream")
                                                 << QStringLiteral("OPENS") << 0;
        QTest::addRow("dropped, reconnecting") << QStringLiteral("plan open events reconnect") << Outcome::Reconnecting
                                               << QStringLiteral("Chromium is reconnecting (1 reconnect(s) so far)")
                                               << QStringLiteral("RECONNECTING") << 0;
        QTest::addRow("dropped, reconnecting, waiting for the answer")
            << QStringLiteral("plan open reconnect plan reconnect plan") << Outcome::Reconnecting
            << QStringLiteral("Chromium is reconnecting (2 reconnect(s) so far)") << QStringLiteral("RECONNECTING") << 0;
        QTest::addRow("dropped, open again") << QStringLiteral("plan open reconnect plan open") << Outcome::Opens
                                             << QStringLiteral("Chromium opens this stream") << QStringLiteral("OPENS")
                                             << 0;
        // Disagreement (a) of issue 13: a fetch stream whose body ended is CLOSED but not failed.
        QTest::addRow("fetch body ended") << QStringLiteral("plan open events ended") << Outcome::Ended
                                          << QStringLiteral("Chromium opened this stream; the server ended it")
                                          << QStringLiteral("ENDED") << 0;
        QTest::addRow("blocked at the response") << QStringLiteral("plan fail") << Outcome::Blocked
                                                 << QStringLiteral("Chromium blocks this stream")
                                                 << QStringLiteral("BLOCKED") << 1;
        QTest::addRow("blocked after a redirect") << QStringLiteral("plan send fail") << Outcome::Blocked
                                                  << QStringLiteral("Chromium blocks this stream")
                                                  << QStringLiteral("BLOCKED") << 1;
        QTest::addRow("not sent (mixed content)") << QStringLiteral("not-sent") << Outcome::Blocked
                                                  << QStringLiteral("Chromium blocks this stream")
                                                  << QStringLiteral("BLOCKED") << 1;
        QTest::addRow("reconnect blocked, never open") << QStringLiteral("plan reconnect plan fail")
                                                       << Outcome::Blocked
                                                       << QStringLiteral("Chromium blocks this stream")
                                                       << QStringLiteral("BLOCKED") << 1;
        // Disagreement (b) of issue 13: opened, then failed — one answer, and it is not "opens".
        QTest::addRow("opened, then failed") << QStringLiteral("plan open events fail") << Outcome::Failed
                                             << QStringLiteral("Chromium opened this stream, then failed it")
                                             << QStringLiteral("FAILED") << 1;
        QTest::addRow("opened, reconnect failed") << QStringLiteral("plan open reconnect plan fail") << Outcome::Failed
                                                  << QStringLiteral("Chromium opened this stream, then failed it")
                                                  << QStringLiteral("FAILED") << 1;
    }
    void decisionsFoldIntoTheOutcome()
    {
        QFETCH(QString, steps);
        QFETCH(Outcome, outcome);
        QFETCH(QString, headline);
        QFETCH(QString, tag);
        QFETCH(int, exitCode);

        VerdictBuilder builder;
        fold(builder, steps.split(kSplit, Qt::SkipEmptyParts));
        QCOMPARE(builder.outcome(), outcome);
        QCOMPARE(outcomeOf(builder.verdict()), outcome);
        HeadlineContext context;
        context.browser = QStringLiteral("Chromium");
        QCOMPARE(outcomeHeadline(builder.verdict(), context), headline);
        QCOMPARE(outcomeTag(outcome), tag);
        QCOMPARE(outcomeExitCode(outcome), exitCode);
        QCOMPARE(outcomeOpensTheStream(outcome), exitCode == 0);
    }

    // What the verdict records besides the outcome: CLI.md "verdict".
    void theVerdictKeepsThePagesView()
    {
        VerdictBuilder builder;
        fold(builder, {QStringLiteral("plan"), QStringLiteral("open"), QStringLiteral("events"),
                          QStringLiteral("reconnect"), QStringLiteral("plan"), QStringLiteral("fail")});
        const Verdict &verdict = builder.verdict();
        QVERIFY(verdict.opened);
        QVERIFY(verdict.failed);
        QCOMPARE(verdict.readyState, ReadyState::Closed);
        QCOMPARE(verdict.events, quint64(3));
        QCOMPARE(verdict.reconnects, 1);
        QCOMPARE(verdict.console, QStringList {QStringLiteral("GET http://127.0.0.1/events net::ERR_FAILED")});

        VerdictBuilder ended;
        fold(ended, {QStringLiteral("plan"), QStringLiteral("open"), QStringLiteral("ended")});
        QVERIFY(ended.verdict().opened);
        QVERIFY(!ended.verdict().failed);
        QCOMPARE(ended.verdict().readyState, ReadyState::Closed);

        VerdictBuilder notSent;
        notSent.addPlan(plan(false));
        QVERIFY(notSent.verdict().failed);
        QCOMPARE(notSent.verdict().readyState, ReadyState::Closed);
        QCOMPARE(notSent.verdict().console, QStringList {QStringLiteral("Mixed Content: …")});
    }

    // The headline while the client still watches, and with findings.
    void headlineContext_data()
    {
        QTest::addColumn<QString>("steps");
        QTest::addColumn<bool>("observing");
        QTest::addColumn<int>("errors");
        QTest::addColumn<int>("warnings");
        QTest::addColumn<QString>("headline");
        QTest::addRow("connecting") << QStringLiteral("plan") << true << 0 << 0 << QStringLiteral("Connecting…");
        QTest::addRow("connecting, errors so far") << QStringLiteral("plan reconnect plan") << true << 1 << 0
                                                   << QStringLiteral("Firefox is not getting this stream");
        QTest::addRow("watched no more") << QStringLiteral("plan reconnect plan") << false << 1 << 0
                                         << QStringLiteral("Firefox has not opened this stream");
        QTest::addRow("opens, one warning") << QStringLiteral("plan open") << true << 0 << 1
                                            << QStringLiteral("Firefox opens this stream, with 1 warning(s)");
        QTest::addRow("opens, an error and a warning") << QStringLiteral("plan open") << false << 1 << 1
                                                       << QStringLiteral("Firefox opens this stream, with 2 warning(s)");
        QTest::addRow("blocked, while watching") << QStringLiteral("plan fail") << true << 1 << 0
                                                 << QStringLiteral("Firefox blocks this stream");
    }
    void headlineContext()
    {
        QFETCH(QString, steps);
        QFETCH(bool, observing);
        QFETCH(int, errors);
        QFETCH(int, warnings);
        QFETCH(QString, headline);
        VerdictBuilder builder;
        fold(builder, steps.split(kSplit, Qt::SkipEmptyParts));
        HeadlineContext context;
        context.browser = QStringLiteral("Firefox");
        context.observing = observing;
        context.errors = errors;
        context.warnings = warnings;
        QCOMPARE(outcomeHeadline(builder.verdict(), context), headline);
    }

    void outcomeNames()
    {
        QCOMPARE(outcomeName(Outcome::Pending), QStringLiteral("pending"));
        QCOMPARE(outcomeName(Outcome::Opens), QStringLiteral("opens"));
        QCOMPARE(outcomeName(Outcome::Reconnecting), QStringLiteral("reconnecting"));
        QCOMPARE(outcomeName(Outcome::Ended), QStringLiteral("ended"));
        QCOMPARE(outcomeName(Outcome::Blocked), QStringLiteral("blocked"));
        QCOMPARE(outcomeName(Outcome::Failed), QStringLiteral("failed"));
    }

    // The model states the facts the fold needs (Decision::endedNormally), so nobody matches
    // finding ids: the same end of body is "ended" for fetch and "reconnecting" for EventSource.
    void theModelsDecisionsCarryTheFacts_data()
    {
        QTest::addColumn<RequestMode>("mode");
        QTest::addColumn<bool>("networkError"); // else the body ended cleanly
        QTest::addColumn<Outcome>("outcome");
        QTest::addRow("fetch, body ended") << RequestMode::Fetch << false << Outcome::Ended;
        QTest::addRow("fetch, connection cut") << RequestMode::Fetch << true << Outcome::Failed;
        QTest::addRow("EventSource, body ended") << RequestMode::EventSource << false << Outcome::Reconnecting;
        QTest::addRow("EventSource, connection cut") << RequestMode::EventSource << true << Outcome::Reconnecting;
    }
    void theModelsDecisionsCarryTheFacts()
    {
        QFETCH(RequestMode, mode);
        QFETCH(bool, networkError);
        QFETCH(Outcome, outcome);
        RequestIntent intent;
        intent.url = QUrl(QStringLiteral("http://127.0.0.1:8080/events"));
        intent.mode = mode;
        EventSourceModel model(
            BrowserProfile::chromium(), Origin::fromString(QStringLiteral("http://localhost:5173")), intent);
        VerdictBuilder builder;
        const RequestPlan first = model.planRequest();
        QVERIFY(first.sent);
        QVERIFY(!first.preflight);
        builder.addPlan(first);
        ResponseHead head;
        head.status = 200;
        head.headers = {{"Content-Type", "text/event-stream"}, {"Access-Control-Allow-Origin", "*"}};
        builder.addDecision(model.onResponse(head));
        QCOMPARE(builder.outcome(), Outcome::Opens);
        const Decision last
            = networkError ? model.onNetworkError(NetworkErrorKind::Interrupted) : model.onEndOfBody();
        QCOMPARE(last.endedNormally, mode == RequestMode::Fetch && !networkError);
        builder.addDecision(last);
        QCOMPARE(builder.outcome(), outcome);
    }
};

QTEST_GUILESS_MAIN(TestVerdict)
#include "tst_verdict.moc"
