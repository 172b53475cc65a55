#pragma once

#include "cookiejar.h"
#include "cookieprovider.h"
#include "profile.h"

namespace SseScope {

// The adapter between the cookie jar (cookiejar.h: which cookies, by Chromium's rules) and the
// EventSource model's hooks (cookieprovider.h: the model decides *whether* credentials go). Every
// cookie outcome becomes a CookieOutcome with Chromium's inclusion-status names, and the outcomes
// worth telling become findings through cookieFindings().
//
// Pure, like the rest of lib/browser: the jar is not owned and the clock is the jar's.
class JarCookieProvider final : public CookieProvider, public SetCookieSink
{
public:
    JarCookieProvider(CookieJar *jar, const BrowserProfile &profile,
        ThirdPartyCookieOverride thirdPartyCookies = ThirdPartyCookieOverride::ProfileDefault);

    CookieAttachment cookiesForRequest(const CookieRequestContext &context) override;
    CookieAttachment storeFromResponse(
        const CookieRequestContext &context, const QList<QByteArray> &setCookieLines) override;

    // The outcome names of one inclusion status: exclusions, then warnings ("EXCLUDE_SAMESITE_LAX",
    // "WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC").
    static QStringList reasonNames(const CookieInclusionStatus &status);
    // A Set-Cookie outcome as the model's CookieOutcome; `included` means stored. A deletion (an
    // expired cookie) is reported with the reason "DELETED", an ignored expired one "EXPIRED".
    static CookieOutcome outcomeOf(const CookieSetOutcome &outcome);

    // Every outcome since the last call, with its direction: the model's Decision mixes the
    // outcomes of storing (Set-Cookie on a hop) and sending (the next hop), the log keeps them apart.
    struct LoggedOutcome
    {
        bool set = false; // true: from Set-Cookie; false: considered for a request's Cookie header
        CookieOutcome outcome;
    };
    QList<LoggedOutcome> takeLog();

private:
    CookieContext contextFor(const CookieRequestContext &context) const;

    CookieJar *m_jar;
    BrowserProfile m_profile;
    ThirdPartyCookieOverride m_thirdPartyCookies;
    QList<LoggedOutcome> m_log;
};

} // namespace SseScope
