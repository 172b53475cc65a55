#pragma once

// Local Network Access (WICG LNA; Chromium 142+, Firefox's network.lna.*): a page in a more public
// address space reaching a more private one — a deployed page opening a stream on `localhost` or on
// a 192.168.x.y box. The browser decides it when the connection is made, before any byte of the
// request is written: no preflight reaches the server, the user is asked for a permission, and
// where nobody can answer (headless, automation) the request fails like a network error.
//
// Observed (Chromium 156.0.8078 headless, Firefox ESR 153 headless, conformance cases lna.*, the
// page's port forced public with Chromium's --ip-address-space-overrides and Firefox's
// network.lna.address_space.*.override): public → loopback and public → local fail with no
// request at the server; headless Chromium denies at once (EventSource CLOSED with one error, fetch
// rejects), headless Firefox leaves the request waiting for an answer (CONNECTING); local → loopback
// and public → public go out. Chromium 156 sends no Private Network Access preflight
// (Access-Control-Request-Private-Network) any more, with LNA on or off.

#include "origin.h"
#include "profile.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace SseScope {

// The IP address spaces, most public first. Chromium's console words are "public", "local" and
// "loopback" (the PNA era said "private" for local; Firefox's prefs still do).
enum class IpAddressSpace
{
    Unknown, // not known before DNS (a host name that is not localhost)
    Public,
    Local, // RFC 1918, link-local, unique-local IPv6 (Chromium: "local")
    Loopback, // 127.0.0.0/8, ::1, localhost
};
QString ipAddressSpaceName(IpAddressSpace space); // "unknown" | "public" | "local" | "loopback"
// Also accepts "private" (= local, the PNA word and Firefox's pref name).
std::optional<IpAddressSpace> ipAddressSpaceFromName(const QString &name);

IpAddressSpace addressSpaceOfAddress(const QHostAddress &address);
// localhost names → loopback, an IP literal → its space, any other name → Unknown (it needs DNS).
IpAddressSpace addressSpaceOfHost(const QString &host);
// Whether `target` is more private than `initiator` (the requests LNA checks). Unknown is neither.
bool isMorePrivate(IpAddressSpace target, IpAddressSpace initiator);

// One entry of Chromium's --ip-address-space-overrides=ADDR:PORT=SPACE[,…] (and of Firefox's
// network.lna.address_space.{public,private,local}.override lists).
struct AddressSpaceOverride
{
    QString host; // an IP literal (Chromium matches the connected endpoint)
    int port = 0;
    IpAddressSpace space = IpAddressSpace::Public;
};
// Parses the flag's value; ok=false (and an empty list) on a malformed entry.
QList<AddressSpaceOverride> parseAddressSpaceOverrides(const QString &value, bool *ok = nullptr);
QString addressSpaceOverridesText(const QList<AddressSpaceOverride> &overrides); // the flag's value

// What the user answers to the browser's "look for and connect to devices on your local network"
// prompt.
enum class LocalNetworkPermission
{
    Ask, // a window and a user: the request waits for the answer (the model goes on as if allowed and warns)
    Granted,
    Denied, // the user blocked it
    // A prompt nobody answers: headless, automation. Chromium denies at once (observed Chromium 156);
    // Firefox waits for the answer (observed Firefox ESR 153 in the suite: CONNECTING, nothing sent;
    // its network.lna.prompt.timeout is 5 minutes).
    Unanswered,
};

// Where the page and the servers are, as the browser sees them.
struct LocalNetworkContext
{
    // Unset: from the page origin's host (localhost / 127.x → loopback, a private IP → local, any
    // other name → public: a deployed page).
    std::optional<IpAddressSpace> pageSpace;
    QList<AddressSpaceOverride> overrides; // as the browser was told (tests)
    LocalNetworkPermission permission = LocalNetworkPermission::Ask;
};

enum class LocalNetworkOutcome
{
    NotChecked, // not a local network request (same or more public), or the engine has no LNA
    Allowed, // a local network request the permission lets through
    AwaitsPermission, // a local network request; the user is asked (LocalNetworkPermission::Ask)
    WaitsForever, // asked, and nobody answers: the request waits, nothing is sent (Firefox headless)
    BlockedInsecureContext, // CorsError kInsecureLocalNetwork
    BlockedTargetMismatch, // kInvalidLocalNetworkAccess: fetch's targetAddressSpace ≠ the real one
    BlockedPermissionDenied, // kLocalNetworkAccessPermissionDenied
};

struct LocalNetworkCheck
{
    LocalNetworkOutcome outcome = LocalNetworkOutcome::NotChecked;
    IpAddressSpace initiator = IpAddressSpace::Unknown;
    IpAddressSpace target = IpAddressSpace::Unknown;
    std::optional<IpAddressSpace> declared; // fetch's targetAddressSpace

    bool blocked() const;
    // Chromium's reason after "has been blocked by CORS policy: " (cors_error_string.cc; every text
    // observed in Chromium 156, cases lna.*). Empty unless blocked.
    QString chromiumReason() const;
};

// The page's address space under `context`.
IpAddressSpace pageAddressSpace(const Origin &page, const LocalNetworkContext &context);
// The address space the browser finds at `url` (overrides first, then the host itself).
IpAddressSpace targetAddressSpace(const QUrl &url, const LocalNetworkContext &context);

// The check one connection to `url` meets (each redirect hop meets its own).
LocalNetworkCheck checkLocalNetworkAccess(const BrowserProfile &profile, const Origin &page, const QUrl &url,
    const std::optional<IpAddressSpace> &declaredTarget, const LocalNetworkContext &context);

// Chromium's mixed-content exemption for local network requests: an https page may fetch an http
// URL whose host is a private IP literal or a `.local` name when the page declares
// targetAddressSpace "local" or "loopback" (LNA §"mixed content").
bool localNetworkExemptsMixedContent(const QUrl &url, const std::optional<IpAddressSpace> &declaredTarget);

} // namespace SseScope
