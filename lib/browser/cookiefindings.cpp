// The cookie part of the findings catalogue, and the mapping from a cookie outcome (typed
// exclusion and warning reasons, named as Chromium's net::CookieInclusionStatus) to findings.
#include "cookie.h"
#include "cookiejar.h"
#include "findings.h"

#include <QStringList>

namespace SseScope {

namespace {

constexpr const char *kRefInclusionStatus =
    "Chromium net/cookies/cookie_inclusion_status.h (ExclusionReason) and cookie_base.cc "
    "IncludeForRequestURL; RFC 6265bis";
constexpr const char *kRefObserved =
    "Observed in Chromium 156 (docs/reference browser-rules.md, cookie table): page http://localhost:P, "
    "stream http://127.0.0.1:Q";

// One place for the usual cross-site session cookie, so every fix shows the same line.
#define SSESCOPE_FIX_EXPRESS_NONE "res.cookie('sid', token, { sameSite: 'none', secure: true, partitioned: true, path: '/' });"
#define SSESCOPE_FIX_NGINX_NONE "proxy_cookie_flags sid samesite=none secure;  # nginx >= 1.19.3; or add_header Set-Cookie \"sid=$token; Path=/; SameSite=None; Secure; Partitioned\" always;"
#define SSESCOPE_FIX_GO_NONE "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Path: \"/\", SameSite: http.SameSiteNoneMode, Secure: true, Partitioned: true}) // Go >= 1.23"

} // namespace

QList<FindingDefinition> cookieFindingDefinitions()
{
    return {
        {"cookie.set-ignored-without-credentials", Severity::Warning,
         "Set-Cookie ignored: the request was not credentialed",
         "The response carried Set-Cookie, but the request's credentials mode was not 'include' (fetch without "
         "credentials: 'include', or EventSource without withCredentials on a cross-origin URL). The browser does "
         "not store cookies from such a response, even when page and server are the same site "
         "(localhost:5173 and localhost:8080).",
         "Make the request credentialed: fetch(url, { credentials: 'include' }) or new EventSource(url, "
         "{ withCredentials: true }); the server must then answer with Access-Control-Allow-Origin: <the page "
         "origin> (not *) and Access-Control-Allow-Credentials: true.",
         "app.use(cors({ origin: 'https://app.example', credentials: true }));",
         "add_header Access-Control-Allow-Origin $http_origin always;  # after checking it against an allow-list "
         "(map)\nadd_header Access-Control-Allow-Credentials true always;",
         "w.Header().Set(\"Access-Control-Allow-Origin\", origin) // checked against an allow-list\n"
         "w.Header().Set(\"Access-Control-Allow-Credentials\", \"true\")",
         "Fetch standard section 4.5 (HTTP-network-or-cache fetch, 'include credentials'); WPT cors/credentials-flag.htm"},
        {"cookie.not-sent-without-credentials", Severity::Warning, "No cookies sent: withCredentials is false",
         "A cross-origin EventSource without withCredentials (or fetch without credentials: 'include') sends no "
         "cookies at all, whatever their SameSite, even between two ports of the same site. Observed in Chromium "
         "156: localhost:P -> localhost:Q with SameSite=Lax and withCredentials false sends nothing.",
         "new EventSource(url, { withCredentials: true }) and answer with Access-Control-Allow-Origin: <the page "
         "origin> plus Access-Control-Allow-Credentials: true.",
         "app.use(cors({ origin: 'https://app.example', credentials: true }));",
         "add_header Access-Control-Allow-Origin $http_origin always;  # allow-listed\n"
         "add_header Access-Control-Allow-Credentials true always;",
         "w.Header().Set(\"Access-Control-Allow-Origin\", origin)\n"
         "w.Header().Set(\"Access-Control-Allow-Credentials\", \"true\")",
         "Fetch standard section 3.2.5 / section 4.6; WPT eventsource/request-credentials.htm; observed Chromium 156"},
        {"cookie.samesite-lax-cross-site", Severity::Warning, "SameSite=Lax cookie blocked on a cross-site request",
         "The cookie has SameSite=Lax, and the request goes from the page to another site (scheme + registrable "
         "domain; localhost and 127.0.0.1 are different sites). Lax cookies travel only on same-site requests and "
         "top-level navigations, never on a cross-site EventSource or fetch.",
         "Serve page and stream from the same site, or set the cookie as SameSite=None; Secure; Partitioned: "
         "Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure; Partitioned",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE, kRefInclusionStatus},
        {"cookie.samesite-strict-cross-site", Severity::Warning,
         "SameSite=Strict cookie blocked on a cross-site request",
         "The cookie has SameSite=Strict: it is sent only when the request comes from the same site. The page is "
         "on another site, so the browser leaves it out (and would not store it from this response either).",
         "Serve page and stream from the same site, or use SameSite=None; Secure; Partitioned for this cookie: "
         "Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure; Partitioned",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE, kRefInclusionStatus},
        {"cookie.samesite-unspecified-treated-as-lax", Severity::Warning,
         "Cookie without SameSite treated as Lax and blocked cross-site",
         "The cookie has no SameSite attribute. Chromium treats that as SameSite=Lax, so it is not sent on (nor "
         "stored from) a cross-site subresource request such as this stream. Observed in Chromium 156: no "
         "SameSite, localhost:P -> 127.0.0.1:Q, not sent.",
         "Say SameSite=None; Secure (and Partitioned, for Chromium's third-party blocking): "
         "Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure; Partitioned",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE, kRefObserved},
        {"cookie.samesite-none-insecure", Severity::Warning, "SameSite=None cookie rejected: not Secure",
         "A cookie with SameSite=None must also have the Secure attribute; without it the browser rejects the "
         "cookie when it is set and when it would be sent. Observed in Chromium 156 even on localhost.",
         "Add Secure (it works over http://localhost and 127.0.0.1 too): Set-Cookie: sid=<session>; Path=/; "
         "SameSite=None; Secure",
         "res.cookie('sid', token, { sameSite: 'none', secure: true, path: '/' });",
         "proxy_cookie_flags sid samesite=none secure;",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Path: \"/\", SameSite: http.SameSiteNoneMode, "
         "Secure: true})",
         kRefInclusionStatus},
        {"cookie.secure-over-http", Severity::Warning, "Secure cookie over plain http",
         "The cookie has the Secure attribute, and the URL is http on a host that is not localhost or loopback. "
         "The browser neither stores nor sends Secure cookies there.",
         "Serve the API over https (recommended), or, for local development only, use http://localhost or "
         "127.0.0.1, where Secure cookies are allowed.",
         "// behind TLS: app.set('trust proxy', 1); res.cookie('sid', token, { secure: true, sameSite: 'none' });",
         "listen 443 ssl; ssl_certificate /etc/ssl/api.crt; ssl_certificate_key /etc/ssl/api.key;",
         "log.Fatal(http.ListenAndServeTLS(\":443\", \"api.crt\", \"api.key\", mux))",
         "Chromium cookie_base.cc IncludeForRequestURL (EXCLUDE_SECURE_ONLY); RFC 6265bis section 5.7"},
        {"cookie.secure-on-localhost", Severity::Info, "Secure cookie allowed over http on localhost",
         "The cookie is Secure and the URL is http://localhost or a loopback address. Chromium counts these as "
         "potentially trustworthy and allows the cookie (WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC); the same "
         "cookie on any other http host would be rejected.",
         "Nothing to do for local development; production needs https.",
         "res.cookie('sid', token, { secure: true, sameSite: 'none' }); // fine on http://localhost",
         "# no change needed on localhost",
         "// no change needed on localhost",
         "Chromium cookie_base.cc (WARN_SECURE_ACCESS_GRANTED_NON_CRYPTOGRAPHIC); observed Chromium 156"},
        {"cookie.third-party-blocked", Severity::Warning, "Third-party cookie blocked",
         "The request is cross-site, and this browser blocks unpartitioned third-party cookies "
         "(EXCLUDE_USER_PREFERENCES). Observed in Chromium 156: SameSite=None; Secure from localhost:P to "
         "127.0.0.1:Q is not sent, while the same cookie with Partitioned is.",
         "Add Partitioned (CHIPS): Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure; Partitioned, or serve page "
         "and stream from the same site.",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE, kRefObserved},
        {"cookie.third-party-blocked-all", Severity::Warning, "Third-party cookies blocked entirely (Safari)",
         "Safari's Intelligent Tracking Prevention blocks every third-party cookie, Partitioned or not: a "
         "cross-site EventSource carries no cookie unless the Storage Access API granted access.",
         "Serve page and stream from the same site (e.g. api.example.com for app.example.com), or authenticate "
         "the stream another way (a short-lived token in the URL, or fetch streaming with an Authorization "
         "header).",
         "// same site: app.example.com -> api.example.com\nres.cookie('sid', token, { domain: 'example.com', "
         "sameSite: 'lax', secure: true });",
         "server_name api.example.com;  # same registrable domain as the page",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Domain: \"example.com\", SameSite: "
         "http.SameSiteLaxMode, Secure: true})",
         "WebKit ITP full third-party cookie blocking (Safari 13.1, 2020); browser-rules.md section 4"},
        {"cookie.partitioned-firefox-tcp", Severity::Info,
         "Firefox keeps this cross-site cookie in the page's partition",
         "Firefox's Total Cookie Protection stores a cookie set in a third-party context in a jar keyed by the "
         "top-level site. It is sent back on requests from pages of that same site, but not when the API is "
         "visited directly or from another site. Observed in Firefox ESR 153: the SameSite=None; Secure cookie "
         "set by the page's credentialed fetch is sent on the stream.",
         "Nothing to do if the cookie is only needed from this page; a session set first-party on the API's own "
         "site is not visible here.",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE,
         "Firefox Total Cookie Protection (default since 2022-06-14); observed Firefox ESR 153"},
        {"cookie.other-partition", Severity::Warning, "Cookie lives in another partition",
         "The cookie was stored in a partition that belongs to another top-level site (a Partitioned cookie set "
         "while another page was on top, or, in Firefox, a first-party cookie the cross-site page cannot see), so "
         "this request does not carry it.",
         "Set the cookie from a credentialed request made by this page (e.g. fetch('/login', { credentials: "
         "'include' }) to the API), so it lands in this page's partition.",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE,
         "CHIPS (Cookies Having Independent Partitioned State); Firefox Total Cookie Protection"},
        {"cookie.domain-mismatch", Severity::Warning, "Cookie not sent: domain does not match",
         "The cookie belongs to another host of the same site: it is host-only (no Domain attribute) for a "
         "different host, or its Domain does not cover this host.",
         "Set the cookie with a Domain that covers both hosts: Set-Cookie: sid=<session>; Domain=example.com; Path=/; "
         "SameSite=None; Secure",
         "res.cookie('sid', token, { domain: 'example.com', path: '/', sameSite: 'none', secure: true });",
         "proxy_cookie_domain ~^(.*)$ example.com;",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Domain: \"example.com\", Path: \"/\", "
         "SameSite: http.SameSiteNoneMode, Secure: true})",
         "RFC 6265bis section 5.1.3 domain-match; Chromium EXCLUDE_DOMAIN_MISMATCH"},
        {"cookie.path-mismatch", Severity::Warning, "Cookie not sent: path does not match",
         "The cookie's Path does not cover the stream's path. Without a Path attribute, a cookie set by /api/login "
         "gets Path=/api and is not sent to /events.",
         "Set Path=/ explicitly: Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure",
         "res.cookie('sid', token, { path: '/', sameSite: 'none', secure: true });",
         "proxy_cookie_path ~^/.*$ /;",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Path: \"/\", SameSite: http.SameSiteNoneMode, "
         "Secure: true})",
         "RFC 6265bis section 5.1.4 path-match; Chromium EXCLUDE_NOT_ON_PATH"},
        {"cookie.invalid-domain", Severity::Warning, "Set-Cookie rejected: invalid Domain",
         "The Domain attribute does not cover the host that set the cookie (another site, a sibling host, a public "
         "suffix such as co.uk or github.io, or a Domain on an IP address or localhost).",
         "Omit Domain (a host-only cookie) or use the registrable domain of the API's host: Set-Cookie: sid=<session>; "
         "Path=/; SameSite=None; Secure",
         "res.cookie('sid', token, { path: '/', sameSite: 'none', secure: true }); // no domain option",
         "proxy_cookie_domain off;  # and remove Domain= from the upstream's Set-Cookie",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Path: \"/\"}) // Domain left empty",
         "Chromium cookie_util::GetCookieDomainWithString (EXCLUDE_INVALID_DOMAIN); Public Suffix List"},
        {"cookie.invalid-partitioned", Severity::Warning, "Set-Cookie rejected: Partitioned without Secure",
         "A Partitioned (CHIPS) cookie must also be Secure; Chromium rejects it otherwise.",
         "Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure; Partitioned",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE,
         "Chromium canonical_cookie.cc (EXCLUDE_INVALID_PARTITIONED); CHIPS"},
        {"cookie.invalid-prefix", Severity::Warning, "Set-Cookie rejected: __Secure- / __Host- prefix rules",
         "A cookie named __Secure-<name> must be Secure; one named __Host-<name> must be Secure, have Path=/ and no Domain.",
         "Set-Cookie: __Host-sid=<session>; Path=/; Secure; SameSite=None",
         "res.cookie('__Host-sid', token, { path: '/', secure: true, sameSite: 'none' });",
         "add_header Set-Cookie \"__Host-sid=$token; Path=/; Secure; SameSite=None\" always;",
         "http.SetCookie(w, &http.Cookie{Name: \"__Host-sid\", Value: token, Path: \"/\", Secure: true, SameSite: "
         "http.SameSiteNoneMode})",
         "RFC 6265bis section 4.1.3; Chromium EXCLUDE_INVALID_PREFIX"},
        {"cookie.overwrite-secure", Severity::Warning, "Set-Cookie rejected: would overwrite a Secure cookie",
         "A non-Secure cookie from an insecure URL may not replace a Secure cookie of the same name.",
         "Serve the response over https, or give the cookie another name.",
         "res.cookie('sid', token, { secure: true, sameSite: 'none' });",
         "proxy_cookie_flags sid secure;",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Secure: true})",
         "RFC 6265bis section 5.7 (leave Secure cookies alone); Chromium EXCLUDE_OVERWRITE_SECURE"},
        {"cookie.malformed", Severity::Warning, "Set-Cookie rejected: malformed",
         "The Set-Cookie line cannot make a cookie: it is empty, contains a control character, its name and value "
         "exceed 4096 bytes, or the URL's scheme does not take cookies.",
         "Send one cookie per Set-Cookie header, name=value with printable characters, under 4 KiB: "
         "Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure",
         "res.cookie('sid', token); // express encodes the value",
         "add_header Set-Cookie \"sid=$token; Path=/\" always;",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: url.QueryEscape(token)})",
         "RFC 6265bis section 5.6; Chromium ParsedCookie (EXCLUDE_NO_COOKIE_CONTENT, EXCLUDE_DISALLOWED_CHARACTER, "
         "EXCLUDE_NAME_VALUE_PAIR_EXCEEDS_MAX_SIZE)"},
        {"cookie.domain-non-ascii", Severity::Info, "Cookie Domain written with non-ASCII characters",
         "The Domain attribute contains non-ASCII characters. Chromium converts it to punycode and warns "
         "(WARN_DOMAIN_NON_ASCII); a planned change (kCookieDomainRejectNonASCII) would reject the cookie.",
         "Write the Domain in punycode: Set-Cookie: sid=<session>; Domain=xn--bcher-kva.de; Path=/",
         "res.cookie('sid', token, { domain: 'xn--bcher-kva.de', path: '/' }); // url.domainToASCII()",
         "proxy_cookie_domain ~^(.*)$ xn--bcher-kva.de;",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Domain: \"xn--bcher-kva.de\"}) // idna.ToASCII",
         "Chromium cookie_util::GetCookieDomainWithString (WARN_DOMAIN_NON_ASCII)"},
        {"cookie.attribute-ignored", Severity::Info, "Cookie attribute ignored: longer than 1024 bytes",
         "An attribute value longer than 1024 bytes is ignored (the cookie is kept without it).",
         "Shorten the attribute (usually a Path or Domain produced by mistake).",
         "res.cookie('sid', token, { path: '/' });", "proxy_cookie_path ~^/.*$ /;",
         "http.SetCookie(w, &http.Cookie{Name: \"sid\", Value: token, Path: \"/\"})",
         "RFC 6265bis section 5.6; Chromium WARN_ATTRIBUTE_VALUE_EXCEEDS_MAX_SIZE"},
        {"cookie.samesite-unspecified-cross-site", Severity::Info,
         "Cookie without SameSite used cross-site (blocked in Chromium)",
         "This browser profile does not treat a missing SameSite as Lax, so the cookie works cross-site here, but "
         "Chromium (Lax by default) blocks it.",
         "Say what you mean: Set-Cookie: sid=<session>; Path=/; SameSite=None; Secure; Partitioned",
         SSESCOPE_FIX_EXPRESS_NONE, SSESCOPE_FIX_NGINX_NONE, SSESCOPE_FIX_GO_NONE,
         "Firefox network.cookie.sameSite.laxByDefault=false; Chromium WARN_SAMESITE_UNSPECIFIED_CROSS_SITE_CONTEXT"},
    };
}

