// Issue 18's "Done when": this exact command
//
//   ssescope check URL --mode fetch --method POST --data '{"stream":true}'
//       --header 'Content-Type: application/json' --header 'Authorization: Bearer x'
//       --read-header Mcp-Session-Id --origin ORIGIN
//
// says exactly what Chromium does, against our mock server AND against a server that is not ours
// (Express with the `cors` package, tests/node/express-chat-server.mjs). Each row runs the command,
// then the same fetch() in a real headless Chromium on a page at ORIGIN, against the same server,
// and compares: opened, failed, events, what response.headers.get('Mcp-Session-Id') returned,
// Chromium's console text for a blocked request, and the requests the server saw (method by method).

#include "requiredtool.h"
#include <scenario/presetlibrary.h>
#include <scenario/scenariojson.h>

#include <headlesschromium.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace SseScope;

namespace {

const QString kChromium = TestSupport::chromiumExecutable();

// A server process that prints one JSON line when ready and JSON lines after it (the API's
// requests, the page's report); for the mock, its exchange log on stderr names the requests.
class Server
{
public:
    ~Server()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished(5000);
            }
        }
    }

    bool start(const QString &program, const QStringList &arguments)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // `serve` logs every exchange at info level: "ssescope.server: <kind> <METHOD> <url> <status> …".
        environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("ssescope.server.info=true"));
        environment.insert(QStringLiteral("LSAN_OPTIONS"),
            QStringLiteral("suppressions=" SSESCOPE_SOURCE_DIR "/tests/sanitizers/lsan.supp"));
        m_process.setProcessEnvironment(environment);
        m_process.setWorkingDirectory(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/node"));
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10000)) {
            return false;
        }
        m_ready = nextLine([](const QJsonObject &o) { return o.contains(QLatin1String("api")); }, 10000);
        return !m_ready.isEmpty();
    }

    QString api() const { return m_ready.value(QLatin1String("api")).toString(); }
    QString page() const { return m_ready.value(QLatin1String("page")).toString(); }

    // The next stdout line the predicate accepts (bounded wait); lines before it are kept.
    QJsonObject nextLine(const std::function<bool(const QJsonObject &)> &accept, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            m_out += m_process.readAllStandardOutput();
            m_err += m_process.readAllStandardError();
            qsizetype newline;
            while ((newline = m_out.indexOf('\n')) >= 0) {
                const QJsonObject object = QJsonDocument::fromJson(m_out.left(newline)).object();
                m_out.remove(0, newline + 1);
                m_lines.append(object);
                if (accept(object)) {
                    return object;
                }
            }
            if (timer.elapsed() >= timeoutMs || m_process.state() == QProcess::NotRunning) {
                return QJsonObject();
            }
            m_process.waitForReadyRead(100);
        }
    }

    // The methods of the requests the API saw on `path` so far, in order; then forgets them.
    QStringList takeRequests(const QString &path)
    {
        QTest::qWait(300); // a request's log line may follow its answer by a moment
        nextLine([](const QJsonObject &) { return false; }, 0);
        QStringList methods;
        for (const QJsonObject &line : std::as_const(m_lines)) { // the Node server's own lines
            const QJsonObject request = line.value(QLatin1String("request")).toObject();
            if (request.value(QLatin1String("path")).toString() == path) {
                methods.append(request.value(QLatin1String("method")).toString());
            }
        }
        for (const QByteArray &l : m_err.split('\n')) { // the mock's exchange log
            const QList<QByteArray> words = l.simplified().split(' ');
            if (words.size() >= 5 && words.at(0) == "ssescope.server:" && QUrl(QString::fromUtf8(words.at(3))).path() == path) {
                methods.append(QString::fromLatin1(words.at(2)));
            }
        }
        m_lines.clear();
        m_err.clear();
        return methods;
    }

private:
    QProcess m_process;
    QJsonObject m_ready;
    QByteArray m_out;
    QByteArray m_err;
    QList<QJsonObject> m_lines;
};

