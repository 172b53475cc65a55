// `ssescope serve` and `ssescope presets` as scripts see them (CLI.md): the ready line, the
// report lines, clean shutdown on SIGINT/SIGTERM, and exit 2 with one line for bad input.

#include "childexit.h"
#include "rawhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

using SseScopeTest::RawHttp;

namespace {

const QString executable = QStringLiteral(SSESCOPE_EXECUTABLE);

// Under the asan preset, OpenSSL's never-freed state would fail every child at exit.
QProcessEnvironment childEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LSAN_OPTIONS"),
                       QStringLiteral("suppressions=" SSESCOPE_SOURCE_DIR "/tests/sanitizers/lsan.supp"));
    return environment;
}

QByteArray readLine(QProcess &process, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    while (!process.canReadLine() && timer.elapsed() < timeoutMs && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
    }
    return process.readLine();
}

} // namespace

class tst_ServeCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void readyLineReportsAndSignals_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addRow("SIGTERM") << SIGTERM;
        QTest::addRow("SIGINT") << SIGINT;
    }

    void readyLineReportsAndSignals()
    {
        QFETCH(int, signal);
        QProcess serve;
        serve.setProcessEnvironment(childEnvironment());
        serve.start(
            executable, {QStringLiteral("serve"), QStringLiteral("--preset"), QStringLiteral("allowlist-echo")});
        QVERIFY(serve.waitForStarted());
        const QByteArray line = readLine(serve);
        QVERIFY2(line.endsWith('\n'), line.constData());
        const QJsonObject ready = QJsonDocument::fromJson(line).object();
        QCOMPARE(
            ready.keys(), (QStringList {QStringLiteral("api"), QStringLiteral("page"), QStringLiteral("scenario")}));
        QCOMPARE(ready.value(QLatin1String("scenario")).toString(), QStringLiteral("allowlist-echo"));
        const QUrl api(ready.value(QLatin1String("api")).toString());
        const QUrl page(ready.value(QLatin1String("page")).toString());
        QCOMPARE(api.scheme() + api.host(), QStringLiteral("http127.0.0.1"));
        QCOMPARE(page.scheme() + page.host(), QStringLiteral("httplocalhost"));
        QVERIFY(api.path().isEmpty() && page.path().isEmpty());
        QVERIFY(api.port() > 0 && page.port() > 0);

        // The echo preset answers the page origin.
        RawHttp stream;
        QVERIFY(stream.connectTo(quint16(api.port())));
        stream.request("GET", "/events", {"Origin: " + page.toString().toUtf8()});
        QVERIFY(stream.readHead());
        QCOMPARE(stream.header("Access-Control-Allow-Origin"), QList<QByteArray> {page.toString().toUtf8()});

        // A report from the test page becomes one JSON line on stdout.
        RawHttp report;
        QVERIFY(report.connectTo(quint16(page.port())));
        report.request("POST", "/report", {"Content-Type: application/json"},
            "{\"userAgent\":\"UA\",\"opened\":true,\"failed\":false,\"events\":3,\"readyState\":\"OPEN\"}");
        QVERIFY(report.readHead());
        const QJsonObject reportLine = QJsonDocument::fromJson(readLine(serve)).object();
        QCOMPARE(reportLine.keys(), QStringList {QStringLiteral("report")});
        const QJsonObject r = reportLine.value(QLatin1String("report")).toObject();
        QCOMPARE(r.value(QLatin1String("userAgent")).toString(), QStringLiteral("UA"));
        QCOMPARE(r.value(QLatin1String("events")).toInt(), 3);
        QCOMPARE(r.value(QLatin1String("readyState")).toString(), QStringLiteral("OPEN"));

        ::kill(pid_t(serve.processId()), signal);
        QByteArray whyNot;
        QVERIFY2(SseScopeTest::exitsWithin(serve, 10000, &whyNot), whyNot.constData());
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        QVERIFY(stream.waitClosed());
        QCOMPARE(serve.readAllStandardOutput(), QByteArray()); // nothing but JSON lines on stdout
    }

    void fixedPorts()
    {
        // Find two free ports, then ask for them.
        QTcpServer probeA;
        QTcpServer probeB;
        QVERIFY(probeA.listen(QHostAddress::LocalHost) && probeB.listen(QHostAddress::LocalHost));
        const quint16 apiPort = probeA.serverPort();
        const quint16 pagePort = probeB.serverPort();
        probeA.close();
        probeB.close();
        QProcess serve;
        serve.setProcessEnvironment(childEnvironment());
        serve.start(executable,
            {QStringLiteral("serve"), QStringLiteral("--port"), QString::number(apiPort), QStringLiteral("--page-port"),
                QString::number(pagePort)});
        const QJsonObject ready = QJsonDocument::fromJson(readLine(serve)).object();
        QCOMPARE(ready.value(QLatin1String("api")).toString(), QStringLiteral("http://127.0.0.1:%1").arg(apiPort));
        QCOMPARE(ready.value(QLatin1String("page")).toString(), QStringLiteral("http://localhost:%1").arg(pagePort));
        QCOMPARE(ready.value(QLatin1String("scenario")).toString(), QStringLiteral("default"));
        serve.terminate();
        QByteArray whyNot;
        QVERIFY2(SseScopeTest::exitsWithin(serve, 10000, &whyNot), whyNot.constData());
        QCOMPARE(serve.exitCode(), 0);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("fileContent"); // written to a temp file passed as --scenario
        QTest::addColumn<QString>("stderrPattern");

        QTest::addRow("unknown preset") << QStringList {QStringLiteral("--preset"), QStringLiteral("nope")} << QString()
                                        << QStringLiteral("^ssescope serve: nope: no preset");
        QTest::addRow("missing scenario file")
            << QStringList {QStringLiteral("--scenario"), QStringLiteral("/nonexistent/x.json")} << QString()
            << QStringLiteral("^ssescope serve: /nonexistent/x.json: ");
        QTest::addRow("bad scenario file")
            << QStringList {} << QStringLiteral("{\n  \"version\": 1,\n  \"cors\": {\"allowOrigin\": 3}\n}")
            << QStringLiteral("^ssescope serve: .*bad\\.json:3:27: \"allowOrigin\" must be one of");
        QTest::addRow("both sources") << QStringList {QStringLiteral("--preset"), QStringLiteral("default"),
            QStringLiteral("--scenario"), QStringLiteral("x")}
                                      << QString() << QStringLiteral("exclude each other");
        QTest::addRow("bad port") << QStringList {QStringLiteral("--port"), QStringLiteral("70000")} << QString()
                                  << QStringLiteral("--port needs a port number");
        QTest::addRow("bad bind") << QStringList {QStringLiteral("--bind"), QStringLiteral("example.com")} << QString()
                                  << QStringLiteral("--bind needs an IP address");
    }

    void badInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, fileContent);
        QFETCH(QString, stderrPattern);
        QTemporaryDir dir;
        if (!fileContent.isEmpty()) {
            QFile file(dir.filePath(QStringLiteral("bad.json")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(fileContent.toUtf8());
            arguments << QStringLiteral("--scenario") << file.fileName();
        }
        QProcess serve;
        serve.setProcessEnvironment(childEnvironment());
        serve.start(executable, QStringList {QStringLiteral("serve")} + arguments);
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitCode(), 2);
        QCOMPARE(serve.readAllStandardOutput(), QByteArray());
        const QString err = QString::fromUtf8(serve.readAllStandardError());
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
        QVERIFY2(QRegularExpression(stderrPattern).match(err).hasMatch(), qPrintable(err));
    }

    void presetsJson()
    {
        QProcess presets;
        presets.setProcessEnvironment(childEnvironment());
        presets.start(executable, {QStringLiteral("presets"), QStringLiteral("--json")});
        QVERIFY(presets.waitForFinished(10000));
        QCOMPARE(presets.exitCode(), 0);
        const QJsonArray array = QJsonDocument::fromJson(presets.readAllStandardOutput()).array();
        QVERIFY(array.size() >= 26);
        QCOMPARE(array.at(0).toObject().value(QLatin1String("name")).toString(), QStringLiteral("default"));
        for (const QJsonValue &v : array) {
            const QJsonObject o = v.toObject();
            QCOMPARE(
                o.keys(), (QStringList {QStringLiteral("name"), QStringLiteral("summary"), QStringLiteral("title")}));
            QVERIFY(!o.value(QLatin1String("title")).toString().isEmpty());
            QVERIFY(!o.value(QLatin1String("summary")).toString().isEmpty());
        }
    }

    void presetsText()
    {
        QProcess presets;
        presets.setProcessEnvironment(childEnvironment());
        presets.start(executable, {QStringLiteral("presets")});
        QVERIFY(presets.waitForFinished(10000));
        QCOMPARE(presets.exitCode(), 0);
        const QByteArray out = presets.readAllStandardOutput();
        QVERIFY(out.startsWith("default "));
        QVERIFY(out.contains("\nthird-party-cookie-blocked "));
    }
};

QTEST_GUILESS_MAIN(tst_ServeCommand)
#include "tst_servecommand.moc"
