#include <browser/fetchmetadata.h>

#include <QTest>

using namespace SseScope;

class tst_FetchMetadata final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void site_data()
    {
        QTest::addColumn<QString>("initiator");
        QTest::addColumn<QStringList>("chain");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("same origin") << QStringLiteral("http://localhost:5173")
                                     << QStringList {QStringLiteral("http://localhost:5173/e")}
                                     << QByteArray("same-origin");
        QTest::addRow("ports differ: same site")
            << QStringLiteral("http://localhost:5173") << QStringList {QStringLiteral("http://localhost:8080/e")}
            << QByteArray("same-site");
        QTest::addRow("localhost vs 127.0.0.1 (observed cross-site)")
            << QStringLiteral("http://localhost:5173") << QStringList {QStringLiteral("http://127.0.0.1:8080/e")}
            << QByteArray("cross-site");
        QTest::addRow("subdomains") << QStringLiteral("https://app.example.com")
                                    << QStringList {QStringLiteral("https://api.example.com/e")}
                                    << QByteArray("same-site");
        QTest::addRow("public suffix list: github.io subdomains are two sites")
            << QStringLiteral("https://app.github.io") << QStringList {QStringLiteral("https://api.github.io/e")}
            << QByteArray("cross-site");
        QTest::addRow("public suffix list: co.uk")
            << QStringLiteral("https://app.example.co.uk")
            << QStringList {QStringLiteral("https://api.example.co.uk/e")} << QByteArray("same-site");
        QTest::addRow("scheme differs") << QStringLiteral("http://example.com")
                                        << QStringList {QStringLiteral("https://example.com/e")}
                                        << QByteArray("cross-site");
        QTest::addRow("a cross-site hop taints the chain")
            << QStringLiteral("https://app.example.com")
            << QStringList {QStringLiteral("https://evil.test/r"), QStringLiteral("https://app.example.com/e")}
            << QByteArray("cross-site");
        QTest::addRow("same-site hop then same origin")
            << QStringLiteral("https://app.example.com")
            << QStringList {QStringLiteral("https://api.example.com/r"), QStringLiteral("https://app.example.com/e")}
            << QByteArray("same-site");
    }

    void site()
    {
        QFETCH(QString, initiator);
        QFETCH(QStringList, chain);
        QFETCH(QByteArray, expected);
        QList<QUrl> urls;
        for (const QString &url : chain) {
            urls.append(QUrl(url));
        }
        QCOMPARE(fetchSiteHeaderValue(fetchSiteFor(Origin::fromString(initiator), urls)), expected);
    }

    void opaqueInitiatorIsCrossSite()
    {
        QCOMPARE(fetchSiteFor(Origin::opaque(), {QUrl(QStringLiteral("http://a/"))}), FetchSite::CrossSite);
        QCOMPARE(fetchSiteHeaderValue(FetchSite::None), QByteArray("none"));
    }
};

QTEST_GUILESS_MAIN(tst_FetchMetadata)
#include "tst_fetchmetadata.moc"
