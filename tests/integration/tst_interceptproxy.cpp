// The intercept proxy on loopback, in process: an HTTPS Node SSE server whose certificate a test
// CA signed, reached through the proxy by our own client (BrowserClient behind a QNetworkProxy)
// and by curl (--proxy, --cacert); the streams are recorded, diagnosed and exported as HAR.

#include "interceptfixture.h"
#include "requiredtool.h"

#include <client/browserclientcontroller.h>
#include <intercept/interceptproxy.h>
#include <intercept/interceptrecording.h>
#include <intercept/localca.h>
#include <session/harreader.h>

#include <QJsonArray>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QHostAddress>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTest>

using namespace SseScope;
using namespace SseScopeTest;

class tst_InterceptProxy : public QObject
{
    Q_OBJECT

private:
    TestPki m_pki;
    QTemporaryDir m_caDir;
    std::optional<LocalCa> m_ca;

    // A proxy trusting the test CA upstream, and the exchanges it finished.
    struct Running
    {
        std::unique_ptr<InterceptProxy> proxy;
        QList<InterceptedExchange> finished;
    };
    std::unique_ptr<Running> startProxy()
    {
        auto running = std::make_unique<Running>();
        running->proxy = std::make_unique<InterceptProxy>(&*m_ca);
        InterceptProxy::Options options;
        options.upstreamCaCertificates = QSslCertificate::fromPath(m_pki.caPath);
        Running *r = running.get();
        connect(r->proxy.get(), &InterceptProxy::exchangeFinished, r->proxy.get(),
            [r](const InterceptedExchange &exchange) { r->finished.append(exchange); });
        if (!r->proxy->start(options)) {
            return nullptr;
        }
        return running;
    }
    static QList<InterceptedExchange> streams(const QList<InterceptedExchange> &all)
    {
        QList<InterceptedExchange> result;
        std::copy_if(all.cbegin(), all.cend(), std::back_inserter(result),
            [](const InterceptedExchange &e) { return e.isEventStream(); });
        return result;
    }

private slots:
    void initTestCase()
    {
        if (nodeExecutable().isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: node is not on PATH, so the HTTPS SSE server cannot run");
        }
        QVERIFY(m_pki.create());
        m_ca = LocalCa::openOrCreate(m_caDir.path());
        QVERIFY(m_ca);
    }

    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void ownClientThroughTheProxy()
    {
        JsonLineProcess server;
        QVERIFY(startNodeServer(server,
            {QStringLiteral("--cors"), QStringLiteral("*"), QStringLiteral("--interval"), QStringLiteral("30"),
                QStringLiteral("--events"), QStringLiteral("4")},
            &m_pki));
        const int port = server.ready().value(QLatin1String("port")).toInt();
        const std::unique_ptr<Running> running = startProxy();
        QVERIFY(running);

        // The client trusts our CA (as a launched browser does) and uses the proxy.
        const QSslConfiguration saved = QSslConfiguration::defaultConfiguration();
        QSslConfiguration trusting = saved;
        trusting.addCaCertificate(m_ca->certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
        const auto restore = qScopeGuard([&] { QSslConfiguration::setDefaultConfiguration(saved); });

        ClientOptions options;
        options.pageOrigin = Origin::fromString(QStringLiteral("http://localhost:3000"));
        options.intent.url = QUrl(QStringLiteral("https://127.0.0.1:%1/events").arg(port));
        options.durationMs = 10000;
        options.maxEvents = 4;
        // Set on the client's QNAM: Qt's application proxy would skip a loopback host.
        options.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), running->proxy->serverPort());
        BrowserClientController client;
        QSignalSpy finished(&client, &BrowserClientController::finished);
        QString error;
        QVERIFY2(client.start(options, &error), qPrintable(error));
        QVERIFY(finished.wait(15000));
        const QString why = client.session().verdict().console.join(u'\n') + u' '
            + (client.session().exchanges().isEmpty() ? QString() : client.session().exchanges().constFirst().errorDetail);
        QVERIFY2(client.session().verdict().opened, qPrintable(why));
        QCOMPARE(client.session().verdict().events, quint64(4));

        // Through the proxy, recorded: one request on the wire for one attempt.
        QTRY_COMPARE_WITH_TIMEOUT(streams(running->finished).size(), 1, 10000);
        const InterceptedExchange stream = streams(running->finished).constFirst();
        QVERIFY(stream.tunneled);
        QCOMPARE(stream.exchange.request.url, options.intent.url);
        QCOMPARE(stream.exchange.response->status, 200);
        QVERIFY(stream.chunks.size() >= 2); // the events arrived over time, each chunk with its time
        QVERIFY(stream.chunks.constLast().receivedMs > stream.chunks.constFirst().receivedMs);

