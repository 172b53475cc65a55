// libFuzzer target: Set-Cookie parsing and the cookie jar (lib/browser/cookie.h, cookiejar.h;
// docs/hardening.md). One input is a list of operations on one CookieJar with a clock that only
// moves forward: Set-Cookie lines (raw, or bursts of generated ones past the per-domain bound) from
// responses to a few URLs fetched from a few pages with various credentials modes and engines,
// `--cookie` lines, clock steps, and requests.
// Checks besides "no crash, no sanitizer report":
//  - parsing: a parsed cookie written out canonically parses to the same cookie; a valid one has a
//    name or a value, at most 4096 bytes of them and no control character, a Path starting with
//    '/' and a non-empty Domain;
//  - the jar: at most 180 cookies per domain and 3300 in all; no two with the same name, domain,
//    path and partition; no expiry beyond 400 days; a host-only cookie's domain has no leading
//    '.'; a stored cookie is in the jar, a deleted one is not, an excluded line changes nothing;
//  - requests: the Cookie header is exactly the included cookies' pairs, each included cookie
//    matches the URL's host and path, and a Secure one goes only to a trustworthy URL; without
//    credentials nothing is sent.
#include <browser/cookie.h>
#include <browser/cookiejar.h>
#include <browser/site.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <QByteArrayView>
#include <QSet>

#include <cstdio>
#include <cstdlib>

using namespace SseScope;

namespace {

void check(bool condition, const char *what, const QByteArray &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_cookies: %s %s\n", what, detail.toPercentEncoding(" =;:/,").constData());
        std::abort();
    }
}

bool sameCookie(const ParsedCookie &a, const ParsedCookie &b)
{
    return a.name == b.name && a.value == b.value && a.domain == b.domain && a.path == b.path
        && a.maxAgeSeconds == b.maxAgeSeconds && a.expires == b.expires && a.secure == b.secure
        && a.httpOnly == b.httpOnly && a.partitioned == b.partitioned && a.sameSite == b.sameSite;
}

// RFC 1123 date, which the cookie-date algorithm reads back.
QByteArray httpDate(const QDateTime &t)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = t.toUTC();
    return QByteArray::number(utc.date().day()).rightJustified(2, '0') + ' ' + months[utc.date().month() - 1] + ' '
        + QByteArray::number(utc.date().year()) + ' ' + utc.time().toString(QStringLiteral("HH:mm:ss")).toLatin1()
        + " GMT";
}

// The canonical Set-Cookie line for a parsed cookie ("=value" keeps a nameless one nameless).
QByteArray serialize(const ParsedCookie &c)
{
    QByteArray out = c.name.toUtf8() + '=' + c.value.toUtf8();
    if (c.domain) {
        out += "; Domain=" + c.domain->toUtf8();
    }
    if (c.path) {
        out += "; Path=" + c.path->toUtf8();
    }
    if (c.maxAgeSeconds) {
        out += "; Max-Age=" + QByteArray::number(*c.maxAgeSeconds);
    }
    if (c.expires) {
        out += "; Expires=" + httpDate(*c.expires);
    }
    if (c.secure) {
        out += "; Secure";
    }
    if (c.httpOnly) {
        out += "; HttpOnly";
    }
    if (c.partitioned) {
        out += "; Partitioned";
    }
    if (c.sameSite != CookieSameSite::Unspecified) {
        out += "; SameSite=" + cookieSameSiteName(c.sameSite).toLatin1();
    }
    return out;
}

void checkParse(const QByteArray &line)
{
    const CookieParseResult parsed = parseSetCookie(line);
    if (!parsed.isValid()) {
        return;
    }
    const ParsedCookie &c = parsed.cookie;
    const QByteArray name = c.name.toUtf8();
    const QByteArray value = c.value.toUtf8();
    check(!name.isEmpty() || !value.isEmpty(), "a valid cookie without name and value:", line);
    check(!c.path || c.path->startsWith(QLatin1Char('/')), "a Path not starting with '/':", line);
    check(!c.domain || !c.domain->isEmpty(), "an empty Domain kept:", line);
    // Byte-exact claims hold only where the decoding to QString was lossless.
    if (!QByteArrayView(line).isValidUtf8()) {
        return;
    }
    check(name.size() + value.size() <= kMaxCookieNamePlusValueSize, "name and value over 4096 bytes:", line);
    for (char ch : QByteArray(name + value)) {
        const auto u = static_cast<unsigned char>(ch);
        check(u >= 0x20 && u != 0x7f, "a control character in name or value:", line);
    }
    const QByteArray canonical = serialize(c);
    const CookieParseResult again = parseSetCookie(canonical);
    check(again.isValid(), "the written-out cookie does not parse:", line + " -> " + canonical);
    check(sameCookie(again.cookie, c), "the written-out cookie parses differently:", line + " -> " + canonical);
    check(serialize(again.cookie) == canonical, "writing out is not a fixed point:", canonical);
}

// ---- the jar ------------------------------------------------------------------------------------