#undef SSESCOPE_FIX_EXPRESS_NONE
#undef SSESCOPE_FIX_NGINX_NONE
#undef SSESCOPE_FIX_GO_NONE

const char *cookieFindingIdForExclusion(CookieExclusion reason, bool onSet, ThirdPartyCookiePolicy policy)
{
    switch (reason) {
    case CookieExclusion::NoCredentials:
        return onSet ? "cookie.set-ignored-without-credentials" : "cookie.not-sent-without-credentials";
    case CookieExclusion::SameSiteLax:
        return "cookie.samesite-lax-cross-site";
    case CookieExclusion::SameSiteStrict:
        return "cookie.samesite-strict-cross-site";
    case CookieExclusion::SameSiteUnspecifiedTreatedAsLax:
        return "cookie.samesite-unspecified-treated-as-lax";
    case CookieExclusion::SameSiteNoneInsecure:
        return "cookie.samesite-none-insecure";
    case CookieExclusion::SecureOnly:
        return "cookie.secure-over-http";
    case CookieExclusion::UserPreferences:
        return policy == ThirdPartyCookiePolicy::BlockAll ? "cookie.third-party-blocked-all"
                                                          : "cookie.third-party-blocked";
    case CookieExclusion::OtherPartition:
        return "cookie.other-partition";
    case CookieExclusion::DomainMismatch:
        return "cookie.domain-mismatch";
    case CookieExclusion::NotOnPath:
        return "cookie.path-mismatch";
    case CookieExclusion::InvalidDomain:
    case CookieExclusion::DomainNonAscii:
        return "cookie.invalid-domain";
    case CookieExclusion::InvalidPartitioned:
        return "cookie.invalid-partitioned";
    case CookieExclusion::InvalidPrefix:
        return "cookie.invalid-prefix";
    case CookieExclusion::OverwriteSecure:
        return "cookie.overwrite-secure";
    case CookieExclusion::UnknownError:
    case CookieExclusion::HttpOnly:
    case CookieExclusion::FailureToStore:
    case CookieExclusion::NoncookieableScheme:
    case CookieExclusion::OverwriteHttpOnly:
    case CookieExclusion::NameValuePairExceedsMaxSize:
    case CookieExclusion::AttributeValueExceedsMaxSize:
    case CookieExclusion::DisallowedCharacter:
    case CookieExclusion::NoCookieContent:
        return "cookie.malformed";
    }
    return nullptr;
}

