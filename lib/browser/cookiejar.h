#pragma once

#include "cookie.h"
#include "origin.h"
#include "profile.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>

namespace SseScope {

// The request's credentials mode (Fetch §2.2.5). EventSource uses SameOrigin, or Include with
// withCredentials; fetch() defaults to SameOrigin.
enum class CookieCredentialsMode { Omit, SameOrigin, Include };

// `--third-party-cookies allow|block`, or the profile's own default.
enum class ThirdPartyCookieOverride { ProfileDefault, Allow, Block };
// "allow" / "block" (case-insensitive); ok=false otherwise.
ThirdPartyCookieOverride parseThirdPartyCookieOverride(const QString &text, bool *ok = nullptr);

// What one engine does with cookies, after the CLI override.
struct CookieRules
{
    // Chromium: SameSite unspecified is Lax (since M80). Firefox and Safari ship without
    // Lax-by-default (Firefox pref network.cookie.sameSite.laxByDefault=false).
    bool laxByDefault = true;
    // SameSite=None requires Secure (Chromium since M80; Firefox noneRequiresSecure). Observed
    // WebKitGTK 2.50 (conformance case cookie.same-site-none-insecure): it does not.
    bool noneRequiresSecure = true;
    // http://localhost and loopback count as secure for Secure cookies (Chromium, Firefox: they
    // are potentially trustworthy). Observed WebKitGTK 2.50 (cases cookie.same-site-none-secure,
    // cookie.same-site-secure-lax, cookie.same-site-partitioned): a Secure cookie set over
    // http://localhost is never sent back over http.
    bool localhostIsSecure = true;
    ThirdPartyCookiePolicy thirdPartyCookies = ThirdPartyCookiePolicy::BlockUnpartitioned;
};
// Allow → Allow; Block → BlockAll for a profile that already blocks all (Safari), else
// BlockUnpartitioned (Partitioned cookies keep working, as in Chromium's blocking setting).
CookieRules cookieRulesFor(const BrowserProfile &profile,
                           ThirdPartyCookieOverride override = ThirdPartyCookieOverride::ProfileDefault);

// Where a request happens: the page (top-level and initiator origin), the URL, the credentials
// mode and the browser. Redirects and frames are outside this model: the initiator is the page.
struct CookieContext
{
    QUrl url;
    Origin topLevelOrigin;
    CookieCredentialsMode credentials = CookieCredentialsMode::SameOrigin;
    BrowserProfile profile = BrowserProfile::chromium();
    ThirdPartyCookieOverride thirdPartyCookies = ThirdPartyCookieOverride::ProfileDefault;

