// BrowserClient against the mock server over loopback: every preset gives the verdict its
// "expect" block declares (what real Chromium does through the test page) and the findings that
// explain it; plus the client's own mechanics: reconnect with Last-Event-ID and retry, redirects,
// preflight, login and cookies, chunk timestamps, decoding, buffering and the connection limit.

#include "clienttesthelpers.h"

#include <scenario/presetlibrary.h>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace SseScope;
using namespace SseScope::Test;

namespace {

// The findings each preset must raise (besides its verdict). A preset missing here is still
// checked for its verdict.
const QHash<QString, QStringList> &expectedFindings()
{
    static const QHash<QString, QStringList> table {
        {QStringLiteral("allow-credentials-capitalized"), {QStringLiteral("cors.invalid-allow-credentials")}},
        {QStringLiteral("allowlist-echo"), {QStringLiteral("http.http1-stream")}},
        {QStringLiteral("bearer-header"), {QStringLiteral("eventsource.custom-header")}},
        {QStringLiteral("buffering-proxy"), {QStringLiteral("transport.buffered")}},
        {QStringLiteral("chat-allow-headers-wildcard-credentials"),
            {QStringLiteral("preflight.required"), QStringLiteral("preflight.header-not-allowed")}},
        {QStringLiteral("chat-authorization-not-allowed"),
            {QStringLiteral("preflight.required"), QStringLiteral("preflight.header-not-allowed")}},
        {QStringLiteral("chat-buffering-proxy"), {QStringLiteral("transport.buffered")}},
        {QStringLiteral("chat-content-type-not-allowed"),
            {QStringLiteral("preflight.required"), QStringLiteral("preflight.header-not-allowed")}},
        {QStringLiteral("chat-json-instead-of-stream"), {QStringLiteral("fetch.not-event-stream")}},
        {QStringLiteral("chat-post-not-in-allow-methods"), {QStringLiteral("preflight.required")}},
        {QStringLiteral("chat-stream"), {QStringLiteral("preflight.required")}},
        {QStringLiteral("compressed-stream"), {QStringLiteral("response.content-encoding")}},
        {QStringLiteral("credentials-cookie"), {QStringLiteral("cookie.secure-on-localhost")}},
        {QStringLiteral("drop-and-resume"),
            {QStringLiteral("http.network-error"), QStringLiteral("eventsource.reconnect")}},
        {QStringLiteral("heartbeat"), {QStringLiteral("http.http1-stream")}},
        {QStringLiteral("missing-allow-credentials"), {QStringLiteral("cors.invalid-allow-credentials")}},
        {QStringLiteral("mcp-delete-not-in-allow-methods"),
            {QStringLiteral("preflight.required"), QStringLiteral("preflight.method-not-allowed")}},
        {QStringLiteral("mcp-session-id-not-exposed"), {QStringLiteral("fetch.header-not-exposed")}},
        {QStringLiteral("mcp-streamable-http"), {QStringLiteral("preflight.required")}},
        {QStringLiteral("missing-allow-origin"), {QStringLiteral("cors.missing-allow-origin")}},
        {QStringLiteral("multiple-allow-origin"), {QStringLiteral("cors.multiple-allow-origin")}},
        {QStringLiteral("no-content-204"), {QStringLiteral("eventsource.status-204")}},
        {QStringLiteral("non-utf8-charset"), {QStringLiteral("eventsource.charset")}},
        {QStringLiteral("origin-mismatch"), {QStringLiteral("cors.allow-origin-mismatch")}},
        {QStringLiteral("partitioned-cookie"), {QStringLiteral("cookie.secure-on-localhost")}},
        {QStringLiteral("preflight-missing-allow-headers"),
            {QStringLiteral("preflight.required"), QStringLiteral("preflight.header-not-allowed")}},
        {QStringLiteral("preflight-not-handled"),
            {QStringLiteral("preflight.required"), QStringLiteral("preflight.missing-allow-origin")}},
        {QStringLiteral("private-stream-wildcard"),
            {QStringLiteral("cors.wildcard-on-authenticated-stream"), QStringLiteral("request.token-in-query")}},
        {QStringLiteral("public-wildcard"), {QStringLiteral("response.no-transform-missing")}},
        {QStringLiteral("query-token"), {QStringLiteral("request.token-in-query")}},
        {QStringLiteral("redirect-without-cors"), {QStringLiteral("cors.missing-allow-origin")}},
        {QStringLiteral("resumable"), {QStringLiteral("eventsource.reconnect")}},
        {QStringLiteral("replay-off-by-one"), {QStringLiteral("stream.events-repeated")}},
        {QStringLiteral("samesite-lax-cookie"),
            {QStringLiteral("cookie.samesite-lax-cross-site"), QStringLiteral("eventsource.bad-status")}},
        {QStringLiteral("samesite-none-insecure"), {QStringLiteral("cookie.samesite-none-insecure")}},
        {QStringLiteral("server-error-500"), {QStringLiteral("eventsource.bad-status")}},
        {QStringLiteral("text-plain-sniffing"), {QStringLiteral("eventsource.mime-sniffing")}},
        {QStringLiteral("third-party-cookie-blocked"), {QStringLiteral("cookie.third-party-blocked")}},
        {QStringLiteral("unauthorized-401"), {QStringLiteral("eventsource.bad-status")}},
        {QStringLiteral("wildcard-with-credentials"), {QStringLiteral("cors.wildcard-with-credentials")}},
        {QStringLiteral("wrong-content-type"), {QStringLiteral("eventsource.mime-type")}},
    };
    return table;
}

// The observation window of the test page (3 s by default, CLI.md).
constexpr qint64 kWindowMs = 3000;

bool verdictMatches(const Verdict &verdict, const Expectation &expect)
{
    for (auto it = expect.readHeaders.cbegin(); it != expect.readHeaders.cend(); ++it) {
        const auto read = std::find_if(verdict.readHeaders.cbegin(), verdict.readHeaders.cend(),
            [&it](const ReadHeader &h) { return QString::fromLatin1(h.name) == it.key(); });
        if (read == verdict.readHeaders.cend()
            || !it.value().matches(
                read->value ? std::optional<QString>(QString::fromUtf8(*read->value)) : std::optional<QString>())) {
            return false;
        }
    }
    return verdict.opened == expect.opened && verdict.failed == expect.failed
        && verdict.events >= quint64(expect.minEvents)
        && (!expect.maxEvents || verdict.events <= quint64(*expect.maxEvents));
}

bool hasAll(const Session &session, const QStringList &ids)
{
    return std::all_of(ids.cbegin(), ids.cend(), [&session](const QString &id) { return session.hasFinding(id); });
}

struct Run
{
    std::unique_ptr<MockServerController> server = std::make_unique<MockServerController>();
    std::unique_ptr<BrowserClientController> client = std::make_unique<BrowserClientController>();
};

} // namespace

