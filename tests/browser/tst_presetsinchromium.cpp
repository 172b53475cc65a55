// Every preset, run in a real headless Chromium through the test page: `ssescope serve --preset
// NAME`, open the page, wait for the report line, and compare it with the preset's "expect" block.
// This is what makes a preset's summary true ("fails where it should fail, works where it should").

#include "requiredtool.h"
#include <scenario/presetlibrary.h>

#include <headlesschromium.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace SseScope;

namespace {

const QString chromiumPath = TestSupport::chromiumExecutable();
constexpr int observationWindowMs = 1500;

// Reads lines from a process's stdout until one satisfies the predicate (bounded wait).
QJsonObject waitForJsonLine(
    QProcess &process, QByteArray &buffer, int timeoutMs, const std::function<bool(const QJsonObject &)> &accept)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        qsizetype newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
            const QByteArray line = buffer.left(newline);
            buffer.remove(0, newline + 1);
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (accept(object)) {
                return object;
            }
        }
        if (process.state() == QProcess::NotRunning) {
            break;
        }
        process.waitForReadyRead(100);
        buffer += process.readAllStandardOutput();
    }
    return QJsonObject();
}

// The ids a resumable stream delivers, in order, for its first `count` events: each connection
// carries endAfterEvents (or dropEveryEvents) events and the next resumes right after the last
// id seen, moved by replaySkew. Empty when a skewed stream has nothing that ends a connection.
QList<int> expectedReplayIds(const StreamPolicy &stream, int count)
{
    QList<int> ids;
    const int perConnection = stream.endAfterEvents > 0 ? stream.endAfterEvents : stream.dropEveryEvents;
    if (stream.replaySkew == 0) {
        for (int id = 1; id <= count; ++id) {
            ids.append(id);
        }
        return ids;
    }
    if (perConnection <= 0) {
        return ids;
    }
    int next = 1;
    while (ids.size() < count) {
        for (int i = 0; i < perConnection && ids.size() < count; ++i) {
            ids.append(next + i);
        }
        next = ids.last() + 1 + stream.replaySkew;
    }
    return ids;
}

void stopProcess(QProcess &process)
{
    if (process.state() != QProcess::NotRunning) {
        process.terminate();
        if (!process.waitForFinished(5000)) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
}

} // namespace

