#include "browser/cookiejar.h"
#include "browser/findings.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <functional>

using namespace SseScope;
using namespace Qt::StringLiterals;

namespace {

const QString kPage = u"http://localhost:5173"_s;
const QString kSameSiteApi = u"http://localhost:8080"_s;
const QString kCrossSiteApi = u"http://127.0.0.1:8080"_s;

CookieContext context(const QString &page, const QString &url, CookieCredentialsMode credentials,
                      const BrowserProfile &profile = BrowserProfile::chromium())
{
    CookieContext c;
    c.topLevelOrigin = Origin::fromString(page);
    c.url = QUrl(url);
    c.credentials = credentials;
    c.profile = profile;
    return c;
}

QList<CookieFindingRef> onSet(const QByteArray &line, const QString &page, const QString &url,
                              CookieCredentialsMode credentials = CookieCredentialsMode::Include,
                              const BrowserProfile &profile = BrowserProfile::chromium())
{
    CookieJar jar;
    return cookieFindings(jar.setCookie(line, context(page, url, credentials, profile)));
}

// A cookie already in the jar (first party), then a request; the findings of cookie `name`.
QList<CookieFindingRef> onSend(const QString &cookie, const QString &cookieUrl, const QString &page,
                               const QString &url, CookieCredentialsMode credentials = CookieCredentialsMode::Include,
                               const BrowserProfile &profile = BrowserProfile::chromium())
{
    CookieJar jar;
    const CookieSetOutcome set = jar.addFirstPartyCookie(cookie, QUrl(cookieUrl));
    if (!set.stored()) {
        return {};
    }
    const CookieRequestResult r = jar.cookiesForRequest(context(page, url, credentials, profile));
    QList<CookieFindingRef> result;
    for (const CookieSendOutcome &o : r.cookies) {
        result += cookieFindings(o);
    }
    return result;
}

struct Scenario
{
    const char *findingId;
    const char *what;
    std::function<QList<CookieFindingRef>()> run;
};

// One scenario per catalogue entry: the flow that raises it.
QList<Scenario> scenarios()
{
    const QString crossLogin = kCrossSiteApi + u"/login"_s;
    const QString sameLogin = kSameSiteApi + u"/login"_s;
    const QString crossEvents = kCrossSiteApi + u"/events"_s;
    const QString sameEvents = kSameSiteApi + u"/events"_s;
    return {
        {"cookie.set-ignored-without-credentials", "login fetch without credentials",
         [=] { return onSet("sid=1; Path=/", kPage, sameLogin, CookieCredentialsMode::SameOrigin); }},
        {"cookie.not-sent-without-credentials", "stream without withCredentials, same site",
         [=] { return onSend(u"sid=1; Path=/"_s, sameEvents, kPage, sameEvents, CookieCredentialsMode::SameOrigin); }},
        {"cookie.samesite-lax-cross-site", "Lax set cross-site",
         [=] { return onSet("sid=1; Path=/; SameSite=Lax", kPage, crossLogin); }},
        {"cookie.samesite-strict-cross-site", "Strict sent cross-site",
         [=] { return onSend(u"sid=1; Path=/; SameSite=Strict"_s, crossEvents, kPage, crossEvents); }},
        {"cookie.samesite-unspecified-treated-as-lax", "no SameSite, set cross-site",
         [=] { return onSet("sid=1; Path=/", kPage, crossLogin); }},
        {"cookie.samesite-none-insecure", "None without Secure",
         [=] { return onSet("sid=1; Path=/; SameSite=None", kPage, sameLogin); }},
        {"cookie.secure-over-http", "Secure over http://example.com",
         [=] { return onSet("sid=1; Path=/; Secure", u"http://example.com"_s, u"http://example.com/login"_s); }},
        {"cookie.secure-on-localhost", "Secure over http://localhost",
         [=] { return onSet("sid=1; Path=/; Secure", kPage, sameLogin); }},
        {"cookie.third-party-blocked", "Chromium, None; Secure cross-site",
         [=] { return onSet("sid=1; Path=/; SameSite=None; Secure", kPage, crossLogin); }},
        // Not Secure: over http WebKit refuses Secure first (observed WebKitGTK 2.50), and keeps None
        // without Secure (case cookie.same-site-none-insecure); ITP then blocks it cross-site.
        {"cookie.third-party-blocked-all", "Safari, None cross-site",
         [=] {
             return onSet("sid=1; Path=/; SameSite=None", kPage, crossLogin,
                          CookieCredentialsMode::Include, BrowserProfile::safari());
         }},
        {"cookie.partitioned-firefox-tcp", "Firefox, None; Secure cross-site",
         [=] {
             return onSet("sid=1; Path=/; SameSite=None; Secure", kPage, crossLogin, CookieCredentialsMode::Include,
                          BrowserProfile::firefox());
         }},
        {"cookie.other-partition", "Firefox, first-party cookie from a cross-site page",
         [=] {
             return onSend(u"sid=1; Path=/; SameSite=None; Secure"_s, crossEvents, kPage, crossEvents,
                           CookieCredentialsMode::Include, BrowserProfile::firefox());
         }},
        {"cookie.domain-mismatch", "host-only cookie, sibling host",
         [=] {
             return onSend(u"sid=1; Path=/"_s, u"https://a.example.com/"_s, u"https://b.example.com"_s,
                           u"https://b.example.com/events"_s);
         }},
        {"cookie.path-mismatch", "Path=/api, stream /events",
         [=] { return onSend(u"sid=1; Path=/api"_s, sameEvents, kPage, sameEvents); }},
        {"cookie.invalid-domain", "Domain of another site",
         [=] { return onSet("sid=1; Domain=example.com", kPage, sameLogin); }},
        {"cookie.invalid-partitioned", "Partitioned without Secure",
         [=] { return onSet("sid=1; Path=/; Partitioned", kPage, sameLogin); }},
        {"cookie.invalid-prefix", "__Host- with Domain",
         [=] { return onSet("__Host-sid=1; Path=/; Secure; Domain=localhost", kPage, sameLogin); }},
        {"cookie.overwrite-secure", "http overwrites a Secure cookie",
         [=] {
             CookieJar jar;
             jar.addFirstPartyCookie(u"sid=1; Path=/; Secure"_s, QUrl(u"https://example.com/"_s));
             return cookieFindings(jar.setCookie(
                 "sid=2; Path=/",
                 context(u"http://example.com"_s, u"http://example.com/login"_s, CookieCredentialsMode::Include)));
         }},
        {"cookie.malformed", "control character in the value",
         [=] { return onSet("sid=a\x01" "b", kPage, sameLogin); }},
        {"cookie.domain-non-ascii", "Domain=bücher.de",
         [=] {
             return onSet("sid=1; Path=/; Domain=b\xc3\xbc" "cher.de", u"https://www.xn--bcher-kva.de"_s,
                          u"https://www.xn--bcher-kva.de/login"_s);
         }},
        {"cookie.attribute-ignored", "Path over 1024 bytes",
         [=] { return onSet("sid=1; Path=/" + QByteArray(1100, 'x'), kPage, sameLogin); }},
        {"cookie.samesite-unspecified-cross-site", "Firefox, no SameSite, cross-site",
         [=] {
             return onSet("sid=1; Path=/", kPage, crossLogin, CookieCredentialsMode::Include,
                          BrowserProfile::firefox());
         }},
    };
}

} // namespace

