#pragma once

#include "scenario.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace SseScope {

// "Apply to scenario": for a finding a mock scenario produces, the knob change that makes the
// mock server do what the finding's fix says — so a user sees, on the stream itself, what fixes
// what. The mapping is data (scenariofixes.cpp's table), over the scenario's file form
// (docs/scenario-format.md):
// - `when`: knob values the scenario must have for the fix to be the right one (the same finding
//   can have another cause, e.g. a redirect hop without CORS), as a JSON object of the file form;
// - `patch`: the knobs to set, merged into the file form (objects merge key by key, any other
//   value replaces; null is the format's "absent");
// - `presets`: the presets that raise the finding and that this fix repairs (tst_scenariofixes
//   applies it to each, runs mock server and client, and sees the finding go).
struct ScenarioFix
{
    QString findingId;
    QStringList presets;
    QJsonObject when;
    QJsonObject patch;
};

namespace ScenarioFixes {

const QList<ScenarioFix> &all();

// The fix for `findingId` on `scenario`: the first whose `when` holds and whose patch changes
// something. nullopt when there is none (or the scenario already has the fix's knobs).
std::optional<ScenarioFix> forFinding(const QString &findingId, const Scenario &scenario);

// The scenario with the fix's knobs set, read back through the strict reader (a fix cannot make a
// scenario the format refuses; if it did, nullopt and why).
std::optional<Scenario> apply(const Scenario &scenario, const ScenarioFix &fix, QString *error = nullptr);

// The knobs the fix sets, one "path = value" per knob (in key order):
// `cors.allowOrigin = "echo"`, `cors.varyOrigin = true`.
QStringList describe(const ScenarioFix &fix);

} // namespace ScenarioFixes

} // namespace SseScope