class tst_PresetsInChromium final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(chromiumPath)) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: /usr/bin/chromium is missing, so no preset was checked in a real browser "
                  "(install the 'chromium' package)");
        }
        QVERIFY2(QFileInfo::exists(QStringLiteral(SSESCOPE_EXECUTABLE)), SSESCOPE_EXECUTABLE);
    }

    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void preset_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList names = PresetLibrary::names();
        QVERIFY(names.size() >= 25);
        for (const QString &name : names) {
            QTest::newRow(qPrintable(name)) << name;
        }
    }

    void preset()
    {
        QFETCH(QString, name);
        ScenarioError error;
        const std::optional<Scenario> scenario = PresetLibrary::preset(name, &error);
        QVERIFY2(scenario, qPrintable(error.toString()));
        QVERIFY2(scenario->expect.present, "every preset declares what Chromium does with it");
        const Expectation expect = scenario->expect;

        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        // The server's exchange log (stderr) tells which status the stream got.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("ssescope.server.info=true"));
        // Under the asan preset, OpenSSL's never-freed state would fail the server at exit.
        environment.insert(QStringLiteral("LSAN_OPTIONS"),
            QStringLiteral("suppressions=" SSESCOPE_SOURCE_DIR "/tests/sanitizers/lsan.supp"));
        server.setProcessEnvironment(environment);
        server.start(QStringLiteral(SSESCOPE_EXECUTABLE), {QStringLiteral("serve"), QStringLiteral("--preset"), name});
        QVERIFY2(server.waitForStarted(10000), qPrintable(server.errorString()));
        QByteArray serverOut;
        const QJsonObject ready = waitForJsonLine(
            server, serverOut, 10000, [](const QJsonObject &o) { return o.contains(QLatin1String("page")); });
        QVERIFY2(!ready.isEmpty(), server.readAllStandardError().constData());
        QCOMPARE(ready.value(QLatin1String("scenario")).toString(), name);
        QVERIFY(ready.value(QLatin1String("api")).toString().startsWith(QLatin1String("http://127.0.0.1:")));
        QVERIFY(ready.value(QLatin1String("page")).toString().startsWith(QLatin1String("http://localhost:")));

        QTemporaryDir profile;
        QVERIFY(profile.isValid());
        // Chromium's helper processes may still write into the profile for a moment after the
        // browser exits; remove it ourselves, with retries, instead of QTemporaryDir's warning.
        profile.setAutoRemove(false);
        const auto removeProfile = qScopeGuard([path = profile.path()] {
            for (int attempt = 0; attempt < 20 && !QDir(path).removeRecursively(); ++attempt) {
                QTest::qWait(100);
            }
        });
        QProcess chromium;
        chromium.setProcessChannelMode(QProcess::SeparateChannels);
        const QString url
            = ready.value(QLatin1String("page")).toString() + QStringLiteral("/?window=%1").arg(observationWindowMs);
        chromium.start(chromiumPath,
            TestSupport::headlessChromiumArguments(profile.path()) + TestSupport::chromiumConsoleLoggingArguments()
                + QStringList{url});
        QVERIFY2(chromium.waitForStarted(10000), qPrintable(chromium.errorString()));

        const QJsonObject line = waitForJsonLine(
            server, serverOut, 30000, [](const QJsonObject &o) { return o.contains(QLatin1String("report")); });
        // The console line may reach Chromium's stderr a moment after the page reported: wait
        // for it (bounded) before stopping the browser.
        QByteArray chromiumErr = TestSupport::chromiumConsoleAfterReport(chromium, expect.console.toUtf8());
        stopProcess(chromium);
        chromiumErr += chromium.readAllStandardError();
        QByteArray console;
        for (const QByteArray &l : chromiumErr.split('\n')) {
            if (l.contains("CONSOLE")) {
                console += l + '\n';
            }
        }

        // serve ends cleanly on SIGTERM with status 0 (CLI.md).
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);

        QVERIFY2(!line.isEmpty(), "no report from the test page within 30 s");
        const QJsonObject report = line.value(QLatin1String("report")).toObject();
        const QByteArray context
            = "report: " + QJsonDocument(report).toJson(QJsonDocument::Compact) + "\nconsole:\n" + console;
        QVERIFY2(
            report.value(QLatin1String("userAgent")).toString().contains(QLatin1String("Chrome")), context.constData());
        QVERIFY2(report.value(QLatin1String("opened")).toBool() == expect.opened, context.constData());
        QVERIFY2(report.value(QLatin1String("failed")).toBool() == expect.failed, context.constData());
        const int events = report.value(QLatin1String("events")).toInt(-1);
        QVERIFY2(events >= expect.minEvents, context.constData());
        if (expect.maxEvents) {
            QVERIFY2(events <= *expect.maxEvents, context.constData());
        }
        if (!expect.console.isEmpty()) {
            QVERIFY2(console.contains(expect.console.toUtf8()), context.constData());
        }
        if (expect.streamStatus) {
            // "ssescope.server: stream GET <url> <status> <end> <n> events", one per exchange.
            int lastStatus = 0;
            for (const QByteArray &l : server.readAllStandardError().split('\n')) {
                const QList<QByteArray> words = l.split(' ');
                if (words.size() >= 5 && words.at(1) == "stream") {
                    lastStatus = words.at(4).toInt();
                }
            }
            QVERIFY2(lastStatus == *expect.streamStatus,
                qPrintable(QStringLiteral("stream status %1\n").arg(lastStatus) + QString::fromUtf8(context)));
        }
        if (expect.failed) {
            QVERIFY2(
                report.value(QLatin1String("readyState")).toString() == QLatin1String("CLOSED"), context.constData());
        }
        // The page's fetch used the scenario's method (the chat and MCP presets POST a JSON body).
        if (scenario->client.mode == ClientSide::Mode::Fetch) {
            QVERIFY2(report.value(QLatin1String("method")).toString() == scenario->client.method, context.constData());
        }
        // What response.headers.get() returned to the page: every header the preset expects, once
        // a response reached the page.
        const QJsonObject readHeaders = report.value(QLatin1String("readHeaders")).toObject();
        if (!expect.readHeaders.isEmpty() && expect.opened) {
            QVERIFY2(report.contains(QLatin1String("readHeaders")), context.constData());
        }
        for (auto it = expect.readHeaders.cbegin(); it != expect.readHeaders.cend(); ++it) {
            const QJsonValue got = readHeaders.value(it.key());
            QVERIFY2(it.value().matches(
                         got.isString() ? std::optional<QString>(got.toString()) : std::optional<QString>()),
                context.constData());
        }
        // A resumable stream replays exactly as the scenario says: with replaySkew 0 the ids run
        // 1, 2, 3, ... without gap or duplicate; a skewed server (replay-off-by-one) resumes each
        // connection replaySkew events away from the right place, and Chromium shows exactly that.
        if (scenario->stream.replay && scenario->stream.ids) {
            const QJsonArray messages = report.value(QLatin1String("messages")).toArray();
            QVERIFY2(messages.size() >= 4, context.constData());
            const QList<int> expectedIds = expectedReplayIds(scenario->stream, int(messages.size()));
            QVERIFY2(!expectedIds.isEmpty(), "a skewed replay needs endAfterEvents or dropEveryEvents to cut it");
            for (int i = 0; i < messages.size(); ++i) {
                QVERIFY2(messages.at(i).toObject().value(QLatin1String("lastEventId")).toString()
                        == QString::number(expectedIds.at(i)),
                    context.constData());
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_PresetsInChromium)
#include "tst_presetsinchromium.moc"
