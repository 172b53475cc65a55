#pragma once

// What tst_cookiejar (the browsers' policies) and tst_cookiejarstorage (RFC 6265bis's storage
// model) share: the page and the API origins of the observed setups, and a jar context.

#include "browser/cookiejar.h"

#include <QString>

namespace SseScope::TestHelpers {

using namespace Qt::StringLiterals;

const QString kPage = u"http://localhost:5173"_s;
const QString kSameSiteApi = u"http://localhost:8080"_s;
const QString kCrossSiteApi = u"http://127.0.0.1:8080"_s;

inline CookieContext context(const QString &page, const QString &url, CookieCredentialsMode credentials,
                      const BrowserProfile &profile = BrowserProfile::chromium(),
                      ThirdPartyCookieOverride override = ThirdPartyCookieOverride::ProfileDefault)
{
    CookieContext c;
    c.topLevelOrigin = Origin::fromString(page);
    c.url = QUrl(url);
    c.credentials = credentials;
    c.profile = profile;
    c.thirdPartyCookies = override;
    return c;
}

} // namespace SseScope::TestHelpers
