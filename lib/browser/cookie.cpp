#include "cookie.h"

#include <QStringList>

#include <algorithm>

namespace SseScope {

QString cookieSameSiteName(CookieSameSite sameSite)
{
    switch (sameSite) {
    case CookieSameSite::Unspecified:
        return QStringLiteral("Unspecified");
    case CookieSameSite::None:
        return QStringLiteral("None");
    case CookieSameSite::Lax:
        return QStringLiteral("Lax");
    case CookieSameSite::Strict:
        return QStringLiteral("Strict");
    }
    return QString();
}

namespace {

struct ExclusionText
{
    CookieExclusion reason;
    const char *name; // Chromium net::CookieInclusionStatus debug name
    const char *devTools; // CDP Network.CookieBlockedReason / SetCookieBlockedReason
    const char *description; // devtools-frontend tooltip (NetworkRequest.ts), or ours
};

// Names: net/cookies/cookie_inclusion_status.cc GetDebugString. Tooltips: devtools-frontend
// core/sdk/NetworkRequest.ts (browser-rules.md §4).
const ExclusionText kExclusionTexts[] = {
    {CookieExclusion::UnknownError, "EXCLUDE_UNKNOWN_ERROR", "UnknownError",
     "An unknown error was encountered when trying to store or send this cookie."},
    {CookieExclusion::HttpOnly, "EXCLUDE_HTTP_ONLY", "HttpOnly",
     "This cookie has the \"HttpOnly\" attribute and the access was not over HTTP."},
    {CookieExclusion::SecureOnly, "EXCLUDE_SECURE_ONLY", "SecureOnly",
     "This cookie was blocked because it had the \"Secure\" attribute and the connection was not secure."},
    {CookieExclusion::DomainMismatch, "EXCLUDE_DOMAIN_MISMATCH", "DomainMismatch",
     "This cookie was blocked because neither did the request URL's domain exactly match the cookie's domain, "
     "nor was the request URL's domain a subdomain of the cookie's Domain attribute value."},
    {CookieExclusion::NotOnPath, "EXCLUDE_NOT_ON_PATH", "NotOnPath",
     "This cookie was blocked because its path was not an exact match for or a superdirectory of the request "
     "url's path."},
    {CookieExclusion::SameSiteStrict, "EXCLUDE_SAMESITE_STRICT", "SameSiteStrict",
     "This cookie was blocked because it had the \"SameSite=Strict\" attribute and the request was made from a "
     "different site. This includes top-level navigation requests initiated by other sites."},
    {CookieExclusion::SameSiteLax, "EXCLUDE_SAMESITE_LAX", "SameSiteLax",
     "This cookie was blocked because it had the \"SameSite=Lax\" attribute and the request was made from a "
     "different site and was not initiated by a top-level navigation."},
    {CookieExclusion::SameSiteUnspecifiedTreatedAsLax, "EXCLUDE_SAMESITE_UNSPECIFIED_TREATED_AS_LAX",
     "SameSiteUnspecifiedTreatedAsLax",
     "This cookie didn't specify a \"SameSite\" attribute when it was stored and was defaulted to "
     "\"SameSite=Lax,\" and was blocked because the request was made from a different site and was not "
     "initiated by a top-level navigation."},
    {CookieExclusion::SameSiteNoneInsecure, "EXCLUDE_SAMESITE_NONE_INSECURE", "SameSiteNoneInsecure",
     "This cookie was blocked because it had the \"SameSite=None\" attribute but was not marked \"Secure\". "
     "Cookies without SameSite restrictions must be marked \"Secure\" and sent over a secure connection."},
    {CookieExclusion::UserPreferences, "EXCLUDE_USER_PREFERENCES", "UserPreferences",
     "This cookie was blocked due to user preferences."},
    {CookieExclusion::FailureToStore, "EXCLUDE_FAILURE_TO_STORE", "UnknownError",
     "The cookie could not be stored."},
    {CookieExclusion::NoncookieableScheme, "EXCLUDE_NONCOOKIEABLE_SCHEME", "SchemeNotSupported",
     "This cookie was blocked because the scheme of the URL does not support cookies."},
    {CookieExclusion::OverwriteSecure, "EXCLUDE_OVERWRITE_SECURE", "OverwriteSecure",
     "This attempt to set a cookie was blocked because it was not sent over a secure connection and would have "
     "overwritten a cookie with the Secure attribute."},
    {CookieExclusion::OverwriteHttpOnly, "EXCLUDE_OVERWRITE_HTTP_ONLY", "OverwriteHttpOnly",
     "This attempt to set a cookie was blocked because it would have overwritten an HttpOnly cookie."},
    {CookieExclusion::InvalidDomain, "EXCLUDE_INVALID_DOMAIN", "InvalidDomain",
     "This attempt to set a cookie was blocked because its Domain attribute was invalid with regards to the "
     "current host url."},
    {CookieExclusion::InvalidPrefix, "EXCLUDE_INVALID_PREFIX", "InvalidPrefix",
     "This attempt to set a cookie was blocked because it used the \"__Secure-\" or \"__Host-\" prefix in its "
     "name and broke the additional rules applied to cookies with these prefixes."},
    {CookieExclusion::InvalidPartitioned, "EXCLUDE_INVALID_PARTITIONED", "InvalidPartitioned",
     "This attempt to set a cookie was blocked because it had the \"Partitioned\" attribute but not the "
     "\"Secure\" attribute."},
    {CookieExclusion::NameValuePairExceedsMaxSize, "EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE",
     "NameValuePairExceedsMaxSize",
     "This cookie was blocked because it was too large. The combined size of the name and value must be less "
     "than or equal to 4096 characters."},
    {CookieExclusion::AttributeValueExceedsMaxSize, "EXCLUDE_ATTRIBUTE_VALUE_EXCEEDS_MAX_SIZE",
     "AttributeValueExceedsMaxSize",
     "An attribute value was longer than 1024 characters."},
    {CookieExclusion::DomainNonAscii, "EXCLUDE_DOMAIN_NON_ASCII", "DomainNonASCII",
     "The Domain attribute contained non-ASCII characters."},
    {CookieExclusion::DisallowedCharacter, "EXCLUDE_DISALLOWED_CHARACTER", "DisallowedCharacter",
     "This cookie was blocked because it contained a control character (RFC 6265bis section 5.6 step 1)."},
    {CookieExclusion::NoCookieContent, "EXCLUDE_NO_COOKIE_CONTENT", "NoCookieContent",
     "This attempt to set a cookie was blocked because it had neither a name nor a value."},
    {CookieExclusion::NoCredentials, "NO_CREDENTIALS", "NoCredentials",
     "The request's credentials mode is not \"include\" (withCredentials is false on a cross-origin request): "
     "the browser sends no cookies and ignores Set-Cookie, even between two ports of the same site."},
    {CookieExclusion::OtherPartition, "OTHER_PARTITION", "OtherPartition",
     "The cookie is kept in a partition that belongs to another top-level site, so this page never sees it."},
};

const ExclusionText &textFor(CookieExclusion reason)
{
    for (const ExclusionText &t : kExclusionTexts) {
        if (t.reason == reason) {
            return t;
        }
    }
    return kExclusionTexts[0];
}

constexpr int kLastExclusion = static_cast<int>(CookieExclusion::OtherPartition);
constexpr int kLastWarning = static_cast<int>(CookieWarning::PartitionedByTotalCookieProtection);

} // namespace

QString exclusionName(CookieExclusion reason)
{
    return QString::fromLatin1(textFor(reason).name);
}

QString exclusionDevToolsName(CookieExclusion reason)
{
    return QString::fromLatin1(textFor(reason).devTools);
}

QString exclusionDescription(CookieExclusion reason)
{
    return QString::fromLatin1(textFor(reason).description);
}

QString warningName(CookieWarning warning)
{
    switch (warning) {
    case CookieWarning::SecureAccessGrantedNonCryptographic:
        return QStringLiteral("WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC");
    case CookieWarning::AttributeValueExceedsMaxSize:
        return QStringLiteral("WARN_ATTRIBUTE_VALUE_EXCEEDS_MAX_SIZE");
    case CookieWarning::SameSiteUnspecifiedCrossSiteContext:
        return QStringLiteral("WARN_SAMESITE_UNSPECIFIED_CROSS_SITE_CONTEXT");
    case CookieWarning::DomainNonAscii:
        return QStringLiteral("WARN_DOMAIN_NON_ASCII");
    case CookieWarning::PartitionedByTotalCookieProtection:
        return QStringLiteral("PARTITIONED_BY_TOTAL_COOKIE_PROTECTION");
    }
    return QString();
}

QList<CookieExclusion> CookieInclusionStatus::exclusions() const
{
    QList<CookieExclusion> result;
    for (int i = 0; i <= kLastExclusion; ++i) {
        if (m_exclusions & (quint64(1) << i)) {
            result.append(static_cast<CookieExclusion>(i));
        }
    }
    return result;
}

QList<CookieWarning> CookieInclusionStatus::warnings() const
{
    QList<CookieWarning> result;
    for (int i = 0; i <= kLastWarning; ++i) {
        if (m_warnings & (quint64(1) << i)) {
            result.append(static_cast<CookieWarning>(i));
        }
    }
    return result;
}

std::optional<CookieExclusion> CookieInclusionStatus::primaryExclusion() const
{
    // Fix order: a cookie that cannot exist at all, then one the request does not carry at all,
    // then the cookie's own attributes (Secure, SameSite), then the browser's third-party
    // setting (pointless to mention while SameSite still blocks), then where it is scoped.
    static const CookieExclusion order[] = {
        CookieExclusion::NoCookieContent,
        CookieExclusion::DisallowedCharacter,
        CookieExclusion::NameValuePairExceedsMaxSize,
        CookieExclusion::AttributeValueExceedsMaxSize,
        CookieExclusion::NoncookieableScheme,
        CookieExclusion::DomainNonAscii,
        CookieExclusion::InvalidDomain,
        CookieExclusion::InvalidPrefix,
        CookieExclusion::InvalidPartitioned,
        CookieExclusion::NoCredentials,
        CookieExclusion::SecureOnly,
        CookieExclusion::SameSiteNoneInsecure,
        CookieExclusion::SameSiteStrict,
        CookieExclusion::SameSiteLax,
        CookieExclusion::SameSiteUnspecifiedTreatedAsLax,
        CookieExclusion::UserPreferences,
        CookieExclusion::OtherPartition,
        CookieExclusion::DomainMismatch,
        CookieExclusion::NotOnPath,
        CookieExclusion::OverwriteSecure,
        CookieExclusion::OverwriteHttpOnly,
        CookieExclusion::HttpOnly,
        CookieExclusion::FailureToStore,
        CookieExclusion::UnknownError,
    };
    for (CookieExclusion reason : order) {
        if (hasExclusion(reason)) {
            return reason;
        }
    }
    return std::nullopt;
}

QString CookieInclusionStatus::debugString() const
{
    QStringList parts;
    for (CookieExclusion reason : exclusions()) {
        parts.append(exclusionName(reason));
    }
    QString result = parts.isEmpty() ? QStringLiteral("INCLUDE") : parts.join(QLatin1String(", "));
    QStringList warns;
    for (CookieWarning warning : warnings()) {
        warns.append(warningName(warning));
    }
    if (!warns.isEmpty()) {
        result += QLatin1String("; ") + warns.join(QLatin1String(", "));
    }
    return result;
}

namespace {

bool isWsp(char c)
{
    return c == ' ' || c == '\t';
}

QByteArray trimWsp(const QByteArray &s)
{
    int begin = 0;
    int end = s.size();
    while (begin < end && isWsp(s.at(begin))) {
        ++begin;
    }
    while (end > begin && isWsp(s.at(end - 1))) {
        --end;
    }
    return s.mid(begin, end - begin);
}

bool hasControlCharacter(const QByteArray &s)
{
    return std::any_of(s.cbegin(), s.cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

// UTF-8 to QString keeping a leading U+FEFF: QString::fromUtf8() drops it, which turned the
// cookie "\xEF\xBB\xBF" (valid, and kept as bytes by Chromium) into one without name or value.
// (QStringDecoder's ConvertInitialBom keeps it, but then waits for the rest of a cut-off sequence.)
QString fromUtf8KeepingBom(const QByteArray &bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        return QChar(0xFEFF) + fromUtf8KeepingBom(bytes.mid(3));
    }
    return QString::fromUtf8(bytes);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// RFC 6265bis §5.6.2: "-"? 1*DIGIT; anything else and the attribute is ignored.
std::optional<qint64> parseMaxAge(const QByteArray &value)
{
    if (value.isEmpty()) {
        return std::nullopt;
    }
    int i = 0;
    bool negative = false;
    if (value.at(0) == '-') {
        negative = true;
        i = 1;
    }
    if (i >= value.size()) {
        return std::nullopt;
    }
    qint64 result = 0;
    for (; i < value.size(); ++i) {
        if (!isDigit(value.at(i))) {
            return std::nullopt;
        }
        if (result < (qint64(1) << 50)) { // saturate: the 400-day cap applies long before
            result = result * 10 + (value.at(i) - '0');
        }
    }
    return negative ? -result : result;
}

} // namespace

CookieParseResult parseSetCookie(const QByteArray &line)
{
    CookieParseResult result;
    // Chromium ParsedCookie::ParseTokenValuePairs, in its order. A NUL, CR or LF anywhere used to
    // truncate the line; now it rejects it (RFC 6265bis section 5.6 step 1).
    for (char c : line) {
        if (c == '\0' || c == '\r' || c == '\n') {
            result.status.addExclusion(CookieExclusion::DisallowedCharacter);
            return result;
        }
    }
    const QList<QByteArray> parts = line.split(';');
    const QByteArray &pair = parts.first();
    QByteArray name;
    QByteArray value;
    const int eq = pair.indexOf('=');
    if (eq < 0) {
        value = trimWsp(pair); // a nameless cookie (RFC 6265bis section 5.6 step 3)
    } else {
        name = trimWsp(pair.left(eq));
        value = trimWsp(pair.mid(eq + 1));
    }
    if (name.isEmpty() && value.isEmpty()) {
        result.status.addExclusion(CookieExclusion::NoCookieContent);
        return result;
    }
    if (name.size() + value.size() > kMaxCookieNamePlusValueSize) {
        result.status.addExclusion(CookieExclusion::NameValuePairExceedsMaxSize);
        return result;
    }
    // HttpUtil::IsControlChar counts HTAB too: a tab inside a name or value rejects the cookie
    // (leading and trailing ones were trimmed above).
    if (hasControlCharacter(name) || hasControlCharacter(value)) {
        result.status.addExclusion(CookieExclusion::DisallowedCharacter);
        return result;
    }
    ParsedCookie &cookie = result.cookie;
    cookie.name = fromUtf8KeepingBom(name);
    cookie.value = fromUtf8KeepingBom(value);

    // Attributes: the last occurrence of each wins (RFC 6265bis §5.7 "last attribute").
    for (int i = 1; i < parts.size(); ++i) {
        const QByteArray &av = parts.at(i);
        const int aeq = av.indexOf('=');
        const QByteArray attrName = trimWsp(aeq < 0 ? av : av.left(aeq)).toLower();
        const QByteArray attrValue = aeq < 0 ? QByteArray() : trimWsp(av.mid(aeq + 1));
        if (hasControlCharacter(attrName) || hasControlCharacter(attrValue)) {
            result.status.addExclusion(CookieExclusion::DisallowedCharacter); // the whole cookie
            result.cookie = ParsedCookie();
            return result;
        }
        if (attrValue.size() > kMaxCookieAttributeValueSize) {
            result.status.addWarning(CookieWarning::AttributeValueExceedsMaxSize);
            continue;
        }
        if (attrName == "expires") {
            const QDateTime date = parseCookieDate(attrValue);
            if (date.isValid()) {
                cookie.expires = date;
            }
        } else if (attrName == "max-age") {
            if (const auto seconds = parseMaxAge(attrValue)) {
                cookie.maxAgeSeconds = seconds;
            }
        } else if (attrName == "domain") {
            if (attrValue.isEmpty()) {
                cookie.domain.reset(); // Chromium: an empty Domain makes a host cookie
            } else {
                cookie.domain = fromUtf8KeepingBom(attrValue);
            }
        } else if (attrName == "path") {
            if (attrValue.isEmpty() || attrValue.at(0) != '/') {
                cookie.path.reset(); // §5.6.4: the default-path applies
            } else {
                cookie.path = fromUtf8KeepingBom(attrValue);
            }
        } else if (attrName == "secure") {
            cookie.secure = true;
        } else if (attrName == "httponly") {
            cookie.httpOnly = true;
        } else if (attrName == "partitioned") {
            cookie.partitioned = true;
        } else if (attrName == "samesite") {
            const QByteArray v = attrValue.toLower();
            cookie.sameSite = v == "strict" ? CookieSameSite::Strict
                : v == "lax"                ? CookieSameSite::Lax
                : v == "none"               ? CookieSameSite::None
                                            : CookieSameSite::Unspecified; // unknown value
        }
        // Unknown attributes are ignored (§5.6 step 8).
    }
    return result;
}

QDateTime parseCookieDate(const QByteArray &text)
{
    // RFC 6265 §5.1.1.
    auto isDelimiter = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == 0x09 || (u >= 0x20 && u <= 0x2f) || (u >= 0x3b && u <= 0x40) || (u >= 0x5b && u <= 0x60)
            || (u >= 0x7b && u <= 0x7e);
    };
    // Leading 1..maxDigits digits followed by end or a non-digit; returns the value or -1.
    auto leadingNumber = [](const QByteArray &token, int minDigits, int maxDigits, int *consumed) {
        int n = 0;
        int value = 0;
        while (n < token.size() && isDigit(token.at(n))) {
            value = value * 10 + (token.at(n) - '0');
            ++n;
            if (n > maxDigits) {
                return -1;
            }
        }
        if (n < minDigits) {
            return -1;
        }
        *consumed = n;
        return value;
    };
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    bool foundTime = false;
    bool foundDay = false;
    bool foundMonth = false;
    bool foundYear = false;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int day = 0;
    int month = 0;
    int year = 0;

    int i = 0;
    while (i < text.size()) {
        while (i < text.size() && isDelimiter(text.at(i))) {
            ++i;
        }
        int start = i;
        while (i < text.size() && !isDelimiter(text.at(i))) {
            ++i;
        }
        if (start == i) {
            continue;
        }
        const QByteArray token = text.mid(start, i - start);
        int used = 0;
        if (!foundTime) {
            // hms-time = time-field ":" time-field ":" time-field, each 1*2DIGIT
            int h = leadingNumber(token, 1, 2, &used);
            if (h >= 0 && used < token.size() && token.at(used) == ':') {
                const QByteArray rest1 = token.mid(used + 1);
                int used2 = 0;
                int m = leadingNumber(rest1, 1, 2, &used2);
                if (m >= 0 && used2 < rest1.size() && rest1.at(used2) == ':') {
                    const QByteArray rest2 = rest1.mid(used2 + 1);
                    int used3 = 0;
                    int s = leadingNumber(rest2, 1, 2, &used3);
                    if (s >= 0) {
                        foundTime = true;
                        hour = h;
                        minute = m;
                        second = s;
                        continue;
                    }
                }
            }
        }
        if (!foundDay) {
            int d = leadingNumber(token, 1, 2, &used);
            if (d >= 0) {
                foundDay = true;
                day = d;
                continue;
            }
        }
        if (!foundMonth && token.size() >= 3) {
            const QByteArray prefix = token.left(3).toLower();
            bool matched = false;
            for (int m = 0; m < 12; ++m) {
                if (prefix == months[m]) {
                    foundMonth = true;
                    month = m + 1;
                    matched = true;
                    break;
                }
            }
            if (matched) {
                continue;
            }
        }
        if (!foundYear) {
            int y = leadingNumber(token, 2, 4, &used);
            if (y >= 0) {
                foundYear = true;
                year = y;
                continue;
            }
        }
    }
    if (year >= 70 && year <= 99) {
        year += 1900;
    } else if (year >= 0 && year <= 69 && foundYear) {
        year += 2000;
    }
    if (!foundTime || !foundDay || !foundMonth || !foundYear || day < 1 || day > 31 || year < 1601 || hour > 23
        || minute > 59 || second > 59) {
        return QDateTime();
    }
    const QDate date(year, month, day);
    if (!date.isValid()) {
        return QDateTime(); // e.g. 31 Feb
    }
    return QDateTime(date, QTime(hour, minute, second), Qt::UTC);
}

bool CanonicalCookie::isDomainMatch(const QString &canonicalHost) const
{
    // Chromium CookieBase::IsDomainMatch / RFC 6265 §5.1.3.
    if (hostOnly) {
        return canonicalHost == domain;
    }
    // domain is ".example.com"
    if (canonicalHost == domain.mid(1)) {
        return true;
    }
    return canonicalHost.endsWith(domain);
}

bool CanonicalCookie::isOnPath(const QString &urlPath) const
{
    // Chromium CookieBase::IsOnPath / RFC 6265 §5.1.4 path-match.
    if (path.isEmpty() || !urlPath.startsWith(path)) {
        return false;
    }
    return path.size() == urlPath.size() || path.endsWith(QLatin1Char('/')) || urlPath.at(path.size()) == QLatin1Char('/');
}

QString CanonicalCookie::headerPair() const
{
    return name.isEmpty() ? value : name + QLatin1Char('=') + value;
}

QString defaultCookiePath(const QString &urlPath)
{
    // RFC 6265 §5.1.4.
    if (urlPath.isEmpty() || !urlPath.startsWith(QLatin1Char('/'))) {
        return QStringLiteral("/");
    }
    const int lastSlash = urlPath.lastIndexOf(QLatin1Char('/'));
    if (lastSlash == 0) {
        return QStringLiteral("/");
    }
    return urlPath.left(lastSlash);
}

} // namespace SseScope
