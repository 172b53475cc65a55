// CookieJar against the browsers' policies: the cookie table observed in Chromium 156, the
// differences between the profiles, third-party cookies, partitions, Secure, Domain, Path and
// SameSite on send. The storage model step by step and the jar's bounds are tst_cookiejarstorage.

#include "cookiejartesthelpers.h"

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;
using namespace Qt::StringLiterals;

namespace {

// The observed flow: the page fetches api + "/login" with credentials: 'include' (which answers
// with Set-Cookie), then opens the stream at api + "/events".
struct Flow
{
    CookieSetOutcome set;
    CookieRequestResult stream;
};

Flow loginThenStream(CookieJar &jar, const QString &page, const QString &api, const QByteArray &setCookie,
                     bool withCredentials, const BrowserProfile &profile = BrowserProfile::chromium(),
                     ThirdPartyCookieOverride override = ThirdPartyCookieOverride::ProfileDefault)
{
    Flow flow;
    flow.set = jar.setCookie(setCookie,
                             context(page, api + u"/login"_s, CookieCredentialsMode::Include, profile, override));
    flow.stream = jar.cookiesForRequest(context(page, api + u"/events"_s,
                                                withCredentials ? CookieCredentialsMode::Include
                                                                : CookieCredentialsMode::SameOrigin,
                                                profile, override));
    return flow;
}

QString sendStatusOf(const CookieRequestResult &result, const QString &name)
{
    for (const CookieSendOutcome &o : result.cookies) {
        if (o.cookie.name == name) {
            return o.status.debugString();
        }
    }
    return u"<not in jar>"_s;
}

BrowserProfile profileNamed(const QString &name)
{
    bool ok = false;
    const BrowserProfile p = BrowserProfile::fromName(name, &ok);
    Q_ASSERT(ok);
    return p;
}

} // namespace