struct Key
{
    QString name, domain, path, partition;
    friend bool operator==(const Key &a, const Key &b)
    {
        return a.name == b.name && a.domain == b.domain && a.path == b.path && a.partition == b.partition;
    }
};
size_t qHash(const Key &k, size_t seed = 0)
{
    return ::qHash(k.name, seed) ^ ::qHash(k.domain, seed) ^ ::qHash(k.path, seed) ^ ::qHash(k.partition, seed);
}
Key keyOf(const CanonicalCookie &c)
{
    return {c.name, c.domain, c.path, c.partitionKey};
}

QString urlFor(FuzzedDataProvider &fdp)
{
    static const char *const hosts[] = {"example.com", "sub.example.com", "a.b.example.com", "other.test",
                                        "localhost", "127.0.0.1", "site.co.uk", "x.site.co.uk", "[::1]",
                                        "xn--bcher-kva.example", "github.io", "user.github.io"};
    static const char *const paths[] = {"", "/", "/a", "/a/", "/a/b/c", "/events?x=1", "/A"};
    const int hostIndex = fdp.ConsumeIntegralInRange<int>(0, int(std::size(hosts)) + 31);
    const QString host = hostIndex < int(std::size(hosts))
        ? QString::fromLatin1(hosts[hostIndex])
        : QStringLiteral("h%1.test").arg(hostIndex - int(std::size(hosts))); // many domains for the global cap
    const char *scheme = fdp.ConsumeBool() ? "https" : "http";
    const QString port = fdp.ConsumeIntegralInRange<int>(0, 3) == 0 ? QStringLiteral(":8443") : QString();
    return QString::fromLatin1(scheme) + QStringLiteral("://") + host + port
        + QString::fromLatin1(paths[fdp.ConsumeIntegralInRange<int>(0, int(std::size(paths)) - 1)]);
}

CookieContext contextFor(FuzzedDataProvider &fdp)
{
    CookieContext ctx;
    ctx.url = QUrl(urlFor(fdp));
    ctx.topLevelOrigin = fdp.ConsumeIntegralInRange<int>(0, 7) == 0 ? Origin::opaque()
                                                                    : Origin::fromUrl(QUrl(urlFor(fdp)));
    ctx.credentials = static_cast<CookieCredentialsMode>(fdp.ConsumeIntegralInRange<int>(0, 2));
    const int engine = fdp.ConsumeIntegralInRange<int>(0, 2);
    ctx.profile = engine == 0 ? BrowserProfile::chromium()
        : engine == 1         ? BrowserProfile::firefox()
                              : BrowserProfile::safari();
    ctx.thirdPartyCookies = static_cast<ThirdPartyCookieOverride>(fdp.ConsumeIntegralInRange<int>(0, 2));
    return ctx;
}

QByteArray attributesFor(FuzzedDataProvider &fdp)
{
    static const char *const attributes[] = {"", "; Path=/", "; Path=/a", "; Domain=example.com", "; Secure",
                                             "; HttpOnly", "; SameSite=None; Secure", "; SameSite=Lax",
                                             "; SameSite=Strict", "; Max-Age=60", "; Max-Age=0",
                                             "; Expires=Wed, 21 Oct 2099 07:28:00 GMT", "; Partitioned; Secure",
                                             "; Domain=test"};
    QByteArray out;
    const int n = fdp.ConsumeIntegralInRange<int>(0, 3);
    for (int i = 0; i < n; ++i) {
        out += attributes[fdp.ConsumeIntegralInRange<int>(0, int(std::size(attributes)) - 1)];
    }
    return out;
}

class JarChecker
{
public:
    JarChecker()
        : m_jar([this] { return m_now; })
    {
    }

    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

    // A burst stores one generated cookie after another: only its outcome is checked (a full look at
    // the jar per line would make a burst quadratic); the caller checks the jar afterwards.
    void burstSet(const QByteArray &line, const CookieContext &ctx)
    {
        const CookieSetOutcome outcome = m_jar.setCookie(line, ctx);
        check(!outcome.stored() || outcome.status.isInclude(), "a burst line stored with an exclusion:", line);
    }

    void set(const QByteArray &line, const CookieContext &ctx, bool firstParty)
    {
        checkParse(line);
        const QList<CanonicalCookie> before = m_jar.allCookies();
        const CookieSetOutcome outcome
            = firstParty ? m_jar.addFirstPartyCookie(QString::fromUtf8(line), ctx.url) : m_jar.setCookie(line, ctx);
        const QList<CanonicalCookie> after = m_jar.allCookies();
        const Key key = keyOf(outcome.cookie);
        switch (outcome.action) {
        case CookieSetOutcome::Action::Stored:
        case CookieSetOutcome::Action::Replaced: {
            check(outcome.status.isInclude(), "stored with an exclusion:", line);
            const bool found = std::any_of(after.cbegin(), after.cend(), [&](const CanonicalCookie &c) {
                return keyOf(c) == key && c.value == outcome.cookie.value;
            });
            check(found, "a stored cookie is not in the jar:", line);
            break;
        }
        case CookieSetOutcome::Action::Deleted:
        case CookieSetOutcome::Action::Ignored:
            check(std::none_of(after.cbegin(), after.cend(), [&](const CanonicalCookie &c) { return keyOf(c) == key; }),
                  "a deleted cookie is still in the jar:", line);
            check(after.size() <= before.size(), "an expired line grew the jar:", line);
            break;
        case CookieSetOutcome::Action::Excluded:
            check(!outcome.status.isInclude(), "excluded without a reason:", line);
            check(after.size() == before.size(), "an excluded line changed the jar:", line);
            for (qsizetype i = 0; i < after.size(); ++i) {
                check(keyOf(after.at(i)) == keyOf(before.at(i)) && after.at(i).value == before.at(i).value,
                      "an excluded line changed the jar:", line);
            }
            break;
        }
    }

