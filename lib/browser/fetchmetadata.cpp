#include "fetchmetadata.h"

#include "site.h"

namespace SseScope {

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
    // The Public Suffix List through libpsl (site.h), as Chromium's registry_controlled_domains.
    return !a.isOpaque() && !b.isOpaque() && isSameSite(a, b);
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