class tst_BrowserClient final : public QObject
{
    Q_OBJECT

private:
    // Starts the server with `scenario` and a client as its test page would connect.
    bool start(Run &run, const Scenario &scenario, qint64 windowMs)
    {
        QString error;
        if (!run.server->start(scenario, {}, &error)) {
            qWarning("server: %s", qPrintable(error));
            return false;
        }
        const ClientOptions options = optionsFor(scenario, *run.server, windowMs);
        if (!run.client->start(options, &error)) {
            qWarning("client: %s", qPrintable(error));
            return false;
        }
        return true;
    }

    static Scenario quickStream()
    {
        Scenario scenario = PresetLibrary::defaultScenario();
        scenario.name = QStringLiteral("test");
        scenario.stream.generator.intervalMs = 100;
        return scenario;
    }

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void presets_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList names = PresetLibrary::names();
        for (const QString &name : names) {
            QTest::addRow("%s", qPrintable(name)) << name;
        }
    }

    void presets()
    {
        QFETCH(QString, name);
        const std::optional<Scenario> scenario = PresetLibrary::preset(name);
        QVERIFY(scenario);
        QVERIFY2(scenario->expect.present, "every preset declares what the browser does");
        const Expectation expect = scenario->expect;
        const QStringList wanted = expectedFindings().value(name);

        Run run;
        QSignalSpy finished(run.client.get(), &BrowserClientController::finished);
        QVERIFY(start(run, *scenario, kWindowMs));
        // A verdict that can still change within the window (no upper bound on events, or an open
        // stream expected to stay silent) is watched to the end; a settled one may end early.
        const bool watchWholeWindow = expect.maxEvents.has_value() && !expect.failed;
        auto settled = [&] {
            correlate(*run.client, *run.server);
            const Session &session = run.client->session();
            return !watchWholeWindow && verdictMatches(session.verdict(), expect) && hasAll(session, wanted);
        };
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || settled(), int(kWindowMs) + 3000);
        run.client->stop();
        correlate(*run.client, *run.server);

        const Session &session = run.client->session();
        const Verdict &verdict = session.verdict();
        const QString seen = QStringLiteral("opened %1 failed %2 events %3 readyState %4; findings %5")
                                 .arg(verdict.opened)
                                 .arg(verdict.failed)
                                 .arg(verdict.events)
                                 .arg(readyStateName(verdict.readyState), findingIds(session).join(QLatin1Char(' ')));
        QVERIFY2(verdictMatches(verdict, expect), qPrintable(seen));
        for (const QString &id : wanted) {
            QVERIFY2(session.hasFinding(id), qPrintable(id + QStringLiteral(" missing: ") + seen));
        }
        // The baseline raises nothing to worry about: it is what a well-configured stream looks like.
        if (name == QLatin1String("default")) {
            for (const RecordedFinding &recorded : session.findings()) {
                QVERIFY2(recorded.finding.severity < Severity::Warning, qPrintable(recorded.finding.id));
            }
        }
        // A CORS failure prints Chromium's console text with the real URL and origin.
        if (verdict.failed && std::any_of(wanted.cbegin(), wanted.cend(), [](const QString &id) {
                return id.startsWith(QLatin1String("cors.")) || id.startsWith(QLatin1String("preflight."));
            })) {
            QVERIFY2(!verdict.console.isEmpty(), qPrintable(seen));
            QVERIFY2(verdict.console.constFirst().contains(QLatin1String("has been blocked by CORS policy")),
                qPrintable(verdict.console.constFirst()));
            QVERIFY(verdict.console.constFirst().contains(session.info().origin));
        }
        // Every exchange that was sent has a start, and an end once the session is over.
        QVERIFY(!session.exchanges().isEmpty());
        for (const SessionExchange &exchange : session.exchanges()) {
            QVERIFY(exchange.endedMs >= exchange.startedMs);
        }
        run.server->stop();
    }

    void reconnectsWithLastEventIdAfterRetry()
    {
        Scenario scenario = quickStream();
        scenario.stream.endAfterEvents = 2;
        scenario.stream.retryMs = 200;
        scenario.stream.replay = true; // resume after Last-Event-ID
        Run run;
        QVERIFY(start(run, scenario, 10000));
        const Session &session = run.client->session();
        auto streams = [&session] {
            QList<SessionExchange> list;
            for (const SessionExchange &e : session.exchanges()) {
                if (e.kind == ExchangeKind::Stream) {
                    list.append(e);
                }
            }
            return list;
        };
        QTRY_VERIFY_WITH_TIMEOUT(streams().size() >= 2 && streams().at(1).response.has_value(), 5000);
        run.client->stop();
        const QList<SessionExchange> list = streams();
        const SessionExchange &first = list.at(0);
        const SessionExchange &second = list.at(1);
        QVERIFY(!first.request.headers.contains(QByteArrayLiteral("Last-Event-ID")));
        QCOMPARE(second.request.headers.combinedValue(QByteArrayLiteral("Last-Event-ID")), QByteArray("2"));
        QCOMPARE(second.attempt, 2);
        // The retry field set 200 ms instead of Chromium's 3000 ms default.
        QVERIFY2(second.startedMs - first.endedMs >= 190,
            qPrintable(QStringLiteral("reconnected after %1 ms").arg(second.startedMs - first.endedMs)));
        QVERIFY(session.verdict().reconnects >= 1);
        QVERIFY(session.hasFinding(QStringLiteral("eventsource.reconnect")));
        // Events of both connections, in order, with the ids the server wrote.
        QVERIFY(session.events().size() >= 3);
        QCOMPARE(session.events().at(0).lastEventId, QByteArray("1"));
        QCOMPARE(session.events().at(1).lastEventId, QByteArray("2"));
        QCOMPARE(session.events().at(2).lastEventId, QByteArray("3"));
        QCOMPARE(session.events().at(2).exchangeId, second.id);
    }

    // A server that replays badly: the ids before the reconnect against what comes after the
    // Last-Event-ID the client sent. Resuming 2 after it loses two events; 1 before it repeats one.
    void missedAndRepeatedEventsAcrossAReconnect_data()
    {
        QTest::addColumn<int>("skew");
        QTest::addColumn<QString>("finding");
        QTest::addColumn<int>("mark");
        QTest::addRow("two skipped") << 2 << QStringLiteral("stream.events-missed") << int(RecordedEvent::Replay::AfterGap);
        QTest::addRow("one repeated") << -1 << QStringLiteral("stream.events-repeated") << int(RecordedEvent::Replay::Repeated);
        QTest::addRow("right") << 0 << QString() << int(RecordedEvent::Replay::None);
    }
    void missedAndRepeatedEventsAcrossAReconnect()
    {
        QFETCH(int, skew);
        QFETCH(QString, finding);
        QFETCH(int, mark);
        Scenario scenario = quickStream();
        scenario.stream.endAfterEvents = 3;
        scenario.stream.retryMs = 100;
        scenario.stream.replay = true;
        scenario.stream.replaySkew = skew;
        Run run;
        QVERIFY(start(run, scenario, 10000));
        const Session &session = run.client->session();
        const auto streams = [&session] {
            return std::count_if(session.exchanges().cbegin(), session.exchanges().cend(),
                                 [](const SessionExchange &e) { return e.kind == ExchangeKind::Stream; });
        };
        // Two connections, the second with events: the comparison has both sides.
        QTRY_VERIFY_WITH_TIMEOUT(streams() >= 2 && session.events().size() >= 5, 8000);
        run.client->stop();
        const QList<RecordedEvent> &events = session.events();
        QCOMPARE(events.at(2).lastEventId, QByteArray("3"));
        const RecordedEvent &firstAfter = events.at(3); // the first event of the second connection
        QVERIFY(firstAfter.exchangeId != events.at(2).exchangeId);
        QCOMPARE(firstAfter.lastEventId, QByteArray::number(4 + skew));
        QCOMPARE(int(firstAfter.replay), mark);
        QCOMPARE(firstAfter.missedBefore, quint32(skew > 0 ? skew : 0));
        const QStringList findings = findingIds(session);
        if (finding.isEmpty()) {
            QVERIFY2(!findings.contains(QStringLiteral("stream.events-missed"))
                         && !findings.contains(QStringLiteral("stream.events-repeated")),
                     qPrintable(findings.join(u' ')));
        } else {
            QVERIFY2(findings.contains(finding), qPrintable(findings.join(u' ')));
        }
    }

    void followsRedirectsHopByHop()
    {
        Scenario scenario = quickStream();
        scenario.response.redirect.enabled = true;
        scenario.response.redirect.status = 307;
        Run run;
        QVERIFY(start(run, scenario, 5000));
        QTRY_VERIFY_WITH_TIMEOUT(run.client->session().verdict().events >= 1, 5000);
        run.client->stop();
        const Session &session = run.client->session();
        QVERIFY(session.exchanges().size() >= 2);
        const SessionExchange &hop = session.exchanges().at(0);
        const SessionExchange &stream = session.exchanges().at(1);
        QCOMPARE(hop.kind, ExchangeKind::Redirect);
        QVERIFY(hop.response);
        QCOMPARE(hop.response->status, 307);
        QCOMPARE(stream.kind, ExchangeKind::Stream);
        const QUrl location = hop.request.url.resolved(
            QUrl(QString::fromUtf8(hop.response->headers.combinedValue(QByteArrayLiteral("Location")))));
        QCOMPARE(stream.request.url, location);
        QVERIFY(stream.request.url != hop.request.url);
        QVERIFY(session.hasFinding(QStringLiteral("http.redirect")));
        QVERIFY(session.verdict().opened);
    }

    void sendsThePlannedPreflight()
    {
        const std::optional<Scenario> scenario
            = PresetLibrary::preset(QStringLiteral("preflight-missing-allow-headers"));
        QVERIFY(scenario);
        QCOMPARE(scenario->client.mode, ClientSide::Mode::Fetch);
        Run run;
        QSignalSpy finished(run.client.get(), &BrowserClientController::finished);
        QVERIFY(start(run, *scenario, 5000));
        QVERIFY(finished.wait(5000));
        const Session &session = run.client->session();
        QCOMPARE(session.exchanges().size(), 1); // the stream request is never sent
        const SessionExchange &preflight = session.exchanges().constFirst();
        QCOMPARE(preflight.kind, ExchangeKind::Preflight);
        QCOMPARE(preflight.request.method, QByteArray("OPTIONS"));
        QCOMPARE(preflight.request.headers.combinedValue(QByteArrayLiteral("Access-Control-Request-Method")),
            QByteArray("GET"));
        QVERIFY(
            !preflight.request.headers.combinedValue(QByteArrayLiteral("Access-Control-Request-Headers")).isEmpty());
        QVERIFY(!preflight.request.headers.contains(QByteArrayLiteral("Cookie")));
        QVERIFY(preflight.response);
        // What the server received is what the session says was sent.
        const QList<ServerExchange> received = run.server->recentExchanges();
        const auto it = std::find_if(received.cbegin(), received.cend(),
            [](const ServerExchange &e) { return e.kind == ServerExchange::Kind::Preflight; });
        QVERIFY(it != received.cend());
        for (const HttpHeader &header : preflight.request.headers.lines()) {
            QVERIFY2(it->request.headers.contains(header.name), header.name.constData());
            QCOMPARE(it->request.headers.combinedValue(header.name), header.value);
        }
    }

    void fetchWithAHeaderPassesThePreflightThenStreams()
    {
        Scenario scenario = quickStream();
        scenario.client.mode = ClientSide::Mode::Fetch;
        scenario.client.headers.append(QByteArrayLiteral("X-Trace"), QByteArrayLiteral("abc"));
        scenario.cors.preflight.allowHeaders = QStringLiteral("X-Trace");
        scenario.cors.preflight.maxAge = 600;
        scenario.stream.endAfterEvents = 2;
        Run run;
        QSignalSpy finished(run.client.get(), &BrowserClientController::finished);
        QVERIFY(start(run, scenario, 5000));
        QVERIFY(finished.wait(5000)); // a fetch stream that ends is over: nothing reconnects
        const Session &session = run.client->session();
        QCOMPARE(session.exchanges().size(), 2);
        QCOMPARE(session.exchanges().at(0).kind, ExchangeKind::Preflight);
        QCOMPARE(session.exchanges().at(0).request.headers.combinedValue(
                     QByteArrayLiteral("Access-Control-Request-Headers")),
            QByteArray("x-trace"));
        const SessionExchange &stream = session.exchanges().at(1);
        QCOMPARE(stream.kind, ExchangeKind::Stream);
        QCOMPARE(stream.request.headers.combinedValue(QByteArrayLiteral("X-Trace")), QByteArray("abc"));
        QCOMPARE(stream.request.headers.combinedValue(QByteArrayLiteral("Accept")), QByteArray("*/*"));
        const Verdict &verdict = session.verdict();
        QVERIFY(verdict.opened);
        QVERIFY(!verdict.failed); // the reader got `done`: closed, not failed
        QCOMPARE(verdict.readyState, ReadyState::Closed);
        QCOMPARE(verdict.events, quint64(2));
        QCOMPARE(verdict.reconnects, 0);
        QVERIFY(session.hasFinding(QStringLiteral("fetch.no-reconnect")));
        QVERIFY(session.hasFinding(QStringLiteral("preflight.required")));
    }

    void loginStoresTheCookieAndTheStreamSendsIt()
    {
        const std::optional<Scenario> scenario = PresetLibrary::preset(QStringLiteral("credentials-cookie"));
        QVERIFY(scenario);
        QVERIFY(scenario->client.loginFirst);
        Run run;
        QVERIFY(start(run, *scenario, 5000));
        QTRY_VERIFY_WITH_TIMEOUT(run.client->session().verdict().events >= 1, 5000);
        run.client->stop();
        const Session &session = run.client->session();
        const SessionExchange &login = session.exchanges().at(0);
        QCOMPARE(login.kind, ExchangeKind::Login);
        QVERIFY(login.response);
        const QByteArray setCookie = login.response->headers.combinedValue(QByteArrayLiteral("Set-Cookie"));
        QVERIFY(!setCookie.isEmpty());
        const QByteArray name = setCookie.left(setCookie.indexOf('='));
        const SessionExchange &stream = session.exchanges().at(1);
        QCOMPARE(stream.kind, ExchangeKind::Stream);
        const QByteArray cookieHeader = stream.request.headers.combinedValue(QByteArrayLiteral("Cookie"));
        QVERIFY2(cookieHeader.startsWith(QByteArray(name + "=")), cookieHeader.constData());
        // Each cookie's fate: stored from the login's Set-Cookie, then included in the stream request.
        bool stored = false;
        bool sent = false;
        for (const RecordedCookie &cookie : session.cookies()) {
            if (cookie.outcome.name != QString::fromLatin1(name)) {
                continue;
            }
            stored |= cookie.direction == RecordedCookie::Direction::Set && cookie.exchangeId == login.id
                && cookie.outcome.included;
            sent |= cookie.direction == RecordedCookie::Direction::Sent && cookie.exchangeId == stream.id
                && cookie.outcome.included;
        }
        QVERIFY(stored);
        QVERIFY(sent);
    }

    void timestampsEveryChunk()
    {
        Run run;
        QVERIFY(start(run, quickStream(), 5000));
        QTRY_VERIFY_WITH_TIMEOUT(run.client->session().verdict().events >= 4, 5000);
        run.client->stop();
        const Session &session = run.client->session();
        const SessionExchange &stream = session.exchanges().constFirst();
        qint64 offset = 0;
        qint64 previousMs = stream.firstByteMs;
        QVERIFY(session.chunks().size() >= 4);
        for (const RawChunk &chunk : session.chunks()) {
            QCOMPARE(chunk.exchangeId, stream.id);
            QCOMPARE(chunk.offset, offset);
            QCOMPARE(chunk.size, chunk.bytes.size());
            QVERIFY(chunk.receivedMs >= previousMs);
            offset += chunk.size;
            previousMs = chunk.receivedMs;
        }
        QCOMPARE(offset, stream.bodyBytes);
        // Events were written 100 ms apart and flushed one by one: they arrive in separate chunks,
        // each stamped with its chunk's arrival time.
        for (const RecordedEvent &event : session.events()) {
            const bool inAChunk = std::any_of(session.chunks().cbegin(), session.chunks().cend(),
                [&event](const RawChunk &chunk) { return chunk.receivedMs == event.receivedMs && chunk.events > 0; });
            QVERIFY(inAChunk);
        }
        QVERIFY(session.events().at(3).receivedMs > session.events().at(0).receivedMs);
        QVERIFY(!session.hasFinding(QStringLiteral("transport.buffered")));
    }

    void measuresBufferingAgainstWriteTimes_data()
    {
        QTest::addColumn<bool>("proxy");
        QTest::addRow("direct") << false;
        QTest::addRow("buffering proxy") << true;
    }

    void measuresBufferingAgainstWriteTimes()
    {
        QFETCH(bool, proxy);
        Scenario scenario = quickStream();
        scenario.transport.proxy.enabled = proxy;
        scenario.transport.proxy.flushEveryMs = 1000;
        Run run;
        QVERIFY(start(run, scenario, 10000));
        const Session &session = run.client->session();
        QTRY_VERIFY_WITH_TIMEOUT(session.verdict().events >= 12, 6000);
        if (proxy) {
            // The arrival pattern alone (two bursts of ten) is raised while the stream is open.
            QTRY_VERIFY_WITH_TIMEOUT(session.hasFinding(QStringLiteral("transport.buffered")), 3000);
        }
        correlate(*run.client, *run.server);
        run.client->stop();
        QCOMPARE(session.hasFinding(QStringLiteral("transport.buffered")), proxy);
        // And exactly, against the server's write times.
        const bool measured = std::any_of(session.findings().cbegin(), session.findings().cend(), [](const auto &f) {
            return f.finding.id == QLatin1String("transport.buffered")
                && f.finding.detail.contains(QLatin1String("write times"));
        });
        QCOMPARE(measured, proxy);
    }

    void decodesGzipDeliberately()
    {
        Scenario scenario = quickStream();
        scenario.transport.gzip = true;
        scenario.transport.gzipFlushEachWrite = true;
        Run run;
        QVERIFY(start(run, scenario, 5000));
        QTRY_VERIFY_WITH_TIMEOUT(run.client->session().verdict().events >= 2, 5000);
        run.client->stop();
        const Session &session = run.client->session();
        const SessionExchange &stream = session.exchanges().constFirst();
        QVERIFY(stream.bodyDecompressed);
        QCOMPARE(stream.response->headers.combinedValue(QByteArrayLiteral("Content-Encoding")), QByteArray("gzip"));
        QVERIFY(session.hasFinding(QStringLiteral("response.content-encoding")));
        QVERIFY(session.events().constFirst().data.startsWith('{'));
    }

    void reportsTheHttp1ConnectionLimit()
    {
        Scenario scenario = quickStream();
        MockServerController server;
        QVERIFY(server.start(scenario));
        std::vector<std::unique_ptr<BrowserClientController>> clients;
        for (int i = 0; i < 7; ++i) {
            auto client = std::make_unique<BrowserClientController>();
            QVERIFY(client->start(optionsFor(scenario, server, 10000)));
            QTRY_VERIFY_WITH_TIMEOUT(client->session().verdict().opened, 5000);
            clients.push_back(std::move(client));
        }
        for (int i = 0; i < 6; ++i) {
            QVERIFY(!clients.at(size_t(i))->session().hasFinding(QStringLiteral("http.connection-limit")));
        }
        QVERIFY(clients.back()->session().hasFinding(QStringLiteral("http.connection-limit")));
        for (auto &client : clients) {
            client->stop();
        }
        server.stop();
    }
};

QTEST_GUILESS_MAIN(tst_BrowserClient)
#include "tst_browserclient.moc"
