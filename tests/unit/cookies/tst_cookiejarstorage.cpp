// CookieJar and RFC 6265bis §5.7 "Storage Model", step by step: non-cookieable schemes, Secure
// overwrites, expiry with an injected clock, the Cookie header's order, the jar's bounds. The
// browsers' policies are tst_cookiejar.

#include "cookiejartesthelpers.h"

#include <QRegularExpression>
#include <QTest>

using namespace SseScope;
using namespace SseScope::TestHelpers;
using namespace Qt::StringLiterals;

class tst_CookieJarStorage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    // RFC 6265bis §5.7 "Storage Model", step by step (CookieJar::store names each step): one row
    // per step the jar takes, with Chromium's reason names. `prior` is set first, from priorUrl.
    void storageModelSteps_data()
    {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("priorUrl");
        QTest::addColumn<QByteArray>("prior");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("credentials");
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("action");
        QTest::addColumn<QString>("stored"); // "domain path" of each cookie of that name in the jar afterwards

        const int include = int(CookieCredentialsMode::Include);
        const int excluded = int(CookieSetOutcome::Action::Excluded);
        const int storedAction = int(CookieSetOutcome::Action::Stored);
        const QString app = u"https://app.example.com"_s;
        const QString api = u"https://api.example.com/login"_s;
        const QString other = u"https://api.other.com/login"_s;

        QTest::addRow("§5.7 step 1 (Fetch): no credentials, the store never sees it")
            << kPage << QString() << QByteArray() << kSameSiteApi + u"/login"_s << QByteArray("sid=1; Path=/")
            << int(CookieCredentialsMode::SameOrigin) << u"NO_CREDENTIALS"_s << excluded << QString();
        QTest::addRow("§5.7 step 1: a third-party cookie is ignored (Chromium's default)")
            << app << QString() << QByteArray() << other << QByteArray("sid=1; Path=/; SameSite=None; Secure")
            << include << u"EXCLUDE_USER_PREFERENCES"_s << excluded << QString();
        QTest::addRow("§5.7 step 2: no name and no value")
            << app << QString() << QByteArray() << api << QByteArray("=; Path=/") << include
            << u"EXCLUDE_NO_COOKIE_CONTENT"_s << excluded << QString();
        QTest::addRow("§5.7 step 3: a control character in the value")
            << app << QString() << QByteArray() << api << QByteArray("sid=a\x01z; Path=/") << include
            << u"EXCLUDE_DISALLOWED_CHARACTER"_s << excluded << QString();
        QTest::addRow("§5.7 step 4: name plus value of 4096 octets is kept")
            << app << QString() << QByteArray() << api << QByteArray("sid=") + QByteArray(4093, 'x') + "; Path=/"
            << include << u"INCLUDE"_s << storedAction << u"api.example.com /"_s;
        QTest::addRow("§5.7 step 4: name plus value over 4096 octets")
            << app << QString() << QByteArray() << api << QByteArray("sid=") + QByteArray(4094, 'x') + "; Path=/"
            << include << u"EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE"_s << excluded << QString();
        QTest::addRow("§5.7 step 9: Domain is a public suffix")
            << u"https://x.example.co.uk"_s << QString() << QByteArray() << u"https://x.example.co.uk/login"_s
            << QByteArray("sid=1; Path=/; Domain=co.uk") << include << u"EXCLUDE_INVALID_DOMAIN"_s << excluded
            << QString();
        QTest::addRow("§5.7 step 9: Domain is the host itself, with no registrable domain: host-only")
            << kPage << QString() << QByteArray() << kSameSiteApi + u"/login"_s
            << QByteArray("sid=1; Path=/; Domain=localhost") << include << u"INCLUDE"_s << storedAction
            << u"localhost /"_s;
        QTest::addRow("§5.7 step 10: the host does not domain-match Domain")
            << app << QString() << QByteArray() << api << QByteArray("sid=1; Path=/; Domain=b.example.com") << include
            << u"EXCLUDE_INVALID_DOMAIN"_s << excluded << QString();
        QTest::addRow("§5.7 step 10: Domain makes a domain cookie")
            << app << QString() << QByteArray() << api << QByteArray("sid=1; Path=/; Domain=example.com") << include
            << u"INCLUDE"_s << storedAction << u".example.com /"_s;
        QTest::addRow("§5.7 step 11: no Path: the default-path of the request-uri")
            << app << QString() << QByteArray() << u"https://api.example.com/auth/login"_s << QByteArray("sid=1")
            << include << u"INCLUDE"_s << storedAction << u"api.example.com /auth"_s;
        QTest::addRow("§5.7 step 13: Secure from an insecure connection")
            << u"http://example.com"_s << QString() << QByteArray() << u"http://example.com/login"_s
            << QByteArray("sid=1; Path=/; Secure") << include << u"EXCLUDE_SECURE_ONLY"_s << excluded << QString();
        QTest::addRow("§5.7 step 16: leave Secure cookies alone")
            << u"http://example.com"_s << u"https://example.com/login"_s << QByteArray("sid=s; Path=/; Secure")
            << u"http://example.com/login"_s << QByteArray("sid=p; Path=/") << include
            << u"EXCLUDE_OVERWRITE_SECURE"_s << excluded << u"example.com /"_s;
        QTest::addRow("§5.7 step 18: SameSite=Strict from a cross-site response")
            << app << QString() << QByteArray() << other << QByteArray("sid=1; Path=/; SameSite=Strict; Secure")
            << include << u"EXCLUDE_SAMESITE_STRICT, EXCLUDE_USER_PREFERENCES"_s << excluded << QString();
        QTest::addRow("§5.7 step 18: SameSite=Strict from a same-site response")
            << app << QString() << QByteArray() << api << QByteArray("sid=1; Path=/; SameSite=Strict; Secure")
            << include << u"INCLUDE"_s << storedAction << u"api.example.com /"_s;
        QTest::addRow("§5.7 step 19: SameSite=None without Secure")
            << app << QString() << QByteArray() << api << QByteArray("sid=1; Path=/; SameSite=None") << include
            << u"EXCLUDE_SAMESITE_NONE_INSECURE"_s << excluded << QString();
        QTest::addRow("§5.7 step 20: __Secure- without Secure")
            << app << QString() << QByteArray() << api << QByteArray("__Secure-sid=1; Path=/") << include
            << u"EXCLUDE_INVALID_PREFIX"_s << excluded << QString();
        QTest::addRow("§5.7 step 21: __Host- with a Domain")
            << app << QString() << QByteArray() << api
            << QByteArray("__Host-sid=1; Path=/; Secure; Domain=example.com") << include
            << u"EXCLUDE_INVALID_PREFIX"_s << excluded << QString();
        QTest::addRow("§5.7 step 22: a nameless cookie that looks like __Host-")
            << app << QString() << QByteArray() << api << QByteArray("__Host-sid; Path=/; Secure") << include
            << u"EXCLUDE_INVALID_PREFIX"_s << excluded << QString();
        QTest::addRow("§5.7 step 23: same name, domain and path: replaced")
            << app << api << QByteArray("sid=1; Path=/") << api << QByteArray("sid=2; Path=/") << include
            << u"INCLUDE"_s << int(CookieSetOutcome::Action::Replaced) << u"api.example.com /"_s;
        QTest::addRow("§5.7 step 24: another path is another cookie")
            << app << api << QByteArray("sid=1; Path=/auth") << api << QByteArray("sid=2; Path=/") << include
            << u"INCLUDE"_s << storedAction << u"api.example.com /auth; api.example.com /"_s;
        QTest::addRow("§5.7 steps 6 and 23: already expired: the old cookie is removed")
            << app << api << QByteArray("sid=1; Path=/") << api << QByteArray("sid=; Path=/; Max-Age=0") << include
            << u"INCLUDE"_s << int(CookieSetOutcome::Action::Deleted) << QString();
        QTest::addRow("§5.7 step 6: already expired, nothing to remove")
            << app << QString() << QByteArray() << api << QByteArray("sid=1; Path=/; Max-Age=0") << include
            << u"INCLUDE"_s << int(CookieSetOutcome::Action::Ignored) << QString();
    }
    void storageModelSteps()
    {
        QFETCH(QString, page);
        QFETCH(QString, priorUrl);
        QFETCH(QByteArray, prior);
        QFETCH(QString, url);
        QFETCH(QByteArray, line);
        QFETCH(int, credentials);
        QFETCH(QString, status);
        QFETCH(int, action);
        QFETCH(QString, stored);

        CookieJar jar;
        if (!prior.isEmpty()) {
            const CookieSetOutcome first
                = jar.setCookie(prior, context(Origin::fromUrl(QUrl(priorUrl)).serialize(), priorUrl,
                                           CookieCredentialsMode::Include));
            QVERIFY2(first.stored(), qPrintable(first.status.debugString()));
        }
        const CookieSetOutcome outcome
            = jar.setCookie(line, context(page, url, CookieCredentialsMode(credentials)));
        QCOMPARE(outcome.status.debugString(), status);
        QCOMPARE(int(outcome.action), action);
        QStringList inJar;
        for (const CanonicalCookie &cookie : jar.allCookies()) {
            if (cookie.name == outcome.name) {
                inJar.append(cookie.domain + u' ' + cookie.path);
            }
        }
        QCOMPARE(inJar.join(u"; "_s), stored);
    }

    void nonCookieableScheme()
    {
        CookieJar jar;
        const CookieSetOutcome set =
            jar.addFirstPartyCookie(u"sid=1"_s, QUrl(u"file:///tmp/page.html"_s));
        QCOMPARE(set.status.debugString(), u"EXCLUDE_NONCOOKIEABLE_SCHEME"_s);
    }

    void overwriteSecure()
    {
        CookieJar jar;
        QVERIFY(jar.addFirstPartyCookie(u"sid=secure; Path=/; Secure"_s, QUrl(u"https://example.com/"_s)).stored());
        const CookieSetOutcome o = jar.addFirstPartyCookie(u"sid=plain; Path=/"_s, QUrl(u"http://example.com/"_s));
        QCOMPARE(o.status.debugString(), u"EXCLUDE_OVERWRITE_SECURE"_s);
        // Over http://localhost (trustworthy) the same overwrite is allowed.
        QVERIFY(jar.addFirstPartyCookie(u"tok=s; Path=/; Secure"_s, QUrl(u"http://localhost/"_s)).stored());
        QCOMPARE(jar.addFirstPartyCookie(u"tok=p; Path=/"_s, QUrl(u"http://localhost/"_s)).status.debugString(),
                 u"INCLUDE"_s);
    }

    void expiryWithInjectedClock()
    {
        QDateTime now(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
        CookieJar jar([&now] { return now; });
        const CookieContext ctx = context(kPage, kSameSiteApi + u"/login"_s, CookieCredentialsMode::Include);
        const CookieContext stream = context(kPage, kSameSiteApi + u"/events"_s, CookieCredentialsMode::Include);

        QCOMPARE(jar.setCookie(QByteArrayLiteral("a=1; Path=/; Max-Age=60"), ctx).action,
                 CookieSetOutcome::Action::Stored);
        // Max-Age wins over a far-future Expires.
        QVERIFY(jar.setCookie(QByteArrayLiteral("b=1; Path=/; Max-Age=30; Expires=Wed, 21 Oct 2099 07:28:00 GMT"), ctx)
                    .stored());
        QVERIFY(jar.setCookie(QByteArrayLiteral("c=1; Path=/; Expires=Thu, 01 Jan 2026 12:00:45 GMT"), ctx).stored());
        QVERIFY(jar.setCookie(QByteArrayLiteral("s=1; Path=/"), ctx).stored()); // session cookie

        now = now.addSecs(29);
        QCOMPARE(jar.cookiesForRequest(stream).cookieHeader, u"a=1; b=1; c=1; s=1"_s);
        now = now.addSecs(1); // t+30: b expires
        QCOMPARE(jar.cookiesForRequest(stream).cookieHeader, u"a=1; c=1; s=1"_s);
        now = now.addSecs(15); // t+45: c expires
        QCOMPARE(jar.cookiesForRequest(stream).cookieHeader, u"a=1; s=1"_s);
        now = now.addSecs(14); // t+59
        QCOMPARE(jar.cookiesForRequest(stream).cookieHeader, u"a=1; s=1"_s);
        now = now.addSecs(1); // t+60
        QCOMPARE(jar.cookiesForRequest(stream).cookieHeader, u"s=1"_s);
        QCOMPARE(jar.cookiesForRequest(stream).cookies.size(), 1); // expired ones are gone

        // Max-Age=0 deletes; an already-past Expires with nothing to delete is ignored.
        QCOMPARE(jar.setCookie(QByteArrayLiteral("s=1; Path=/; Max-Age=0"), ctx).action,
                 CookieSetOutcome::Action::Deleted);
        QCOMPARE(jar.setCookie(QByteArrayLiteral("z=1; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), ctx).action,
                 CookieSetOutcome::Action::Ignored);
        QVERIFY(jar.allCookies().isEmpty());

        // Expiry capped at 400 days.
        const CookieSetOutcome longLived = jar.setCookie(QByteArrayLiteral("l=1; Path=/; Max-Age=999999999"), ctx);
        QCOMPARE(longLived.cookie.expiry, now.addSecs(CookieJar::kMaxExpirySeconds));
    }

    void headerOrder()
    {
        QDateTime now(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
        CookieJar jar([&now] { return now; });
        const CookieContext ctx = context(kPage, kSameSiteApi + u"/login"_s, CookieCredentialsMode::Include);
        QVERIFY(jar.setCookie(QByteArrayLiteral("first=1; Path=/"), ctx).stored());
        now = now.addSecs(1);
        QVERIFY(jar.setCookie(QByteArrayLiteral("deep=1; Path=/api/events"), ctx).stored());
        QVERIFY(jar.setCookie(QByteArrayLiteral("second=1; Path=/"), ctx).stored()); // same time as deep
        QVERIFY(jar.setCookie(QByteArrayLiteral("mid=1; Path=/api"), ctx).stored());
        const CookieContext events = context(kPage, kSameSiteApi + u"/api/events"_s, CookieCredentialsMode::Include);
        QCOMPARE(jar.cookiesForRequest(events).cookieHeader, u"deep=1; mid=1; first=1; second=1"_s);
        now = now.addSecs(1);
        // Chromium keeps the creation time of a replaced cookie only when its value is unchanged:
        // refreshing `first` keeps its place, a new value moves it after `second`.
        QCOMPARE(jar.setCookie(QByteArrayLiteral("first=1; Path=/; Max-Age=60"), ctx).action,
                 CookieSetOutcome::Action::Replaced);
        QCOMPARE(jar.cookiesForRequest(events).cookieHeader, u"deep=1; mid=1; first=1; second=1"_s);
        QCOMPARE(jar.setCookie(QByteArrayLiteral("first=2; Path=/"), ctx).action, CookieSetOutcome::Action::Replaced);
        const CookieRequestResult r = jar.cookiesForRequest(events);
        QCOMPARE(r.cookieHeader, u"deep=1; mid=1; second=1; first=2"_s);
        QCOMPARE(r.included().size(), 4);
        QVERIFY(r.excluded().isEmpty());
        QCOMPARE(jar.allCookies().size(), 4);
    }

    void boundedJar()
    {
        CookieJar jar;
        const CookieContext ctx = context(kPage, kSameSiteApi + u"/login"_s, CookieCredentialsMode::Include);
        for (int i = 0; i < CookieJar::kDomainMaxCookies + 20; ++i) {
            QVERIFY(jar.setCookie("c" + QByteArray::number(i) + "=1; Path=/", ctx).stored());
        }
        const QList<CanonicalCookie> all = jar.allCookies();
        QCOMPARE(all.size(), CookieJar::kDomainMaxCookies);
        QCOMPARE(all.first().name, u"c20"_s); // the oldest went first
        QCOMPARE(all.last().name, u"c199"_s);
    }

    void boundedJarInAll()
    {
        // kMaxCookies over many domains, each under its own cap: the oldest cookie of any domain goes.
        CookieJar jar;
        const int perDomain = 100;
        const int domains = CookieJar::kMaxCookies / perDomain + 1;
        for (int d = 0; d < domains; ++d) {
            const QUrl url(u"http://h%1.test/"_s.arg(d));
            for (int i = 0; i < perDomain; ++i) {
                QVERIFY(jar.addFirstPartyCookie(u"c%1=1"_s.arg(i), url).stored());
            }
        }
        const QList<CanonicalCookie> all = jar.allCookies();
        QCOMPARE(all.size(), CookieJar::kMaxCookies);
        QCOMPARE(all.first().domain, u"h1.test"_s); // h0 (the 100 oldest) went first
        QCOMPARE(all.first().name, u"c0"_s);
        QCOMPARE(all.last().domain, u"h%1.test"_s.arg(domains - 1));
    }

    void namelessCookieSentAsValue()
    {
        CookieJar jar;
        QVERIFY(jar.addFirstPartyCookie(u"token123; Path=/"_s, QUrl(kSameSiteApi)).stored());
        const CookieRequestResult r =
            jar.cookiesForRequest(context(kPage, kSameSiteApi + u"/events"_s, CookieCredentialsMode::Include));
        QCOMPARE(r.cookieHeader, u"token123"_s);
    }
};

QTEST_GUILESS_MAIN(tst_CookieJarStorage)
#include "tst_cookiejarstorage.moc"
