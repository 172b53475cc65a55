// ProxyHttp (lib/intercept/proxyhttp.h): the intercept proxy's reading of CONNECT authorities
// (RFC 9110 §9.3.6: authority-form is uri-host ":" port; RFC 3986 §3.2.2: an IP literal is one
// pair of brackets around an IPv6 address). What is refused here gets a 400 from the proxy and
// never reaches the local CA's leaf certificates. The rows marked "fuzz" were found by
// fuzz_proxyhttp (tests/fuzz/regressions/fuzz_proxyhttp).

#include <intercept/proxyhttp.h>

#include <QTest>

using namespace SseScope;

class tst_ProxyHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void parseAuthority_data()
    {
        QTest::addColumn<QByteArray>("authority");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("port");

        QTest::addRow("host name") << QByteArray("api.example.com:443") << true << QByteArray("api.example.com") << 443;
        QTest::addRow("underscore and hyphen") << QByteArray("my_host-1.local:8443") << true
                                               << QByteArray("my_host-1.local") << 8443;
        QTest::addRow("IPv4") << QByteArray("127.0.0.1:80") << true << QByteArray("127.0.0.1") << 80;
        QTest::addRow("IPv6 in brackets") << QByteArray("[::1]:443") << true << QByteArray("::1") << 443;
        QTest::addRow("IPv6 with an IPv4 tail") << QByteArray("[::ffff:127.0.0.1]:443") << true
                                                << QByteArray("::ffff:127.0.0.1") << 443;
        QTest::addRow("highest port") << QByteArray("a:65535") << true << QByteArray("a") << 65535;

        // Refused.
        QTest::addRow("fuzz: nested brackets") << QByteArray("[[x]]:80") << false << QByteArray() << 0;
        QTest::addRow("nested brackets around an address") << QByteArray("[[::1]]:80") << false << QByteArray() << 0;
        QTest::addRow("brackets around a name") << QByteArray("[x]:80") << false << QByteArray() << 0;
        QTest::addRow("brackets around IPv4") << QByteArray("[127.0.0.1]:80") << false << QByteArray() << 0;
        QTest::addRow("IPvFuture") << QByteArray("[v1.fe80::a]:80") << false << QByteArray() << 0;
        QTest::addRow("zone identifier") << QByteArray("[fe80::1%25eth0]:443") << false << QByteArray() << 0;
        QTest::addRow("bare zone identifier") << QByteArray("[fe80::1%eth0]:443") << false << QByteArray() << 0;
        QTest::addRow("empty brackets") << QByteArray("[]:80") << false << QByteArray() << 0;
        QTest::addRow("unclosed bracket") << QByteArray("[::1:80") << false << QByteArray() << 0;
        QTest::addRow("bracket not at the start") << QByteArray("a[::1]:80") << false << QByteArray() << 0;
        QTest::addRow("closing bracket alone") << QByteArray("x]:80") << false << QByteArray() << 0;
        QTest::addRow("too many colons in an IPv6 literal") << QByteArray("[1:2:3:4:5:6:7:8:9]:80") << false
                                                             << QByteArray() << 0;
        QTest::addRow("IPv6 without brackets") << QByteArray("::1:443") << false << QByteArray() << 0;
        QTest::addRow("user info") << QByteArray("user@host:443") << false << QByteArray() << 0;
        QTest::addRow("path") << QByteArray("host/x:443") << false << QByteArray() << 0;
        QTest::addRow("percent-encoded name") << QByteArray("h%6Fst:443") << false << QByteArray() << 0;
        QTest::addRow("no port") << QByteArray("example.com") << false << QByteArray() << 0;
        QTest::addRow("empty port") << QByteArray("example.com:") << false << QByteArray() << 0;
        QTest::addRow("empty host") << QByteArray(":443") << false << QByteArray() << 0;
        QTest::addRow("port 0") << QByteArray("example.com:0") << false << QByteArray() << 0;
        QTest::addRow("port too large") << QByteArray("example.com:65536") << false << QByteArray() << 0;
        QTest::addRow("signed port") << QByteArray("example.com:+443") << false << QByteArray() << 0;
        QTest::addRow("blank in the port") << QByteArray("example.com: 443") << false << QByteArray() << 0;
    }

    void parseAuthority()
    {
        QFETCH(QByteArray, authority);
        QFETCH(bool, accepted);
        QFETCH(QByteArray, host);
        QFETCH(int, port);
        QByteArray parsedHost = "untouched";
        quint16 parsedPort = 7;
        QCOMPARE(ProxyHttp::parseAuthority(authority, &parsedHost, &parsedPort), accepted);
        if (!accepted) {
            QCOMPARE(parsedHost, QByteArray("untouched"));
            QCOMPARE(parsedPort, quint16(7));
            return;
        }
        QCOMPARE(parsedHost, host);
        QCOMPARE(int(parsedPort), port);
        // Written out again as the proxy does ("[v6]:port"), it reads the same (fuzz_proxyhttp's check).
        const QByteArray again = (parsedHost.contains(':') ? '[' + parsedHost + ']' : parsedHost) + ':'
            + QByteArray::number(parsedPort);
        QByteArray host2;
        quint16 port2 = 0;
        QVERIFY(ProxyHttp::parseAuthority(again, &host2, &port2));
        QCOMPARE(host2, parsedHost);
        QCOMPARE(port2, parsedPort);
    }

    // The whole CONNECT head: parseRequest takes it (a printable target), parseAuthority refuses it.
    void connectWithAMalformedLiteralIsRefused()
    {
        QByteArray reason;
        const std::optional<ProxyHttp::RequestLine> request
            = ProxyHttp::parseRequest("CONNECT [[x]]:80 HTTP/1.1\r\nHost: [[x]]:80\r\n\r\n", &reason);
        QVERIFY2(request, reason.constData());
        QCOMPARE(request->method, QByteArray("CONNECT"));
        QByteArray host;
        quint16 port = 0;
        QVERIFY(!ProxyHttp::parseAuthority(request->target, &host, &port));
    }
};

QTEST_GUILESS_MAIN(tst_ProxyHttp)
#include "tst_proxyhttp.moc"