class tst_CookieFindings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

    void catalogueWellFormed()
    {
        const QList<FindingDefinition> defs = cookieFindingDefinitions();
        QVERIFY(defs.size() >= 15);
        QSet<QString> ids;
        const QRegularExpression idPattern(u"^cookie\\.[a-z0-9]+(-[a-z0-9]+)*$"_s);
        for (const FindingDefinition &d : defs) {
            const QString id = QString::fromLatin1(d.id);
            QVERIFY2(idPattern.match(id).hasMatch(), d.id);
            QVERIFY2(!ids.contains(id), d.id);
            ids.insert(id);
            for (const char *text : {d.title, d.explanation, d.fix, d.snippetExpress, d.snippetNginx, d.snippetOther,
                                     d.reference}) {
                QVERIFY2(text && *text, d.id);
            }
        }
    }

    void everyFinding_data()
    {
        QTest::addColumn<QString>("findingId");
        QTest::addColumn<int>("index");
        const QList<Scenario> all = scenarios();
        for (int i = 0; i < all.size(); ++i) {
            QTest::addRow("%s (%s)", all.at(i).findingId, all.at(i).what) << QString::fromLatin1(all.at(i).findingId) << i;
        }
    }
    void everyFinding()
    {
        QFETCH(QString, findingId);
        QFETCH(int, index);
        const QList<CookieFindingRef> findings = scenarios().at(index).run();
        QStringList ids;
        for (const CookieFindingRef &f : findings) {
            ids.append(QString::fromLatin1(f.id));
        }
        QVERIFY2(ids.contains(findingId), qPrintable(ids.join(u", "_s)));
        for (const CookieFindingRef &f : findings) {
            QVERIFY2(findingDefinition(f.id), f.id); // every id produced is in the table
            if (QString::fromLatin1(f.id) == findingId) {
                QVERIFY2(f.detail.contains(u"sid"_s), qPrintable(f.detail)); // names the cookie
            }
        }
    }

    void everyCatalogueEntryHasAScenario()
    {
        QSet<QString> covered;
        for (const Scenario &s : scenarios()) {
            covered.insert(QString::fromLatin1(s.findingId));
        }
        for (const FindingDefinition &d : cookieFindingDefinitions()) {
            QVERIFY2(covered.contains(QString::fromLatin1(d.id)), d.id);
        }
    }

    void everyExclusionMapsToAFinding()
    {
        for (int i = 0; i <= int(CookieExclusion::OtherPartition); ++i) {
            const auto reason = static_cast<CookieExclusion>(i);
            for (bool set : {true, false}) {
                const char *id = cookieFindingIdForExclusion(reason, set, ThirdPartyCookiePolicy::BlockUnpartitioned);
                QVERIFY2(id && findingDefinition(id), qPrintable(exclusionName(reason)));
            }
        }
        QCOMPARE(QString::fromLatin1(cookieFindingIdForExclusion(CookieExclusion::UserPreferences, false,
                                                                 ThirdPartyCookiePolicy::BlockAll)),
                 u"cookie.third-party-blocked-all"_s);
        QCOMPARE(QString::fromLatin1(cookieFindingIdForExclusion(CookieExclusion::NoCredentials, true,
                                                                 ThirdPartyCookiePolicy::Allow)),
                 u"cookie.set-ignored-without-credentials"_s);
    }

    void detailNamesReasonsAndContext()
    {
        const QList<CookieFindingRef> f =
            onSet("sid=1; Path=/; SameSite=Lax", kPage, kCrossSiteApi + u"/login"_s);
        QCOMPARE(f.size(), 1); // the primary reason only, not one finding per reason
        QCOMPARE(QString::fromLatin1(f.first().id), u"cookie.samesite-lax-cross-site"_s);
        QVERIFY(f.first().detail.contains(u"EXCLUDE_SAMESITE_LAX, EXCLUDE_USER_PREFERENCES"_s));
        QVERIFY(f.first().detail.contains(u"http://127.0.0.1:8080/login"_s));
        QVERIFY(f.first().detail.contains(u"page http://localhost:5173"_s));
        // An included cookie with no warnings raises nothing.
        QVERIFY(onSet("sid=1; Path=/; SameSite=Lax", kPage, kSameSiteApi + u"/login"_s).isEmpty());
    }

private:
    static const FindingDefinition *findingDefinition(const char *id)
    {
        static const QList<FindingDefinition> defs = cookieFindingDefinitions();
        for (const FindingDefinition &d : defs) {
            if (qstrcmp(d.id, id) == 0) {
                return &d;
            }
        }
        return nullptr;
    }
};

QTEST_GUILESS_MAIN(tst_CookieFindings)
#include "tst_cookiefindings.moc"
