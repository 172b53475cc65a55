// HarWriter: the HAR 1.2 shape, sanitization, determinism, atomic writes, and validation of every
// exported file by the independent `har-validator` npm package (tests/node/har-validate.mjs).
#include "requiredtool.h"
#include "harsessions.h"

#include <common/version.h>
#include <session/harreader.h>
#include <session/harwriter.h>
#include <session/session.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace SseScope;

namespace {

QJsonObject parse(const QByteArray &har)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(har, &error);
    if (error.error != QJsonParseError::NoError) {
        qFatal("exported HAR is not JSON: %s", qPrintable(error.errorString()));
    }
    return document.object().value(QLatin1String("log")).toObject();
}

QJsonObject entryAt(const QJsonObject &log, int index)
{
    return log.value(QLatin1String("entries")).toArray().at(index).toObject();
}

QStringList headerNames(const QJsonObject &message)
{
    QStringList names;
    for (const QJsonValue &line : message.value(QLatin1String("headers")).toArray()) {
        names.append(line.toObject().value(QLatin1String("name")).toString().toLower());
    }
    return names;
}

} // namespace

class TestHarWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void shape()
    {
        const Session session = HarTest::secretSession();
        const QJsonObject log = parse(HarWriter::toHar(session, HarOptions{true}));
        QCOMPARE(log.value(QLatin1String("version")).toString(), QStringLiteral("1.2"));
        const QJsonObject creator = log.value(QLatin1String("creator")).toObject();
        QCOMPARE(creator.value(QLatin1String("name")).toString(), QStringLiteral("ssescope"));
        QCOMPARE(creator.value(QLatin1String("version")).toString(), applicationVersion());

        const QJsonArray entries = log.value(QLatin1String("entries")).toArray();
        QCOMPARE(entries.size(), session.exchanges().size());
        const QStringList kinds = {QStringLiteral("login"), QStringLiteral("redirect"), QStringLiteral("stream"),
            QStringLiteral("stream"), QStringLiteral("stream")};
        for (int i = 0; i < entries.size(); ++i) {
            QCOMPARE(entries.at(i).toObject().value(QLatin1String("_ssescope")).toObject().value(QLatin1String("kind")).toString(),
                kinds.at(i));
        }

        // Times: wall clock of the session start + the exchange's offset.
        const QJsonObject redirect = entryAt(log, 1);
        QCOMPARE(redirect.value(QLatin1String("startedDateTime")).toString(), QStringLiteral("2026-11-24T00:10:00.270Z"));
        QCOMPARE(redirect.value(QLatin1String("time")).toInteger(), 11);
        QCOMPARE(redirect.value(QLatin1String("response")).toObject().value(QLatin1String("redirectURL")).toString(),
            QStringLiteral("https://stream.example.com/events?sig=SECRETredirectSig88&key=SECRETredirectKey99"));
        const QJsonObject streamEntry = entryAt(log, 2);
        const QJsonObject timings = streamEntry.value(QLatin1String("timings")).toObject();
        QCOMPARE(timings.value(QLatin1String("wait")).toInteger(), 8);
        QCOMPARE(timings.value(QLatin1String("receive")).toInteger(), 1160);
        QCOMPARE(streamEntry.value(QLatin1String("time")).toInteger(), 1168);
        QCOMPARE(streamEntry.value(QLatin1String("_resourceType")).toString(), QStringLiteral("eventsource"));

        // content.text: the raw stream as received.
        const QJsonObject content = streamEntry.value(QLatin1String("response")).toObject().value(QLatin1String("content")).toObject();
        QCOMPARE(content.value(QLatin1String("text")).toString(),
            QStringLiteral("id: 1\ndata: hello\n\nid: 2\ndata: world\n\n\r\n"));
        QCOMPARE(content.value(QLatin1String("size")).toInteger(), 40);
        QCOMPARE(content.value(QLatin1String("mimeType")).toString(), QStringLiteral("text/event-stream"));
        QVERIFY(!content.contains(QLatin1String("encoding")));

        // _eventSourceMessages: CDP's shape, time in seconds since the epoch.
        const QJsonArray messages = streamEntry.value(QLatin1String("_eventSourceMessages")).toArray();
        QCOMPARE(messages.size(), 2);
        const QJsonObject second = messages.at(1).toObject();
        QCOMPARE(second.value(QLatin1String("eventName")).toString(), QStringLiteral("message"));
        QCOMPARE(second.value(QLatin1String("eventId")).toString(), QStringLiteral("2"));
        QCOMPARE(second.value(QLatin1String("data")).toString(), QStringLiteral("world"));
        const qint64 expectedMs = session.info().startedAt.toMSecsSinceEpoch() + 55;
        QCOMPARE(qRound64(second.value(QLatin1String("time")).toDouble() * 1000), expectedMs);

        // No answer: status 0 and Chrome's _error.
        const QJsonObject refused = entryAt(log, 3).value(QLatin1String("response")).toObject();
        QCOMPARE(refused.value(QLatin1String("status")).toInt(-1), 0);
        QCOMPARE(refused.value(QLatin1String("_error")).toString(), QStringLiteral("net::ERR_CONNECTION_REFUSED"));

        // Bytes that are not UTF-8 travel as base64.
        const QJsonObject binary
            = entryAt(log, 4).value(QLatin1String("response")).toObject().value(QLatin1String("content")).toObject();
        QCOMPARE(binary.value(QLatin1String("encoding")).toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(binary.value(QLatin1String("text")).toString().toLatin1()),
            QByteArray("data: \xff\xfe!\n\n\0", 12));

        // The extension: verdict, console, findings.
        const QJsonObject ext = log.value(QLatin1String("_ssescope")).toObject();
        QCOMPARE(ext.value(QLatin1String("sanitized")).toBool(true), false);
        const QJsonObject verdict = ext.value(QLatin1String("verdict")).toObject();
        QCOMPARE(verdict.value(QLatin1String("readyState")).toString(), QStringLiteral("OPEN"));
        QCOMPARE(verdict.value(QLatin1String("events")).toInt(), 3);
        QCOMPARE(verdict.value(QLatin1String("console")).toArray().size(), 1);
        const QJsonArray findings = ext.value(QLatin1String("findings")).toArray();
        QCOMPARE(findings.size(), 2);
        QCOMPARE(findings.at(1).toObject().value(QLatin1String("id")).toString(),
            QStringLiteral("cors.wildcard-with-credentials"));
        QCOMPARE(findings.at(1).toObject().value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(ext.value(QLatin1String("stateChanges")).toArray().size(), session.stateChanges().size());

        // Keep-secrets export: the HAR cookies arrays are filled from the headers.
        const QJsonArray requestCookies
            = entryAt(log, 0).value(QLatin1String("request")).toObject().value(QLatin1String("cookies")).toArray();
        QCOMPARE(requestCookies.size(), 2);
        QCOMPARE(requestCookies.at(0).toObject().value(QLatin1String("value")).toString(), QStringLiteral("SECRETcookiePre33"));
        const QJsonObject setCookie = entryAt(log, 0).value(QLatin1String("response")).toObject()
                                          .value(QLatin1String("cookies")).toArray().at(0).toObject();
        QCOMPARE(setCookie.value(QLatin1String("name")).toString(), QStringLiteral("sid"));
        QCOMPARE(setCookie.value(QLatin1String("httpOnly")).toBool(), true);
        QCOMPARE(setCookie.value(QLatin1String("expires")).toString(), QStringLiteral("2026-11-25T00:00:00.000Z"));
    }

    // Members come in the order browsers write them (QJsonObject would sort them).
    void memberOrder()
    {
        const QByteArray har = HarWriter::toHar(HarTest::secretSession());
        const qsizetype started = har.indexOf("\"startedDateTime\"", har.indexOf("\"entries\""));
        QVERIFY(started > 0);
        QVERIFY(started < har.indexOf("\"request\"", started));
        QVERIFY(har.indexOf("\"request\"", started) < har.indexOf("\"response\"", started));
        QVERIFY(har.indexOf("\"version\"") < har.indexOf("\"creator\""));
        QVERIFY(har.endsWith("}\n"));
    }

    void sanitizedByDefault()
    {
        const QByteArray har = HarWriter::toHar(HarTest::secretSession());
        for (const QByteArray &secret : HarTest::secrets()) {
            QVERIFY2(!har.contains(secret), secret.constData());
        }
        QVERIFY(!har.contains("SECRET"));
        const QJsonObject log = parse(har);
        QVERIFY(log.value(QLatin1String("_ssescope")).toObject().value(QLatin1String("sanitized")).toBool());
        for (const QJsonValue &value : log.value(QLatin1String("entries")).toArray()) {
            const QJsonObject entry = value.toObject();
            for (const char *side : {"request", "response"}) {
                const QJsonObject message = entry.value(QLatin1String(side)).toObject();
                QVERIFY(message.value(QLatin1String("cookies")).toArray().isEmpty());
                const QStringList names = headerNames(message);
                for (const char *dropped : {"cookie", "set-cookie", "authorization"}) {
                    QVERIFY2(!names.contains(QLatin1String(dropped)), dropped);
                }
            }
        }
        // Masked, not removed: the reader still sees which parameters were there.
        QVERIFY(har.contains("?token=REDACTED&channel=news"));
        QVERIFY(har.contains("sig=REDACTED&key=REDACTED"));
        QVERIFY(har.contains("\"bodyOmitted\": \"sanitized\""));
        // The stream itself is kept.
        QVERIFY(har.contains("id: 1\\ndata: hello\\n\\nid: 2\\n"));
    }

    void keepSecrets()
    {
        const QByteArray har = HarWriter::toHar(HarTest::secretSession(), HarOptions{true});
        for (const QByteArray &secret : HarTest::secrets()) {
            QVERIFY2(har.contains(secret), secret.constData());
        }
        QVERIFY(HarWriter::keepSecretsWarning(QStringLiteral("out.har")).contains(QLatin1String("out.har")));
    }

    // content.mimeType says what the Content-Type header above it says, sanitized alike: a
    // token-like parameter in the type ("x-sig=…") is masked in both, so a re-import reads the same
    // type back (fuzz_harreader found the two disagreeing).
    void mimeTypeIsSanitizedLikeItsHeader()
    {
        Session session;
        SessionExchange exchange;
        exchange.id = 1;
        exchange.kind = ExchangeKind::Stream;
        exchange.request.url = HarTest::url("https://api.example/events");
        exchange.response = ResponseHead{200, "OK", HarTest::headers({{"Content-Type", "text/event-stream; x-sig=abc"}})};
        session.recordExchange(exchange);
        for (const bool keepSecrets : {false, true}) {
            const QJsonObject entry = QJsonDocument::fromJson(HarWriter::toHar(session, HarOptions{keepSecrets}))
                                          .object()[QLatin1String("log")][QLatin1String("entries")][0]
                                          .toObject();
            const QJsonObject response = entry[QLatin1String("response")].toObject();
            QString header;
            for (const QJsonValue &line : response[QLatin1String("headers")].toArray()) {
                if (line[QLatin1String("name")].toString() == QLatin1String("Content-Type")) {
                    header = line[QLatin1String("value")].toString();
                }
            }
            QCOMPARE(header, keepSecrets ? QStringLiteral("text/event-stream; x-sig=abc")
                                         : QStringLiteral("text/event-stream; x-sig=REDACTED"));
            QCOMPARE(response[QLatin1String("content")][QLatin1String("mimeType")].toString(), header);
        }
    }

    // Issue 18: a fetch POST's body is request.postData (mimeType, text), its size bodySize; a
    // sanitized export masks the token-like JSON members as it masks the secret headers, and keeps
    // everything else byte for byte; the fetch stream's events are in _eventSourceMessages too.
    void fetchPostData()
    {
        for (const bool keepSecrets : {false, true}) {
            const QByteArray har = HarWriter::toHar(HarTest::fetchPostSession(), HarOptions{keepSecrets});
            const QJsonArray entries = parse(har).value(QLatin1String("entries")).toArray();
            QCOMPARE(entries.size(), 2);
            const QJsonObject preflight = entries.at(0).toObject().value(QLatin1String("request")).toObject();
            QVERIFY(!preflight.contains(QLatin1String("postData")));
            QCOMPARE(preflight.value(QLatin1String("bodySize")).toInt(), 0);
            const QJsonObject stream = entries.at(1).toObject();
            const QJsonObject request = stream.value(QLatin1String("request")).toObject();
            QCOMPARE(request.value(QLatin1String("method")).toString(), QStringLiteral("POST"));
            QCOMPARE(request.value(QLatin1String("bodySize")).toInt(), int(HarTest::fetchPostBody().size()));
            const QJsonObject postData = request.value(QLatin1String("postData")).toObject();
            QCOMPARE(postData.value(QLatin1String("mimeType")).toString(), QStringLiteral("application/json"));
            const QString text = postData.value(QLatin1String("text")).toString();
            if (keepSecrets) {
                QCOMPARE(text.toUtf8(), HarTest::fetchPostBody());
            } else {
                QCOMPARE(text,
                    QStringLiteral("{\"model\": \"m\", \"api_key\": \"REDACTED\", \"max_tokens\": 100, "
                                   "\"auth\": {\"password\": \"REDACTED\", \"user\": \"ann\"}, \"stream\": true}"));
                QVERIFY(!har.contains("SECRET"));
            }
            const QJsonArray messages = stream.value(QLatin1String("_eventSourceMessages")).toArray();
            QCOMPARE(messages.size(), 2);
            QCOMPARE(messages.at(1).toObject().value(QLatin1String("data")).toString(), QStringLiteral("[DONE]"));
            QCOMPARE(stream.value(QLatin1String("_resourceType")).toString(), QStringLiteral("fetch"));
        }
    }

    void deterministic()
    {
        const Session session = HarTest::secretSession();
        QCOMPARE(HarWriter::toHar(session), HarWriter::toHar(session));
        QVERIFY(HarWriter::toHar(session) != HarWriter::toHar(session, HarOptions{true}));
    }

    void writesAtomically()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("session.har"));
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("old contents");
        old.close();
        QString error;
        QVERIFY(HarWriter::write(HarTest::secretSession(), path, {}, &error));
        QVERIFY(error.isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), HarWriter::toHar(HarTest::secretSession()));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("session.har")});

        const QString bad = dir.filePath(QStringLiteral("no/such/dir/x.har"));
        QVERIFY(!HarWriter::write(HarTest::secretSession(), bad, {}, &error));
        QVERIFY2(error.contains(bad), qPrintable(error));
    }

    void validatesAgainstHarSchema()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED: node is not on PATH, so exported HARs cannot be validated with har-validator. "
                  "Install Node.js (Debian: nodejs) and run `npm ci --prefix tests/node`.");
        }
        const QDir nodeDir(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/node"));
        if (!QFile::exists(nodeDir.filePath(QStringLiteral("node_modules/har-validator/package.json")))) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED: tests/node/node_modules/har-validator is missing, so exported HARs cannot be "
                  "validated. Run `npm ci --prefix tests/node`.");
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        Session empty;
        SessionInfo info;
        info.url = QUrl(QStringLiteral("http://127.0.0.1:1/events"));
        info.origin = QStringLiteral("http://localhost:2");
        empty.setInfo(info); // no startedAt, no exchanges
        QList<std::pair<QString, QByteArray>> files = {
            {QStringLiteral("sanitized.har"), HarWriter::toHar(HarTest::secretSession())},
            {QStringLiteral("secrets.har"), HarWriter::toHar(HarTest::secretSession(), HarOptions{true})},
            {QStringLiteral("empty.har"), HarWriter::toHar(empty)},
            {QStringLiteral("fetch-post.har"), HarWriter::toHar(HarTest::fetchPostSession())},
            {QStringLiteral("fetch-post-secrets.har"), HarWriter::toHar(HarTest::fetchPostSession(), HarOptions{true})},
        };
        // Sessions imported from Chrome's and Firefox's files export as valid HAR too.
        for (const char *name : {"chrome-eventsource.har", "chrome-preflight-blocked.har", "firefox-eventsource.har"}) {
            const std::optional<HarImport> imported = HarReader::readFile(
                QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/fixtures/har/") + QLatin1String(name));
            QVERIFY(imported);
            files.append({QStringLiteral("from-") + QLatin1String(name), HarWriter::toHar(imported->session)});
        }
        QStringList paths;
        for (const auto &[name, bytes] : files) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
            paths.append(file.fileName());
        }
        auto run = [&](const QStringList &arguments, QByteArray *output) {
            QProcess process;
            process.setWorkingDirectory(nodeDir.path());
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(node, QStringList{nodeDir.filePath(QStringLiteral("har-validate.mjs"))} + arguments);
            if (!process.waitForFinished(60000)) {
                process.kill();
                process.waitForFinished();
            }
            *output = process.readAll();
            return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        };
        QByteArray output;
        QCOMPARE(run(paths, &output), 0);
        QCOMPARE(output.count("ok "), paths.size());

        // The validator can say no: the same file without a required member fails.
        QByteArray broken = files.first().second;
        broken.replace("\"timings\"", "\"_timings\"");
        QFile brokenFile(dir.filePath(QStringLiteral("broken.har")));
        QVERIFY(brokenFile.open(QIODevice::WriteOnly));
        brokenFile.write(broken);
        brokenFile.close();
        QCOMPARE(run({brokenFile.fileName()}, &output), 1);
        QVERIFY2(output.contains("timings"), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestHarWriter)
#include "tst_harwriter.moc"
