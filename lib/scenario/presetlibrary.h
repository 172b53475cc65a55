#pragma once

#include "scenariojson.h"

#include <QList>
#include <QStringList>

namespace SseScope {

// The preset scenarios shipped in resources/presets/*.json (compiled into ssescope_core).
// Each reproduces one pitfall of cross-origin SSE (docs/presets.md); "default" is a working
// stream of tick events without credentials.
namespace PresetLibrary {

// Names in display order: "default" first, then alphabetical.
QStringList names();
// Reads a preset; an unknown name gives nullopt with error->reason saying so.
std::optional<Scenario> preset(const QString &name, ScenarioError *error = nullptr);
// Every preset (a broken one is logged and skipped; the unit test makes sure none is).
QList<Scenario> all();
// The default scenario: the "default" preset, or the built-in Scenario{} if it is missing.
Scenario defaultScenario();

// What a preset shows a user at a glance, read from the browser behaviour it declares (its
// "expect" block, which the conformance suite checks against real Chromium): the stream works,
// the browser breaks it (error, CLOSED), or it hangs (stays CONNECTING, or opens and no event ever
// arrives, as behind a buffering proxy).
enum class Behaviour
{
    Works,
    Breaks,
    Hangs,
};
Behaviour behaviourOf(const Scenario &preset);

} // namespace PresetLibrary

} // namespace SseScope
