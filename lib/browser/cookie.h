#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace SseScope {

struct FindingDefinition;

// The SameSite attribute as written (RFC 6265bis §5.6.7). What Unspecified means is a profile
// decision (Chromium: Lax by default; see CookieRules).
enum class CookieSameSite { Unspecified, None, Lax, Strict };
QString cookieSameSiteName(CookieSameSite sameSite); // "Unspecified" | "None" | "Lax" | "Strict"

// Why a cookie was not stored or not sent. The first block is Chromium's
// net::CookieInclusionStatus::ExclusionReason, named as Chromium names them (exclusionName() gives
// "EXCLUDE_SAMESITE_LAX"); the last block are SSE Scope's own outcomes for what Chromium decides
// before cookies are even looked at, or for another engine's jar.
enum class CookieExclusion {
    UnknownError,
    HttpOnly,
    SecureOnly,
    DomainMismatch,
    NotOnPath,
    SameSiteStrict,
    SameSiteLax,
    SameSiteUnspecifiedTreatedAsLax,
    SameSiteNoneInsecure,
    UserPreferences,
    FailureToStore,
    NoncookieableScheme,
    OverwriteSecure,
    OverwriteHttpOnly,
    InvalidDomain,
    InvalidPrefix,
    InvalidPartitioned,
    NameValuePairExceedsMaxSize,
    AttributeValueExceedsMaxSize,
    DomainNonAscii,
    DisallowedCharacter,
    NoCookieContent,
    // Not Chromium names:
    NoCredentials, // the request's credentials mode does not include cookies (Fetch §4.6 / §4.5)
    OtherPartition, // the cookie lives in another partition (CHIPS key, or Firefox TCP jar)
};

// Chromium's WarningReason values the model produces, plus one SSE Scope note.
enum class CookieWarning {
    SecureAccessGrantedNonCryptographic, // Secure cookie over http://localhost (trustworthy, not TLS)
    AttributeValueExceedsMaxSize, // an attribute over 1024 bytes was ignored
    SameSiteUnspecifiedCrossSiteContext, // unspecified SameSite in a cross-site context
    DomainNonAscii, // a non-ASCII Domain attribute, canonicalized to punycode
    // Not a Chromium name:
    PartitionedByTotalCookieProtection, // Firefox kept a cross-site cookie in the top site's jar
};

QString exclusionName(CookieExclusion reason); // "EXCLUDE_SAMESITE_LAX", "NO_CREDENTIALS"
QString exclusionDevToolsName(CookieExclusion reason); // "SameSiteLax" (CDP CookieBlockedReason)
QString exclusionDescription(CookieExclusion reason); // the DevTools tooltip, or our own words
QString warningName(CookieWarning warning); // "WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC"

// A set of exclusion and warning reasons, as Chromium's CookieInclusionStatus: a cookie is
// included when there is no exclusion reason; several reasons can hold at once.
class CookieInclusionStatus
{
public:
    bool isInclude() const { return m_exclusions == 0; }
    bool hasExclusion(CookieExclusion reason) const { return m_exclusions & bit(reason); }
    bool hasOnlyExclusion(CookieExclusion reason) const { return m_exclusions == bit(reason); }
    bool hasWarning(CookieWarning warning) const { return m_warnings & bit(warning); }
    void addExclusion(CookieExclusion reason) { m_exclusions |= bit(reason); }
    void removeExclusion(CookieExclusion reason) { m_exclusions &= ~bit(reason); }
    void addWarning(CookieWarning warning) { m_warnings |= bit(warning); }
    QList<CookieExclusion> exclusions() const; // in enum order
    QList<CookieWarning> warnings() const;
    // The reason a person should fix first (the one that still blocks after the others are fixed
    // is shown by exclusions()): parse and validity errors, credentials, Secure, SameSite, then
    // third-party blocking, then domain and path.
    std::optional<CookieExclusion> primaryExclusion() const;
    // "INCLUDE" or "EXCLUDE_SAMESITE_LAX, EXCLUDE_USER_PREFERENCES", then "; WARN_..." if any.
    QString debugString() const;

    friend bool operator==(const CookieInclusionStatus &a, const CookieInclusionStatus &b)
    {
        return a.m_exclusions == b.m_exclusions && a.m_warnings == b.m_warnings;
    }

private:
    template<typename E>
    static quint64 bit(E e)
    {
        return quint64(1) << static_cast<int>(e);
    }
    quint64 m_exclusions = 0;
    quint64 m_warnings = 0;
};

// One Set-Cookie line, parsed as RFC 6265bis §5.6 and Chromium's net::ParsedCookie do: nothing
// about the URL it came from yet (that is CookieJar's job).
struct ParsedCookie
{
    QString name; // empty for a nameless cookie ("Set-Cookie: abc" is name "", value "abc")
    QString value;
    std::optional<QString> domain; // attribute value as written, leading '.' kept
    std::optional<QString> path;
    std::optional<qint64> maxAgeSeconds; // takes precedence over expires
    std::optional<QDateTime> expires; // UTC
    bool secure = false;
    bool httpOnly = false;
    bool partitioned = false;
    CookieSameSite sameSite = CookieSameSite::Unspecified;
};

struct CookieParseResult
{
    ParsedCookie cookie;
    CookieInclusionStatus status; // exclusions when the line cannot make a cookie at all
    bool isValid() const { return status.isInclude(); }
};

// Limits from RFC 6265bis §5.6 / Chromium ParsedCookie.
constexpr int kMaxCookieNamePlusValueSize = 4096;
constexpr int kMaxCookieAttributeValueSize = 1024;

CookieParseResult parseSetCookie(const QByteArray &line);
// The RFC 6265 §5.1.1 cookie-date algorithm; an invalid QDateTime when the text is not a date.
QDateTime parseCookieDate(const QByteArray &text);

// A cookie in the jar (RFC 6265bis §5.7 "cookie" record; Chromium CanonicalCookie).
struct CanonicalCookie
{
    QString name;
    QString value;
    QString domain; // "example.com" when hostOnly, ".example.com" for a Domain cookie
    QString path;
    bool hostOnly = true;
    QDateTime creation;
    QDateTime expiry; // invalid: a session cookie
    bool secure = false;
    bool httpOnly = false;
    CookieSameSite sameSite = CookieSameSite::Unspecified;
    bool partitioned = false; // the Partitioned attribute (CHIPS)
    QString partitionKey; // serialized top-level site; empty: the unpartitioned jar
    quint64 sequence = 0; // creation order among equal creation times

    bool isDomainMatch(const QString &canonicalHost) const;
    bool isOnPath(const QString &urlPath) const;
    bool isExpired(const QDateTime &now) const { return expiry.isValid() && expiry <= now; }
    // "name=value", or just "value" for a nameless cookie (as Chromium serializes it).
    QString headerPair() const;
};

// RFC 6265 §5.1.4 default-path of a request path.
QString defaultCookiePath(const QString &urlPath);

// The cookie findings table (ids "cookie.*"); the lead adds it to findingCatalogue().
QList<FindingDefinition> cookieFindingDefinitions();

} // namespace SseScope
