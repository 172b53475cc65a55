#pragma once

#include "origin.h"

#include <QString>
#include <QUrl>

namespace SseScope {

// A schemeful site (HTML "site"; Chromium net::SchemefulSite): the scheme plus the registrable
// domain of the host, or the whole host when it has no registrable part (IP literals,
// `localhost`, single-label hosts, a host that is itself a public suffix). Ports never matter.
// An opaque site (non-http(s) URL, opaque origin) is only ever the same site as nothing.
class SchemefulSite
{
public:
    SchemefulSite() = default; // opaque
    SchemefulSite(const QString &scheme, const QString &domain);

    bool isOpaque() const { return m_scheme.isEmpty(); }
    QString scheme() const { return m_scheme; }
    QString domain() const { return m_domain; } // registrable domain, or the host

    // "https://example.co.uk"; "null" when opaque. Used as the cookie partition key.
    QString serialize() const;

    friend bool operator==(const SchemefulSite &a, const SchemefulSite &b)
    {
        return !a.isOpaque() && a.m_scheme == b.m_scheme && a.m_domain == b.m_domain;
    }
    friend bool operator!=(const SchemefulSite &a, const SchemefulSite &b) { return !(a == b); }

private:
    QString m_scheme;
    QString m_domain;
};

// The Public Suffix List, through libpsl's built-in copy (Debian's libpsl is built from the
// publicsuffix package). A real PSL, not a guess at "last two labels": `a.example.co.uk` and
// `b.example.co.uk` are one site, `a.github.io` and `b.github.io` are two, exactly as Chromium's
// net/base/registry_controlled_domains (which includes the PSL's private section) decides.
namespace SiteResolver {

// The registrable domain ("eTLD+1") of a host, lower-case ASCII (IDNs in punycode); empty for
// IP literals, public suffixes themselves and hosts with no registrable part (`localhost`).
QString registrableDomain(const QString &host);
// Whether `host` (lower-case, no trailing dot) is itself a public suffix (`co.uk`, `github.io`).
bool isPublicSuffix(const QString &host);
// Canonical host form used everywhere in the cookie model: lower case, ACE (punycode), no
// brackets around IPv6 literals, no trailing dot.
QString canonicalHost(const QString &host);
bool isIpAddress(const QString &host);

} // namespace SiteResolver

// http, https, ws and wss: the schemes that have a site and keep cookies (Chromium's
// SchemefulSite and CookieMonster::IsCookieableScheme).
bool isHttpOrWebSocketScheme(const QString &scheme);

SchemefulSite schemefulSite(const QUrl &url);
SchemefulSite schemefulSite(const Origin &origin);

// Schemeful same-site (HTML "same site"; Chromium since M89): http vs https are different sites.
bool isSameSite(const QUrl &a, const QUrl &b);
bool isSameSite(const Origin &a, const QUrl &b);
bool isSameSite(const Origin &a, const Origin &b);

// The Sec-Fetch-Site value for a request to `requestUrl` made by `initiator` (Fetch Metadata
// §2.4, no redirects): "same-origin", "same-site" or "cross-site". An opaque initiator gives
// "cross-site".
QString secFetchSite(const Origin &initiator, const QUrl &requestUrl);

} // namespace SseScope