// The command, exactly as the issue writes it, plus --json to read it and a bounded window.
QStringList issueCommand(const QString &url, const QString &origin)
{
    return {QStringLiteral("check"), url, QStringLiteral("--mode"), QStringLiteral("fetch"), QStringLiteral("--method"),
        QStringLiteral("POST"), QStringLiteral("--data"), QStringLiteral("{\"stream\":true}"), QStringLiteral("--header"),
        QStringLiteral("Content-Type: application/json"), QStringLiteral("--header"),
        QStringLiteral("Authorization: Bearer x"), QStringLiteral("--read-header"), QStringLiteral("Mcp-Session-Id"),
        QStringLiteral("--origin"), origin, QStringLiteral("--json"), QStringLiteral("--duration"), QStringLiteral("3")};
}

// The mock's chat endpoint, serving the command's request: the chat-stream preset with the token
// `x`, and a client side (what the test page runs in Chromium) that is the command's fetch.
QByteArray mockScenario()
{
    std::optional<Scenario> scenario = PresetLibrary::preset(QStringLiteral("chat-stream"));
    if (!scenario) {
        return QByteArray();
    }
    scenario->name = QStringLiteral("issue-18-command");
    scenario->auth.token = QStringLiteral("x");
    scenario->client.body = QStringLiteral("{\"stream\":true}");
    scenario->client.contentType = QStringLiteral("application/json");
    scenario->client.headers = HttpHeaders {{"Authorization", "Bearer x"}};
    scenario->client.readHeaders = {QStringLiteral("Mcp-Session-Id")};
    scenario->expect = Expectation();
    return ScenarioJson::toJson(*scenario);
}

} // namespace

