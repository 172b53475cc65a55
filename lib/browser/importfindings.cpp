#include "findings.h"

namespace SseScope {

// har.*: what a HAR saved by another tool cannot tell (lib/session/harreader.cpp raises it).
QList<FindingDefinition> importFindingDefinitions()
{
    return {
        {"har.import-limits", Severity::Info, QT_TRANSLATE_NOOP("Finding", "This HAR cannot tell everything"),
            QT_TRANSLATE_NOOP("Finding",
                "A HAR saved by a browser's developer tools keeps request and response heads, but not the console, "
                "the credentials mode, raw chunk arrival times or (when sanitized) the cookies; Chrome does not save "
                "event-stream bodies at all. The diagnosis re-runs on what the file holds; the detail lists what it "
                "had to do without."),
            QT_TRANSLATE_NOOP("Finding",
                "Record the session with SSE Scope itself (ssescope check URL --origin ORIGIN --har FILE) for exact "
                "timings, raw chunks, cookies and the console."),
            nullptr, nullptr, nullptr, "HAR 1.2 (W3C Web Performance draft); Chrome DevTools HAR export (Log.ts)."},
    };
}

} // namespace SseScope
