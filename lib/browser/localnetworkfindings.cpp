#include "findings.h"

// Local Network Access findings (localnetworkaccess.h): a public page reaching a local or loopback
// address. Texts in English, marked for lupdate (context "Finding").

namespace SseScope {

QList<FindingDefinition> localNetworkFindingDefinitions()
{
    return {
        {"lna.permission-prompt", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "The browser asks the user before this public page reaches a local address"),
            QT_TRANSLATE_NOOP("Finding",
                "The page is in the public address space and the stream is on a loopback (localhost) or local "
                "(192.168.x.y, 10.x.y.z) address. Chromium (since 142) and Firefox ask the user for the Local Network "
                "Access permission when the connection is made; the request waits for the answer. If the user blocks "
                "it — or nobody can answer: headless browsers, test automation, kiosks — the request fails before "
                "anything reaches the server: no preflight, no CORS headers matter, the EventSource closes with one "
                "error and fetch rejects with a TypeError. Safari does not ask."),
            QT_TRANSLATE_NOOP("Finding",
                "For development, serve the page from the same address space as the stream (a page on "
                "http://localhost reaching localhost is not asked about), or put the backend behind a public https "
                "URL. If a deployed page must reach a service on the user's machine, ask for the permission from a "
                "user gesture first — `fetch(url, {targetAddressSpace: 'loopback'})` (or 'local') — check "
                "`navigator.permissions.query({name: 'loopback-network'})`, and show what to do when it is denied. "
                "In automation, grant the permission (Chromium: the loopback-network / local-network permissions "
                "through CDP Browser.grantPermissions)."),
            nullptr, nullptr, nullptr,
            "WICG Local Network Access §5.4 (local network access check); Chromium 142+ LNA permission; observed "
            "Chromium 156 and Firefox ESR 153 headless with the page's port forced public, conformance cases lna.*."},
        {"lna.permission-denied", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "Local Network Access was denied: the request never left the browser"),
            QT_TRANSLATE_NOOP("Finding",
                "A public page reached for a local or loopback address and the Local Network Access permission was "
                "not granted (the user blocked it, or nobody could answer the prompt, as in a headless browser). "
                "The browser fails the request when it connects: nothing reaches the server, the EventSource goes "
                "to CLOSED with one error and does not reconnect, fetch rejects with \"TypeError: Failed to "
                "fetch\"."),
            QT_TRANSLATE_NOOP("Finding",
                "Grant the permission (site settings: \"Apps on device\" / \"Local network\"; in automation, through "
                "CDP Browser.grantPermissions), serve the page from the same address space as the stream, or put the "
                "stream behind a public https URL. No response header can allow it: the server is never asked."),
            nullptr, nullptr, nullptr,
            "WICG Local Network Access §5.4; Chromium CorsError kLocalNetworkAccessPermissionDenied (\"Permission "
            "was denied for this request to access the `loopback` address space.\"), observed Chromium 156, cases "
            "lna.public-to-loopback-*."},
        {"lna.insecure-context", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "A page that is not a secure context cannot reach a more private address"),
            QT_TRANSLATE_NOOP("Finding",
                "The page is served over plain http from a public address and the stream is on a local or loopback "
                "address. Local Network Access is only offered to secure contexts: the browser blocks the request "
                "without asking anyone, before anything reaches the server."),
            QT_TRANSLATE_NOOP("Finding",
                "Serve the page over HTTPS (then the browser asks the user), or serve page and stream from the same "
                "address space."),
            nullptr, nullptr, nullptr,
            "WICG Local Network Access §5.4 step \"secure context\"; Chromium CorsError kInsecureLocalNetwork "
            "(\"The request client is not a secure context and the resource is in more-private address space "
            "`loopback`.\"), observed Chromium 156 with a page on a non-loopback http address."},
        {"lna.target-mismatch", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "fetch's targetAddressSpace does not match the server's address"),
            QT_TRANSLATE_NOOP("Finding",
                "The page declared `targetAddressSpace` in fetch() but the connection found the server in another "
                "address space (a loopback address declared 'local', or the reverse). Chromium fails the request "
                "before sending it."),
            QT_TRANSLATE_NOOP("Finding",
                "Declare 'loopback' for localhost / 127.0.0.1 / ::1 and 'local' for private addresses "
                "(192.168.x.y, 10.x.y.z, fc00::/7), or leave the option out."),
            nullptr, nullptr, nullptr,
            "WICG Local Network Access (targetAddressSpace); Chromium CorsError kInvalidLocalNetworkAccess (\"Request "
            "had a target IP address space of `loopback` yet the resource is in address space `local`.\"), "
            "observed Chromium 156, case lna.target-space-mismatch."},
        {"lna.not-asked", Severity::Info,
            QT_TRANSLATE_NOOP("Finding", "This engine does not ask before a public page reaches a local address"),
            QT_TRANSLATE_NOOP("Finding",
                "The page is public and the stream is on a local or loopback address. Safari (WebKit) has no Local "
                "Network Access check today: the request goes out as any cross-origin request. Chromium and Firefox "
                "ask the user first and fail it when nobody allows it."),
            QT_TRANSLATE_NOOP("Finding",
                "Nothing to change for this engine; see lna.permission-prompt for Chromium and Firefox."),
            nullptr, nullptr, nullptr,
            "Observed WebKitGTK 2.50 (WebKit's own loader, as in Safari), conformance cases lna.*: the request "
            "reaches the server."},
    };
}

} // namespace SseScope
