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
    rules.noneRequiresSecure = true;
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

bool isCookieableScheme(const QString &scheme)
{
    return scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("ws")
        || scheme == QLatin1String("wss");
}

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

CookieSetOutcome CookieJar::store(const QByteArray &line, const CookieContext &context, bool forceFirstParty)
{
    const CookieRules rules = context.rules();
    CookieSetOutcome outcome;
    outcome.line = QString::fromUtf8(line.left(200));
    outcome.url = context.url;
    outcome.topLevelOrigin = context.topLevelOrigin;
    outcome.thirdPartyCookies = rules.thirdPartyCookies;

    const CookieParseResult parsed = parseSetCookie(line);
    outcome.name = parsed.cookie.name;
    outcome.status = parsed.status;

    // Fetch §4.5 (HTTP-network-or-cache fetch): without "include credentials" the response's
    // Set-Cookie is not handed to the cookie store at all (WPT cors/credentials-flag.htm).
    if (!forceFirstParty && !context.credentialsIncluded()) {
        outcome.status = CookieInclusionStatus();
        outcome.status.addExclusion(CookieExclusion::NoCredentials);
        return outcome;
    }
    if (!parsed.isValid()) {
        return outcome;
    }
    const ParsedCookie &pc = parsed.cookie;
    CookieInclusionStatus &status = outcome.status;

    const QString scheme = context.url.scheme().toLower();
    if (!isCookieableScheme(scheme) || context.url.host().isEmpty()) {
        status.addExclusion(CookieExclusion::NoncookieableScheme);
        return outcome;
    }
    const QString host = SiteResolver::canonicalHost(context.url.host(QUrl::FullyDecoded));
    const std::optional<QString> domain = cookieDomainFor(host, pc.domain, status);
    if (!domain) {
        status.addExclusion(CookieExclusion::InvalidDomain);
    }
    if (!prefixRulesHold(pc)) {
        status.addExclusion(CookieExclusion::InvalidPrefix);
    }
    // Secure may be set from a cryptographic URL, or (Chromium, observed) from http://localhost
    // and loopback, which are potentially trustworthy.
    const bool cryptographic = isCryptographicScheme(scheme);
    const bool trustworthy = cryptographic || isLocalhostHost(host);
    if (pc.secure && !cryptographic) {
        if (trustworthy) {
            status.addWarning(CookieWarning::SecureAccessGrantedNonCryptographic);
        } else {
            status.addExclusion(CookieExclusion::SecureOnly);
        }
    }
    if (pc.partitioned && !pc.secure) {
        status.addExclusion(CookieExclusion::InvalidPartitioned); // CHIPS: Partitioned needs Secure
    }
    // SameSite on set (Chromium CanonicalCookie::IsSetPermittedInContext): a cross-site response
    // may not set Lax or Strict cookies; a same-site one may set both.
    const bool sameSite = forceFirstParty || context.isSameSite();
    if (pc.sameSite == CookieSameSite::None && !pc.secure && rules.noneRequiresSecure) {
        status.addExclusion(CookieExclusion::SameSiteNoneInsecure);
    }
    if (!sameSite) {
        if (pc.sameSite == CookieSameSite::Strict) {
            status.addExclusion(CookieExclusion::SameSiteStrict);
        } else if (pc.sameSite == CookieSameSite::Lax) {
            status.addExclusion(CookieExclusion::SameSiteLax);
        } else if (pc.sameSite == CookieSameSite::Unspecified) {
            if (rules.laxByDefault) {
                status.addExclusion(CookieExclusion::SameSiteUnspecifiedTreatedAsLax);
            } else {
                status.addWarning(CookieWarning::SameSiteUnspecifiedCrossSiteContext);
            }
        }
    }
    // Partition: CHIPS keys a Partitioned cookie to the top-level site; Firefox TCP keys every
    // cookie set in a third-party context the same way.
    QString partitionKey;
    bool partitionedByProfile = false;
    if (pc.partitioned) {
        partitionKey = forceFirstParty ? schemefulSite(context.url).serialize() : context.partitionKey();
    }
    if (!sameSite) {
        switch (rules.thirdPartyCookies) {
        case ThirdPartyCookiePolicy::Allow:
            break;
        case ThirdPartyCookiePolicy::BlockUnpartitioned:
            if (!pc.partitioned) {
                status.addExclusion(CookieExclusion::UserPreferences);
            }
            break;
        case ThirdPartyCookiePolicy::PartitionPerTopSite:
            if (!pc.partitioned) {
                partitionKey = context.partitionKey();
                partitionedByProfile = true;
            }
            break;
        case ThirdPartyCookiePolicy::BlockAll:
            status.addExclusion(CookieExclusion::UserPreferences);
            break;
        }
    }

    const QString path = pc.path ? *pc.path : defaultCookiePath(urlPathForCookies(context.url));
    const QDateTime current = now();

    // "Leave Secure cookies alone" (RFC 6265bis §5.7 step 16; Chromium EXCLUDE_OVERWRITE_SECURE).
    if (domain && !pc.secure && !trustworthy) {
        for (const CanonicalCookie &existing : std::as_const(m_cookies)) {
            if (existing.secure && existing.name == pc.name && existing.partitionKey == partitionKey
                && !existing.isExpired(current)
                && (existing.isDomainMatch(domain->startsWith(QLatin1Char('.')) ? domain->mid(1) : *domain)
                    || existing.domain.endsWith(*domain))
                && existing.isOnPath(path)) {
                status.addExclusion(CookieExclusion::OverwriteSecure);
                break;
            }
        }
    }
    if (status.isInclude() && partitionedByProfile) {
        status.addWarning(CookieWarning::PartitionedByTotalCookieProtection); // a note, only when stored
    }
    if (!status.isInclude()) {
        // The printf form: the stream form trips clang's -pedantic (zero variadic macro arguments).
        qCDebug(lcBrowser, "cookie '%s' not stored: %s", qUtf8Printable(pc.name), qUtf8Printable(status.debugString()));
        return outcome;
    }

    CanonicalCookie cookie;
    cookie.name = pc.name;
    cookie.value = pc.value;
    cookie.domain = *domain;
    cookie.hostOnly = !domain->startsWith(QLatin1Char('.'));
    cookie.path = path;
    cookie.secure = pc.secure;
    cookie.httpOnly = pc.httpOnly;
    cookie.sameSite = pc.sameSite;
    cookie.partitioned = pc.partitioned;
    cookie.partitionKey = partitionKey;
    cookie.creation = current;
    cookie.sequence = m_nextSequence++;
    // Max-Age wins over Expires; both are capped at 400 days (RFC 6265bis §5.6.1, Chromium).
    bool alreadyExpired = false;
    const QDateTime cap = current.addSecs(CookieJar::kMaxExpirySeconds);
    if (pc.maxAgeSeconds) {
        if (*pc.maxAgeSeconds <= 0) {
            alreadyExpired = true;
        } else {
            cookie.expiry = current.addSecs(std::min(*pc.maxAgeSeconds, CookieJar::kMaxExpirySeconds));
        }
    } else if (pc.expires) {
        if (*pc.expires <= current) {
            alreadyExpired = true;
        } else {
            cookie.expiry = std::min(*pc.expires, cap);
        }
    }

    const auto equivalent = std::find_if(m_cookies.begin(), m_cookies.end(), [&](const CanonicalCookie &c) {
        return c.name == cookie.name && c.domain == cookie.domain && c.path == cookie.path
            && c.partitionKey == cookie.partitionKey;
    });
    if (alreadyExpired) {
        if (equivalent != m_cookies.end()) {
            m_cookies.erase(equivalent);
            outcome.action = CookieSetOutcome::Action::Deleted;
        } else {
            outcome.action = CookieSetOutcome::Action::Ignored;
        }
        outcome.cookie = cookie;
        return outcome;
    }
    if (equivalent != m_cookies.end()) {
        // Chromium CookieMonster (creation_date_to_inherit): the new cookie keeps the old one's
        // creation time only when the value is unchanged, so refreshing a session cookie's expiry
        // keeps its place in the Cookie header, while a new value moves it last. (RFC 6265bis
        // keeps it always.)
        if (equivalent->value == cookie.value) {
            cookie.creation = equivalent->creation;
            cookie.sequence = equivalent->sequence;
        }
        m_cookies.erase(equivalent);
        m_cookies.append(cookie);
        outcome.action = CookieSetOutcome::Action::Replaced;
    } else {
        m_cookies.append(cookie);
        outcome.action = CookieSetOutcome::Action::Stored;
        evictOverflow(cookie.domain);
    }
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
    if (!isCookieableScheme(scheme) || context.url.host().isEmpty()) {
        return result;
    }
    const QString host = SiteResolver::canonicalHost(context.url.host(QUrl::FullyDecoded));
    const QString registrable = SiteResolver::registrableDomain(host);
    const QString siteDomain = registrable.isEmpty() ? host : registrable;
    const QString urlPath = urlPathForCookies(context.url);
    const bool cryptographic = isCryptographicScheme(scheme);
    const bool trustworthy = cryptographic || isLocalhostHost(host);
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
