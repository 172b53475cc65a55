// Security defaults (docs/hardening.md), each checked here:
// - the mock server binds loopback by default; another address needs --bind and prints a warning;
// - no secret (bearer token, cookie value, token in the query) appears in any log, that is on
//   stderr, where Qt's logging goes, even with every ssescope debug category on;
// - a HAR export is sanitized unless the caller asks to keep secrets.
#include "serveprocess.h"

#include <client/browserclientcontroller.h>
#include <scenario/presetlibrary.h>
#include <server/mockserver.h>
#include <server/mockservercontroller.h>
#include <session/harwriter.h>

#include <QFile>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QtEndian>
#include <QTest>

using namespace SseScope;
using namespace SseScope::Hostile;

namespace {

// The addresses listening on `port` (TCP, IPv4 and IPv6), from /proc/net/tcp{,6}: "127.0.0.1",
// "0.0.0.0", "::"...
QStringList listeningAddresses(int port)
{
    QStringList found;
    for (const QString &name : {QStringLiteral("/proc/net/tcp"), QStringLiteral("/proc/net/tcp6")}) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
            if (fields.size() < 4 || fields.at(3) != "0A") { // 0A: LISTEN
                continue;
            }
            const QList<QByteArray> local = fields.at(1).split(':');
            if (local.size() != 2 || local.at(1).toInt(nullptr, 16) != port) {
                continue;
            }
            // The address is in host byte order, 32 bits at a time (little-endian here).
            const QByteArray hex = local.at(0);
            QByteArray bytes;
            for (qsizetype word = 0; word + 8 <= hex.size(); word += 8) {
                const QByteArray raw = QByteArray::fromHex(hex.mid(word, 8));
                for (qsizetype b = raw.size() - 1; b >= 0; --b) {
                    bytes += raw.at(b);
                }
            }
            QHostAddress address;
            if (bytes.size() == 4) {
                address.setAddress(qFromBigEndian<quint32>(bytes.constData()));
            } else if (bytes.size() == 16) {
                address.setAddress(reinterpret_cast<const quint8 *>(bytes.constData()));
            }
            found << address.toString();
        }
    }
    return found;
}

// Something listens on the port, and only on loopback addresses (the page origin is
// "localhost", which may be 127.0.0.1 and ::1).
bool onlyLoopback(int port)
{
    const QStringList addresses = listeningAddresses(port);
    for (const QString &address : addresses) {
        if (!QHostAddress(address).isLoopback()) {
            qInfo().noquote() << "port" << port << "listens on" << addresses.join(QStringLiteral(", "));
            return false;
        }
    }
    return !addresses.isEmpty();
}

QProcessEnvironment debugLogging()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("ssescope.*.debug=true"));
    return environment;
}

const QByteArray bearerSecret = "SECRET-BEARER-5d81c3";
const QByteArray cookieSecret = "SECRET-COOKIE-a0b9e4";
const QByteArray querySecret = "SECRET-QUERY-77f2d0";

QStringList leaked(const QByteArray &text)
{
    QStringList found;
    for (const QByteArray &secret : {bearerSecret, cookieSecret, querySecret}) {
        if (text.contains(secret)) {
            found << QString::fromLatin1(secret);
        }
    }
    return found;
}

// Bearer tokens, cookie values and query tokens never appear: log lines show URLs through
// urlForLog(), which masks every query value.
void checkNoSecretIn(const QByteArray &log)
{
    QVERIFY2(!log.contains(bearerSecret), log.constData());
    QVERIFY2(!log.contains(cookieSecret), log.constData());
    QVERIFY2(!log.contains(querySecret), "the query token is in the log");
}

} // namespace

class tst_SecurityDefaults final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }
    void serverOptionsDefaultToLoopback();
    void serveListensOnLoopbackByDefault();
    void serveBindElsewhereNeedsTheOptionAndWarns();
    void serveLogsNoSecret();
    void checkLogsNoSecret();
    void harIsSanitizedByDefault();
};

void tst_SecurityDefaults::serverOptionsDefaultToLoopback()
{
    // The library default, which the window uses as is.
    QVERIFY(ServerOptions().bindAddress.isLoopback());
    MockServer server;
    QString error;
    QVERIFY2(server.start(ServerOptions(), &error), qPrintable(error));
    QVERIFY(onlyLoopback(server.apiPort()));
    QVERIFY(onlyLoopback(server.pagePort()));
    QCOMPARE(server.apiUrl().host(), QStringLiteral("127.0.0.1"));
}

void tst_SecurityDefaults::serveListensOnLoopbackByDefault()
{
    ServeProcess serve;
    const QString error = serve.start({});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(serve.api().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(onlyLoopback(serve.api().port()));
    QVERIFY(onlyLoopback(serve.page().port()));
    // From any other address of this machine, nothing answers.
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol) {
            continue;
        }
        QTcpSocket socket;
        socket.connectToHost(address, quint16(serve.api().port()));
        QVERIFY2(!socket.waitForConnected(2000), qPrintable(address.toString()));
    }
    serve.stop();
    QVERIFY2(!serve.takeStderr().contains("WARNING"), "a warning on the default, loopback binding");
}

