#include "fetchmetadata.h"

#include <QHostAddress>

namespace SseScope {

namespace {

QString minimalRegistrableDomain(const QString &host)
{
    QString bare = host;
    if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']'))) {
        bare = bare.mid(1, bare.size() - 2);
    }
    if (!QHostAddress(bare).isNull()) {
        return host; // an IP address is its own site
    }
    const QStringList labels = host.split(QLatin1Char('.'), Qt::SkipEmptyParts);
    if (labels.size() <= 2) {
        return host;
    }
    return labels.at(labels.size() - 2) + QLatin1Char('.') + labels.constLast();
}

} // namespace

QByteArray fetchSiteHeaderValue(FetchSite site)
{
    switch (site) {
    case FetchSite::SameOrigin:
        return QByteArrayLiteral("same-origin");
    case FetchSite::SameSite:
        return QByteArrayLiteral("same-site");
    case FetchSite::CrossSite:
        return QByteArrayLiteral("cross-site");
    case FetchSite::None:
        return QByteArrayLiteral("none");
    }
    return QByteArray();
}

bool isSameSchemefulSite(const Origin &a, const Origin &b)
{
    if (a.isOpaque() || b.isOpaque()) {
        return false;
    }
    return a.scheme() == b.scheme() && minimalRegistrableDomain(a.host()) == minimalRegistrableDomain(b.host());
}

FetchSite fetchSiteFor(const Origin &initiator, const QList<QUrl> &urlChain)
{
    FetchSite result = FetchSite::SameOrigin;
    for (const QUrl &url : urlChain) {
        const Origin target = Origin::fromUrl(url);
        if (initiator.isOpaque() || target.isOpaque()) {
            return FetchSite::CrossSite;
        }
        if (target == initiator) {
            continue;
        }
        if (isSameSchemefulSite(initiator, target)) {
            result = FetchSite::SameSite;
        } else {
            return FetchSite::CrossSite;
        }
    }
    return result;
}

} // namespace SseScope
