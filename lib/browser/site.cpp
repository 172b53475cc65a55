#include "site.h"

#include <QHostAddress>

#include <libpsl.h>

namespace SseScope {

namespace {

const psl_ctx_t *publicSuffixList()
{
    // The built-in list is compiled into libpsl: no file to find, the same answer on every
    // machine with the same package version. psl_builtin() returns a static, immutable context.
    return psl_builtin();
}

} // namespace

bool isHttpOrWebSocketScheme(const QString &scheme)
{
    return scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("ws")
        || scheme == QLatin1String("wss");
}

SchemefulSite::SchemefulSite(const QString &scheme, const QString &domain)
    : m_scheme(scheme)
    , m_domain(domain)
{
}

QString SchemefulSite::serialize() const
{
    if (isOpaque()) {
        return QStringLiteral("null");
    }
    const QString host = m_domain.contains(QLatin1Char(':')) ? QLatin1Char('[') + m_domain + QLatin1Char(']') : m_domain;
    return m_scheme + QLatin1String("://") + host;
}

namespace SiteResolver {

QString canonicalHost(const QString &host)
{
    QString h = host.trimmed();
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']'))) {
        h = h.mid(1, h.size() - 2);
    }
    while (h.endsWith(QLatin1Char('.'))) {
        h.chop(1);
    }
    if (h.isEmpty()) {
        return h;
    }
    const QHostAddress address(h);
    if (!address.isNull()) {
        return address.toString().toLower(); // canonical IPv4 dotted quad / compressed IPv6
    }
    const QByteArray ace = QUrl::toAce(h);
    return ace.isEmpty() ? h.toLower() : QString::fromLatin1(ace).toLower();
}

bool isIpAddress(const QString &host)
{
    QString h = host;
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']'))) {
        h = h.mid(1, h.size() - 2);
    }
    return !QHostAddress(h).isNull();
}

QString registrableDomain(const QString &host)
{
    const QString h = canonicalHost(host);
    if (h.isEmpty() || isIpAddress(h)) {
        return QString(); // libpsl would call "127.0.0.1" a domain under ".1"
    }
    const QByteArray utf8 = h.toUtf8();
    const char *domain = psl_registrable_domain(publicSuffixList(), utf8.constData());
    return domain ? QString::fromUtf8(domain) : QString();
}

bool isPublicSuffix(const QString &host)
{
    const QString h = canonicalHost(host);
    if (h.isEmpty() || isIpAddress(h)) {
        return false;
    }
    const QByteArray utf8 = h.toUtf8();
    return psl_is_public_suffix(publicSuffixList(), utf8.constData()) != 0;
}

} // namespace SiteResolver

SchemefulSite schemefulSite(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || !isHttpOrWebSocketScheme(scheme) || url.host().isEmpty()) {
        return SchemefulSite();
    }
    // Chromium's SchemefulSite maps ws/wss to http/https so a socket is same-site with its page.
    const QString siteScheme = scheme == QLatin1String("ws") ? QStringLiteral("http")
        : scheme == QLatin1String("wss")                     ? QStringLiteral("https")
                                                             : scheme;
    const QString host = SiteResolver::canonicalHost(url.host(QUrl::FullyDecoded));
    const QString registrable = SiteResolver::registrableDomain(host);
    return SchemefulSite(siteScheme, registrable.isEmpty() ? host : registrable);
}

SchemefulSite schemefulSite(const Origin &origin)
{
    if (origin.isOpaque()) {
        return SchemefulSite();
    }
    QUrl url;
    url.setScheme(origin.scheme());
    url.setHost(origin.host());
    return schemefulSite(url);
}

bool isSameSite(const QUrl &a, const QUrl &b)
{
    return schemefulSite(a) == schemefulSite(b);
}

bool isSameSite(const Origin &a, const QUrl &b)
{
    return schemefulSite(a) == schemefulSite(b);
}

bool isSameSite(const Origin &a, const Origin &b)
{
    return schemefulSite(a) == schemefulSite(b);
}

QString secFetchSite(const Origin &initiator, const QUrl &requestUrl)
{
    if (!initiator.isOpaque() && initiator == Origin::fromUrl(requestUrl)) {
        return QStringLiteral("same-origin");
    }
    if (isSameSite(initiator, requestUrl)) {
        return QStringLiteral("same-site");
    }
    return QStringLiteral("cross-site");
}

} // namespace SseScope
