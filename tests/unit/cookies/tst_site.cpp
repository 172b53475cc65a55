#include "browser/site.h"

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;
using namespace Qt::StringLiterals;

class tst_Site final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void registrableDomain_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("expected");
        QTest::addRow("ICANN two-level suffix") << u"a.example.co.uk"_s << u"example.co.uk"_s;
        QTest::addRow("the suffix itself") << u"co.uk"_s << QString();
        QTest::addRow("private section: github.io") << u"a.github.io"_s << u"a.github.io"_s;
        QTest::addRow("github.io is a public suffix") << u"github.io"_s << QString();
        QTest::addRow("plain .com") << u"www.example.com"_s << u"example.com"_s;
        QTest::addRow("upper case and trailing dot") << u"WWW.Example.COM."_s << u"example.com"_s;
        QTest::addRow("IDN to punycode") << u"www.bücher.de"_s << u"xn--bcher-kva.de"_s;
        QTest::addRow("localhost") << u"localhost"_s << QString();
        QTest::addRow("subdomain of localhost") << u"a.b.localhost"_s << u"b.localhost"_s;
        QTest::addRow("IPv4") << u"127.0.0.1"_s << QString();
        QTest::addRow("IPv6") << u"::1"_s << QString();
        QTest::addRow("bracketed IPv6") << u"[::1]"_s << QString();
        QTest::addRow("single label") << u"intranet"_s << QString();
    }
    void registrableDomain()
    {
        QFETCH(QString, host);
        QFETCH(QString, expected);
        QCOMPARE(SiteResolver::registrableDomain(host), expected);
    }

    void isSameSite_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("expected");
        QTest::addRow("two hosts under example.co.uk")
            << u"https://a.example.co.uk"_s << u"https://b.example.co.uk/x"_s << true;
        QTest::addRow("two github.io pages") << u"https://a.github.io"_s << u"https://b.github.io"_s << false;
        QTest::addRow("schemeful: http vs https") << u"http://example.com"_s << u"https://example.com"_s << false;
        QTest::addRow("ports do not matter") << u"http://localhost:5173"_s << u"http://localhost:8080/events"_s
                                             << true;
        QTest::addRow("localhost vs 127.0.0.1") << u"http://localhost:5173"_s << u"http://127.0.0.1:8080"_s
                                                << false;
        QTest::addRow("same IP, other port") << u"http://127.0.0.1:1"_s << u"http://127.0.0.1:2"_s << true;
        QTest::addRow("two loopback IPs") << u"http://127.0.0.1"_s << u"http://127.0.0.2"_s << false;
        QTest::addRow("::1 vs localhost") << u"http://[::1]:80"_s << u"http://localhost"_s << false;
        QTest::addRow("example.com vs example.org") << u"https://example.com"_s << u"https://example.org"_s
                                                    << false;
        QTest::addRow("wss and https are one site") << u"wss://api.example.com"_s << u"https://example.com"_s
                                                    << true;
        QTest::addRow("subdomain of localhost vs localhost")
            << u"http://app.localhost"_s << u"http://localhost"_s << false;
        QTest::addRow("file URL is opaque") << u"file:///tmp/a.html"_s << u"file:///tmp/a.html"_s << false;
    }
    void isSameSite()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, expected);
        QCOMPARE(SseScope::isSameSite(QUrl(a), QUrl(b)), expected);
        QCOMPARE(SseScope::isSameSite(QUrl(b), QUrl(a)), expected);
        const Origin origin = Origin::fromUrl(QUrl(a));
        if (!origin.isOpaque()) {
            QCOMPARE(SseScope::isSameSite(origin, QUrl(b)), expected);
            QCOMPARE(SseScope::isSameSite(origin, Origin::fromUrl(QUrl(b))), expected);
        }
    }

    void serialize_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::addRow("registrable domain, port dropped")
            << u"https://a.b.example.co.uk:8443/x"_s << u"https://example.co.uk"_s;
        QTest::addRow("IP host") << u"http://127.0.0.1:8080"_s << u"http://127.0.0.1"_s;
        QTest::addRow("IPv6 host") << u"http://[::1]:8080"_s << u"http://[::1]"_s;
        QTest::addRow("ws maps to http") << u"ws://localhost:1"_s << u"http://localhost"_s;
        QTest::addRow("data URL") << u"data:text/plain,x"_s << u"null"_s;
    }
    void serialize()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QCOMPARE(schemefulSite(QUrl(url)).serialize(), expected);
    }

    void secFetchSite_data()
    {
        QTest::addColumn<QString>("initiator");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::addRow("same origin") << u"http://localhost:8080"_s << u"http://localhost:8080/events"_s
                                     << u"same-origin"_s;
        QTest::addRow("other port, same site (observed)") << u"http://localhost:5173"_s
                                                          << u"http://localhost:8080/events"_s << u"same-site"_s;
        QTest::addRow("localhost to 127.0.0.1 (observed)") << u"http://localhost:5173"_s
                                                           << u"http://127.0.0.1:8080/events"_s << u"cross-site"_s;
        QTest::addRow("subdomain") << u"https://app.example.com"_s << u"https://api.example.com/e"_s
                                   << u"same-site"_s;
        QTest::addRow("scheme differs") << u"http://example.com"_s << u"https://example.com/e"_s
                                        << u"cross-site"_s;
        QTest::addRow("opaque initiator") << u"null"_s << u"https://example.com/e"_s << u"cross-site"_s;
    }
    void secFetchSite()
    {
        QFETCH(QString, initiator);
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QCOMPARE(SseScope::secFetchSite(Origin::fromString(initiator), QUrl(url)), expected);
    }
};

QTEST_GUILESS_MAIN(tst_Site)
#include "tst_site.moc"
