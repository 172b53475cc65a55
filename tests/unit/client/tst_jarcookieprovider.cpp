// JarCookieProvider: the cookie jar's decisions reach the browser model as CookieOutcomes with
// Chromium's status names, findings, and a direction-keeping log.

#include <browser/jarcookieprovider.h>

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;

namespace {

CookieRequestContext context(const QString &url, const QString &page)
{
    CookieRequestContext c;
    c.url = QUrl(url);
    c.pageOrigin = Origin::fromString(page);
    c.urlChain = {c.url};
    return c;
}

QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);
}

} // namespace

class tst_JarCookieProvider final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void sendsWhatTheJarIncludes_data()
    {
        QTest::addColumn<QString>("cookie");
        QTest::addColumn<QString>("page");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("finding");
        QTest::addRow("same-site Lax is sent")
            << QStringLiteral("sid=1; SameSite=Lax; Secure") << QStringLiteral("https://app.example.com")
            << QByteArray("sid=1") << QString() << QString();
        QTest::addRow("cross-site Lax is not")
            << QStringLiteral("sid=1; SameSite=Lax; Secure") << QStringLiteral("https://app.other.test") << QByteArray()
            << QStringLiteral("EXCLUDE_SAMESITE_LAX") << QStringLiteral("cookie.samesite-lax-cross-site");
        QTest::addRow("cross-site None, unpartitioned: blocked as third-party in Chromium")
            << QStringLiteral("sid=1; SameSite=None; Secure") << QStringLiteral("https://app.other.test")
            << QByteArray() << QStringLiteral("EXCLUDE_USER_PREFERENCES")
            << QStringLiteral("cookie.third-party-blocked");
    }

    void sendsWhatTheJarIncludes()
    {
        QFETCH(QString, cookie);
        QFETCH(QString, page);
        QFETCH(QByteArray, header);
        QFETCH(QString, reason);
        QFETCH(QString, finding);
        CookieJar jar(fixedNow);
        const QUrl url(QStringLiteral("https://api.example.com/events"));
        QVERIFY(jar.addFirstPartyCookie(cookie, url).stored());
        JarCookieProvider provider(&jar, BrowserProfile::chromium());
        const CookieAttachment attachment = provider.cookiesForRequest(context(url.toString(), page));
        QCOMPARE(attachment.headerValue, header);
        QCOMPARE(attachment.outcomes.size(), 1);
        QCOMPARE(attachment.outcomes.constFirst().name, QStringLiteral("sid"));
        QCOMPARE(attachment.outcomes.constFirst().included, header.size() > 0);
        if (!reason.isEmpty()) {
            QVERIFY2(attachment.outcomes.constFirst().reasons.contains(reason),
                qPrintable(attachment.outcomes.constFirst().reasons.join(QLatin1Char(' '))));
        }
        const bool hasFinding = std::any_of(attachment.findings.cbegin(), attachment.findings.cend(),
            [&finding](const Finding &f) { return f.id == finding; });
        QCOMPARE(hasFinding, !finding.isEmpty());
        const QList<JarCookieProvider::LoggedOutcome> log = provider.takeLog();
        QCOMPARE(log.size(), 1);
        QVERIFY(!log.constFirst().set);
        QVERIFY(provider.takeLog().isEmpty());
    }

    void storesWithTheModelsRules()
    {
        CookieJar jar(fixedNow);
        JarCookieProvider provider(&jar, BrowserProfile::chromium());
        const CookieRequestContext crossSite
            = context(QStringLiteral("https://api.example.com/login"), QStringLiteral("https://app.other.test"));
        const CookieAttachment stored = provider.storeFromResponse(crossSite,
            {QByteArrayLiteral("a=1; SameSite=None; Secure; Partitioned"),
                QByteArrayLiteral("b=2; SameSite=None; Secure"),
                QByteArrayLiteral("c=3; SameSite=None; Secure; Partitioned; Max-Age=0")});
        QCOMPARE(stored.outcomes.size(), 3);
        QCOMPARE(stored.outcomes.at(0).name, QStringLiteral("a"));
        QVERIFY(stored.outcomes.at(0).included); // partitioned: kept in the page's partition
        QVERIFY(!stored.outcomes.at(1).included); // third-party, unpartitioned: blocked
        QVERIFY(stored.outcomes.at(1).reasons.contains(QStringLiteral("EXCLUDE_USER_PREFERENCES")));
        QVERIFY(!stored.outcomes.at(2).included);
        QCOMPARE(stored.outcomes.at(2).reasons.constFirst(), QStringLiteral("EXPIRED"));
        QVERIFY(std::any_of(stored.findings.cbegin(), stored.findings.cend(),
            [](const Finding &f) { return f.id == QLatin1String("cookie.third-party-blocked"); }));
        const QList<JarCookieProvider::LoggedOutcome> log = provider.takeLog();
        QCOMPARE(log.size(), 3);
        QVERIFY(std::all_of(log.cbegin(), log.cend(), [](const auto &entry) { return entry.set; }));
        // The partitioned cookie goes back to the same page, and only it.
        const CookieAttachment sent = provider.cookiesForRequest(
            context(QStringLiteral("https://api.example.com/events"), QStringLiteral("https://app.other.test")));
        QCOMPARE(sent.headerValue, QByteArray("a=1"));
    }

    void noJarNoCookies()
    {
        JarCookieProvider provider(nullptr, BrowserProfile::chromium());
        const CookieRequestContext c
            = context(QStringLiteral("https://api.example.com/e"), QStringLiteral("https://api.example.com"));
        QVERIFY(provider.cookiesForRequest(c).headerValue.isEmpty());
        QVERIFY(provider.storeFromResponse(c, {QByteArrayLiteral("a=1")}).outcomes.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_JarCookieProvider)
#include "tst_jarcookieprovider.moc"
