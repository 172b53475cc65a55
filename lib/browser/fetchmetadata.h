#pragma once

#include "origin.h"

#include <QByteArray>
#include <QList>
#include <QUrl>

namespace SseScope {

// The Sec-Fetch-Site value (Fetch Metadata Request Headers §2.1).
enum class FetchSite
{
    SameOrigin,
    SameSite,
    CrossSite,
    None
};

QByteArray fetchSiteHeaderValue(FetchSite site); // "same-origin" | "same-site" | "cross-site" | "none"

// Schemeful same-site (HTML §7.1.1.3): same scheme and same registrable domain; hosts without one
// (IP addresses, "localhost") compare whole. The registrable domain comes from the Public Suffix
// List (site.h, libpsl), so `a.github.io` and `b.github.io` are two sites.
bool isSameSchemefulSite(const Origin &a, const Origin &b);

// Sec-Fetch-Site for a request from `initiator` whose URL list so far is `urlChain` (the first URL,
// then each redirect hop): the "least same" relation over the whole chain, as Fetch Metadata §2.1
// and Chromium's SetFetchMetadataHeaders compute it.
FetchSite fetchSiteFor(const Origin &initiator, const QList<QUrl> &urlChain);

} // namespace SseScope