class tst_FetchPostAgainstServers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(kChromium)) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: /usr/bin/chromium is missing (install the 'chromium' package)");
        }
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()
            || !QFileInfo::exists(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/node/node_modules/express"))) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: node or tests/node/node_modules is missing "
                                        "(npm ci --prefix tests/node)");
        }
        QVERIFY(m_dir.isValid());
    }

    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void sameAsChromium_data()
    {
        QTest::addColumn<QString>("server"); // "mock" or "express"
        QTest::addColumn<QStringList>("options"); // the Express server's cors() options
        QTest::addColumn<bool>("opens");
        QTest::addColumn<QStringList>("requests"); // what the API saw, from each of the two runs
        QTest::addRow("mock chat endpoint")
            << QStringLiteral("mock") << QStringList() << true << QStringList {QStringLiteral("OPTIONS"), QStringLiteral("POST")};
        QTest::addRow("express cors, Mcp-Session-Id exposed")
            << QStringLiteral("express") << QStringList {QStringLiteral("--expose"), QStringLiteral("Mcp-Session-Id")}
            << true << QStringList {QStringLiteral("OPTIONS"), QStringLiteral("POST")};
        QTest::addRow("express cors defaults")
            << QStringLiteral("express") << QStringList() << true
            << QStringList {QStringLiteral("OPTIONS"), QStringLiteral("POST")};
        QTest::addRow("express cors, allowedHeaders without Authorization")
            << QStringLiteral("express") << QStringList {QStringLiteral("--allowed-headers"), QStringLiteral("Content-Type")}
            << false << QStringList {QStringLiteral("OPTIONS")};
    }

    void sameAsChromium()
    {
        QFETCH(QString, server);
        QFETCH(QStringList, options);
        QFETCH(bool, opens);
        QFETCH(QStringList, requests);

        Server process;
        QString path = QStringLiteral("/v1/chat/completions");
        if (server == QLatin1String("mock")) {
            const QString file = m_dir.filePath(QStringLiteral("issue-18-command.json"));
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            const QByteArray json = mockScenario();
            QVERIFY(!json.isEmpty());
            out.write(json);
            out.close();
            QVERIFY(process.start(QStringLiteral(SSESCOPE_EXECUTABLE),
                {QStringLiteral("serve"), QStringLiteral("--scenario"), file}));
        } else {
            QVERIFY(process.start(QStringLiteral("node"),
                QStringList {QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/node/express-chat-server.mjs")} + options));
        }
        QVERIFY(!process.api().isEmpty() && !process.page().isEmpty());

        // 1. The command.
        QProcess check;
        check.start(QStringLiteral(SSESCOPE_EXECUTABLE), issueCommand(process.api() + path, process.page()));
        QVERIFY(check.waitForFinished(20000));
        const QByteArray checkOut = check.readAllStandardOutput();
        const QJsonObject report = QJsonDocument::fromJson(checkOut).object();
        QVERIFY2(!report.isEmpty(), checkOut.constData());
        QCOMPARE(check.exitCode(), opens ? 0 : 1);
        const QJsonObject verdict = report.value(QLatin1String("verdict")).toObject();
        const QStringList checkRequests = process.takeRequests(path);

        // 2. The same fetch in Chromium, on a page at the same origin.
        QTemporaryDir profile;
        QVERIFY(profile.isValid());
        profile.setAutoRemove(false);
        const auto removeProfile = qScopeGuard([dir = profile.path()] {
            for (int attempt = 0; attempt < 20 && !QDir(dir).removeRecursively(); ++attempt) {
                QTest::qWait(100);
            }
        });
        const QString pageUrl = server == QLatin1String("mock")
            ? QString(process.page() + QStringLiteral("/?window=3000"))
            : process.page() + QStringLiteral("/?api=") + QString::fromLatin1(QUrl::toPercentEncoding(process.api() + path));
        QProcess chromium;
        chromium.start(kChromium, TestSupport::headlessChromiumArguments(profile.path())
                + TestSupport::chromiumConsoleLoggingArguments() + QStringList {pageUrl});
        QVERIFY(chromium.waitForStarted(10000));
        const QJsonObject line
            = process.nextLine([](const QJsonObject &o) { return o.contains(QLatin1String("report")); }, 30000);
        const QByteArray console = TestSupport::chromiumConsoleAfterReport(
            chromium, opens ? QByteArray() : QByteArrayLiteral("blocked by CORS policy"));
        chromium.terminate();
        if (!chromium.waitForFinished(5000)) {
            chromium.kill();
            chromium.waitForFinished(5000);
        }
        const QStringList chromiumRequests = process.takeRequests(path);
        const QJsonObject page = line.value(QLatin1String("report")).toObject();
        const QByteArray context = "check: " + QJsonDocument(verdict).toJson(QJsonDocument::Compact) + "\nchromium: "
            + QJsonDocument(page).toJson(QJsonDocument::Compact) + "\nrequests: " + checkRequests.join(u' ').toUtf8()
            + " | " + chromiumRequests.join(u' ').toUtf8();
        QVERIFY2(!page.isEmpty(), "no report from the page within 30 s");

        // 3. The same, field by field.
        QVERIFY2(page.value(QLatin1String("opened")).toBool() == opens, context.constData());
        QVERIFY2(verdict.value(QLatin1String("opened")).toBool() == opens, context.constData());
        QVERIFY2(verdict.value(QLatin1String("failed")).toBool() == page.value(QLatin1String("failed")).toBool(),
            context.constData());
        QVERIFY2(verdict.value(QLatin1String("events")).toInt(-1) == page.value(QLatin1String("events")).toInt(-2),
            context.constData());
        if (opens) {
            QVERIFY2(page.value(QLatin1String("events")).toInt() >= 2, context.constData());
            const QJsonValue pageRead = page.value(QLatin1String("readHeaders")).toObject().value(QLatin1String("Mcp-Session-Id"));
            const QJsonValue checkRead
                = verdict.value(QLatin1String("readHeaders")).toObject().value(QLatin1String("Mcp-Session-Id"));
            QVERIFY2(!pageRead.isUndefined() && pageRead == checkRead, context.constData());
        } else {
            const QJsonArray lines = verdict.value(QLatin1String("console")).toArray();
            QVERIFY2(!lines.isEmpty(), context.constData());
            QVERIFY2(console.contains(lines.at(0).toString().toUtf8()),
                QByteArray(context + "\nChromium's stderr:\n" + console).constData());
        }
        QCOMPARE(checkRequests, requests);
        QCOMPARE(chromiumRequests, requests);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(tst_FetchPostAgainstServers)
#include "tst_fetchpostagainstservers.moc"
