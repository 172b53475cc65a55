#include "jarcookieprovider.h"

#include <utility>

namespace SseScope {

JarCookieProvider::JarCookieProvider(
    CookieJar *jar, const BrowserProfile &profile, ThirdPartyCookieOverride thirdPartyCookies)
    : m_jar(jar)
    , m_profile(profile)
    , m_thirdPartyCookies(thirdPartyCookies)
{
}

CookieContext JarCookieProvider::contextFor(const CookieRequestContext &context) const
{
    CookieContext cookieContext;
    cookieContext.url = context.url;
    cookieContext.topLevelOrigin = context.pageOrigin;
    // The model calls the hooks only for requests that include credentials (Fetch §4.6), so the
    // jar sees "include": the credentials decision is the model's, not the jar's.
    cookieContext.credentials = CookieCredentialsMode::Include;
    cookieContext.profile = m_profile;
    cookieContext.thirdPartyCookies = m_thirdPartyCookies;
    return cookieContext;
}

QStringList JarCookieProvider::reasonNames(const CookieInclusionStatus &status)
{
    QStringList names;
    const QList<CookieExclusion> exclusions = status.exclusions();
    for (CookieExclusion reason : exclusions) {
        names.append(exclusionName(reason));
    }
    const QList<CookieWarning> warnings = status.warnings();
    for (CookieWarning warning : warnings) {
        names.append(warningName(warning));
    }
    return names;
}

CookieOutcome JarCookieProvider::outcomeOf(const CookieSetOutcome &outcome)
{
    CookieOutcome result;
    result.name = outcome.name;
    result.included = outcome.stored();
    result.reasons = reasonNames(outcome.status);
    if (outcome.action == CookieSetOutcome::Action::Deleted) {
        result.reasons.prepend(QStringLiteral("DELETED"));
    } else if (outcome.action == CookieSetOutcome::Action::Ignored) {
        result.reasons.prepend(QStringLiteral("EXPIRED"));
    }
    return result;
}

CookieAttachment JarCookieProvider::cookiesForRequest(const CookieRequestContext &context)
{
    CookieAttachment attachment;
    if (!m_jar) {
        return attachment;
    }
    const CookieRequestResult result = m_jar->cookiesForRequest(contextFor(context));
    attachment.headerValue = result.cookieHeader.toUtf8();
    for (const CookieSendOutcome &outcome : result.cookies) {
        attachment.outcomes.append(CookieOutcome {outcome.cookie.name, outcome.included(), reasonNames(outcome.status)});
        m_log.append(LoggedOutcome {false, attachment.outcomes.constLast()});
        const QList<CookieFindingRef> refs = cookieFindings(outcome);
        for (const CookieFindingRef &ref : refs) {
            attachment.findings.append(makeFinding(ref.id, ref.detail));
        }
    }
    return attachment;
}

CookieAttachment JarCookieProvider::storeFromResponse(
    const CookieRequestContext &context, const QList<QByteArray> &setCookieLines)
{
    CookieAttachment attachment;
    if (!m_jar) {
        return attachment;
    }
    const QList<CookieSetOutcome> outcomes = m_jar->setCookies(setCookieLines, contextFor(context));
    for (const CookieSetOutcome &outcome : outcomes) {
        attachment.outcomes.append(outcomeOf(outcome));
        m_log.append(LoggedOutcome {true, attachment.outcomes.constLast()});
        const QList<CookieFindingRef> refs = cookieFindings(outcome);
        for (const CookieFindingRef &ref : refs) {
            attachment.findings.append(makeFinding(ref.id, ref.detail));
        }
    }
    return attachment;
}

QList<JarCookieProvider::LoggedOutcome> JarCookieProvider::takeLog()
{
    return std::exchange(m_log, {});
}

} // namespace SseScope