class tst_CookieJar final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // Every row of the cookie table observed in Chromium 156 (browser-rules.md, top).
    void observedChromiumTable_data()
    {
        QTest::addColumn<QString>("api");
        QTest::addColumn<QByteArray>("setCookie");
        QTest::addColumn<bool>("withCredentials");
        QTest::addColumn<bool>("sent");
        QTest::addColumn<QString>("setStatus");
        QTest::addColumn<QString>("sendStatus");

        QTest::addRow("same site, Lax") << kSameSiteApi << QByteArray("sid=1; Path=/; SameSite=Lax") << true << true
                                        << u"INCLUDE"_s << u"INCLUDE"_s;
        QTest::addRow("same site, None; Secure over http localhost")
            << kSameSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure") << true << true
            << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s
            << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("same site, None without Secure")
            << kSameSiteApi << QByteArray("sid=1; Path=/; SameSite=None") << true << false
            << u"EXCLUDE_SAMESITE_NONE_INSECURE"_s << u"<not in jar>"_s;
        QTest::addRow("same site, Lax, no withCredentials")
            << kSameSiteApi << QByteArray("sid=1; Path=/; SameSite=Lax") << false << false << u"INCLUDE"_s
            << u"NO_CREDENTIALS"_s;
        QTest::addRow("cross site, Lax") << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=Lax") << true
                                         << false << u"EXCLUDE_SAMESITE_LAX, EXCLUDE_USER_PREFERENCES"_s
                                         << u"<not in jar>"_s;
        QTest::addRow("cross site, no SameSite")
            << kCrossSiteApi << QByteArray("sid=1; Path=/") << true << false
            << u"EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX, EXCLUDE_USER_PREFERENCES"_s << u"<not in jar>"_s;
        QTest::addRow("cross site, None; Secure (third-party blocked)")
            << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure") << true << false
            << u"EXCLUDE_USER_PREFERENCES; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s << u"<not in jar>"_s;
        QTest::addRow("cross site, None; Secure; Partitioned")
            << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure; Partitioned") << true << true
            << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s
            << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
    }
    void observedChromiumTable()
    {
        QFETCH(QString, api);
        QFETCH(QByteArray, setCookie);
        QFETCH(bool, withCredentials);
        QFETCH(bool, sent);
        QFETCH(QString, setStatus);
        QFETCH(QString, sendStatus);

        CookieJar jar;
        const Flow flow = loginThenStream(jar, kPage, api, setCookie, withCredentials);
        QCOMPARE(flow.set.status.debugString(), setStatus);
        QCOMPARE(flow.stream.cookieHeader, sent ? u"sid=1"_s : QString());
        QCOMPARE(sendStatusOf(flow.stream, u"sid"_s), sendStatus);
        QCOMPARE(flow.stream.credentialsIncluded, withCredentials);
    }

    // Firefox (Total Cookie Protection) and Safari (no third-party cookies) against the same
    // flow, plus the --third-party-cookies override.
    void profileDifferences_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("override"); // "" | allow | block
        QTest::addColumn<QString>("api");
        QTest::addColumn<QByteArray>("setCookie");
        QTest::addColumn<bool>("sent");
        QTest::addColumn<QString>("setStatus");

        // Observed in Firefox ESR 153: TCP keeps the cookie in the page's partition and sends it.
        QTest::addRow("firefox: cross site None; Secure is sent (observed)")
            << u"firefox"_s << QString() << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure")
            << true << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC, PARTITIONED_BY_TOTAL_COOKIE_PROTECTION"_s;
        QTest::addRow("firefox: cross site Lax still blocked")
            << u"firefox"_s << QString() << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=Lax") << false
            << u"EXCLUDE_SAMESITE_LAX"_s;
        QTest::addRow("firefox: no SameSite is not Lax by default")
            << u"firefox"_s << QString() << kCrossSiteApi << QByteArray("sid=1; Path=/") << true
            << u"INCLUDE; WARN_SAMESITE_UNSPECIFIED_CROSS_SITE_CONTEXT, PARTITIONED_BY_TOTAL_COOKIE_PROTECTION"_s;
        QTest::addRow("firefox: same site Lax as Chromium")
            << u"firefox"_s << QString() << kSameSiteApi << QByteArray("sid=1; Path=/; SameSite=Lax") << true
            << u"INCLUDE"_s;
        QTest::addRow("firefox: --third-party-cookies block")
            << u"firefox"_s << u"block"_s << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure")
            << false << u"EXCLUDE_USER_PREFERENCES; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        // WebKit keeps a Secure cookie from http://localhost out (observed WebKitGTK 2.50, cases
        // cookie.same-site-none-secure / -secure-lax / -partitioned): EXCLUDE_SECURE_ONLY beside ITP.
        QTest::addRow("safari: cross site None; Secure blocked")
            << u"safari"_s << QString() << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure")
            << false << u"EXCLUDE_SECURE_ONLY, EXCLUDE_USER_PREFERENCES"_s;
        QTest::addRow("safari: Partitioned blocked too")
            << u"safari"_s << QString() << kCrossSiteApi
            << QByteArray("sid=1; Path=/; SameSite=None; Secure; Partitioned") << false
            << u"EXCLUDE_SECURE_ONLY, EXCLUDE_USER_PREFERENCES"_s;
        QTest::addRow("safari: --third-party-cookies block keeps block-all")
            << u"safari"_s << u"block"_s << kCrossSiteApi
            << QByteArray("sid=1; Path=/; SameSite=None; Secure; Partitioned") << false
            << u"EXCLUDE_SECURE_ONLY, EXCLUDE_USER_PREFERENCES"_s;
        QTest::addRow("safari: same site Lax as Chromium")
            << u"safari"_s << QString() << kSameSiteApi << QByteArray("sid=1; Path=/; SameSite=Lax") << true
            << u"INCLUDE"_s;
        QTest::addRow("safari: --third-party-cookies allow, but Secure over http is still refused")
            << u"safari"_s << u"allow"_s << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure")
            << false << u"EXCLUDE_SECURE_ONLY"_s;
        // Observed WebKitGTK 2.50 (case cookie.same-site-none-insecure): None without Secure is kept.
        QTest::addRow("safari: --third-party-cookies allow, None without Secure")
            << u"safari"_s << u"allow"_s << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None")
            << true << u"INCLUDE"_s;
        QTest::addRow("chromium: --third-party-cookies allow")
            << u"chromium"_s << u"allow"_s << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=None; Secure")
            << true << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("chromium: allow does not lift SameSite=Lax")
            << u"chromium"_s << u"allow"_s << kCrossSiteApi << QByteArray("sid=1; Path=/; SameSite=Lax") << false
            << u"EXCLUDE_SAMESITE_LAX"_s;
        QTest::addRow("chromium: --third-party-cookies block keeps Partitioned")
            << u"chromium"_s << u"block"_s << kCrossSiteApi
            << QByteArray("sid=1; Path=/; SameSite=None; Secure; Partitioned") << true
            << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
    }
    void profileDifferences()
    {
        QFETCH(QString, profile);
        QFETCH(QString, override);
        QFETCH(QString, api);
        QFETCH(QByteArray, setCookie);
        QFETCH(bool, sent);
        QFETCH(QString, setStatus);

        ThirdPartyCookieOverride o = ThirdPartyCookieOverride::ProfileDefault;
        if (!override.isEmpty()) {
            bool ok = false;
            o = parseThirdPartyCookieOverride(override, &ok);
            QVERIFY(ok);
        }
        CookieJar jar;
        const Flow flow = loginThenStream(jar, kPage, api, setCookie, true, profileNamed(profile), o);
        QCOMPARE(flow.set.status.debugString(), setStatus);
        QCOMPARE(flow.stream.cookieHeader, sent ? u"sid=1"_s : QString());
    }

    void parseOverride()
    {
        bool ok = true;
        QCOMPARE(parseThirdPartyCookieOverride(u"ALLOW"_s, &ok), ThirdPartyCookieOverride::Allow);
        QVERIFY(ok);
        QCOMPARE(parseThirdPartyCookieOverride(u"block"_s, &ok), ThirdPartyCookieOverride::Block);
        QVERIFY(ok);
        parseThirdPartyCookieOverride(u"maybe"_s, &ok);
        QVERIFY(!ok);
    }

    // A first-party session cookie (CLI --cookie) seen from a cross-site page, per profile.
    void firstPartyCookieFromCrossSitePage_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("override");
        QTest::addColumn<QString>("sendStatus");
        QTest::addRow("chromium blocks it") << u"chromium"_s << QString()
                                            << u"EXCLUDE_USER_PREFERENCES; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("chromium with allow sends it")
            << u"chromium"_s << u"allow"_s << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("firefox: another partition") << u"firefox"_s << QString()
                                                    << u"OTHER_PARTITION; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        // Safari's ITP: not observable in WebKitGTK, whose default (ITP off, NO_THIRD_PARTY) would
        // send this cookie stored first-party (BrowserProfile::policyNotObservedInSuite).
        QTest::addRow("safari: ITP blocks it") << u"safari"_s << QString()
                                          << u"EXCLUDE_SECURE_ONLY, EXCLUDE_USER_PREFERENCES"_s;
    }
    void firstPartyCookieFromCrossSitePage()
    {
        QFETCH(QString, profile);
        QFETCH(QString, override);
        QFETCH(QString, sendStatus);
        CookieJar jar;
        const CookieSetOutcome set =
            jar.addFirstPartyCookie(u"sid=1; Path=/; SameSite=None; Secure"_s, QUrl(kCrossSiteApi + u"/events"_s));
        QVERIFY(set.stored());
        const CookieRequestResult r = jar.cookiesForRequest(
            context(kPage, kCrossSiteApi + u"/events"_s, CookieCredentialsMode::Include, profileNamed(profile),
                    parseThirdPartyCookieOverride(override)));
        QCOMPARE(sendStatusOf(r, u"sid"_s), sendStatus);
        QCOMPARE(r.cookieHeader.isEmpty(), !sendStatus.startsWith(u"INCLUDE"_s));
        // The same cookie first-party (the API's own page) is sent in every profile — except that
        // WebKit never sends a Secure cookie over http, even to localhost (observed WebKitGTK 2.50).
        const CookieRequestResult own = jar.cookiesForRequest(
            context(kCrossSiteApi, kCrossSiteApi + u"/events"_s, CookieCredentialsMode::SameOrigin,
                    profileNamed(profile)));
        QCOMPARE(own.cookieHeader, profile == u"safari"_s ? QString() : u"sid=1"_s);
    }

    void partitionsAreKeyedByTopLevelSite_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QByteArray>("setCookie");
        QTest::addRow("chromium CHIPS") << u"chromium"_s << QByteArray("sid=1; Path=/; SameSite=None; Secure; Partitioned");
        QTest::addRow("firefox TCP") << u"firefox"_s << QByteArray("sid=1; Path=/; SameSite=None; Secure");
    }
    void partitionsAreKeyedByTopLevelSite()
    {
        QFETCH(QString, profile);
        QFETCH(QByteArray, setCookie);
        const BrowserProfile p = profileNamed(profile);
        CookieJar jar;
        const Flow flow = loginThenStream(jar, kPage, kCrossSiteApi, setCookie, true, p);
        QCOMPARE(flow.stream.cookieHeader, u"sid=1"_s);
        QCOMPARE(flow.set.cookie.partitionKey, u"http://localhost"_s);
        // Another top-level site: the cookie is in localhost's partition, not this one.
        const CookieRequestResult other = jar.cookiesForRequest(
            context(u"http://app.localhost:3000"_s, kCrossSiteApi + u"/events"_s, CookieCredentialsMode::Include, p));
        QCOMPARE(other.cookieHeader, QString());
        QVERIFY(other.cookies.first().status.hasExclusion(CookieExclusion::OtherPartition));
        // The API's own page (first party) does not see it either: it lives in localhost's partition.
        const CookieRequestResult firstParty = jar.cookiesForRequest(
            context(kCrossSiteApi, kCrossSiteApi + u"/events"_s, CookieCredentialsMode::SameOrigin, p));
        QCOMPARE(firstParty.cookieHeader, QString());
        QVERIFY(firstParty.cookies.first().status.hasExclusion(CookieExclusion::OtherPartition));
        // Same page on another port: same top-level site, same partition.
        const CookieRequestResult samePartition = jar.cookiesForRequest(
            context(u"http://localhost:9999"_s, kCrossSiteApi + u"/events"_s, CookieCredentialsMode::Include, p));
        QCOMPARE(samePartition.cookieHeader, u"sid=1"_s);
    }

    void setWithoutCredentialsIgnored_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("credentials");
        QTest::addColumn<bool>("stored");
        QTest::addRow("same-origin request, same-origin mode")
            << kPage + u"/login"_s << int(CookieCredentialsMode::SameOrigin) << true;
        QTest::addRow("same-site other port, same-origin mode")
            << kSameSiteApi + u"/login"_s << int(CookieCredentialsMode::SameOrigin) << false;
        QTest::addRow("cross-site, same-origin mode")
            << kCrossSiteApi + u"/login"_s << int(CookieCredentialsMode::SameOrigin) << false;
        QTest::addRow("omit, even same origin") << kPage + u"/login"_s << int(CookieCredentialsMode::Omit) << false;
        QTest::addRow("include, same site") << kSameSiteApi + u"/login"_s << int(CookieCredentialsMode::Include)
                                            << true;
    }
    void setWithoutCredentialsIgnored()
    {
        QFETCH(QString, url);
        QFETCH(int, credentials);
        QFETCH(bool, stored);
        CookieJar jar;
        const CookieSetOutcome o = jar.setCookie(QByteArrayLiteral("sid=1; Path=/; SameSite=Lax"),
                                                 context(kPage, url, CookieCredentialsMode(credentials)));
        QCOMPARE(o.stored(), stored);
        QCOMPARE(o.status.hasOnlyExclusion(CookieExclusion::NoCredentials), !stored);
        QCOMPARE(jar.allCookies().size(), stored ? 1 : 0);
    }

    void secureOverHttp_data()
    {
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("status");
        QTest::addRow("http://localhost") << u"http://localhost:8080"_s
                                          << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("http://127.0.0.1") << u"http://127.0.0.1:8080"_s
                                          << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("http://[::1]") << u"http://[::1]:8080"_s
                                      << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("http://app.localhost") << u"http://app.localhost"_s
                                              << u"INCLUDE; WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("http://example.com") << u"http://example.com"_s << u"EXCLUDE_SECURE_ONLY"_s;
        QTest::addRow("http://192.168.1.10") << u"http://192.168.1.10"_s << u"EXCLUDE_SECURE_ONLY"_s;
        QTest::addRow("https://example.com") << u"https://example.com"_s << u"INCLUDE"_s;
    }
    void secureOverHttp()
    {
        QFETCH(QString, origin);
        QFETCH(QString, status);
        const QString url = origin + u"/login"_s;
        CookieJar jar;
        const CookieSetOutcome set =
            jar.setCookie(QByteArrayLiteral("sid=1; Path=/; Secure"), context(origin, url, CookieCredentialsMode::Include));
        QCOMPARE(set.status.debugString(), status);

        // Sending: a Secure cookie already in the jar (set over https) on the http URL.
        CookieJar sendJar;
        QUrl httpsUrl(url);
        httpsUrl.setScheme(u"https"_s);
        httpsUrl.setPort(-1);
        QVERIFY(sendJar.addFirstPartyCookie(u"sid=1; Path=/; Secure"_s, httpsUrl).stored());
        const CookieRequestResult r =
            sendJar.cookiesForRequest(context(origin, url, CookieCredentialsMode::SameOrigin));
        QCOMPARE(sendStatusOf(r, u"sid"_s), status);
    }

    void domainAttribute_data()
    {
        QTest::addColumn<QString>("setUrl");
        QTest::addColumn<QByteArray>("setCookie");
        QTest::addColumn<QString>("setStatus");
        QTest::addColumn<QString>("storedDomain");
        QTest::addColumn<QString>("requestUrl");
        QTest::addColumn<QString>("sendStatus");

        QTest::addRow("Domain covers a sibling") << u"https://a.example.com/login"_s
                                                 << QByteArray("sid=1; Path=/; Domain=example.com") << u"INCLUDE"_s
                                                 << u".example.com"_s << u"https://b.example.com/events"_s
                                                 << u"INCLUDE"_s;
        QTest::addRow("leading dot ignored") << u"https://a.example.com/login"_s
                                             << QByteArray("sid=1; Path=/; Domain=.EXAMPLE.com") << u"INCLUDE"_s
                                             << u".example.com"_s << u"https://example.com/events"_s << u"INCLUDE"_s;
        QTest::addRow("host-only to a sibling: domain mismatch")
            << u"https://a.example.com/login"_s << QByteArray("sid=1; Path=/") << u"INCLUDE"_s
            << u"a.example.com"_s << u"https://b.example.com/events"_s << u"EXCLUDE_DOMAIN_MISMATCH"_s;
        QTest::addRow("another site") << u"https://a.example.com/login"_s
                                      << QByteArray("sid=1; Domain=other.com") << u"EXCLUDE_INVALID_DOMAIN"_s
                                      << QString() << QString() << QString();
        QTest::addRow("a subdomain of the host") << u"https://a.example.com/login"_s
                                                 << QByteArray("sid=1; Domain=x.a.example.com")
                                                 << u"EXCLUDE_INVALID_DOMAIN"_s << QString() << QString() << QString();
        QTest::addRow("public suffix co.uk") << u"https://x.example.co.uk/login"_s
                                             << QByteArray("sid=1; Domain=co.uk") << u"EXCLUDE_INVALID_DOMAIN"_s
                                             << QString() << QString() << QString();
        QTest::addRow("public suffix github.io") << u"https://a.github.io/login"_s
                                                 << QByteArray("sid=1; Domain=github.io")
                                                 << u"EXCLUDE_INVALID_DOMAIN"_s << QString() << QString() << QString();
        QTest::addRow("Domain=localhost on localhost is a host cookie")
            << u"http://localhost:8080/login"_s << QByteArray("sid=1; Path=/; Domain=localhost") << u"INCLUDE"_s
            << u"localhost"_s << u"http://localhost:9000/events"_s << u"INCLUDE"_s;
        QTest::addRow("Domain=IP on that IP is a host cookie")
            << u"http://127.0.0.1:8080/login"_s << QByteArray("sid=1; Path=/; Domain=127.0.0.1") << u"INCLUDE"_s
            << u"127.0.0.1"_s << u"http://127.0.0.1:9000/events"_s << u"INCLUDE"_s;
        QTest::addRow("Domain=localhost from 127.0.0.1")
            << u"http://127.0.0.1:8080/login"_s << QByteArray("sid=1; Domain=localhost")
            << u"EXCLUDE_INVALID_DOMAIN"_s << QString() << QString() << QString();
        QTest::addRow("non-ASCII Domain of another site")
            << u"https://a.example.com/login"_s << QByteArray("sid=1; Domain=ex\xc3\xa4mple.com")
            << u"EXCLUDE_INVALID_DOMAIN; WARN_DOMAIN_NON_ASCII"_s << QString() << QString() << QString();
        QTest::addRow("non-ASCII Domain, canonicalized to punycode")
            << u"https://www.xn--bcher-kva.de/login"_s << QByteArray("sid=1; Path=/; Domain=b\xc3\xbc" "cher.de")
            << u"INCLUDE; WARN_DOMAIN_NON_ASCII"_s << u".xn--bcher-kva.de"_s << u"https://shop.bücher.de/events"_s
            << u"INCLUDE"_s;
    }
    void domainAttribute()
    {
        QFETCH(QString, setUrl);
        QFETCH(QByteArray, setCookie);
        QFETCH(QString, setStatus);
        QFETCH(QString, storedDomain);
        QFETCH(QString, requestUrl);
        QFETCH(QString, sendStatus);

        CookieJar jar;
        const Origin setOrigin = Origin::fromUrl(QUrl(setUrl));
        const CookieSetOutcome set =
            jar.setCookie(setCookie, context(setOrigin.serialize(), setUrl, CookieCredentialsMode::Include));
        QCOMPARE(set.status.debugString(), setStatus);
        if (!set.stored()) {
            QVERIFY(jar.allCookies().isEmpty());
            return;
        }
        QCOMPARE(set.cookie.domain, storedDomain);
        const Origin requestOrigin = Origin::fromUrl(QUrl(requestUrl));
        const CookieRequestResult r =
            jar.cookiesForRequest(context(requestOrigin.serialize(), requestUrl, CookieCredentialsMode::SameOrigin));
        QCOMPARE(sendStatusOf(r, u"sid"_s), sendStatus);
    }

    void cookiesOfOtherSitesAreNotListed()
    {
        CookieJar jar;
        QVERIFY(jar.addFirstPartyCookie(u"a=1; Path=/"_s, QUrl(u"https://example.com/"_s)).stored());
        QVERIFY(jar.addFirstPartyCookie(u"b=1; Path=/"_s, QUrl(u"https://example.org/"_s)).stored());
        const CookieRequestResult r = jar.cookiesForRequest(
            context(u"https://example.org"_s, u"https://example.org/x"_s, CookieCredentialsMode::SameOrigin));
        QCOMPARE(r.cookies.size(), 1);
        QCOMPARE(r.cookieHeader, u"b=1"_s);
    }

    void pathAttribute_data()
    {
        QTest::addColumn<QString>("loginPath");
        QTest::addColumn<QByteArray>("setCookie");
        QTest::addColumn<QString>("streamPath");
        QTest::addColumn<QString>("storedPath");
        QTest::addColumn<QString>("sendStatus");
        QTest::addRow("default path from /api/login, stream /events")
            << u"/api/login"_s << QByteArray("sid=1") << u"/events"_s << u"/api"_s << u"EXCLUDE_NOT_ON_PATH"_s;
        QTest::addRow("default path from /api/login, stream /api/events")
            << u"/api/login"_s << QByteArray("sid=1") << u"/api/events"_s << u"/api"_s << u"INCLUDE"_s;
        QTest::addRow("default path from /login is /") << u"/login"_s << QByteArray("sid=1") << u"/events"_s
                                                       << u"/"_s << u"INCLUDE"_s;
        QTest::addRow("explicit Path=/") << u"/api/login"_s << QByteArray("sid=1; Path=/") << u"/events"_s << u"/"_s
                                         << u"INCLUDE"_s;
        QTest::addRow("Path=/ap is not a directory of /api")
            << u"/login"_s << QByteArray("sid=1; Path=/ap") << u"/api/events"_s << u"/ap"_s
            << u"EXCLUDE_NOT_ON_PATH"_s;
    }
    void pathAttribute()
    {
        QFETCH(QString, loginPath);
        QFETCH(QByteArray, setCookie);
        QFETCH(QString, streamPath);
        QFETCH(QString, storedPath);
        QFETCH(QString, sendStatus);
        CookieJar jar;
        const CookieSetOutcome set =
            jar.setCookie(setCookie, context(kPage, kSameSiteApi + loginPath, CookieCredentialsMode::Include));
        QVERIFY(set.stored());
        QCOMPARE(set.cookie.path, storedPath);
        const CookieRequestResult r =
            jar.cookiesForRequest(context(kPage, kSameSiteApi + streamPath, CookieCredentialsMode::Include));
        QCOMPARE(sendStatusOf(r, u"sid"_s), sendStatus);
    }

    void sameSiteOnSend_data()
    {
        QTest::addColumn<QString>("attributes");
        QTest::addColumn<QString>("sameSiteStatus");
        QTest::addColumn<QString>("crossSiteStatus");
        const QString warn = u"WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"_s;
        QTest::addRow("Strict") << u"SameSite=Strict"_s << u"INCLUDE"_s
                                << u"EXCLUDE_SAMESITE_STRICT, EXCLUDE_USER_PREFERENCES"_s;
        QTest::addRow("Lax") << u"SameSite=Lax"_s << u"INCLUDE"_s << u"EXCLUDE_SAMESITE_LAX, EXCLUDE_USER_PREFERENCES"_s;
        QTest::addRow("unspecified") << QString() << u"INCLUDE"_s
                                     << u"EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX, EXCLUDE_USER_PREFERENCES"_s;
        QTest::addRow("None; Secure") << u"SameSite=None; Secure"_s << u"INCLUDE; "_s + warn
                                      << u"EXCLUDE_USER_PREFERENCES; "_s + warn;
        QTest::addRow("None; Secure; Partitioned") << u"SameSite=None; Secure; Partitioned"_s
                                                   << u"INCLUDE; "_s + warn << u"INCLUDE; "_s + warn;
    }
    void sameSiteOnSend()
    {
        // Cookies already in the jar (first-party, as with --cookie), sent from a same-site and a
        // cross-site page.
        QFETCH(QString, attributes);
        QFETCH(QString, sameSiteStatus);
        QFETCH(QString, crossSiteStatus);
        const QString events = kCrossSiteApi + u"/events"_s;
        CookieJar jar;
        QVERIFY(jar.addFirstPartyCookie(u"sid=1; Path=/; "_s + attributes, QUrl(events)).stored());
        // A Partitioned cookie set first-party lives in the API's own partition; for the cross-site
        // page it would be another partition, so set that one from the page instead.
        if (attributes.contains(u"Partitioned"_s)) {
            jar.setCookie((u"sid=1; Path=/; "_s + attributes).toUtf8(),
                          context(kPage, kCrossSiteApi + u"/login"_s, CookieCredentialsMode::Include));
        }
        const CookieRequestResult same =
            jar.cookiesForRequest(context(u"http://127.0.0.1:3000"_s, events, CookieCredentialsMode::Include));
        QCOMPARE(same.cookies.first().status.debugString(), sameSiteStatus);
        const CookieRequestResult cross = jar.cookiesForRequest(context(kPage, events, CookieCredentialsMode::Include));
        bool anyMatch = false;
        for (const CookieSendOutcome &o : cross.cookies) {
            anyMatch = anyMatch || o.status.debugString() == crossSiteStatus;
        }
        QVERIFY2(anyMatch, qPrintable(cross.cookies.first().status.debugString()));
    }

    void schemefulSameSite()
    {
        // http://example.com and https://example.com are different sites (schemeful same-site):
        // a Lax cookie of the https site is not sent to it from the http page.
        CookieJar jar;
        QVERIFY(jar.addFirstPartyCookie(u"sid=1; Path=/; SameSite=Lax; Secure"_s, QUrl(u"https://example.com/"_s))
                    .stored());
        const CookieContext fromHttpPage =
            context(u"http://example.com"_s, u"https://example.com/events"_s, CookieCredentialsMode::Include);
        QCOMPARE(sendStatusOf(jar.cookiesForRequest(fromHttpPage), u"sid"_s),
                 u"EXCLUDE_SAMESITE_LAX, EXCLUDE_USER_PREFERENCES"_s);
        const CookieContext fromHttpsPage =
            context(u"https://www.example.com"_s, u"https://example.com/events"_s, CookieCredentialsMode::Include);
        QCOMPARE(jar.cookiesForRequest(fromHttpsPage).cookieHeader, u"sid=1"_s);
    }

    void noneWithoutSecureRejectedEvenFirstParty()
    {
        // --cookie goes through the same rules: SameSite=None without Secure never enters the jar.
        CookieJar jar;
        CookieSetOutcome set = jar.addFirstPartyCookie(u"sid=1; Path=/; SameSite=None"_s, QUrl(kSameSiteApi));
        QVERIFY(set.status.hasOnlyExclusion(CookieExclusion::SameSiteNoneInsecure));
        QVERIFY(!set.stored());
    }

    void invalidPartitionedAndPrefixes_data()
    {
        QTest::addColumn<QByteArray>("setCookie");
        QTest::addColumn<QString>("status");
        QTest::addRow("Partitioned without Secure") << QByteArray("sid=1; Path=/; Partitioned")
                                                    << u"EXCLUDE_INVALID_PARTITIONED"_s;
        QTest::addRow("__Secure- without Secure") << QByteArray("__Secure-sid=1; Path=/")
                                                  << u"EXCLUDE_INVALID_PREFIX"_s;
        QTest::addRow("__Secure- with Secure") << QByteArray("__Secure-sid=1; Path=/; Secure") << u"INCLUDE"_s;
        QTest::addRow("__Host- with Domain") << QByteArray("__Host-sid=1; Path=/; Secure; Domain=example.com")
                                             << u"EXCLUDE_INVALID_PREFIX"_s;
        QTest::addRow("__Host- without Path=/") << QByteArray("__Host-sid=1; Secure") << u"EXCLUDE_INVALID_PREFIX"_s;
        QTest::addRow("__host- case-insensitive") << QByteArray("__host-sid=1; Path=/") << u"EXCLUDE_INVALID_PREFIX"_s;
        QTest::addRow("__Host- correct") << QByteArray("__Host-sid=1; Path=/; Secure") << u"INCLUDE"_s;
        QTest::addRow("nameless looking prefixed") << QByteArray("__Host-sid; Path=/; Secure")
                                                   << u"EXCLUDE_INVALID_PREFIX"_s;
    }
    void invalidPartitionedAndPrefixes()
    {
        QFETCH(QByteArray, setCookie);
        QFETCH(QString, status);
        CookieJar jar;
        const CookieSetOutcome set = jar.setCookie(
            setCookie, context(u"https://example.com"_s, u"https://example.com/login"_s, CookieCredentialsMode::Include));
        QCOMPARE(set.status.debugString(), status);
        QCOMPARE(set.stored(), status == u"INCLUDE"_s);
    }
};

QTEST_GUILESS_MAIN(tst_CookieJar)
#include "tst_cookiejar.moc"