void tst_SecurityDefaults::serveBindElsewhereNeedsTheOptionAndWarns()
{
    ServeProcess serve;
    const QString error = serve.start({QStringLiteral("--bind"), QStringLiteral("0.0.0.0")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!onlyLoopback(serve.api().port()));
    QVERIFY(listeningAddresses(serve.api().port()).contains(QStringLiteral("0.0.0.0")));
    serve.stop();
    const QByteArray log = serve.takeStderr();
    QVERIFY2(log.contains("WARNING") && log.contains("0.0.0.0") && log.contains("not loopback"), log.constData());
}

void tst_SecurityDefaults::serveLogsNoSecret()
{
    // Every request carries secrets the way a real page would send them; the server's log, with
    // all of its debug output on, must not repeat any.
    ServeProcess serve;
    const QString error = serve.start({QStringLiteral("--preset"), QStringLiteral("default")}, debugLogging());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QByteArray request = "GET /events?access_token=" + querySecret + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Origin: http://localhost:1\r\nAuthorization: Bearer " + bearerSecret + "\r\n"
                               "Cookie: sid=" + cookieSecret + "\r\n\r\n";
    for (const int port : {serve.api().port(), serve.page().port()}) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), quint16(port));
        QVERIFY(socket.waitForConnected(5000));
        socket.write(request);
        QVERIFY(socket.waitForReadyRead(5000));
        QTest::qWait(200);
    }
    serve.stop();
    const QByteArray log = serve.takeStderr();
    QVERIFY2(!log.isEmpty(), "no log at all: the test would prove nothing");
    checkNoSecretIn(log);
}

void tst_SecurityDefaults::checkLogsNoSecret()
{
    ServeProcess serve;
    const QString error = serve.start({QStringLiteral("--preset"), QStringLiteral("default")});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString url = serve.api().toString() + QStringLiteral("/events?access_token=") + QString::fromLatin1(querySecret);
    QProcess check;
    check.setProcessEnvironment(debugLogging());
    check.start(QStringLiteral(SSESCOPE_EXECUTABLE),
                {QStringLiteral("check"), url, QStringLiteral("--origin"), serve.api().toString(), QStringLiteral("--mode"),
                 QStringLiteral("fetch"), QStringLiteral("--header"),
                 QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(bearerSecret), QStringLiteral("--cookie"),
                 QStringLiteral("sid=") + QString::fromLatin1(cookieSecret), QStringLiteral("--duration"),
                 QStringLiteral("1")});
    QVERIFY(check.waitForFinished(30000));
    const QByteArray log = check.readAllStandardError();
    QVERIFY2(check.exitStatus() == QProcess::NormalExit && check.exitCode() != 2, log.constData());
    checkNoSecretIn(log);
}

void tst_SecurityDefaults::harIsSanitizedByDefault()
{
    // A real session that carried all three secrets (same-origin fetch: no CORS in the way).
    Scenario scenario = PresetLibrary::defaultScenario();
    scenario.auth.mode = AuthPolicy::Mode::Bearer;
    scenario.auth.token = QString::fromLatin1(bearerSecret);
    MockServerController server;
    QString error;
    QVERIFY2(server.start(scenario, {}, &error), qPrintable(error));
    ClientOptions options;
    options.intent.url = QUrl(server.apiUrl().toString() + QStringLiteral("/events?access_token=")
                              + QString::fromLatin1(querySecret));
    options.intent.mode = RequestMode::Fetch;
    options.intent.fetchCredentials = CredentialsMode::Include;
    options.intent.extraHeaders.append("Authorization", "Bearer " + bearerSecret);
    options.pageOrigin = Origin::fromUrl(server.apiUrl());
    options.cookies << QStringLiteral("sid=") + QString::fromLatin1(cookieSecret);
    options.durationMs = 1500;
    options.maxEvents = 2;
    BrowserClientController client;
    QSignalSpy finished(&client, &BrowserClientController::finished);
    QVERIFY2(client.start(options, &error), qPrintable(error));
    QVERIFY(finished.wait(30000));
    server.stop();
    QVERIFY2(client.session().verdict().events > 0, "the bearer token was not accepted: the session proves nothing");

    const QByteArray kept = HarWriter::toHar(client.session(), HarOptions{true});
    QVERIFY2(kept.contains(bearerSecret) && kept.contains(cookieSecret) && kept.contains(querySecret),
             "keepSecrets lost a secret: the check below would prove nothing");
    const QByteArray sanitized = HarWriter::toHar(client.session());
    QVERIFY2(leaked(sanitized).isEmpty(), qPrintable(leaked(sanitized).join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(tst_SecurityDefaults)
#include "tst_securitydefaults.moc"
