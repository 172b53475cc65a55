// `ssescope intercept --launch firefox` as a child process: headless Firefox ESR, started with a
// fresh profile whose user.js points at the proxy and whose certificate database (cert9.db,
// written by certutil) trusts our local CA, loads an HTTPS page from a Node server with a test
// CA's certificate; the page opens an EventSource to a second HTTPS Node server. Both go through
// the proxy's CONNECT tunnels, ended with leaves of our CA: the page can only load if Firefox
// trusts that CA. The page reports what Firefox saw (the page server prints it), and intercept's
// own report for the stream, diagnosed as Firefox, must agree; the HAR export reads back.

#include "interceptfixture.h"
#include "requiredtool.h"

#include <session/harreader.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

using namespace SseScope;
using namespace SseScopeTest;

class tst_InterceptFirefox : public QObject
{
    Q_OBJECT

private:
    TestPki m_pki;
    QTemporaryDir m_home;

private slots:
    void initTestCase()
    {
        if (nodeExecutable().isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("SKIPPED LOUDLY: node is not on PATH, so the HTTPS SSE server cannot run");
        }
        if (QStandardPaths::findExecutable(QStringLiteral("firefox-esr")).isEmpty()
            && QStandardPaths::findExecutable(QStringLiteral("firefox")).isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI(
                "SKIPPED LOUDLY: firefox-esr is not on PATH (Debian: apt-get install firefox-esr)");
        }
        if (QStandardPaths::findExecutable(QStringLiteral("certutil")).isEmpty()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI(
                "SKIPPED LOUDLY: certutil is not on PATH (Debian: apt-get install libnss3-tools), so Firefox cannot be "
                "told to trust the local CA");
        }
        QVERIFY(m_pki.create());
    }

    void firefoxThroughTheProxyIsRecordedAndDiagnosed()
    {
        JsonLineProcess api;
        JsonLineProcess pages;
        QVERIFY(startNodeServer(api,
            {QStringLiteral("--cors"), QStringLiteral("*"), QStringLiteral("--interval"), QStringLiteral("100")},
            &m_pki));
        QVERIFY(startNodeServer(pages, {QStringLiteral("--cors"), QStringLiteral("none")}, &m_pki));
        const QString stream
            = QStringLiteral("https://127.0.0.1:%1/events").arg(api.ready().value(QLatin1String("port")).toInt());
        const QString page = QStringLiteral("https://127.0.0.1:%1/page?stream=%2")
                                 .arg(pages.ready().value(QLatin1String("port")).toInt())
                                 .arg(QString::fromLatin1(QUrl::toPercentEncoding(stream)));
        const QString harPath = m_home.filePath(QStringLiteral("firefox.har"));
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // The local CA is made in a config directory of the test's own, never the user's.
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("HOME"), m_home.path()); // Firefox's own caches
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
        JsonLineProcess intercept;
        QVERIFY(intercept.start(QStringLiteral(SSESCOPE_EXECUTABLE),
            {QStringLiteral("intercept"), QStringLiteral("--launch"), QStringLiteral("firefox"),
                QStringLiteral("--headless"), QStringLiteral("--open"), page, QStringLiteral("--upstream-ca"),
                m_pki.caPath, QStringLiteral("--duration"), QStringLiteral("25"), QStringLiteral("--har"), harPath},
            environment));
        QVERIFY(
            intercept.ready().value(QLatin1String("proxy")).toString().startsWith(QLatin1String("http://127.0.0.1:")));
        const QString caPath = intercept.ready().value(QLatin1String("caCertificate")).toString();
        QVERIFY(caPath.startsWith(m_home.path()));
        QVERIFY(QFileInfo::exists(caPath));

        // What Firefox's page saw: it loaded over HTTPS through the proxy, so the CA was trusted.
        const QJsonObject report
            = pages.nextLine(25000).value_or(QJsonObject()).value(QLatin1String("report")).toObject();
        QList<QJsonObject> streams;
        const QList<QJsonObject> lines = intercept.linesUntilExit(40000);
        for (const QJsonObject &line : lines) {
            if (line.contains(QLatin1String("stream"))) {
                streams.append(line.value(QLatin1String("stream")).toObject());
            }
        }
        const QString log = QString::fromUtf8(intercept.process().readAllStandardError());
        QVERIFY2(!report.isEmpty(), qPrintable(QStringLiteral("the page in Firefox did not report:\n") + log));
        QVERIFY2(report.value(QLatin1String("opened")).toBool(), qPrintable(log));
        QVERIFY(report.value(QLatin1String("events")).toInt() > 0);
        QCOMPARE(intercept.process().exitCode(), 0);

        // Recorded and diagnosed, for Firefox (the launched browser's profile).
        QList<QJsonObject> ours;
        for (const QJsonObject &each : std::as_const(streams)) {
            if (each.value(QLatin1String("request")).toObject().value(QLatin1String("url")).toString() == stream) {
                ours.append(each);
            }
        }
        QVERIFY2(!ours.isEmpty(), qPrintable(log));
        const QJsonObject first = ours.constFirst();
        QCOMPARE(first.value(QLatin1String("browser")).toString(), QStringLiteral("firefox"));
        const QJsonObject verdict = first.value(QLatin1String("verdict")).toObject();
        QCOMPARE(verdict.value(QLatin1String("opened")).toBool(), true); // as Firefox itself said
        QVERIFY(verdict.value(QLatin1String("events")).toInt() > 0);
        QVERIFY(first.value(QLatin1String("request"))
                    .toObject()
                    .value(QLatin1String("origin"))
                    .toString()
                    .startsWith(QLatin1String("https://127.0.0.1:")));
        QVERIFY(!first.value(QLatin1String("events")).toArray().isEmpty());

        // The HAR holds the page and the stream, and reads back.
        HarError error;
        const std::optional<HarImport> imported = HarReader::readFile(harPath, &error);
        QVERIFY2(imported, qPrintable(error.toString()));
        QCOMPARE(imported->session.info().browser, QStringLiteral("firefox"));
        QVERIFY(imported->session.verdict().opened);
    }
};

QTEST_GUILESS_MAIN(tst_InterceptFirefox)
#include "tst_interceptfirefox.moc"
