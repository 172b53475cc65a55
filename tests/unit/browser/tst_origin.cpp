#include <browser/origin.h>

#include <QTest>

using namespace SseScope;

class tst_Origin final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void serialize_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::addRow("default port dropped")
            << QStringLiteral("http://example.com:80/a") << QStringLiteral("http://example.com");
        QTest::addRow("https default") << QStringLiteral("https://example.com:443")
                                       << QStringLiteral("https://example.com");
        QTest::addRow("other port kept") << QStringLiteral("http://localhost:5173/x?y")
                                         << QStringLiteral("http://localhost:5173");
        QTest::addRow("host lower-cased")
            << QStringLiteral("http://LocalHost:1") << QStringLiteral("http://localhost:1");
        QTest::addRow("ipv6") << QStringLiteral("http://[::1]:8080/") << QStringLiteral("http://[::1]:8080");
        QTest::addRow("file is opaque") << QStringLiteral("file:///tmp/x.html") << QStringLiteral("null");
    }

    void serialize()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QCOMPARE(Origin::fromUrl(QUrl(url)).serialize(), expected);
    }

    void fromString_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addRow("origin") << QStringLiteral("http://localhost:5173") << true;
        QTest::addRow("trailing slash tolerated") << QStringLiteral("https://app.example.com/") << true;
        QTest::addRow("path") << QStringLiteral("https://app.example.com/app") << false;
        QTest::addRow("no scheme") << QStringLiteral("app.example.com") << false;
        QTest::addRow("ftp") << QStringLiteral("ftp://example.com") << false;
    }

    void fromString()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString error;
        const Origin origin = Origin::fromString(text, &error);
        QCOMPARE(error.isEmpty(), valid);
        QCOMPARE(!origin.isOpaque(), valid);
    }

    void trustworthy()
    {
        QVERIFY(Origin::fromString(QStringLiteral("http://localhost:1")).isPotentiallyTrustworthy());
        QVERIFY(Origin::fromString(QStringLiteral("http://127.0.0.1:1")).isPotentiallyTrustworthy());
        QVERIFY(Origin::fromString(QStringLiteral("https://example.com")).isPotentiallyTrustworthy());
        QVERIFY(!Origin::fromString(QStringLiteral("http://example.com")).isPotentiallyTrustworthy());
        QVERIFY(isLocalhostHost(QStringLiteral("[::1]")));
        QVERIFY(!isLocalhostHost(QStringLiteral("localhost.example.com")));
    }
};

QTEST_GUILESS_MAIN(tst_Origin)
#include "tst_origin.moc"
