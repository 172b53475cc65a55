// nginx in front of a Node stream: where users live. Each row is an nginx configuration people
// deploy, in front of tests/node/sse-server.mjs (a server that is not ours either). The stream is
// judged twice, by `ssescope check` and by a real headless Chromium on a page served by the Node
// server (another site), and the two must agree: opened, readyState, whether Chromium printed a
// CORS error and, when it did, that check's console line is exactly Chromium's; and each sent one
// request, counted in nginx's own access log.
//
// What the rows show (observed with nginx 1.22.1 and Chromium 156, 2026-12-06):
// - `add_header` without `always` adds nothing to a 401: the browser reports a CORS error, not
//   the 401 the app sent (the classic "CORS error on an expired token");
// - with `always` the 401 carries the header: EventSource closes on the status, no console line;
// - `gzip on` for text/event-stream holds the whole answer, head included: the stream never opens;
// - nginx's defaults with the app's `X-Accel-Buffering: no`: the stream flows.

#include "requiredtool.h"

#include <headlesschromium.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

const QString kChromium = SseScope::TestSupport::chromiumExecutable();
const QString kNginx = QStringLiteral("/usr/sbin/nginx");

void stop(QProcess &process)
{
    if (process.state() == QProcess::NotRunning) {
        return;
    }
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

// A free loopback port: bound by the system, then released for nginx (which cannot report the
// port it chose).
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

bool waitForPort(quint16 port, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (socket.waitForConnected(200)) {
            return true;
        }
        QTest::qWait(50);
    }
    return false;
}

// The Node server's next stdout JSON line that has `key` (bounded wait).
QJsonObject nextLine(QProcess &process, QByteArray &buffer, const char *key, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        buffer += process.readAllStandardOutput();
        qsizetype newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
            const QJsonObject object = QJsonDocument::fromJson(buffer.left(newline)).object();
            buffer.remove(0, newline + 1);
            if (object.contains(QLatin1String(key))) {
                return object;
            }
        }
        if (timer.elapsed() >= timeoutMs || process.state() == QProcess::NotRunning) {
            return {};
        }
        process.waitForReadyRead(100);
    }
}

} // namespace