        // Diagnosed by the same replay as a HAR: the page origin from the request, the events.
        InterceptRecording recording(running->proxy->startedAt(), QStringLiteral("chromium"));
        for (const InterceptedExchange &exchange : std::as_const(running->finished)) {
            recording.add(exchange);
        }
        const QJsonObject report = recording.report(stream);
        const QJsonObject verdict = report.value(QLatin1String("verdict")).toObject();
        QVERIFY(verdict.value(QLatin1String("opened")).toBool());
        QCOMPARE(verdict.value(QLatin1String("events")).toInt(), 4);
        QCOMPARE(report.value(QLatin1String("request")).toObject().value(QLatin1String("origin")).toString(),
            QStringLiteral("http://localhost:3000"));
        const QJsonArray events = report.value(QLatin1String("events")).toArray();
        QCOMPARE(events.size(), 4);
        QVERIFY(events.at(3).toObject().value(QLatin1String("receivedMs")).toDouble()
            > events.at(0).toObject().value(QLatin1String("receivedMs")).toDouble());
    }

    void curlThroughTheProxyAndHarExport()
    {
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curl.isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: curl is not on PATH");
        }
        JsonLineProcess server;
        QVERIFY(startNodeServer(server,
            {QStringLiteral("--cors"), QStringLiteral("none"), QStringLiteral("--interval"), QStringLiteral("20"),
                QStringLiteral("--events"), QStringLiteral("3")},
            &m_pki));
        const int port = server.ready().value(QLatin1String("port")).toInt();
        const std::unique_ptr<Running> running = startProxy();
        QVERIFY(running);
        const QString url = QStringLiteral("https://127.0.0.1:%1/events?access_token=t0ken").arg(port);

        QProcess process;
        process.start(curl,
            {QStringLiteral("-sSN"), QStringLiteral("--max-time"), QStringLiteral("20"), QStringLiteral("--proxy"),
                running->proxy->proxyUrl().toString(), QStringLiteral("--cacert"), m_ca->certificatePath(),
                QStringLiteral("-H"), QStringLiteral("Origin: https://app.example"), QStringLiteral("-H"),
                QStringLiteral("Accept: text/event-stream"), QStringLiteral("-H"),
                QStringLiteral("Authorization: Bearer s3cret-value"), url});
        // curl waits on the proxy, which runs on this thread's event loop.
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 25000);
        QCOMPARE(process.exitCode(), 0);
        const QByteArray body = process.readAllStandardOutput();
        QCOMPARE(body.count("event: tick"), 3);

        QTRY_COMPARE_WITH_TIMEOUT(streams(running->finished).size(), 1, 10000);
        InterceptRecording recording(running->proxy->startedAt(), QStringLiteral("chromium"));
        for (const InterceptedExchange &exchange : std::as_const(running->finished)) {
            recording.add(exchange);
        }
        // No Access-Control-Allow-Origin for a cross-origin page: the browser would block it.
        const QJsonObject report = recording.report(streams(running->finished).constFirst());
        const QJsonObject verdict = report.value(QLatin1String("verdict")).toObject();
        QVERIFY(!verdict.value(QLatin1String("opened")).toBool());
        QVERIFY(verdict.value(QLatin1String("console")).toArray().at(0).toString().contains(QLatin1String("CORS")));

        // The HAR at exit: readable by our own import, sanitized by default.
        const QByteArray har = recording.toHar(false);
        QVERIFY(!har.contains("s3cret-value"));
        QVERIFY(!har.contains("t0ken"));
        HarError error;
        const std::optional<HarImport> imported = HarReader::read(har, QStringLiteral("intercept.har"), &error);
        QVERIFY2(imported, qPrintable(error.toString()));
        QCOMPARE(imported->session.exchanges().size(), 1);
        QVERIFY(!imported->session.verdict().opened);
        QVERIFY(recording.toHar(true).contains("s3cret-value"));
    }

    void plainHttpAbsoluteForm()
    {
        JsonLineProcess server;
        QVERIFY(startNodeServer(server,
            {QStringLiteral("--cors"), QStringLiteral("*"), QStringLiteral("--interval"), QStringLiteral("20"),
                QStringLiteral("--events"), QStringLiteral("2")}));
        const int port = server.ready().value(QLatin1String("port")).toInt();
        const std::unique_ptr<Running> running = startProxy();
        QVERIFY(running);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, running->proxy->serverPort());
        QVERIFY(socket.waitForConnected(5000));
        // Two requests on one kept-alive client connection: a 404, then the stream.
        socket.write(QStringLiteral("GET http://127.0.0.1:%1/missing HTTP/1.1\r\nHost: 127.0.0.1:%1\r\n\r\n")
                         .arg(port)
                         .toLatin1());
        QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() > 0 && socket.peek(4096).contains("not found\n"), 10000);
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 404"));
        socket.write(QStringLiteral("GET http://127.0.0.1:%1/events HTTP/1.1\r\nHost: 127.0.0.1:%1\r\n"
                                    "Accept: text/event-stream\r\n\r\n")
                         .arg(port)
                         .toLatin1());
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n0\r\n\r\n"), 10000);
        QVERIFY(answer.startsWith("HTTP/1.1 200"));
        QCOMPARE(answer.count("event: tick"), 2);
        QTRY_COMPARE_WITH_TIMEOUT(running->finished.size(), 2, 10000);
        QVERIFY(!running->finished.at(0).isEventStream());
        QVERIFY(running->finished.at(1).isEventStream());
        QCOMPARE(running->finished.at(1).connection, running->finished.at(0).connection);
        QVERIFY(!running->finished.at(1).tunneled);
    }
};

QTEST_GUILESS_MAIN(tst_InterceptProxy)
#include "tst_interceptproxy.moc"
