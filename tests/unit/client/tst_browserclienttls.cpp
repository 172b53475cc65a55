// https with a certificate a browser refuses: the client fails like the browser does, unless the
// user asks to accept it — then it connects and says a browser would not.

#include "requiredtool.h"
#include <client/browserclientcontroller.h>

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

using namespace SseScope;

namespace {

QByteArray readData(const char *name)
{
    QFile file(QStringLiteral(SSESCOPE_SOURCE_DIR "/tests/unit/client/data/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Answers every request on the connection with a small SSE stream.
class TlsSseServer final : public QSslServer
{
public:
    TlsSseServer()
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(QSslCertificate(readData("selfsigned-localhost.crt")));
        configuration.setPrivateKey(QSslKey(readData("selfsigned-localhost.key"), QSsl::Rsa));
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        setSslConfiguration(configuration);
        connect(this, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                  "Access-Control-Allow-Origin: *\r\nCache-Control: no-cache, no-transform\r\n"
                                  "Content-Length: 22\r\n\r\nid: 1\ndata: over tls\n\n");
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        // A client that refuses the certificate aborts the handshake: expected here.
        connect(this, &QSslServer::errorOccurred, this, [](QSslSocket *, QAbstractSocket::SocketError) {});
        connect(this, &QSslServer::peerVerifyError, this, [](QSslSocket *, const QSslError &) {});
    }
};

} // namespace

class tst_BrowserClientTls final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void selfSignedCertificate_data()
    {
        QTest::addColumn<bool>("accept");
        QTest::addRow("refused, as a browser does") << false;
        QTest::addRow("accepted on request, with a finding") << true;
    }

    void selfSignedCertificate()
    {
        QFETCH(bool, accept);
        if (!QSslSocket::supportsSsl()) {
            SSESCOPE_SKIP_OR_FAIL_IN_CI("no TLS backend");
        }
        TlsSseServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));

        ClientOptions options;
        options.pageOrigin = Origin::fromString(QStringLiteral("https://app.example.com"));
        options.intent.url = QUrl(QStringLiteral("https://localhost:%1/events").arg(server.serverPort()));
        options.acceptInvalidCertificates = accept;
        options.durationMs = 1500;
        BrowserClientController client;
        QSignalSpy finished(&client, &BrowserClientController::finished);
        QVERIFY(client.start(options));
        QTRY_VERIFY_WITH_TIMEOUT(client.session().verdict().events >= 1 || !finished.isEmpty(), 5000);
        client.stop();

        const Session &session = client.session();
        QCOMPARE(session.verdict().opened, accept);
        QCOMPARE(session.hasFinding(QStringLiteral("transport.certificate-not-verified")), accept);
        const SessionExchange &first = session.exchanges().constFirst();
        if (accept) {
            QCOMPARE(session.events().constFirst().data, QByteArray("over tls"));
        } else {
            QVERIFY(!first.response);
            QCOMPARE(first.netError, QStringLiteral("ERR_CERT_AUTHORITY_INVALID"));
            QVERIFY(session.hasFinding(QStringLiteral("http.network-error")));
        }
    }
};

QTEST_GUILESS_MAIN(tst_BrowserClientTls)
#include "tst_browserclienttls.moc"
