// HarReader: our own files round-trip byte for byte; Chrome and Firefox files load their stream
// and re-run the diagnosis; malformed files are refused with file, line and column.
#include "harsessions.h"

#include <common/version.h>
#include <session/harreader.h>
#include <session/harwriter.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

Q_DECLARE_METATYPE(SseScope::Outcome)

namespace {

QByteArray fixture(const char *name)
{
    QFile file(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/fixtures/har/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("missing fixture %s", name);
    }
    return file.readAll();
}

HarImport load(const QByteArray &bytes, const QString &name = QStringLiteral("test.har"))
{
    HarError error;
    const std::optional<HarImport> result = HarReader::read(bytes, name, &error);
    if (!result) {
        qFatal("refused: %s", qPrintable(error.toString()));
    }
    return *result;
}

const SessionExchange *findKind(const Session &session, ExchangeKind kind, int nth = 0)
{
    for (const SessionExchange &exchange : session.exchanges()) {
        if (exchange.kind == kind && nth-- == 0) {
            return &exchange;
        }
    }
    return nullptr;
}

const RecordedFinding *findFinding(const Session &session, const QString &id)
{
    for (const RecordedFinding &finding : session.findings()) {
        if (finding.finding.id == id) {
            return &finding;
        }
    }
    return nullptr;
}

} // namespace

