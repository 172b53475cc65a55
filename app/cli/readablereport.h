#pragma once

#include <browser/enginecomparison.h>
#include <session/session.h>

#include <QString>

namespace SseScope {
struct BrowserProfile;
}

namespace SseScope::Cli {

// The readable report of `check` and `har` (CLI.md "Default output"): the request, the verdict
// line (the outcome's tag and the words the window's banner shows), the console, the findings
// with their fixes and the exchanges. Coloured only when stdout is a terminal.
// `windowMs`: the observation window `check` waited for; -1 for a recording (a HAR file).
QString readableReport(const Session &session, const BrowserProfile &profile, qint64 windowMs);

// The tail of `--browser all` (check, har): the engines in one line, then each difference.
QString readableEngineComparison(const QList<EngineResult> &engines);

} // namespace SseScope::Cli
