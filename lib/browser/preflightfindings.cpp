#include "findings.h"
#include "findingsnippets_p.h"

// The preflight findings (fetch-streaming mode only: EventSource never preflights).
// Texts in English, marked for lupdate (context "Finding"); the GUI translates them when it shows them.

namespace SseScope {

QList<FindingDefinition> preflightFindingDefinitions()
{
    return {
        {"preflight.required", Severity::Info, QT_TRANSLATE_NOOP("Finding", "The fetch stream needs a preflight"),
            QT_TRANSLATE_NOOP("Finding",
                "A cross-origin fetch with a method other than GET/HEAD/POST or a header outside the CORS safelist "
                "(Authorization, a custom X- header, Last-Event-ID…) is preceded by an OPTIONS request. The stream "
                "opens only if the server answers it, and every reconnect your code makes pays that round trip unless "
                "the answer is cached (Access-Control-Max-Age). EventSource never sends a preflight."),
            QT_TRANSLATE_NOOP("Finding",
                "Answer OPTIONS on the stream URL with the CORS headers below and a 2xx status, and cache it with "
                "Access-Control-Max-Age."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.1 main fetch step 12, §4.8 CORS-preflight fetch; Chromium cors_url_loader.cc NeedsPreflight."},
        {"preflight.invalid-status", Severity::Error, QT_TRANSLATE_NOOP("Finding", "The preflight answer is not a 2xx"),
            QT_TRANSLATE_NOOP("Finding",
                "The OPTIONS request got a status outside 200–299 (often 404 or 405 because the route only handles "
                "GET, or 401 because authentication runs before CORS). The browser does not send the stream request."),
            QT_TRANSLATE_NOOP("Finding",
                "Answer OPTIONS for the stream URL with 204 (or 200) before any authentication middleware: a preflight "
                "never carries credentials."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 CORS-preflight fetch step 7 (ok status); Chromium (kPreflightInvalidStatus); WPT "
            "fetch/api/cors/cors-preflight-status.any.js."},
        {"preflight.redirect", Severity::Error, QT_TRANSLATE_NOOP("Finding", "The preflight was redirected"),
            QT_TRANSLATE_NOOP("Finding",
                "A preflight must be answered directly: a 3xx fails it (a common cause is an http→https or "
                "trailing-slash redirect on OPTIONS)."),
            QT_TRANSLATE_NOOP("Finding",
                "Answer OPTIONS at the exact URL the page uses; fix the URL in the page instead of redirecting."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 (a preflight uses redirect mode \"error\"); Chromium (kPreflightDisallowedRedirect)."},
        {"preflight.missing-allow-origin", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight answer has no Access-Control-Allow-Origin"),
            QT_TRANSLATE_NOOP("Finding",
                "The OPTIONS response must pass the same CORS check as the stream. Frameworks that only add CORS "
                "headers to GET routes answer the preflight without them (observed Chromium 156: a 405 without CORS "
                "headers gives this message)."),
            QT_TRANSLATE_NOOP("Finding", "Add the CORS headers to the OPTIONS answer too."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7 (CORS check on the preflight); Chromium (kPreflightMissingAllowOriginHeader); observed "
            "Chromium 156."},
        {"preflight.wildcard-with-credentials", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight answers `*` for a credentialed request"),
            QT_TRANSLATE_NOOP("Finding",
                "For a request with credentials the preflight's Access-Control-Allow-Origin must be the exact origin, "
                "as for the stream."),
            QT_TRANSLATE_NOOP("Finding",
                "Echo the allowed origin and send `Access-Control-Allow-Credentials: true` on the OPTIONS answer."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7, §4.9 CORS check; Chromium (kPreflightWildcardOriginNotAllowed)."},
        {"preflight.multiple-allow-origin", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight answer holds several Access-Control-Allow-Origin values"),
            QT_TRANSLATE_NOOP("Finding", "As on the stream: one value only; two header lines are joined and fail."),
            QT_TRANSLATE_NOOP("Finding",
                "Send exactly one Access-Control-Allow-Origin on the OPTIONS answer; make sure app and proxy do not "
                "both add it."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.9; Chromium (kPreflightMultipleAllowOriginValues)."},
        {"preflight.invalid-allow-origin", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight's Access-Control-Allow-Origin is not an origin"),
            QT_TRANSLATE_NOOP(
                "Finding", "The OPTIONS answer carries a value that is not `*`, `null` or an origin URL."),
            QT_TRANSLATE_NOOP("Finding", "Echo the request's Origin exactly."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.9; Chromium (kPreflightInvalidAllowOriginValue)."},
        {"preflight.allow-origin-mismatch", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight's Access-Control-Allow-Origin names another origin"),
            QT_TRANSLATE_NOOP("Finding",
                "The OPTIONS answer names an origin that differs from the page's (trailing slash, port, scheme)."),
            QT_TRANSLATE_NOOP("Finding", "Echo the request's Origin exactly."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.9; Chromium (kPreflightAllowOriginMismatch)."},
        {"preflight.invalid-allow-credentials", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight answer lacks `Access-Control-Allow-Credentials: true`"),
            QT_TRANSLATE_NOOP("Finding",
                "A credentialed fetch needs `Access-Control-Allow-Credentials: true` on the OPTIONS answer as well as "
                "on the stream."),
            QT_TRANSLATE_NOOP("Finding", "Add `Access-Control-Allow-Credentials: true` to the OPTIONS answer."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7; Chromium (kPreflightInvalidAllowCredentials)."},
        {"preflight.method-not-allowed", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight does not allow the method"),
            QT_TRANSLATE_NOOP("Finding",
                "The method is not listed in Access-Control-Allow-Methods (names are compared case-sensitively; `*` "
                "counts only without credentials)."),
            QT_TRANSLATE_NOOP("Finding", "List the method, upper case, in Access-Control-Allow-Methods."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7.6; Chromium preflight_result.cc (kMethodDisallowedByPreflightResponse)."},
        {"preflight.header-not-allowed", Severity::Error,
            QT_TRANSLATE_NOOP("Finding", "The preflight does not allow a request header"),
            QT_TRANSLATE_NOOP("Finding",
                "A header the page sets is not listed in Access-Control-Allow-Headers. `*` covers every name only for "
                "requests without credentials; with credentials it is a literal name. By the standard `*` never covers "
                "Authorization; Chromium 156 was observed to let it (without credentials) but Firefox and Safari do "
                "not."),
            QT_TRANSLATE_NOOP("Finding",
                "List every header the page sends (Authorization included) by name in Access-Control-Allow-Headers."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7.7–7.8; Chromium preflight_result.cc (kHeaderDisallowedByPreflightResponse); observed "
            "Chromium 156 (message names the header in lower case)."},
        {"preflight.authorization-wildcard", Severity::Warning,
            QT_TRANSLATE_NOOP("Finding", "Only `Access-Control-Allow-Headers: *` lets Authorization through"),
            QT_TRANSLATE_NOOP("Finding",
                "Observed Chromium 156 accepts `*` as covering Authorization on a request without credentials, so the "
                "stream works here. The Fetch standard says Authorization must be listed by name, Firefox and Safari "
                "follow it, and Chromium has announced it will too: the same server fails elsewhere."),
            QT_TRANSLATE_NOOP(
                "Finding", "Name Authorization explicitly: `Access-Control-Allow-Headers: Authorization, *`."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7.7 (CORS non-wildcard request-header name); observed Chromium 156 departs from it."},
        {"preflight.max-age-missing", Severity::Info,
            QT_TRANSLATE_NOOP("Finding", "The preflight answer is not cached"),
            QT_TRANSLATE_NOOP("Finding",
                "Without Access-Control-Max-Age the browser keeps the answer 5 seconds, so nearly every reconnect of a "
                "fetch stream sends another OPTIONS first."),
            QT_TRANSLATE_NOOP("Finding",
                "Send `Access-Control-Max-Age: 600` (Chromium caps it at 7200, WebKit at 600, Firefox at 86400)."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7.9 (default 5 s); Chromium preflight_result.cc (kMaxTimeout 2 h)."},
        {"preflight.max-age-capped", Severity::Info,
            QT_TRANSLATE_NOOP("Finding", "Access-Control-Max-Age is above the browser's cap"),
            QT_TRANSLATE_NOOP("Finding",
                "The browser keeps the preflight answer only up to its own limit (Chromium 2 h, WebKit 10 min, Firefox "
                "24 h); the larger value has no effect."),
            QT_TRANSLATE_NOOP(
                "Finding", "Send a value within the cap, e.g. 600 (10 minutes) to behave the same in every browser."),
            FindingSnippets::kPreflightAnswerExpress,
            FindingSnippets::kPreflightAnswerNginx,
            FindingSnippets::kPreflightAnswerGo,
            "Fetch §4.8 step 7.9 (\"capped by the user agent\"); Chromium preflight_result.cc."},
    };
}

} // namespace SseScope