class TestHarReader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void roundTripIsByteIdentical_data()
    {
        QTest::addColumn<bool>("keepSecrets");
        QTest::addColumn<bool>("fetchPost");
        QTest::addRow("sanitized") << false << false;
        QTest::addRow("keep secrets") << true << false;
        // Issue 18: request.postData (masked or not) reads back and writes out the same.
        QTest::addRow("fetch POST, sanitized") << false << true;
        QTest::addRow("fetch POST, keep secrets") << true << true;
    }
    void roundTripIsByteIdentical()
    {
        QFETCH(bool, keepSecrets);
        QFETCH(bool, fetchPost);
        const QByteArray first = HarWriter::toHar(
            fetchPost ? HarTest::fetchPostSession() : HarTest::secretSession(), HarOptions{keepSecrets});
        const HarImport imported = load(first);
        QCOMPARE(imported.producer, HarImport::Producer::SseScope);
        QCOMPARE(imported.sanitized, !keepSecrets);
        QVERIFY(imported.missing.isEmpty());
        const QByteArray second = HarWriter::toHar(imported.session, HarOptions{keepSecrets});
        if (second != first) {
            // Show where they part, not two whole files.
            qsizetype at = 0;
            while (at < first.size() && at < second.size() && first.at(at) == second.at(at)) {
                ++at;
            }
            QFAIL(qPrintable(QStringLiteral("differ at byte %1:\n--- first\n%2\n--- second\n%3")
                                 .arg(at)
                                 .arg(QString::fromUtf8(first.mid(qMax<qsizetype>(0, at - 200), 400)),
                                     QString::fromUtf8(second.mid(qMax<qsizetype>(0, at - 200), 400)))));
        }
    }

    // Files `ssescope check --har` wrote against the mock server (credentials-cookie and
    // drop-and-resume presets): read and written again, they come out the same.
    void recordedFilesRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("login, cookie, token in the query") << QStringLiteral("ssescope-credentials-cookie.har");
        QTest::addRow("six attempts") << QStringLiteral("ssescope-drop-and-resume.har");
    }
    void recordedFilesRoundTrip()
    {
        QFETCH(QString, name);
        QByteArray bytes = fixture(name.toLatin1().constData());
        // The creator is whoever writes the file: this build.
        const QRegularExpression creator(QStringLiteral("(\"creator\": \\{\\s*\"name\": \"ssescope\",\\s*\"version\": \")[^\"]*"));
        QString text = QString::fromUtf8(bytes);
        QVERIFY(text.contains(creator));
        text.replace(creator, QStringLiteral("\\1") + applicationVersion());
        bytes = text.toUtf8();
        const HarImport imported = load(bytes, name);
        QVERIFY(imported.sanitized);
        QVERIFY(imported.session.events().size() >= 5);
        QCOMPARE(HarWriter::toHar(imported.session), bytes);
    }

    void emptySessionRoundTrip()
    {
        Session empty;
        SessionInfo info;
        info.url = QUrl(QStringLiteral("http://127.0.0.1:1/events"));
        info.origin = QStringLiteral("http://localhost:2");
        empty.setInfo(info);
        const QByteArray first = HarWriter::toHar(empty);
        const HarImport imported = load(first);
        QVERIFY(imported.session.exchanges().isEmpty());
        QCOMPARE(HarWriter::toHar(imported.session), first);
    }

    // Our reader gives the body back: the request carries one, with its text and whole size.
    void importReadsPostData()
    {
        for (const bool keepSecrets : {false, true}) {
            const HarImport imported = load(HarWriter::toHar(HarTest::fetchPostSession(), HarOptions{keepSecrets}));
            const QList<SessionExchange> exchanges = imported.session.exchanges();
            QCOMPARE(exchanges.size(), 2);
            QVERIFY(!exchanges.at(0).request.hasBody);
            const SessionExchange &stream = exchanges.at(1);
            QVERIFY(stream.request.hasBody);
            QVERIFY(stream.plannedRequest.hasBody);
            QCOMPARE(stream.requestBodySize, HarTest::fetchPostBody().size());
            QCOMPARE(stream.requestBody.contains("SECRETbodyApiKey31"), keepSecrets);
            QVERIFY(stream.requestBody.contains("\"max_tokens\": 100"));
            QCOMPARE(imported.session.events().size(), 2);
        }
    }

    void importRebuildsTheSession()
    {
        const Session original = HarTest::secretSession();
        const Session session = load(HarWriter::toHar(original, HarOptions{true})).session;
        QCOMPARE(session.info().url, original.info().url);
        QCOMPARE(session.info().origin, original.info().origin);
        QCOMPARE(session.info().startedAt, original.info().startedAt);
        QCOMPARE(session.info().credentials, CredentialsMode::Include);
        QCOMPARE(session.exchanges().size(), original.exchanges().size());
        for (qsizetype i = 0; i < original.exchanges().size(); ++i) {
            const SessionExchange &a = original.exchanges().at(i);
            const SessionExchange &b = session.exchanges().at(i);
            QCOMPARE(b.id, a.id);
            QCOMPARE(b.kind, a.kind);
            QCOMPARE(b.attempt, a.attempt);
            QCOMPARE(b.request.url, a.request.url);
            QCOMPARE(b.request.headers, a.request.headers);
            QCOMPARE(b.plannedRequest.headers, a.plannedRequest.headers);
            QCOMPARE(b.transportAddedHeaders, a.transportAddedHeaders);
            QCOMPARE(b.response.has_value(), a.response.has_value());
            if (a.response) {
                QCOMPARE(b.response->status, a.response->status);
                QCOMPARE(b.response->headers, a.response->headers);
            }
            QCOMPARE(b.startedMs, a.startedMs);
            QCOMPARE(b.firstByteMs, a.firstByteMs);
            QCOMPARE(b.endedMs, a.endedMs);
            QCOMPARE(b.netError, a.netError);
        }
        QCOMPARE(session.chunks().size(), original.chunks().size());
        for (qsizetype i = 0; i < original.chunks().size(); ++i) {
            QCOMPARE(session.chunks().at(i).bytes, original.chunks().at(i).bytes);
            QCOMPARE(session.chunks().at(i).receivedMs, original.chunks().at(i).receivedMs);
        }
        QCOMPARE(session.events().size(), original.events().size());
        for (qsizetype i = 0; i < original.events().size(); ++i) {
            QCOMPARE(session.events().at(i).data, original.events().at(i).data);
            QCOMPARE(session.events().at(i).receivedMs, original.events().at(i).receivedMs);
            QCOMPARE(session.events().at(i).exchangeId, original.events().at(i).exchangeId);
            QCOMPARE(session.events().at(i).hasId, original.events().at(i).hasId);
            QCOMPARE(session.events().at(i).replay, original.events().at(i).replay);
            QCOMPARE(session.events().at(i).missedBefore, original.events().at(i).missedBefore);
        }
        QCOMPARE(original.serverWrites().size(), 4);
        QCOMPARE(session.serverWrites().size(), original.serverWrites().size());
        for (qsizetype i = 0; i < original.serverWrites().size(); ++i) {
            const ServerWrite &a = original.serverWrites().at(i);
            const ServerWrite &b = session.serverWrites().at(i);
            QCOMPARE(b.exchangeId, a.exchangeId);
            QCOMPARE(b.sequence, a.sequence);
            QCOMPARE(b.writtenMs, a.writtenMs);
            QCOMPARE(b.arrivedMs, a.arrivedMs);
        }
        QCOMPARE(session.findingList(), original.findingList());
        QCOMPARE(session.verdict().console, original.verdict().console);
        QCOMPARE(session.verdict().events, original.verdict().events);
        QCOMPARE(session.cookies().size(), original.cookies().size());
        QCOMPARE(session.cookies().at(2).outcome.reasons, original.cookies().at(2).outcome.reasons);
    }

    void chromeEventSource()
    {
        const HarImport imported = load(fixture("chrome-eventsource.har"));
        QCOMPARE(imported.producer, HarImport::Producer::Chrome);
        QCOMPARE(imported.creator, QStringLiteral("WebInspector 537.36"));
        QCOMPARE(imported.skippedEntries, 1); // the document
        const Session &session = imported.session;
        QCOMPARE(session.info().origin, QStringLiteral("https://app.example.com"));
        QCOMPARE(session.info().mode, RequestMode::EventSource);
        QCOMPARE(session.info().url.toString(), QStringLiteral("https://api.example.com/events?channel=news"));
        QCOMPARE(session.exchanges().size(), 1);
        const SessionExchange &stream = session.exchanges().first();
        QCOMPARE(stream.kind, ExchangeKind::Stream);
        QCOMPARE(stream.httpVersion, QByteArray("2"));
        QVERIFY(stream.response.has_value());
        QCOMPARE(stream.response->headers.combinedValue("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(stream.firstByteMs, 26); // blocked + send + wait, rounded
        QCOMPARE(stream.endedMs, 9784);
        // The diagnosis ran on the heads: the stream opens.
        QVERIFY(session.verdict().opened);
        QCOMPARE(session.verdict().readyState, ReadyState::Open);
        QVERIFY(!session.verdict().failed);
        QVERIFY(session.verdict().console.isEmpty());
        // Chrome keeps no EventSource body: said plainly.
        QVERIFY(imported.sanitized);
        const QString missing = imported.missing.join(u'\n');
        QVERIFY2(missing.contains(QLatin1String("the stream body")), qPrintable(missing));
        QVERIFY2(missing.contains(QLatin1String("cookies")), qPrintable(missing));
        QVERIFY2(missing.contains(QLatin1String("console")), qPrintable(missing));
        const RecordedFinding *limits = findFinding(session, QStringLiteral("har.import-limits"));
        QVERIFY(limits);
        QVERIFY(limits->finding.detail.contains(QLatin1String("the stream body")));
    }

    void chromePreflightBlocked()
    {
        const HarImport imported = load(fixture("chrome-preflight-blocked.har"));
        const Session &session = imported.session;
        QCOMPARE(session.info().mode, RequestMode::Fetch);
        QCOMPARE(session.exchanges().size(), 2);
        const SessionExchange *preflight = findKind(session, ExchangeKind::Preflight);
        QVERIFY(preflight);
        QCOMPARE(preflight->response->status, 204);
        const SessionExchange *stream = findKind(session, ExchangeKind::Stream);
        QVERIFY(stream);
        QVERIFY(!stream->response.has_value());
        QCOMPARE(stream->netError, QStringLiteral("ERR_FAILED"));
        // The model fails the preflight: the header is not allowed.
        QVERIFY(session.verdict().failed);
        QVERIFY(!session.verdict().opened);
        // Chromium's two lines: the CORS message, then the failed request.
        QCOMPARE(session.verdict().console.size(), 2);
        QCOMPARE(session.verdict().console.at(1), QStringLiteral("GET https://api.example.com/stream net::ERR_FAILED"));
        QVERIFY2(session.verdict().console.first().contains(QLatin1String("x-api-version")),
            qPrintable(session.verdict().console.first()));
        QVERIFY(session.verdict().console.first().contains(QLatin1String("blocked by CORS policy")));
        bool corsFinding = false;
        for (const Finding &finding : session.findingList()) {
            corsFinding = corsFinding || finding.id.startsWith(QLatin1String("preflight."))
                || finding.id.startsWith(QLatin1String("cors."));
        }
        QVERIFY(corsFinding);
    }

    void firefoxEventSource()
    {
        const HarImport imported = load(fixture("firefox-eventsource.har"));
        QCOMPARE(imported.producer, HarImport::Producer::Firefox);
        QCOMPARE(imported.skippedEntries, 1);
        const Session &session = imported.session;
        QCOMPARE(session.info().browser, QStringLiteral("firefox"));
        QCOMPARE(session.info().url.toString(), QStringLiteral("https://api.example.com/old-events"));
        QCOMPARE(session.info().startedAt, QDateTime(QDate(2026, 11, 24), QTime(3, 0, 0, 140), Qt::UTC));
        QCOMPARE(session.exchanges().size(), 2);
        QCOMPARE(session.exchanges().at(0).kind, ExchangeKind::Redirect);
        QCOMPARE(session.exchanges().at(0).response->status, 307);
        QCOMPARE(session.exchanges().at(1).kind, ExchangeKind::Stream);
        QCOMPARE(session.exchanges().at(1).startedMs, 20);
        // The body went through the parser.
        QCOMPARE(session.events().size(), 2);
        QCOMPARE(session.events().at(0).data, QByteArray("first"));
        QCOMPARE(session.events().at(0).lastEventId, QByteArray("a1"));
        QCOMPARE(session.events().at(1).type, QByteArray("update"));
        QCOMPARE(session.events().at(1).data, QByteArray("second\nline"));
        QCOMPARE(session.events().at(1).receivedMs, 3020); // the end of the request: no arrival times
        QCOMPARE(session.chunks().size(), 1);
        QVERIFY(session.chunks().first().bytes.startsWith("retry: 1000\n"));
        QVERIFY(session.verdict().opened);
        QCOMPARE(session.verdict().events, quint64(2));
        QCOMPARE(session.verdict().readyState, ReadyState::Open);
        const QString missing = imported.missing.join(u'\n');
        QVERIFY2(missing.contains(QLatin1String("when each event arrived")), qPrintable(missing));
        QVERIFY2(!missing.contains(QLatin1String("the stream body")), qPrintable(missing));
    }

    // `_eventSourceMessages` (cypress-har-generator, our own files) give each event its time.
    void foreignEventSourceMessages()
    {
        QByteArray har = fixture("chrome-eventsource.har");
        const QByteArray messages = QByteArrayLiteral(
            "\"_eventSourceMessages\": [{\"time\": 1795482000.5, \"eventName\": \"tick\", \"eventId\": \"7\", "
            "\"data\": \"x\"}],\n\"_resourceType\": \"eventsource\"");
        QVERIFY(har.contains("\"_resourceType\": \"eventsource\""));
        har.replace("\"_resourceType\": \"eventsource\"", messages);
        const HarImport imported = load(har);
        QCOMPARE(imported.session.events().size(), 1);
        QCOMPARE(imported.session.events().first().type, QByteArray("tick"));
        QCOMPARE(imported.session.events().first().lastEventId, QByteArray("7"));
        QCOMPARE(imported.session.events().first().receivedMs,
            qint64(1795482000500) - imported.session.info().startedAt.toMSecsSinceEpoch());
        QVERIFY(!imported.missing.join(u'\n').contains(QLatin1String("the stream body")));
    }

    // Foreign files the fuzzer found our export could not carry (fuzz_harreader), made from the
    // Firefox fixture by one edit: each export is valid UTF-8, holds what it must, loads again as
    // ours with every event, and exports again to the same bytes.
    void editedForeignFileRoundTrips_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QByteArray>("exportHolds");
        // A stream entry dated before 1970: its events' times are negative seconds since the epoch.
        QTest::addRow("times before the epoch")
            << QByteArray("\"startedDateTime\": \"2026-11-24T03:00:00.160+00:00\"")
            << QByteArray("\"startedDateTime\": \"1013-11-24T03:00:00.160+00:00\"") << QByteArray("\"time\": -");
        // A version that is not Latin-1 ASCII was read as Latin-1 and written back as a byte that is
        // no UTF-8, so our own export did not load (invalid JSON).
        QTest::addRow("odd httpVersion") << QByteArray("\"httpVersion\": \"HTTP/1.1\"")
                                         << QByteArray("\"httpVersion\": \"HTTP/1\u00fd\\u0000.1\"")
                                         << QByteArray("\"httpVersion\": \"HTTP/1\u00fd\\u0000.1\"");
    }
    void editedForeignFileRoundTrips()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QByteArray, exportHolds);
        QByteArray har = fixture("firefox-eventsource.har");
        QVERIFY(har.contains(from));
        har.replace(from, to);
        const HarImport foreign = load(har);
        QVERIFY(!foreign.session.events().isEmpty());
        const QByteArray first = HarWriter::toHar(foreign.session);
        QCOMPARE(QString::fromUtf8(first).toUtf8(), first); // valid UTF-8
        QVERIFY2(first.contains(exportHolds), exportHolds.constData());
        const HarImport own = load(first, QStringLiteral("export.har"));
        QCOMPARE(own.producer, HarImport::Producer::SseScope);
        QCOMPARE(own.session.events().size(), foreign.session.events().size());
        QCOMPARE(HarWriter::toHar(own.session), first);
    }

    // Odd but valid files: each loads (or is refused) without a warning from the browser model.
    void foreignOddities_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("missing"); // a phrase HarImport::missing must hold; empty: no check

        QJsonDocument firefox = QJsonDocument::fromJson(fixture("firefox-eventsource.har"));
        QJsonObject root = firefox.object();
        QJsonObject log = root.value(QLatin1String("log")).toObject();
        QJsonArray entries = log.value(QLatin1String("entries")).toArray();
        QJsonObject stream = entries.at(2).toObject();

        QJsonObject pending = stream;
        QJsonObject response = pending.value(QLatin1String("response")).toObject();
        response.insert(QLatin1String("status"), 0);
        pending.insert(QLatin1String("response"), response);
        QJsonArray pendingEntries = entries;
        pendingEntries.replace(2, pending);
        log.insert(QLatin1String("entries"), pendingEntries);
        root.insert(QLatin1String("log"), log);
        QTest::addRow("stream still pending") << QJsonDocument(root).toJson() << QStringLiteral("neither a response nor an error");

        // A reconnect: the same stream again, three seconds later.
        QJsonObject again = stream;
        again.insert(QLatin1String("startedDateTime"), QStringLiteral("2026-11-24T03:00:06.000+00:00"));
        QJsonArray twoAttempts = entries;
        twoAttempts.append(again);
        log.insert(QLatin1String("entries"), twoAttempts);
        root.insert(QLatin1String("log"), log);
        QTest::addRow("reconnect") << QJsonDocument(root).toJson() << QString();

        QByteArray eventSourceWithPreflight = fixture("chrome-preflight-blocked.har");
        eventSourceWithPreflight.replace("\"_resourceType\": \"fetch\"", "\"_resourceType\": \"eventsource\"");
        QTest::addRow("EventSource next to a preflight") << eventSourceWithPreflight << QString();

        QByteArray noPreflight = fixture("chrome-preflight-blocked.har");
        noPreflight.replace("\"OPTIONS\"", "\"PATCH\"");
        QTest::addRow("preflight missing") << noPreflight << QStringLiteral("the preflight (OPTIONS)");

        QByteArray sniffed = fixture("chrome-eventsource.har");
        sniffed.replace("{\"name\": \"content-type\", \"value\": \"text/event-stream\"}",
            "{\"name\": \"content-type\", \"value\": \"text/plain\"}");
        QTest::addRow("text/plain, no body to sniff") << sniffed << QString();
    }
    void foreignOddities()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, missing);
        HarError error;
        const std::optional<HarImport> imported = HarReader::read(bytes, QStringLiteral("odd.har"), &error);
        QVERIFY2(imported, qPrintable(error.toString()));
        QVERIFY(!imported->session.exchanges().isEmpty());
        if (!missing.isEmpty()) {
            QVERIFY2(imported->missing.join(u'\n').contains(missing), qPrintable(imported->missing.join(u'\n')));
        }
    }

    // The replay of a foreign file reaches the outcome the live client would (lib/browser/verdict.h).
    void foreignOutcome_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<Outcome>("outcome");
        QTest::addColumn<bool>("failed");

        QTest::addRow("Chrome EventSource, open") << fixture("chrome-eventsource.har") << Outcome::Opens << false;
        QTest::addRow("Firefox EventSource after a redirect")
            << fixture("firefox-eventsource.har") << Outcome::Opens << false;
        QTest::addRow("Chrome fetch, preflight refused")
            << fixture("chrome-preflight-blocked.har") << Outcome::Blocked << true;

        // A fetch stream that ended cleanly, then the page fetched it again: the first body's end
        // is the reader's `done` — CLOSED, not failed — as live (issue 13, disagreement a).
        QJsonObject root = QJsonDocument::fromJson(fixture("chrome-preflight-blocked.har")).object();
        QJsonObject log = root.value(QLatin1String("log")).toObject();
        QJsonObject stream = log.value(QLatin1String("entries")).toArray().at(1).toObject();
        QJsonObject request = stream.value(QLatin1String("request")).toObject();
        QJsonArray requestHeaders;
        for (const QJsonValue &header : request.value(QLatin1String("headers")).toArray()) {
            if (header.toObject().value(QLatin1String("name")).toString() != QLatin1String("X-Api-Version")) {
                requestHeaders.append(header); // no page header, so no preflight
            }
        }
        request.insert(QLatin1String("headers"), requestHeaders);
        stream.insert(QLatin1String("request"), request);
        const QString body = QStringLiteral("data: one\n\ndata: two\n\n");
        QJsonObject response {
            {QStringLiteral("status"), 200},
            {QStringLiteral("statusText"), QStringLiteral("OK")},
            {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
            {QStringLiteral("headers"),
                QJsonArray {
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("Content-Type")},
                        {QStringLiteral("value"), QStringLiteral("text/event-stream")}},
                    QJsonObject {{QStringLiteral("name"), QStringLiteral("Access-Control-Allow-Origin")},
                        {QStringLiteral("value"), QStringLiteral("https://app.example.com")}},
                }},
            {QStringLiteral("cookies"), QJsonArray()},
            {QStringLiteral("content"),
                QJsonObject {{QStringLiteral("size"), body.size()},
                    {QStringLiteral("mimeType"), QStringLiteral("text/event-stream")},
                    {QStringLiteral("text"), body}}},
            {QStringLiteral("redirectURL"), QString()},
            {QStringLiteral("headersSize"), -1},
            {QStringLiteral("bodySize"), body.size()},
        };
        stream.insert(QLatin1String("response"), response);
        QJsonObject again = stream;
        again.insert(QLatin1String("startedDateTime"), QStringLiteral("2026-11-24T02:00:05.000Z"));
        log.insert(QLatin1String("entries"), QJsonArray {stream, again});
        root.insert(QLatin1String("log"), log);
        QTest::addRow("fetch stream ended, fetched again") << QJsonDocument(root).toJson() << Outcome::Ended << false;
    }
    void foreignOutcome()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(Outcome, outcome);
        QFETCH(bool, failed);
        const HarImport imported = load(bytes);
        QVERIFY(imported.producer != HarImport::Producer::SseScope);
        const Verdict &verdict = imported.session.verdict();
        QCOMPARE(verdict.failed, failed);
        QCOMPARE(outcomeOf(verdict), outcome);
    }

    // Chrome's net error names map back to the model's (issue 14): a stream request Chrome failed
    // with net::ERR_UNEXPECTED_PROXY_AUTH (an origin's 407) replays with that name, not ERR_FAILED.
    void foreignNetErrorName()
    {
        QJsonObject root = QJsonDocument::fromJson(fixture("chrome-eventsource.har")).object();
        QJsonObject log = root.value(QLatin1String("log")).toObject();
        QJsonArray entries = log.value(QLatin1String("entries")).toArray();
        QJsonObject stream = entries.at(1).toObject();
        QJsonObject response = stream.value(QLatin1String("response")).toObject();
        response.insert(QLatin1String("status"), 0);
        response.insert(QLatin1String("statusText"), QString());
        response.insert(QLatin1String("headers"), QJsonArray());
        response.insert(QLatin1String("content"),
            QJsonObject {{QStringLiteral("size"), 0}, {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}});
        response.insert(QLatin1String("_error"), QStringLiteral("net::ERR_UNEXPECTED_PROXY_AUTH"));
        stream.insert(QLatin1String("response"), response);
        entries.replace(1, stream);
        log.insert(QLatin1String("entries"), entries);
        root.insert(QLatin1String("log"), log);
        const HarImport imported = load(QJsonDocument(root).toJson());
        const QStringList console = imported.session.verdict().console;
        QVERIFY2(console.contains(QStringLiteral(
                     "GET https://api.example.com/events?channel=news net::ERR_UNEXPECTED_PROXY_AUTH")),
            qPrintable(console.join(u'\n')));
    }

    // Damaged copies of every fixture: refused or loaded, never a crash, a hang or a warning.
    void damagedFilesNeverCrash()
    {
        const QList<QByteArray> originals = {fixture("chrome-eventsource.har"), fixture("chrome-preflight-blocked.har"),
            fixture("firefox-eventsource.har"), fixture("ssescope-credentials-cookie.har"),
            HarWriter::toHar(HarTest::secretSession(), HarOptions{true})};
        QRandomGenerator random(20261124);
        int loaded = 0;
        int refused = 0;
        for (int round = 0; round < 400; ++round) {
            QByteArray bytes = originals.at(round % originals.size());
            const int edits = 1 + int(random.bounded(4));
            for (int e = 0; e < edits; ++e) {
                const qsizetype at = random.bounded(int(bytes.size()));
                static const char replacements[] = "0123456789-\"{}[],:aeznull";
                bytes[at] = replacements[random.bounded(int(sizeof(replacements) - 1))];
            }
            HarError error;
            if (HarReader::read(bytes, QStringLiteral("damaged.har"), &error)) {
                ++loaded;
            } else {
                QVERIFY(!error.reason.isEmpty());
                ++refused;
            }
        }
        QVERIFY(loaded > 0);
        QVERIFY(refused > 0);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("reason");

        const QByteArray own = HarWriter::toHar(HarTest::secretSession(), HarOptions{true});
        QTest::addRow("truncated") << own.left(own.size() / 2) << -1 << -1 << QStringLiteral("truncated");
        QTest::addRow("not json") << QByteArray("{\n  \"log\": nope\n}") << 2 << -1 << QStringLiteral("not valid JSON");
        QTest::addRow("not an object") << QByteArray("[1, 2]") << 1 << 1 << QStringLiteral("\"log\" member");
        QTest::addRow("no log") << QByteArray("{\"foo\": 1}") << 1 << 1 << QStringLiteral("missing member \"log\"");
        QTest::addRow("entries not an array")
            << QByteArray("{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\"name\": \"x\", \"version\": \"1\"},\n"
                          "    \"entries\": {}\n  }\n}")
            << 5 << 5 << QStringLiteral("\"entries\" must be an array (at /log/entries)");
        QTest::addRow("wrong version")
            << QByteArray("{\"log\": {\"version\": \"2.0\", \"creator\": {\"name\": \"x\", \"version\": \"1\"}, \"entries\": []}}")
            << 1 << 10 << QStringLiteral("unsupported HAR version \"2.0\"");
        QTest::addRow("no stream")
            << QByteArray("{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"x\", \"version\": \"1\"}, \"entries\": []}}")
            << 1 << 70 << QStringLiteral("no event-stream request among the 0 entries");

        QByteArray badKind = own;
        badKind.replace("\"kind\": \"redirect\"", "\"kind\": \"teleport\"");
        QTest::addRow("unknown kind") << badKind << -1 << -1 << QStringLiteral("unknown kind \"teleport\" (at /log/entries/1/_ssescope/kind)");
        QByteArray shortBody = own;
        QVERIFY(shortBody.contains("data: hello"));
        shortBody.replace("data: hello", "data: hell");
        QTest::addRow("body shorter than its chunks")
            << shortBody << -1 << -1 << QStringLiteral("the raw chunks keep more bytes than content.text holds");
        QByteArray badBase64 = own;
        const QByteArray encoded = QByteArray("data: \xff\xfe!\n\n\0", 12).toBase64();
        QVERIFY(badBase64.contains(encoded));
        badBase64.replace(encoded, "@@not base64@@");
        QTest::addRow("bad base64") << badBase64 << -1 << -1 << QStringLiteral("content.text is not valid base64");
        QByteArray badMessage = own;
        badMessage.replace("\"eventName\": \"message\"", "\"eventName\": 3");
        QTest::addRow("event name not a string") << badMessage << -1 << -1 << QStringLiteral("\"eventName\" must be a string");
        QByteArray badReplay = own;
        QVERIFY(badReplay.contains("\"_replay\": \"repeated\""));
        badReplay.replace("\"_replay\": \"repeated\"", "\"_replay\": \"twice\"");
        QTest::addRow("unknown replay mark") << badReplay << -1 << -1 << QStringLiteral("\"_replay\" must be");
        QByteArray badWrite = own;
        QVERIFY(badWrite.contains("\"writtenMs\": 38"));
        badWrite.replace("\"writtenMs\": 38", "\"writtenMs\": \"soon\"");
        QTest::addRow("server write time not a number")
            << badWrite << -1 << -1 << QStringLiteral("\"writtenMs\" must be an integer (at /log/_ssescope/serverWrites/0/writtenMs)");
    }
    void refused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, reason);
        HarError error;
        QVERIFY(!HarReader::read(bytes, QStringLiteral("bad.har"), &error));
        QVERIFY2(error.reason.contains(reason), qPrintable(error.toString()));
        QCOMPARE(error.fileName, QStringLiteral("bad.har"));
        QVERIFY(error.line >= 1 && error.column >= 1);
        if (line > 0) {
            QCOMPARE(error.line, line);
        }
        if (column > 0) {
            QCOMPARE(error.column, column);
        }
        QVERIFY(error.toString().startsWith(QStringLiteral("bad.har:%1:%2: ").arg(error.line).arg(error.column)));
    }

    // The position points at the offending member of a real file.
    void refusedPositionInOwnFile()
    {
        QByteArray own = HarWriter::toHar(HarTest::secretSession(), HarOptions{true});
        own.replace("\"kind\": \"redirect\"", "\"kind\": \"teleport\"");
        HarError error;
        QVERIFY(!HarReader::read(own, QStringLiteral("own.har"), &error));
        const qsizetype at = own.indexOf("\"kind\": \"teleport\"");
        const QByteArray before = own.left(at);
        QCOMPARE(error.line, int(before.count('\n')) + 1);
        QCOMPARE(error.column, int(at - before.lastIndexOf('\n')));
    }

    // Every truncation of a valid file is refused, never half-loaded, never a crash.
    void everyTruncationIsRefused()
    {
        const QByteArray own = HarWriter::toHar(HarTest::secretSession());
        for (qsizetype size = 0; size < own.size() - 2; size += 61) {
            HarError error;
            QVERIFY2(!HarReader::read(QByteArrayView(own).first(size), QStringLiteral("cut.har"), &error),
                qPrintable(QString::number(size)));
            QVERIFY(!error.reason.isEmpty());
        }
    }

    void readFile()
    {
        HarError error;
        QVERIFY(!HarReader::readFile(QStringLiteral("/nonexistent/x.har"), &error));
        QCOMPARE(error.line, 0);
        QVERIFY(error.reason.contains(QLatin1String("cannot open")));
        const std::optional<HarImport> imported
            = HarReader::readFile(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/fixtures/har/firefox-eventsource.har"), &error);
        QVERIFY(imported);
        QCOMPARE(imported->session.events().size(), 2);
    }

    // Two streams in one file (Chrome's EventSource, then its blocked fetch an hour later):
    // readStreams gives each its own session, in the order they started; read() (the window's
    // import) keeps the first and names the other in its limits.
    void everyStream()
    {
        QJsonObject har = QJsonDocument::fromJson(fixture("chrome-eventsource.har")).object();
        QJsonObject log = har.value(QStringLiteral("log")).toObject();
        QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
        const QJsonArray more = QJsonDocument::fromJson(fixture("chrome-preflight-blocked.har"))
                                    .object().value(QStringLiteral("log")).toObject()
                                    .value(QStringLiteral("entries")).toArray();
        for (const QJsonValue &entry : more) {
            entries.append(entry);
        }
        log.insert(QStringLiteral("entries"), entries);
        har.insert(QStringLiteral("log"), log);
        const QByteArray bytes = QJsonDocument(har).toJson();

        HarError error;
        const std::optional<QList<HarImport>> streams
            = HarReader::readStreams(bytes, QStringLiteral("two.har"), HarReadOptions(), &error);
        QVERIFY2(streams, qPrintable(error.toString()));
        QCOMPARE(streams->size(), 2);
        QCOMPARE(streams->at(0).session.info().url.path(), QStringLiteral("/events"));
        QCOMPARE(outcomeOf(streams->at(0).session.verdict()), Outcome::Opens);
        QCOMPARE(streams->at(1).session.info().url.path(), QStringLiteral("/stream"));
        QCOMPARE(outcomeOf(streams->at(1).session.verdict()), Outcome::Blocked);
        for (const HarImport &stream : *streams) {
            QVERIFY(!stream.missing.join(u' ').contains(QLatin1String("other event stream")));
        }

        const HarImport first = load(bytes);
        QCOMPARE(first.session.info().url.path(), QStringLiteral("/events"));
        QVERIFY2(first.missing.contains(QStringLiteral(
                     "1 other event stream request(s) in the HAR (only the first stream URL is loaded)")),
            qPrintable(first.missing.join(QStringLiteral("; "))));
    }

    // HarReadOptions::profile: the browser to diagnose as; our own file keeps its exact session
    // for the browser it was recorded with and is replayed from its entries for another.
    void asAnotherBrowser_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("browser"); // empty: the file's own
        QTest::addColumn<QString>("diagnosedAs");
        QTest::addColumn<bool>("rebuiltExactly"); // ours: the session as recorded (no har.import-limits)

        QTest::newRow("chrome's file, default") << QByteArray("chrome-eventsource.har") << QString() << "chromium" << false;
        QTest::newRow("chrome's file as safari") << QByteArray("chrome-eventsource.har") << "safari" << "safari" << false;
        QTest::newRow("firefox's file, default") << QByteArray("firefox-eventsource.har") << QString() << "firefox" << false;
        QTest::newRow("ours, as recorded") << QByteArray("ssescope-drop-and-resume.har") << "chromium" << "chromium" << true;
        QTest::newRow("ours as firefox") << QByteArray("ssescope-drop-and-resume.har") << "firefox" << "firefox" << false;
    }
    void asAnotherBrowser()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, browser);
        QFETCH(QString, diagnosedAs);
        QFETCH(bool, rebuiltExactly);

        HarReadOptions options;
        if (!browser.isEmpty()) {
            options.profile = BrowserProfile::fromName(browser);
        }
        HarError error;
        const std::optional<QList<HarImport>> streams
            = HarReader::readStreams(fixture(file.constData()), QString::fromLatin1(file), options, &error);
        QVERIFY2(streams, qPrintable(error.toString()));
        QCOMPARE(streams->size(), 1);
        const Session &session = streams->first().session;
        QCOMPARE(session.info().browser, diagnosedAs);
        QCOMPARE(findFinding(session, QStringLiteral("har.import-limits")) == nullptr, rebuiltExactly);
    }
};

QTEST_GUILESS_MAIN(TestHarReader)
#include "tst_harreader.moc"