class tst_BehindNginx final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(kChromium)) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: /usr/bin/chromium is missing (install the 'chromium' package)");
        }
        if (!QFileInfo::exists(kNginx)) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: /usr/sbin/nginx is missing (install the 'nginx' package)");
        }
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: node is missing (install the 'nodejs' package)");
        }
    }

    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void sameAsChromium_data()
    {
        QTest::addColumn<QStringList>("upstream"); // sse-server.mjs options
        QTest::addColumn<QString>("server"); // nginx directives in the server block
        QTest::addColumn<QString>("location"); // and in `location /events`
        QTest::addColumn<bool>("opens");
        QTest::addColumn<int>("readyState"); // what the page saw after 3 s: 0 CONNECTING, 1 OPEN, 2 CLOSED
        QTest::addColumn<bool>("corsError"); // Chromium prints "blocked by CORS policy"

        const QString echo = QStringLiteral("add_header Access-Control-Allow-Origin $http_origin;");
        QTest::addRow("add_header without always, the app answers 401")
            << QStringList {QStringLiteral("--cors"), QStringLiteral("none"), QStringLiteral("--status"), QStringLiteral("401")}
            << QString() << echo << false << 2 << true;
        QTest::addRow("add_header always, the app answers 401")
            << QStringList {QStringLiteral("--cors"), QStringLiteral("none"), QStringLiteral("--status"), QStringLiteral("401")}
            << QString() << QStringLiteral("add_header Access-Control-Allow-Origin $http_origin always;") << false << 2
            << false;
        QTest::addRow("gzip on for text/event-stream")
            << QStringList {QStringLiteral("--cors"), QStringLiteral("*"), QStringLiteral("--accel-buffering"),
                   QStringLiteral("absent")}
            << QStringLiteral("gzip on; gzip_types text/event-stream;") << QString() << false << 0 << false;
        QTest::addRow("defaults, the app sends X-Accel-Buffering: no")
            << QStringList {QStringLiteral("--cors"), QStringLiteral("*")} << QString() << QString() << true << 1 << false;
    }

    void sameAsChromium()
    {
        QFETCH(QStringList, upstream);
        QFETCH(QString, server);
        QFETCH(QString, location);
        QFETCH(bool, opens);
        QFETCH(int, readyState);
        QFETCH(bool, corsError);

        // The app: a Node stream, and the page (on http://localhost:PORT, another site than nginx's
        // http://127.0.0.1:PORT) that opens `new EventSource(stream)` and reports after 3 s.
        QProcess node;
        QByteArray nodeOut;
        const auto stopNode = qScopeGuard([&node] { stop(node); });
        node.start(QStringLiteral("node"), QStringList {QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/node/sse-server.mjs")} + upstream);
        QVERIFY(node.waitForStarted(10000));
        const int nodePort = nextLine(node, nodeOut, "port", 10000).value(QLatin1String("port")).toInt();
        QVERIFY(nodePort > 0);

        // nginx in front of it, as a user configures it; its access log counts the requests.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const quint16 port = freePort();
        QVERIFY(port > 0);
        const QString root = dir.path();
        const QString config = QStringLiteral(
            "daemon off;\nmaster_process off;\nworker_processes 1;\npid %1/nginx.pid;\nerror_log %1/error.log warn;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "  access_log %1/access.log;\n"
            "  client_body_temp_path %1/body; proxy_temp_path %1/proxy; fastcgi_temp_path %1/fastcgi;\n"
            "  uwsgi_temp_path %1/uwsgi; scgi_temp_path %1/scgi;\n"
            "  server {\n"
            "    listen 127.0.0.1:%2;\n"
            "    %4\n"
            "    location /events {\n"
            "      proxy_pass http://127.0.0.1:%3;\n"
            "      proxy_http_version 1.1;\n"
            "      proxy_set_header Connection \"\";\n"
            "      %5\n"
            "    }\n"
            "  }\n"
            "}\n")
                                   .arg(root)
                                   .arg(port)
                                   .arg(nodePort)
                                   .arg(server, location);
        QFile file(root + QStringLiteral("/nginx.conf"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(config.toUtf8());
        file.close();
        QProcess nginx;
        const auto stopNginx = qScopeGuard([&nginx] { stop(nginx); });
        nginx.setProcessChannelMode(QProcess::MergedChannels);
        nginx.start(kNginx, {QStringLiteral("-p"), root, QStringLiteral("-c"), file.fileName(), QStringLiteral("-e"),
                                root + QStringLiteral("/error.log")});
        QVERIFY(nginx.waitForStarted(10000));
        QVERIFY2(waitForPort(port, 10000), nginx.readAll().constData());
        const auto requestsSeen = [&root] {
            QFile log(root + QStringLiteral("/access.log"));
            return log.open(QIODevice::ReadOnly) ? int(log.readAll().count("GET /events ")) : -1;
        };

        const QString stream = QStringLiteral("http://127.0.0.1:%1/events").arg(port);
        const QString origin = QStringLiteral("http://localhost:%1").arg(nodePort);

        // 1. ssescope check.
        QProcess check;
        check.start(QStringLiteral(SSESCOPE_EXECUTABLE),
            {QStringLiteral("check"), stream, QStringLiteral("--origin"), origin, QStringLiteral("--duration"),
                QStringLiteral("3"), QStringLiteral("--json")});
        QVERIFY(check.waitForFinished(20000));
        const QByteArray checkOut = check.readAllStandardOutput();
        const QJsonObject verdict = QJsonDocument::fromJson(checkOut).object().value(QLatin1String("verdict")).toObject();
        QVERIFY2(!verdict.isEmpty(), checkOut.constData());
        QTest::qWait(300); // nginx writes its log line when the request ends
        const int checkRequests = requestsSeen();

        // 2. Chromium, on the Node server's page.
        QTemporaryDir profile;
        QVERIFY(profile.isValid());
        profile.setAutoRemove(false); // Chromium's helpers may still write in it for a moment
        const auto removeProfile = qScopeGuard([dir = profile.path()] {
            for (int attempt = 0; attempt < 20 && !QDir(dir).removeRecursively(); ++attempt) {
                QTest::qWait(100);
            }
        });
        QProcess chromium;
        chromium.start(kChromium,
            SseScope::TestSupport::headlessChromiumArguments(profile.path())
                + SseScope::TestSupport::chromiumConsoleLoggingArguments()
                + QStringList {origin + QStringLiteral("/page?stream=") + QString::fromLatin1(QUrl::toPercentEncoding(stream))});
        QVERIFY(chromium.waitForStarted(10000));
        const QJsonObject page = nextLine(node, nodeOut, "report", 30000).value(QLatin1String("report")).toObject();
        const QByteArray console = SseScope::TestSupport::chromiumConsoleAfterReport(
            chromium, corsError ? QByteArrayLiteral("blocked by CORS policy") : QByteArray());
        stop(chromium);
        stop(nginx); // the hanging row's request is logged when nginx closes it
        const int chromiumRequests = requestsSeen() - checkRequests;

        const QByteArray context = "check: " + QJsonDocument(verdict).toJson(QJsonDocument::Compact)
            + "\nchromium: " + QJsonDocument(page).toJson(QJsonDocument::Compact) + "\nrequests (nginx): check "
            + QByteArray::number(checkRequests) + ", chromium " + QByteArray::number(chromiumRequests);
        QVERIFY2(!page.isEmpty(), "no report from the page within 30 s");

        // 3. The same, and what the row says.
        QVERIFY2(page.value(QLatin1String("opened")).toBool() == opens, context.constData());
        QVERIFY2(verdict.value(QLatin1String("opened")).toBool() == opens, context.constData());
        QVERIFY2(page.value(QLatin1String("readyState")).toInt(-1) == readyState, context.constData());
        const char *const states[] = {"CONNECTING", "OPEN", "CLOSED"};
        QVERIFY2(verdict.value(QLatin1String("readyState")).toString() == QLatin1String(states[readyState]),
            context.constData());
        if (opens) {
            QVERIFY2(page.value(QLatin1String("events")).toInt() >= 5, context.constData());
            QVERIFY2(verdict.value(QLatin1String("events")).toInt() >= 5, context.constData());
        }
        QCOMPARE(console.contains("blocked by CORS policy"), corsError);
        const QJsonArray lines = verdict.value(QLatin1String("console")).toArray();
        if (corsError) {
            QVERIFY2(!lines.isEmpty(), context.constData());
            QVERIFY2(console.contains(lines.at(0).toString().toUtf8()),
                QByteArray(context + "\nChromium's stderr:\n" + console).constData());
        } else {
            QVERIFY2(lines.isEmpty(), context.constData());
        }
        QVERIFY2(checkRequests == 1, context.constData());
        QVERIFY2(chromiumRequests == 1, context.constData());
    }
};

QTEST_GUILESS_MAIN(tst_BehindNginx)
#include "tst_behindnginx.moc"
