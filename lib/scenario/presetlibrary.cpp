#include "presetlibrary.h"

#include <common/logging.h>

#include <QDir>
#include <QFileInfo>

namespace SseScope::PresetLibrary {

namespace {
const QString presetDir = QStringLiteral(":/ssescope/presets");
}

QStringList names()
{
    QStringList result;
    const QStringList files = QDir(presetDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        result.append(QFileInfo(file).completeBaseName());
    }
    if (result.removeOne(QStringLiteral("default"))) {
        result.prepend(QStringLiteral("default"));
    }
    return result;
}

std::optional<Scenario> preset(const QString &name, ScenarioError *error)
{
    if (!names().contains(name)) {
        if (error) {
            *error = ScenarioError {name, 0, 0, QStringLiteral("no preset with this name (see 'ssescope presets')")};
        }
        return std::nullopt;
    }
    return ScenarioJson::load(presetDir + QLatin1Char('/') + name + QStringLiteral(".json"), error);
}

QList<Scenario> all()
{
    QList<Scenario> result;
    for (const QString &name : names()) {
        ScenarioError error;
        if (const std::optional<Scenario> s = preset(name, &error)) {
            result.append(*s);
        } else {
            qCWarning(lcScenario) << "broken preset:" << error.toString();
        }
    }
    return result;
}

Scenario defaultScenario()
{
    return preset(QStringLiteral("default")).value_or(Scenario {});
}

Behaviour behaviourOf(const Scenario &preset)
{
    const Expectation &expect = preset.expect;
    if (expect.failed) {
        return Behaviour::Breaks;
    }
    const bool silent = expect.maxEvents && *expect.maxEvents == 0;
    return expect.opened && !silent ? Behaviour::Works : Behaviour::Hangs;
}

} // namespace SseScope::PresetLibrary
