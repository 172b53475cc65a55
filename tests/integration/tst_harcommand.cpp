// `ssescope har` as scripts use it (../shared/CLI.md): re-diagnosing saved HAR files (Chrome's,
// Firefox's and ours, tests/fixtures/har) — exit codes, the JSON report per stream, the readable
// report, and unreadable files refused with file, line, column and reason.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kSsescope = QStringLiteral(SSESCOPE_BINARY_DIR "/app/ssescope");
const QString kFixtures = QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/fixtures/har/");

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Result runHar(const QStringList &arguments)
{
    QProcess process;
    process.start(kSsescope, QStringList{QStringLiteral("har")} + arguments);
    Result result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QStringList consoleOf(const QJsonObject &report)
{
    QStringList lines;
    for (const QJsonValue &line : report.value(QStringLiteral("verdict")).toObject().value(QStringLiteral("console")).toArray()) {
        lines.append(line.toString());
    }
    return lines;
}

} // namespace

class TestHarCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonReportPerStream_data();
    void jsonReportPerStream();
    void readableReportCarriesTheVerdictAndTheConsole();
    void unreadableFilesAreRefusedWithTheirPlace_data();
    void unreadableFilesAreRefusedWithTheirPlace();
    void usageErrors();
};

void TestHarCommand::jsonReportPerStream_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("browser");
    QTest::addColumn<bool>("opened");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<QString>("firstConsoleLine"); // empty: no console line

    QTest::newRow("chrome: EventSource opens") << "chrome-eventsource.har" << 0 << "chromium" << true << false << "";
    QTest::newRow("chrome: preflight refuses a header")
        << "chrome-preflight-blocked.har" << 1 << "chromium" << false << true
        << "Access to fetch at 'https://api.example.com/stream' from origin 'https://app.example.com' has been "
           "blocked by CORS policy: Request header field x-api-version is not allowed by "
           "Access-Control-Allow-Headers in preflight response.";
    QTest::newRow("firefox: redirected stream opens") << "firefox-eventsource.har" << 0 << "firefox" << true << false << "";
    QTest::newRow("ours: credentialed stream") << "ssescope-credentials-cookie.har" << 0 << "chromium" << true << false << "";
}

void TestHarCommand::jsonReportPerStream()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    QFETCH(QString, browser);
    QFETCH(bool, opened);
    QFETCH(bool, failed);
    QFETCH(QString, firstConsoleLine);

    const Result result = runHar({kFixtures + file, QStringLiteral("--json")});
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.err.isEmpty(), result.err.constData());
    const QJsonArray streams = result.json().value(QStringLiteral("streams")).toArray();
    QCOMPARE(streams.size(), 1);
    const QJsonObject report = streams.first().toObject();
    QCOMPARE(report.value(QStringLiteral("browser")).toString(), browser);
    const QJsonObject verdict = report.value(QStringLiteral("verdict")).toObject();
    QCOMPARE(verdict.value(QStringLiteral("opened")).toBool(), opened);
    QCOMPARE(verdict.value(QStringLiteral("failed")).toBool(), failed);
    const QStringList console = consoleOf(report);
    QCOMPARE(console.value(0), firstConsoleLine);
    QVERIFY(!report.value(QStringLiteral("exchanges")).toArray().isEmpty());
}

void TestHarCommand::readableReportCarriesTheVerdictAndTheConsole()
{
    const Result blocked = runHar({kFixtures + QStringLiteral("chrome-preflight-blocked.har")});
    QCOMPARE(blocked.exitCode, 1);
    const QString text = QString::fromUtf8(blocked.out);
    QVERIFY2(text.contains(QStringLiteral("BLOCKED  Chromium blocks this stream")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Console (Chromium)")));
    QVERIFY(text.contains(QStringLiteral("preflight.header-not-allowed")));
    QVERIFY2(!text.contains(QStringLiteral("\x1b[")), "no colours when stdout is not a terminal");

    const Result opens = runHar({kFixtures + QStringLiteral("firefox-eventsource.har")});
    QCOMPARE(opens.exitCode, 0);
    QVERIFY(QString::fromUtf8(opens.out).contains(QStringLiteral("OPENS  Firefox opens this stream")));
}

void TestHarCommand::unreadableFilesAreRefusedWithTheirPlace_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("where"); // ":line:column: " (or ":line:") after the file name

    QTest::newRow("not JSON") << QByteArray("\n\n  hello\n") << ":3:"; // the column is QJsonParseError's
    QTest::newRow("truncated") << QByteArray("{\n  \"log\": {\n    \"version\": \"1.2\",\n") << ":4:1: ";
    QTest::newRow("entries not an array")
        << QByteArray("{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\"name\": \"x\", \"version\": \"1\"},\n"
                      "    \"entries\": 7\n  }\n}\n")
        << ":5:5: ";
}

void TestHarCommand::unreadableFilesAreRefusedWithTheirPlace()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, where);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();

    const Result result = runHar({path, QStringLiteral("--json")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    const QString err = QString::fromUtf8(result.err);
    QVERIFY2(err.startsWith(QStringLiteral("ssescope har: ") + path + where), qPrintable(err));
    QCOMPARE(err.count(QLatin1Char('\n')), 1); // one line
}

void TestHarCommand::usageErrors()
{
    QCOMPARE(runHar({}).exitCode, 2);
    QCOMPARE(runHar({kFixtures + QStringLiteral("chrome-eventsource.har"), QStringLiteral("second.har")}).exitCode, 2);
    QCOMPARE(runHar({kFixtures + QStringLiteral("chrome-eventsource.har"), QStringLiteral("--no-such-option")}).exitCode, 2);
    const Result missing = runHar({QStringLiteral("/nonexistent/x.har")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.startsWith("ssescope har: /nonexistent/x.har"), missing.err.constData());
}

QTEST_GUILESS_MAIN(TestHarCommand)
#include "tst_harcommand.moc"