    // Whether the request carries cookies and stores Set-Cookie at all (Fetch "include
    // credentials": Include, or SameOrigin on a same-origin URL).
    bool credentialsIncluded() const;
    // Schemeful same-site between the URL and the page (Chromium's SameSite context for a
    // subresource whose initiator is the top-level page).
    bool isSameSite() const;
    QString partitionKey() const; // serialized top-level site
    CookieRules rules() const { return cookieRulesFor(profile, thirdPartyCookies); }
};

// What happened to one Set-Cookie line.
struct CookieSetOutcome
{
    enum class Action {
        Stored, // a new cookie
        Replaced, // overwrote an equivalent cookie (same name, domain, path, partition)
        Deleted, // already expired (Max-Age<=0 / past Expires): removed an equivalent cookie
        Ignored, // already expired, nothing to remove
        Excluded, // see status
    };
    QString line; // as received (for messages)
    QString name; // the cookie's name ("" when nameless or unparseable)
    Action action = Action::Excluded;
    CookieInclusionStatus status;
    CanonicalCookie cookie; // when stored/replaced
    QUrl url;
    Origin topLevelOrigin;
    ThirdPartyCookiePolicy thirdPartyCookies = ThirdPartyCookiePolicy::BlockUnpartitioned;
    bool stored() const { return action == Action::Stored || action == Action::Replaced; }
};

// What happened to one cookie in the jar for one request.
struct CookieSendOutcome
{
    CanonicalCookie cookie;
    CookieInclusionStatus status;
    QUrl url;
    Origin topLevelOrigin;
    ThirdPartyCookiePolicy thirdPartyCookies = ThirdPartyCookiePolicy::BlockUnpartitioned;
    bool included() const { return status.isInclude(); }
};

struct CookieRequestResult
{
    QString cookieHeader; // the Cookie header value; empty: no header
    bool credentialsIncluded = false;
    // Every cookie of the request's site (registrable domain) the jar holds, in header order:
    // included ones and the excluded ones with their reasons.
    QList<CookieSendOutcome> cookies;
    QList<CookieSendOutcome> included() const;
    QList<CookieSendOutcome> excluded() const;
};

// A browser's cookie store as one profile would keep it: pure, no I/O, time from an injected
// clock. Follows Chromium's net/cookies (CookieMonster, CanonicalCookie::Create,
// CookieBase::IncludeForRequestURL, cookie_util) and the observed Chromium 156 cookie table; the
// Firefox and Safari differences are the third-party policies and laxByDefault (CookieRules).
class CookieJar final
{
public:
    using Clock = std::function<QDateTime()>;
    // Chromium caps expiry at 400 days (RFC 6265bis §5.6.1/5.6.2).
    static constexpr qint64 kMaxExpirySeconds = 400LL * 24 * 60 * 60;
    // Chromium CookieMonster kDomainMaxCookies / kMaxCookies.
    static constexpr int kDomainMaxCookies = 180;
    static constexpr int kMaxCookies = 3300;

    explicit CookieJar(Clock clock = {});

    // A Set-Cookie header from a response to ctx.url, fetched from the page ctx.topLevelOrigin.
    CookieSetOutcome setCookie(const QByteArray &setCookieLine, const CookieContext &context);
    QList<CookieSetOutcome> setCookies(const QList<QByteArray> &setCookieLines, const CookieContext &context);
    // `--cookie 'name=value; attributes'`: a cookie already in the jar as if set by a first-party
    // response from `url` (same-site context, credentials included, unpartitioned unless the
    // line says Partitioned, then keyed to the URL's own site).
    CookieSetOutcome addFirstPartyCookie(const QString &setCookieLine, const QUrl &url);

    // The cookies a request would carry, and why each other cookie of the site would not.
    CookieRequestResult cookiesForRequest(const CookieContext &context);

    QList<CanonicalCookie> allCookies() const; // not expired, creation order
    void clear() { m_cookies.clear(); }

private:
    // RFC 6265bis §5.7 "Storage Model", one named step at a time (cookiejar.cpp).
    CookieSetOutcome store(const QByteArray &line, const CookieContext &context, bool forceFirstParty);
    void leaveSecureCookiesAlone(const ParsedCookie &pc, const QString &domain, const QString &path,
        const QString &partitionKey, const QDateTime &current, CookieInclusionStatus &status) const;
    CookieSetOutcome::Action replaceOrInsert(CanonicalCookie &cookie, bool alreadyExpired);
    QDateTime now() const;
    void evictOverflow(const QString &domain);

    Clock m_clock;
    QList<CanonicalCookie> m_cookies;
    quint64 m_nextSequence = 1;
};

// The cookie findings an outcome raises: catalogue id (static string, for makeFinding()) and
// this occurrence's detail, naming the cookie, URL and page. Empty when nothing is worth saying.
struct CookieFindingRef
{
    const char *id;
    QString detail;
};
QList<CookieFindingRef> cookieFindings(const CookieSetOutcome &outcome);
QList<CookieFindingRef> cookieFindings(const CookieSendOutcome &outcome);
// The finding id for one exclusion reason (nullptr for none), given the third-party policy that
// was in force (Safari's block-all has its own fix).
const char *cookieFindingIdForExclusion(CookieExclusion reason, bool onSet, ThirdPartyCookiePolicy policy);

} // namespace SseScope
