#include <browser/profile.h>

#include <QTest>

using namespace SseScope;

// The profile values; each difference's behaviour is tested where it acts (tst_eventsourcemodel and
// the other tst_eventsource* tests, tst_preflight, and the cookie tests for the third-party policy).
class tst_BrowserProfile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void names()
    {
        bool ok = false;
        QCOMPARE(BrowserProfile::fromName(QStringLiteral("Chrome"), &ok).kind, BrowserKind::Chromium);
        QVERIFY(ok);
        QCOMPARE(BrowserProfile::fromName(QStringLiteral("FIREFOX"), &ok).kind, BrowserKind::Firefox);
        QCOMPARE(BrowserProfile::fromName(QStringLiteral("safari"), &ok).kind, BrowserKind::Safari);
        BrowserProfile::fromName(QStringLiteral("opera"), &ok);
        QVERIFY(!ok);
        QCOMPARE(BrowserProfile::names(),
            (QStringList {QStringLiteral("chromium"), QStringLiteral("firefox"), QStringLiteral("safari")}));
        // all() lists the same engines in the same order, each the profile its name gives.
        const QList<BrowserProfile> all = BrowserProfile::all();
        QCOMPARE(all.size(), BrowserProfile::names().size());
        for (int i = 0; i < all.size(); ++i) {
            QCOMPARE(all.at(i).name, BrowserProfile::names().at(i));
            QCOMPARE(all.at(i).kind, BrowserProfile::fromName(BrowserProfile::names().at(i)).kind);
        }
    }

    void deltas()
    {
        const BrowserProfile c = BrowserProfile::chromium();
        const BrowserProfile f = BrowserProfile::firefox();
        const BrowserProfile s = BrowserProfile::safari();
        QCOMPARE(c.defaultReconnectionMs, 3000);
        QCOMPARE(f.defaultReconnectionMs, 5000);
        QCOMPARE(f.minimumRetryMs, 500);
        QCOMPARE(c.minimumRetryMs, 0);
        QVERIFY(c.failsNonUtf8Charset && !f.failsNonUtf8Charset && !s.failsNonUtf8Charset);
        // Observed Chromium 156 opens on `Text/Event-Stream` (tests/browser case es.type-uppercase).
        QVERIFY(c.mimeTypeCaseInsensitive && f.mimeTypeCaseInsensitive && s.mimeTypeCaseInsensitive);
        QVERIFY(c.reconnectsToFinalUrl && !f.reconnectsToFinalUrl && !s.reconnectsToFinalUrl);
        QVERIFY(c.sniffsWithoutNosniff && !f.sniffsWithoutNosniff);
        // Observed Firefox ESR 153: no Content-Type held open waits (tests/browser es.no-content-type-held).
        QVERIFY(c.waitsOnMissingContentType && f.waitsOnMissingContentType);
        QVERIFY(c.updatesLastEventIdWithoutData && !f.updatesLastEventIdWithoutData);
        QCOMPARE(c.thirdPartyCookies, ThirdPartyCookiePolicy::BlockUnpartitioned);
        QCOMPARE(f.thirdPartyCookies, ThirdPartyCookiePolicy::PartitionPerTopSite);
        QCOMPARE(s.thirdPartyCookies, ThirdPartyCookiePolicy::BlockAll);
        // Safari's ITP is what WebKitGTK (the suite's WebKit) cannot show: the profile says so.
        QVERIFY(s.policyNotObservedInSuite.contains(QLatin1String("Intelligent Tracking Prevention")));
        QVERIFY(c.policyNotObservedInSuite.isEmpty() && f.policyNotObservedInSuite.isEmpty());
        // Observed Firefox ESR 153 and WebKitGTK 2.50 too (tests/browser case fetch.auth-acah-star).
        QVERIFY(c.wildcardCoversAuthorization && f.wildcardCoversAuthorization && s.wildcardCoversAuthorization);
        // Observed WebKitGTK 2.50 (cases es.302-to-other-*, es.no-content-type-held,
        // es.status-401-plain-held): WebKit's own deltas.
        QVERIFY(c.fetchMetadataAfterTaintedRedirect && f.fetchMetadataAfterTaintedRedirect
            && !s.fetchMetadataAfterTaintedRedirect);
        QCOMPARE(s.missingContentTypeName, QByteArray("application/octet-stream"));
        QVERIFY(c.missingContentTypeName.isEmpty() && f.missingContentTypeName.isEmpty());
        QVERIFY(!c.holdsAuthChallengesUntilBodyEnds && !f.holdsAuthChallengesUntilBodyEnds
            && s.holdsAuthChallengesUntilBodyEnds);
        // Observed WebKitGTK 2.50 (wire.407-held, wire.407-ended): an origin's 407 is a status.
        QVERIFY(c.originProxyAuthIsNetworkError && !f.originProxyAuthIsNetworkError
            && !s.originProxyAuthIsNetworkError);
        QCOMPARE(c.preflightMaxAgeCapSeconds, 7200);
        QCOMPARE(f.preflightMaxAgeCapSeconds, 86400);
        QCOMPARE(s.preflightMaxAgeCapSeconds, 600);
        QVERIFY(c.reconnectsOnEveryNetworkError && !f.reconnectsOnEveryNetworkError);
    }
};

QTEST_GUILESS_MAIN(tst_BrowserProfile)
#include "tst_browserprofile.moc"
