#pragma once

#include <QString>
#include <QStringList>

namespace SseScope {

enum class BrowserKind { Chromium, Firefox, Safari };

// What a browser does with third-party (cross-site) cookies by default.
enum class ThirdPartyCookiePolicy {
    Allow, // sent as any cookie whose SameSite allows it
    BlockUnpartitioned, // observed Chromium 156 here: blocked (EXCLUDE_USER_PREFERENCES), Partitioned kept
    PartitionPerTopSite, // Firefox Total Cookie Protection: a per-top-site jar
    BlockAll, // Safari ITP: no third-party cookies at all
};

// The documented differences between engines (../shared/reference/browser-rules.md §3, and the
// Firefox ESR 153 observations). Chromium is the reference; the others are deltas from it.
struct BrowserProfile
{
    BrowserKind kind = BrowserKind::Chromium;
    QString name; // "chromium", "firefox", "safari" (CLI --browser)
    QString displayName; // "Chromium"
    int defaultReconnectionMs = 3000;
    int minimumRetryMs = 0; // Firefox clamps retry: to at least 500 ms
    bool failsNonUtf8Charset = true; // Chromium aborts on charset != UTF-8
    bool mimeTypeCaseInsensitive = false; // WebKit compares the MIME type case-insensitively
    bool sniffsWithoutNosniff = true; // Chromium waits (MIME sniffing) on text/plain without nosniff
    bool updatesLastEventIdWithoutData = true; // Chromium follows the spec; Firefox and WebKit do not
    ThirdPartyCookiePolicy thirdPartyCookies = ThirdPartyCookiePolicy::BlockUnpartitioned;
    int maxConnectionsPerHost = 6; // HTTP/1.1 socket pool limit

    static BrowserProfile chromium();
    static BrowserProfile firefox();
    static BrowserProfile safari();
    // "chromium" | "firefox" | "safari" (case-insensitive); ok=false for anything else.
    static BrowserProfile fromName(const QString &name, bool *ok = nullptr);
    static QStringList names();
};

} // namespace SseScope
