#pragma once

#include "findings.h"
#include "verdict.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace SseScope {

// What one engine did with a stream: its verdict and the ids of the findings it raised. The input
// of `ssescope check --browser all`, `ssescope har --browser all` and the window's banner line.
struct EngineResult
{
    QString browser; // CLI name: "chromium"
    QString displayName; // "Chromium"
    Verdict verdict;
    QList<Finding> findings; // in the order raised; repeats allowed
};

// "Chromium blocks · Firefox opens · Safari opens": one short verb per engine, in the given order,
// in the user's language (context "Verdict").
QString enginesHeadline(const QList<EngineResult> &engines);
// The verb of enginesHeadline() for one outcome: "opens", "blocks", "reconnects", …
QString engineOutcomeVerb(Outcome outcome);

// One place where the engines part: the text of the line, and the catalogue id of the finding
// behind it when it is about a finding (empty for the outcome, readyState and events lines), so a
// view can show that rule's explanation and fix.
struct EngineDifference
{
    QString text;
    QString findingId;
};
QList<EngineDifference> compareEngines(const QList<EngineResult> &engines);

// Where the engines part, each line naming the rule behind the difference (CLI.md `--browser all`
// "differences"): the outcome when it is not the same everywhere, then every finding raised by
// some engines but not all (its id and title: the rule), then the readyState and whether events
// arrived at all when those differ. Empty when the engines agree on all of it. Event and reconnect
// counts that differ only in number are not differences: three connections never see exactly
// the same stream.
// The texts of compareEngines().
QStringList engineDifferences(const QList<EngineResult> &engines);

} // namespace SseScope