namespace {

const char *findingIdForWarning(CookieWarning warning)
{
    switch (warning) {
    case CookieWarning::SecureAccessGrantedNonCryptographic:
        return "cookie.secure-on-localhost";
    case CookieWarning::AttributeValueExceedsMaxSize:
        return "cookie.attribute-ignored";
    case CookieWarning::SameSiteUnspecifiedCrossSiteContext:
        return "cookie.samesite-unspecified-cross-site";
    case CookieWarning::DomainNonAscii:
        return "cookie.domain-non-ascii";
    case CookieWarning::PartitionedByTotalCookieProtection:
        return "cookie.partitioned-firefox-tcp";
    }
    return nullptr;
}

QString cookieLabel(const QString &name)
{
    return name.isEmpty() ? QStringLiteral("nameless cookie") : QStringLiteral("cookie '%1'").arg(name);
}

QList<CookieFindingRef> findingsFor(const CookieInclusionStatus &status, bool onSet, ThirdPartyCookiePolicy policy,
                                    const QString &subject)
{
    QList<CookieFindingRef> result;
    if (const auto primary = status.primaryExclusion()) {
        result.append({cookieFindingIdForExclusion(*primary, onSet, policy),
                       subject + QLatin1String(": ") + status.debugString() + QLatin1String(" - ")
                           + exclusionDescription(*primary)});
        // Warnings about a cookie that is not stored or sent anyway would only distract, except
        // the size warning, which explains a surprising Path/Domain.
        if (status.hasWarning(CookieWarning::AttributeValueExceedsMaxSize)) {
            result.append({"cookie.attribute-ignored", subject});
        }
        return result;
    }
    for (CookieWarning warning : status.warnings()) {
        result.append({findingIdForWarning(warning), subject + QLatin1String(": ") + warningName(warning)});
    }
    return result;
}

} // namespace

QList<CookieFindingRef> cookieFindings(const CookieSetOutcome &outcome)
{
    // A line that did not parse has no name to show: quote the line itself.
    const QString label = outcome.name.isEmpty() && !outcome.status.isInclude()
        ? QStringLiteral("\"%1\"").arg(outcome.line)
        : cookieLabel(outcome.name);
    const QString subject = QStringLiteral("Set-Cookie for %1 from %2 (page %3)")
                                .arg(label, outcome.url.toDisplayString(), outcome.topLevelOrigin.serialize());
    return findingsFor(outcome.status, true, outcome.thirdPartyCookies, subject);
}

QList<CookieFindingRef> cookieFindings(const CookieSendOutcome &outcome)
{
    const QString subject = QStringLiteral("%1 (Domain %2, Path %3) on %4 (page %5)")
                                .arg(cookieLabel(outcome.cookie.name), outcome.cookie.domain, outcome.cookie.path,
                                     outcome.url.toDisplayString(), outcome.topLevelOrigin.serialize());
    return findingsFor(outcome.status, false, outcome.thirdPartyCookies, subject);
}

} // namespace SseScope
