// `ssescope har` as scripts use it (../shared/CLI.md): re-diagnosing saved HAR files (Chrome's,
// Firefox's and ours, tests/fixtures/har) — exit codes, the JSON report per stream, the readable
// report, and unreadable files refused with file, line, column and reason.

#include <QJsonArray>
#include <QJsonDocument>
#include <QFile>
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
    void asAnotherBrowser_data();
    void asAnotherBrowser();
    void everyStreamInFileOrder();
    void allThreeEnginesPerStream_data();
    void allThreeEnginesPerStream();
    void unknownBrowserIsAUsageError();
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

// `--browser`: the same file diagnosed as another engine, whose own console texts the report
// carries (Firefox's and Safari's formats, browser-rules.md); our own files are re-diagnosed from
// their entries, and the limits say so.
void TestHarCommand::asAnotherBrowser_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("browser");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("opened");
    QTest::addColumn<QString>("firstConsoleLine"); // its start; empty: no console line
    QTest::addColumn<QString>("limitsMention"); // in the har.import-limits finding

    QTest::newRow("chrome's blocked preflight as firefox")
        << "chrome-preflight-blocked.har" << "firefox" << 1 << false
        << "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at "
           "https://api.example.com/stream. (Reason: header ‘x-api-version’ is not allowed"
        << "saved by Chrome's developer tools, diagnosed as Firefox";
    QTest::newRow("chrome's blocked preflight as safari")
        << "chrome-preflight-blocked.har" << "safari" << 1 << false
        << "Request header field x-api-version is not allowed by Access-Control-Allow-Headers."
        << "diagnosed as Safari";
    QTest::newRow("firefox's redirected stream as chromium")
        << "firefox-eventsource.har" << "chromium" << 0 << true << "" << "saved by Firefox's developer tools";
    QTest::newRow("ours, recorded with chromium, as firefox")
        << "ssescope-drop-and-resume.har" << "firefox" << 0 << true << ""
        << "recorded with Chromium, re-diagnosed as Firefox";
}

void TestHarCommand::asAnotherBrowser()
{
    QFETCH(QString, file);
    QFETCH(QString, browser);
    QFETCH(int, exitCode);
    QFETCH(bool, opened);
    QFETCH(QString, firstConsoleLine);
    QFETCH(QString, limitsMention);

    const Result result = runHar({kFixtures + file, QStringLiteral("--browser"), browser, QStringLiteral("--json")});
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.err.isEmpty(), result.err.constData());
    const QJsonArray streams = result.json().value(QStringLiteral("streams")).toArray();
    QCOMPARE(streams.size(), 1);
    const QJsonObject report = streams.first().toObject();
    QCOMPARE(report.value(QStringLiteral("browser")).toString(), browser);
    QCOMPARE(report.value(QStringLiteral("verdict")).toObject().value(QStringLiteral("opened")).toBool(), opened);
    const QString console = consoleOf(report).value(0);
    QVERIFY2(firstConsoleLine.isEmpty() ? console.isEmpty() : console.startsWith(firstConsoleLine), qPrintable(console));
    QString limits;
    for (const QJsonValue &finding : report.value(QStringLiteral("findings")).toArray()) {
        if (finding.toObject().value(QStringLiteral("id")).toString() == QStringLiteral("har.import-limits")) {
            limits = finding.toObject().value(QStringLiteral("detail")).toString();
        }
    }
    QVERIFY2(limits.contains(limitsMention), qPrintable(limits));
}

