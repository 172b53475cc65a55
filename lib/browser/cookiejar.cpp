#include "cookiejar.h"

#include "site.h"

#include "common/logging.h"

#include <algorithm>

namespace SseScope {

ThirdPartyCookieOverride parseThirdPartyCookieOverride(const QString &text, bool *ok)
{
    const QString lower = text.trimmed().toLower();
    if (ok) {
        *ok = lower == QLatin1String("allow") || lower == QLatin1String("block");
    }
    if (lower == QLatin1String("allow")) {
        return ThirdPartyCookieOverride::Allow;
    }
    if (lower == QLatin1String("block")) {
        return ThirdPartyCookieOverride::Block;
    }
    return ThirdPartyCookieOverride::ProfileDefault;
}

CookieRules cookieRulesFor(const BrowserProfile &profile, ThirdPartyCookieOverride override)
{
    CookieRules rules;
    rules.laxByDefault = profile.kind == BrowserKind::Chromium;
    rules.noneRequiresSecure = profile.kind != BrowserKind::Safari;
    rules.localhostIsSecure = profile.kind != BrowserKind::Safari;
    switch (override) {
    case ThirdPartyCookieOverride::ProfileDefault:
        rules.thirdPartyCookies = profile.thirdPartyCookies;
        break;
    case ThirdPartyCookieOverride::Allow:
        rules.thirdPartyCookies = ThirdPartyCookiePolicy::Allow;
        break;
    case ThirdPartyCookieOverride::Block:
        rules.thirdPartyCookies = profile.thirdPartyCookies == ThirdPartyCookiePolicy::BlockAll
            ? ThirdPartyCookiePolicy::BlockAll
            : ThirdPartyCookiePolicy::BlockUnpartitioned;
        break;
    }
    return rules;
}

bool CookieContext::credentialsIncluded() const
{
    switch (credentials) {
    case CookieCredentialsMode::Omit:
        return false;
    case CookieCredentialsMode::SameOrigin:
        return !topLevelOrigin.isOpaque() && Origin::fromUrl(url) == topLevelOrigin;
    case CookieCredentialsMode::Include:
        return true;
    }
    return false;
}

bool CookieContext::isSameSite() const
{
    return SseScope::isSameSite(topLevelOrigin, url);
}

QString CookieContext::partitionKey() const
{
    return schemefulSite(topLevelOrigin).serialize();
}

QList<CookieSendOutcome> CookieRequestResult::included() const
{
    QList<CookieSendOutcome> result;
    std::copy_if(cookies.cbegin(), cookies.cend(), std::back_inserter(result),
                 [](const CookieSendOutcome &o) { return o.included(); });
    return result;
}

QList<CookieSendOutcome> CookieRequestResult::excluded() const
{
    QList<CookieSendOutcome> result;
    std::copy_if(cookies.cbegin(), cookies.cend(), std::back_inserter(result),
                 [](const CookieSendOutcome &o) { return !o.included(); });
    return result;
}

namespace {

bool isCryptographicScheme(const QString &scheme)
{
    return scheme == QLatin1String("https") || scheme == QLatin1String("wss");
}

// Chromium cookie_util::GetCookieDomainWithString: the cookie's domain ("host" for a host-only
// cookie, ".example.com" for a Domain cookie), or nothing when the Domain attribute is invalid
// for this host (EXCLUDE_INVALID_DOMAIN).
std::optional<QString> cookieDomainFor(const QString &urlHost, const std::optional<QString> &domainAttribute,
                                       CookieInclusionStatus &status)
{
    if (!domainAttribute || (SiteResolver::isIpAddress(urlHost) && SiteResolver::canonicalHost(*domainAttribute) == urlHost)) {
        return urlHost;
    }
    const QString attr = *domainAttribute;
    // Chromium's kCookieDomainRejectNonASCII (EXCLUDE_DOMAIN_NON_ASCII) is off by default: a
    // non-ASCII Domain only warns and is canonicalized to punycode.
    if (std::any_of(attr.cbegin(), attr.cend(), [](QChar c) { return c.unicode() > 0x7f; })) {
        status.addWarning(CookieWarning::DomainNonAscii);
    }
    if (attr.contains(QLatin1Char('%'))) {
        return std::nullopt;
    }
    const QString normalized = SiteResolver::canonicalHost(attr.startsWith(QLatin1Char('.')) ? attr.mid(1) : attr);
    if (normalized.isEmpty()) {
        return std::nullopt;
    }
    const QString urlRegistrable = SiteResolver::registrableDomain(urlHost);
    if (urlRegistrable.isEmpty()) {
        // IP addresses, intranet hosts and public suffixes cannot set Domain cookies; an exact
        // match is a host cookie (IE/Firefox compatibility, kept by Chromium).
        if (normalized == urlHost) {
            return urlHost;
        }
        return std::nullopt;
    }
    if (SiteResolver::registrableDomain(normalized) != urlRegistrable) {
        return std::nullopt; // another site, or a public suffix such as "co.uk"
    }
    const QString dotted = QLatin1Char('.') + normalized;
    if (urlHost != normalized && !urlHost.endsWith(dotted)) {
        return std::nullopt; // a sibling or a subdomain of the host
    }
    return dotted;
}

bool startsWithCaseInsensitive(const QString &s, QLatin1String prefix)
{
    return s.startsWith(prefix, Qt::CaseInsensitive);
}

// RFC 6265bis §4.1.3 cookie prefixes (Chromium matches them case-insensitively).
bool prefixRulesHold(const ParsedCookie &cookie)
{
    const QString &subject = cookie.name.isEmpty() ? cookie.value : cookie.name;
    if (cookie.name.isEmpty()
        && (startsWithCaseInsensitive(subject, QLatin1String("__secure-"))
            || startsWithCaseInsensitive(subject, QLatin1String("__host-")))) {
        return false; // a nameless cookie must not look like a prefixed one
    }
    if (startsWithCaseInsensitive(subject, QLatin1String("__secure-"))) {
        return cookie.secure;
    }
    if (startsWithCaseInsensitive(subject, QLatin1String("__host-"))) {
        return cookie.secure && !cookie.domain && cookie.path && *cookie.path == QLatin1String("/");
    }
    return true;
}

QString urlPathForCookies(const QUrl &url)
{
    const QString path = url.path(QUrl::FullyEncoded);
    return path.isEmpty() ? QStringLiteral("/") : path;
}

bool cookieSortLess(const CanonicalCookie &a, const CanonicalCookie &b)
{
    // Chromium CookieSorter: longer paths first, then earlier creation.
    if (a.path.size() != b.path.size()) {
        return a.path.size() > b.path.size();
    }
    if (a.creation != b.creation) {
        return a.creation < b.creation;
    }
    return a.sequence < b.sequence;
}

} // namespace

CookieJar::CookieJar(Clock clock)
    : m_clock(std::move(clock))
{
}

QDateTime CookieJar::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

CookieSetOutcome CookieJar::setCookie(const QByteArray &setCookieLine, const CookieContext &context)
{
    return store(setCookieLine, context, false);
}

QList<CookieSetOutcome> CookieJar::setCookies(const QList<QByteArray> &setCookieLines, const CookieContext &context)
{
    QList<CookieSetOutcome> result;
    result.reserve(setCookieLines.size());
    for (const QByteArray &line : setCookieLines) {
        result.append(setCookie(line, context));
    }
    return result;
}

CookieSetOutcome CookieJar::addFirstPartyCookie(const QString &setCookieLine, const QUrl &url)
{
    CookieContext context;
    context.url = url;
    context.topLevelOrigin = Origin::fromUrl(url);
    context.credentials = CookieCredentialsMode::Include;
    context.thirdPartyCookies = ThirdPartyCookieOverride::Allow;
    return store(setCookieLine.toUtf8(), context, true);
}

// ---------------------------------------------------------------------------------------------
// Storing a cookie: RFC 6265bis §5.7 "Storage Model", as Chromium applies it. The line's own
// steps — 2 (no name and no value), 3 (control characters), 4 (name plus value over 4096 octets)
// and the attribute values of steps 6, 7, 11, 12, 14 and 17 — are read by parseSetCookie (§5.6);
// the steps below need the request. They run in the standard's order, but every failing step
// adds its reason instead of aborting, so a person sees every reason a cookie was refused.

namespace {

// What one Set-Cookie line is checked against: the parsed line and where its response came from.
struct StoreInput
{
    const ParsedCookie &cookie;
    const CookieContext &context;
    const CookieRules &rules;
    bool forceFirstParty = false; // `--cookie`: as if set by a first-party response
    QString scheme; // of the request-uri, lower case
    QString host; // the canonicalized request-host
    bool sameSite = false; // the response is same-site with the page (or forced first-party)
    bool secureScheme = false; // https / wss
    bool secureConnection = false; // "secure" as the user agent defines it (adds http://localhost)
};

// §5.7 step 1 ("A user agent MAY ignore a received cookie in its entirety"), as Fetch §4.5
// (HTTP-network-or-cache fetch) says: without "include credentials" the response's Set-Cookie is
// not handed to the cookie store at all (WPT cors/credentials-flag.htm).
bool ignoredWithoutCredentials(const StoreInput &in)
{
    return !in.forceFirstParty && !in.context.credentialsIncluded();
}

// §5.7 step 1, continued: Chromium stores cookies only for http(s) and ws(s) URLs with a host
// (CookieMonster::IsCookieableScheme).
void checkCookieableScheme(const StoreInput &in, CookieInclusionStatus &status)
{
    if (!isHttpOrWebSocketScheme(in.scheme) || in.context.url.host().isEmpty()) {
        status.addExclusion(CookieExclusion::NoncookieableScheme);
    }
}

// §5.7 steps 8-10: the Domain attribute. Step 8 (a non-ASCII Domain aborts) is a warning in
// Chromium, step 9 refuses a public suffix unless it is the host itself, and step 10 requires
// the request-host to domain-match it; without one the cookie is host-only.
std::optional<QString> checkDomain(const StoreInput &in, CookieInclusionStatus &status)
{
    const std::optional<QString> domain = cookieDomainFor(in.host, in.cookie.domain, status);
    if (!domain) {
        status.addExclusion(CookieExclusion::InvalidDomain);
    }
    return domain;
}

// §5.7 step 13: a Secure cookie only from a "secure" connection, which Chromium and Firefox
// (observed) extend to http://localhost and loopback, the potentially trustworthy origins; WebKit
// does not (observed WebKitGTK 2.50, CookieRules::localhostIsSecure).
void checkSecureOnly(const StoreInput &in, CookieInclusionStatus &status)
{
    if (!in.cookie.secure || in.secureScheme) {
        return;
    }
    if (in.secureConnection) {
        status.addWarning(CookieWarning::SecureAccessGrantedNonCryptographic);
    } else {
        status.addExclusion(CookieExclusion::SecureOnly);
    }
}

// §5.7 step 18: a cookie whose same-site-flag is not "None" only from a same-site request
// (Chromium CanonicalCookie::IsSetPermittedInContext). "Default" is "Lax" where the engine
// treats it so (laxByDefault), else only a warning.
void checkSameSiteContext(const StoreInput &in, CookieInclusionStatus &status)
{
    if (in.sameSite) {
        return;
    }
    switch (in.cookie.sameSite) {
    case CookieSameSite::Strict:
        status.addExclusion(CookieExclusion::SameSiteStrict);
        break;
    case CookieSameSite::Lax:
        status.addExclusion(CookieExclusion::SameSiteLax);
        break;
    case CookieSameSite::Unspecified:
        if (in.rules.laxByDefault) {
            status.addExclusion(CookieExclusion::SameSiteUnspecifiedTreatedAsLax);
        } else {
            status.addWarning(CookieWarning::SameSiteUnspecifiedCrossSiteContext);
        }
        break;
    case CookieSameSite::None:
        break;
    }
}

// §5.7 step 19: SameSite=None only with Secure.
void checkSameSiteNoneSecure(const StoreInput &in, CookieInclusionStatus &status)
{
    if (in.cookie.sameSite == CookieSameSite::None && !in.cookie.secure && in.rules.noneRequiresSecure) {
        status.addExclusion(CookieExclusion::SameSiteNoneInsecure);
    }
}

// §5.7 steps 20-22: the __Secure- and __Host- prefixes, and a nameless cookie that looks
// prefixed (§4.1.3).
void checkPrefixes(const StoreInput &in, CookieInclusionStatus &status)
{
    if (!prefixRulesHold(in.cookie)) {
        status.addExclusion(CookieExclusion::InvalidPrefix);
    }
}

// Where the cookie lives. CHIPS (not part of RFC 6265bis): Partitioned needs Secure and keys the
// cookie to the top-level site. §5.7 step 1 again (the user agent MAY ignore third-party
// cookies): each engine's third-party policy blocks a cross-site cookie, or (Firefox's Total
// Cookie Protection) keys it to the top-level site. Returns the partition key ("" unpartitioned).
QString checkPartition(const StoreInput &in, CookieInclusionStatus &status, bool *partitionedByProfile)
{
    QString partitionKey;
    *partitionedByProfile = false;
    if (in.cookie.partitioned && !in.cookie.secure) {
        status.addExclusion(CookieExclusion::InvalidPartitioned);
    }
    if (in.cookie.partitioned) {
        partitionKey = in.forceFirstParty ? schemefulSite(in.context.url).serialize() : in.context.partitionKey();
    }
    if (in.sameSite) {
        return partitionKey;
    }
    switch (in.rules.thirdPartyCookies) {
    case ThirdPartyCookiePolicy::Allow:
        break;
    case ThirdPartyCookiePolicy::BlockUnpartitioned:
        if (!in.cookie.partitioned) {
            status.addExclusion(CookieExclusion::UserPreferences);
        }
        break;
    case ThirdPartyCookiePolicy::PartitionPerTopSite:
        if (!in.cookie.partitioned) {
            partitionKey = in.context.partitionKey();
            *partitionedByProfile = true;
        }
        break;
    case ThirdPartyCookiePolicy::BlockAll:
        status.addExclusion(CookieExclusion::UserPreferences);
        break;
    }
    return partitionKey;
}

// §5.7 steps 5, 6, 10, 11, 12, 14 and 17: the new cookie's record. Step 6: Max-Age wins over
// Expires; both are capped at 400 days (§5.6.1, §5.6.2, Chromium). *alreadyExpired: the
// expiry-time is not in the future (a deletion).
CanonicalCookie newCookie(const ParsedCookie &pc, const QString &domain, const QString &path, const QString &partitionKey,
    const QDateTime &current, bool *alreadyExpired)
{
    CanonicalCookie cookie;
    cookie.name = pc.name;
    cookie.value = pc.value;
    cookie.domain = domain;
    cookie.hostOnly = !domain.startsWith(QLatin1Char('.'));
    cookie.path = path;
    cookie.secure = pc.secure;
    cookie.httpOnly = pc.httpOnly;
    cookie.sameSite = pc.sameSite;
    cookie.partitioned = pc.partitioned;
    cookie.partitionKey = partitionKey;
    cookie.creation = current;
    *alreadyExpired = false;
    const QDateTime cap = current.addSecs(CookieJar::kMaxExpirySeconds);
    if (pc.maxAgeSeconds) {
        if (*pc.maxAgeSeconds <= 0) {
            *alreadyExpired = true;
        } else {
            cookie.expiry = current.addSecs(std::min(*pc.maxAgeSeconds, CookieJar::kMaxExpirySeconds));
        }
    } else if (pc.expires) {
        if (*pc.expires <= current) {
            *alreadyExpired = true;
        } else {
            cookie.expiry = std::min(*pc.expires, cap);
        }
    }
    return cookie;
}

} // namespace

// §5.7 step 16, "Leave Secure Cookies Alone" (Chromium EXCLUDE_OVERWRITE_SECURE): a non-Secure
// cookie from an insecure request may not shadow a Secure cookie of the same name whose domain
// and path match it.
void CookieJar::leaveSecureCookiesAlone(const ParsedCookie &pc, const QString &domain, const QString &path,
    const QString &partitionKey, const QDateTime &current, CookieInclusionStatus &status) const
{
    const QString bareDomain = domain.startsWith(QLatin1Char('.')) ? domain.mid(1) : domain;
    for (const CanonicalCookie &existing : m_cookies) {
        if (existing.secure && existing.name == pc.name && existing.partitionKey == partitionKey
            && !existing.isExpired(current)
            && (existing.isDomainMatch(bareDomain) || existing.domain.endsWith(domain)) && existing.isOnPath(path)) {
            status.addExclusion(CookieExclusion::OverwriteSecure);
            return;
        }
    }
}

// §5.7 steps 23 and 24: an old cookie with the same name, domain, path (and partition) is
// removed and the new one inserted. A cookie that is already expired only removes the old one:
// the user agent "MUST evict all expired cookies". Then "remove excess cookies" (evictOverflow).
CookieSetOutcome::Action CookieJar::replaceOrInsert(CanonicalCookie &cookie, bool alreadyExpired)
{
    const auto equivalent = std::find_if(m_cookies.begin(), m_cookies.end(), [&](const CanonicalCookie &c) {
        return c.name == cookie.name && c.domain == cookie.domain && c.path == cookie.path
            && c.partitionKey == cookie.partitionKey;
    });
    if (alreadyExpired) {
        if (equivalent == m_cookies.end()) {
            return CookieSetOutcome::Action::Ignored;
        }
        m_cookies.erase(equivalent);
        return CookieSetOutcome::Action::Deleted;
    }
    if (equivalent != m_cookies.end()) {
        // Step 23 keeps the old creation-time always; Chromium CookieMonster
        // (creation_date_to_inherit) keeps it only when the value is unchanged, so refreshing a
        // session cookie's expiry keeps its place in the Cookie header, while a new value moves it
        // last.
        if (equivalent->value == cookie.value) {
            cookie.creation = equivalent->creation;
            cookie.sequence = equivalent->sequence;
        }
        m_cookies.erase(equivalent);
        m_cookies.append(cookie);
        return CookieSetOutcome::Action::Replaced;
    }
    m_cookies.append(cookie);
    evictOverflow(cookie.domain);
    return CookieSetOutcome::Action::Stored;
}

CookieSetOutcome CookieJar::store(const QByteArray &line, const CookieContext &context, bool forceFirstParty)
{
    const CookieRules rules = context.rules();
    CookieSetOutcome outcome;
    outcome.line = QString::fromUtf8(line.left(200));
    outcome.url = context.url;
    outcome.topLevelOrigin = context.topLevelOrigin;
    outcome.thirdPartyCookies = rules.thirdPartyCookies;

    const CookieParseResult parsed = parseSetCookie(line); // §5.6, and §5.7 steps 2-4
    outcome.name = parsed.cookie.name;
    outcome.status = parsed.status;

    const QString host = SiteResolver::canonicalHost(context.url.host(QUrl::FullyDecoded));
    const QString scheme = context.url.scheme().toLower();
    StoreInput in{parsed.cookie, context, rules, forceFirstParty, scheme, host, forceFirstParty || context.isSameSite(),
        isCryptographicScheme(scheme),
        isCryptographicScheme(scheme) || (rules.localhostIsSecure && isLocalhostHost(host))};
    if (ignoredWithoutCredentials(in)) {
        outcome.status = CookieInclusionStatus();
        outcome.status.addExclusion(CookieExclusion::NoCredentials);
        return outcome;
    }
    if (!parsed.isValid()) {
        return outcome;
    }
    CookieInclusionStatus &status = outcome.status;
    checkCookieableScheme(in, status);
    if (!status.isInclude()) {
        return outcome;
    }
    const std::optional<QString> domain = checkDomain(in, status); // steps 8-10
    const QString path = parsed.cookie.path ? *parsed.cookie.path
                                            : defaultCookiePath(urlPathForCookies(context.url)); // step 11
    checkSecureOnly(in, status); // step 13
    checkSameSiteContext(in, status); // step 18
    checkSameSiteNoneSecure(in, status); // step 19
    checkPrefixes(in, status); // steps 20-22
    bool partitionedByProfile = false;
    const QString partitionKey = checkPartition(in, status, &partitionedByProfile); // step 1, CHIPS
    const QDateTime current = now();
    if (domain && !parsed.cookie.secure && !in.secureConnection) {
        leaveSecureCookiesAlone(parsed.cookie, *domain, path, partitionKey, current, status); // step 16
    }
    if (status.isInclude() && partitionedByProfile) {
        status.addWarning(CookieWarning::PartitionedByTotalCookieProtection); // a note, only when stored
    }
    if (!status.isInclude()) {
        // The printf form: the stream form trips clang's -pedantic (zero variadic macro arguments).
        qCDebug(lcBrowser, "cookie '%s' not stored: %s", qUtf8Printable(parsed.cookie.name),
            qUtf8Printable(status.debugString()));
        return outcome;
    }

    bool alreadyExpired = false;
    CanonicalCookie cookie = newCookie(parsed.cookie, *domain, path, partitionKey, current, &alreadyExpired);
    cookie.sequence = m_nextSequence++;
    outcome.action = replaceOrInsert(cookie, alreadyExpired); // steps 23-24
    outcome.cookie = cookie;
    return outcome;
}

CookieRequestResult CookieJar::cookiesForRequest(const CookieContext &context)
{
    const CookieRules rules = context.rules();
    const QDateTime current = now();
    m_cookies.erase(std::remove_if(m_cookies.begin(), m_cookies.end(),
                                   [&](const CanonicalCookie &c) { return c.isExpired(current); }),
                    m_cookies.end());

    CookieRequestResult result;
    result.credentialsIncluded = context.credentialsIncluded();
    const QString scheme = context.url.scheme().toLower();
    if (!isHttpOrWebSocketScheme(scheme) || context.url.host().isEmpty()) {
        return result;
    }
    const QString host = SiteResolver::canonicalHost(context.url.host(QUrl::FullyDecoded));
    const QString registrable = SiteResolver::registrableDomain(host);
    const QString siteDomain = registrable.isEmpty() ? host : registrable;
    const QString urlPath = urlPathForCookies(context.url);
    const bool cryptographic = isCryptographicScheme(scheme);
    const bool trustworthy = cryptographic || (rules.localhostIsSecure && isLocalhostHost(host));
    const bool sameSite = context.isSameSite();
    const QString partitionKey = context.partitionKey();

    QList<CanonicalCookie> candidates;
    for (const CanonicalCookie &c : std::as_const(m_cookies)) {
        // Only cookies of the request's site are worth reporting (Chromium only looks at those).
        const QString bare = c.hostOnly ? c.domain : c.domain.mid(1);
        const QString cookieRegistrable = SiteResolver::registrableDomain(bare);
        if (bare == host || (cookieRegistrable.isEmpty() ? bare : cookieRegistrable) == siteDomain) {
            candidates.append(c);
        }
    }
    std::sort(candidates.begin(), candidates.end(), cookieSortLess);

    QStringList pairs;
    for (const CanonicalCookie &c : std::as_const(candidates)) {
        CookieSendOutcome outcome;
        outcome.cookie = c;
        outcome.url = context.url;
        outcome.topLevelOrigin = context.topLevelOrigin;
        outcome.thirdPartyCookies = rules.thirdPartyCookies;
        CookieInclusionStatus &status = outcome.status;
        if (!result.credentialsIncluded) {
            status.addExclusion(CookieExclusion::NoCredentials);
            result.cookies.append(outcome);
            continue;
        }
        // Partitions: a CHIPS cookie belongs to one top-level site; under Firefox TCP a
        // third-party request sees only the top-level site's jar.
        if (!c.partitionKey.isEmpty() && c.partitionKey != partitionKey) {
            status.addExclusion(CookieExclusion::OtherPartition);
        }
        if (c.partitionKey.isEmpty() && !sameSite && rules.thirdPartyCookies == ThirdPartyCookiePolicy::PartitionPerTopSite) {
            status.addExclusion(CookieExclusion::OtherPartition);
        }
        // Chromium CookieBase::IncludeForRequestURL, in its order.
        if (c.secure && !cryptographic) {
            if (trustworthy) {
                status.addWarning(CookieWarning::SecureAccessGrantedNonCryptographic);
            } else {
                status.addExclusion(CookieExclusion::SecureOnly);
            }
        }
        if (!c.isDomainMatch(host)) {
            status.addExclusion(CookieExclusion::DomainMismatch);
        }
        if (!c.isOnPath(urlPath)) {
            status.addExclusion(CookieExclusion::NotOnPath);
        }
        // A subresource request from the page: SAME_SITE_STRICT when same-site, else CROSS_SITE.
        if (!sameSite) {
            if (c.sameSite == CookieSameSite::Strict) {
                status.addExclusion(CookieExclusion::SameSiteStrict);
            } else if (c.sameSite == CookieSameSite::Lax) {
                status.addExclusion(CookieExclusion::SameSiteLax);
            } else if (c.sameSite == CookieSameSite::Unspecified) {
                if (rules.laxByDefault) {
                    status.addExclusion(CookieExclusion::SameSiteUnspecifiedTreatedAsLax);
                } else {
                    status.addWarning(CookieWarning::SameSiteUnspecifiedCrossSiteContext);
                }
            }
        }
        if (c.sameSite == CookieSameSite::None && !c.secure && rules.noneRequiresSecure) {
            status.addExclusion(CookieExclusion::SameSiteNoneInsecure);
        }
        if (!sameSite) {
            if (rules.thirdPartyCookies == ThirdPartyCookiePolicy::BlockAll
                || (rules.thirdPartyCookies == ThirdPartyCookiePolicy::BlockUnpartitioned && c.partitionKey.isEmpty())) {
                status.addExclusion(CookieExclusion::UserPreferences);
            }
        }
        if (status.isInclude()) {
            pairs.append(c.headerPair());
        }
        result.cookies.append(outcome);
    }
    result.cookieHeader = pairs.join(QLatin1String("; "));
    return result;
}

void CookieJar::evictOverflow(const QString &domain)
{
    // Chromium CookieMonster garbage collection, simplified: at most kDomainMaxCookies per
    // domain and kMaxCookies in all, the oldest go first. Keeps a hostile server's endless
    // Set-Cookie lines from growing the jar without bound.
    auto removeOldest = [this](const std::function<bool(const CanonicalCookie &)> &matches) {
        auto oldest = m_cookies.end();
        for (auto it = m_cookies.begin(); it != m_cookies.end(); ++it) {
            if (matches(*it) && (oldest == m_cookies.end() || it->sequence < oldest->sequence)) {
                oldest = it;
            }
        }
        if (oldest != m_cookies.end()) {
            m_cookies.erase(oldest);
        }
    };
    const auto sameDomain = [&domain](const CanonicalCookie &c) { return c.domain == domain; };
    while (std::count_if(m_cookies.cbegin(), m_cookies.cend(), sameDomain) > kDomainMaxCookies) {
        removeOldest(sameDomain);
    }
    while (m_cookies.size() > kMaxCookies) {
        removeOldest([](const CanonicalCookie &) { return true; });
    }
}

QList<CanonicalCookie> CookieJar::allCookies() const
{
    const QDateTime current = now();
    QList<CanonicalCookie> result;
    for (const CanonicalCookie &c : m_cookies) {
        if (!c.isExpired(current)) {
            result.append(c);
        }
    }
    std::sort(result.begin(), result.end(),
              [](const CanonicalCookie &a, const CanonicalCookie &b) { return a.sequence < b.sequence; });
    return result;
}

} // namespace SseScope