    void request(const CookieContext &ctx)
    {
        const CookieRequestResult result = m_jar.cookiesForRequest(ctx);
        QStringList pairs;
        const QString scheme = ctx.url.scheme();
        const QString host = SiteResolver::canonicalHost(ctx.url.host(QUrl::FullyDecoded));
        const bool trustworthy = scheme == QLatin1String("https") || host == QLatin1String("localhost")
            || host == QLatin1String("127.0.0.1") || host == QLatin1String("::1");
        for (const CookieSendOutcome &o : result.cookies) {
            if (!o.included()) {
                continue;
            }
            pairs.append(o.cookie.headerPair());
            check(result.credentialsIncluded, "a cookie sent without credentials");
            check(o.cookie.isDomainMatch(host), "a cookie sent to another host:", o.cookie.domain.toUtf8());
            check(!o.cookie.secure || trustworthy, "a Secure cookie sent to an untrustworthy URL:",
                  ctx.url.toEncoded());
            check(!o.cookie.isExpired(m_now), "an expired cookie sent");
        }
        check(result.cookieHeader == pairs.join(QStringLiteral("; ")), "the Cookie header is not the included pairs:",
              result.cookieHeader.toUtf8());
        checkJar();
    }

    void checkJar()
    {
        const QList<CanonicalCookie> all = m_jar.allCookies();
        check(all.size() <= CookieJar::kMaxCookies, "more cookies than the jar's cap");
        QHash<QString, int> perDomain;
        QSet<Key> keys;
        const QDateTime latest = m_now.addSecs(CookieJar::kMaxExpirySeconds);
        for (const CanonicalCookie &c : all) {
            check(++perDomain[c.domain] <= CookieJar::kDomainMaxCookies, "more cookies than the domain cap:",
                  c.domain.toUtf8());
            check(!keys.contains(keyOf(c)), "two equivalent cookies in the jar:", c.name.toUtf8());
            keys.insert(keyOf(c));
            check(c.hostOnly != c.domain.startsWith(QLatin1Char('.')), "host-only and a leading '.' disagree:",
                  c.domain.toUtf8());
            check(c.path.startsWith(QLatin1Char('/')), "a stored path not starting with '/':", c.path.toUtf8());
            check(!c.expiry.isValid() || c.expiry <= latest, "an expiry beyond 400 days");
            check(!c.isExpired(m_now), "allCookies() returned an expired cookie");
        }
    }

private:
    QDateTime m_now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    CookieJar m_jar;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    JarChecker jar;
    int bursts = 0;
    // The jar as a whole is checked after bursts, requests and at the end (after every line it would
    // make long inputs quadratic).
    for (int op = 0; op < 64 && fdp.remaining_bytes() > 0; ++op) {
        switch (fdp.ConsumeIntegralInRange<int>(0, 5)) {
        case 0:
        case 1: { // one raw Set-Cookie line
            const CookieContext ctx = contextFor(fdp);
            const std::string line = fdp.ConsumeRandomLengthString(512);
            jar.set(QByteArray(line.data(), qsizetype(line.size())), ctx, false);
            break;
        }
        case 2: { // a burst of generated cookies: two into one domain pass its cap (at most two per
                  // input: a jar line costs ~0.25 ms under the sanitizers)
            if (++bursts > 2) {
                break;
            }
            const CookieContext ctx = contextFor(fdp);
            const int count = fdp.ConsumeIntegralInRange<int>(1, 100);
            const QByteArray prefix = QByteArray::fromStdString(fdp.ConsumeRandomLengthString(8))
                + QByteArray::number(bursts) + '_';
            const QByteArray attributes = attributesFor(fdp);
            for (int i = 0; i < count; ++i) {
                jar.burstSet(prefix + QByteArray::number(i) + "=v" + attributes, ctx);
            }
            jar.checkJar();
            break;
        }
        case 3: { // `--cookie`
            const CookieContext ctx = contextFor(fdp);
            const std::string line = fdp.ConsumeRandomLengthString(256);
            jar.set(QByteArray(line.data(), qsizetype(line.size())), ctx, true);
            break;
        }
        case 4: // time passes (up to ~500 days)
            jar.advance(fdp.ConsumeIntegralInRange<qint64>(0, 500LL * 24 * 3600));
            break;
        case 5:
            jar.request(contextFor(fdp));
            break;
        }
    }
    jar.checkJar();
    return 0;
}