// Two streams in one file (Chrome's open EventSource and, an hour later, its blocked fetch): one
// report each, in the order they started; exit 1 because one does not open.
void TestHarCommand::everyStreamInFileOrder()
{
    auto entriesOf = [](const QString &name) {
        QFile file(kFixtures + name);
        file.open(QIODevice::ReadOnly);
        return QJsonDocument::fromJson(file.readAll()).object();
    };
    QJsonObject har = entriesOf(QStringLiteral("chrome-eventsource.har"));
    QJsonObject log = har.value(QStringLiteral("log")).toObject();
    QJsonArray entries = log.value(QStringLiteral("entries")).toArray();
    const QJsonArray blocked = entriesOf(QStringLiteral("chrome-preflight-blocked.har"))
                                   .value(QStringLiteral("log")).toObject().value(QStringLiteral("entries")).toArray();
    for (const QJsonValue &entry : blocked) {
        entries.append(entry);
    }
    QCOMPARE(entries.size(), 4);
    log.insert(QStringLiteral("entries"), entries);
    har.insert(QStringLiteral("log"), log);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("two-streams.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(har).toJson());
    file.close();

    const Result result = runHar({path, QStringLiteral("--json")});
    QCOMPARE(result.exitCode, 1);
    const QJsonArray streams = result.json().value(QStringLiteral("streams")).toArray();
    QCOMPARE(streams.size(), 2);
    const QStringList urls{QStringLiteral("https://api.example.com/events?channel=news"),
        QStringLiteral("https://api.example.com/stream")};
    const QList<bool> opened{true, false};
    for (int i = 0; i < 2; ++i) {
        const QJsonObject report = streams.at(i).toObject();
        QCOMPARE(report.value(QStringLiteral("request")).toObject().value(QStringLiteral("url")).toString(), urls.at(i));
        QCOMPARE(report.value(QStringLiteral("verdict")).toObject().value(QStringLiteral("opened")).toBool(), opened.at(i));
    }

    const Result text = runHar({path});
    QCOMPARE(text.exitCode, 1);
    QVERIFY(text.out.contains("Stream 1 of 2"));
    QVERIFY(text.out.contains("Stream 2 of 2"));
}

// `--browser all`: per stream, the shape of `check --browser all` (CLI.md): the three reports by
// browser and the differences; exit 0 only when every engine opens every stream.
void TestHarCommand::allThreeEnginesPerStream_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("opened"); // in every engine
    QTest::addColumn<QString>("headline");

    QTest::newRow("chrome: EventSource opens everywhere")
        << "chrome-eventsource.har" << 0 << true << "Engines: Chromium opens · Firefox opens · Safari opens";
    QTest::newRow("chrome: the preflight refuses the header everywhere")
        << "chrome-preflight-blocked.har" << 1 << false << "Engines: Chromium blocks · Firefox blocks · Safari blocks";
}

void TestHarCommand::allThreeEnginesPerStream()
{
    QFETCH(QString, file);
    QFETCH(int, exitCode);
    QFETCH(bool, opened);
    QFETCH(QString, headline);

    const Result result = runHar({kFixtures + file, QStringLiteral("--browser"), QStringLiteral("all"), QStringLiteral("--json")});
    QCOMPARE(result.exitCode, exitCode);
    const QJsonArray streams = result.json().value(QStringLiteral("streams")).toArray();
    QCOMPARE(streams.size(), 1);
    const QJsonObject stream = streams.first().toObject();
    QVERIFY(stream.value(QStringLiteral("differences")).isArray());
    const QJsonObject browsers = stream.value(QStringLiteral("browsers")).toObject();
    QCOMPARE(browsers.keys(), (QStringList{QStringLiteral("chromium"), QStringLiteral("firefox"), QStringLiteral("safari")}));
    for (const QString &name : browsers.keys()) {
        const QJsonObject report = browsers.value(name).toObject();
        QCOMPARE(report.value(QStringLiteral("browser")).toString(), name);
        QCOMPARE(report.value(QStringLiteral("verdict")).toObject().value(QStringLiteral("opened")).toBool(), opened);
    }

    const Result text = runHar({kFixtures + file, QStringLiteral("--browser"), QStringLiteral("all")});
    QCOMPARE(text.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(text.out).contains(headline), text.out.constData());
}

void TestHarCommand::unknownBrowserIsAUsageError()
{
    const Result result
        = runHar({kFixtures + QStringLiteral("chrome-eventsource.har"), QStringLiteral("--browser"), QStringLiteral("edge")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains("--browser must be chromium, firefox, safari or all, not 'edge'"), result.err.constData());
}

QTEST_GUILESS_MAIN(TestHarCommand)
#include "tst_harcommand.moc"
