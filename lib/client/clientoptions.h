#pragma once

#include <browser/cookiejar.h>
#include <browser/origin.h>
#include <browser/profile.h>
#include <browser/requestintent.h>

#include <QMetaType>
#include <QNetworkProxy>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace SseScope {

// Everything one client session needs: which browser, from which page, asking for what, and how
// long to watch. The CLI's `check` options map onto it one to one.
struct ClientOptions
{
    BrowserProfile profile = BrowserProfile::chromium();
    Origin pageOrigin; // the origin of the page running the script (`--origin`)
    RequestIntent intent; // URL, EventSource or fetch, credentials, the page's headers
    QUrl loginUrl; // `--login`: fetch(loginUrl, {credentials: 'include'}) first; empty: none
    QStringList cookies; // `--cookie 'name=value; attributes'`: already in the jar, first-party
    ThirdPartyCookieOverride thirdPartyCookies = ThirdPartyCookieOverride::ProfileDefault;

    // Accept a certificate that does not verify (self-signed, wrong host). Only on request; the
    // session then carries the `transport.certificate-not-verified` finding, because a browser
    // would refuse the connection.
    bool acceptInvalidCertificates = false;
    // Send everything through this proxy (intercept mode's tests). Unset: Qt's default, which
    // never proxies loopback hosts, as Qt's application proxy skips them.
    std::optional<QNetworkProxy> proxy;

    qint64 durationMs = 5000; // the observation window; <= 0: until stop()
    qint64 maxEvents = 0; // end the window after this many MessageEvents; 0: no limit
    int maxRedirects = 20; // Fetch §4.4: more than 20 → network error
    // Bytes QNetworkReply may buffer before we read them: a hostile server cannot make it hold
    // more than this (we read on every readyRead anyway).
    qint64 readBufferBytes = 1024 * 1024;
};

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::ClientOptions)
