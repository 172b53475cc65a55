#pragma once

#include "scenario.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace SseScope {

// Why a scenario file was refused: where, and what is wrong (one line, for a terminal or a
// message box). line and column are 1-based; 0 when the file could not be read at all.
struct ScenarioError
{
    QString file;
    int line = 0;
    int column = 0;
    QString reason;

    // "file:line:column: reason" (or "file: reason" without a position).
    QString toString() const;
};

// The versioned JSON form of a Scenario (docs/scenario-format.md). Reading is strict: an unknown
// key, a wrong type, an unknown enum name or a value out of range is an error that names the
// position of the offending key or value. Nothing is half-applied: a bad file gives no Scenario.
namespace ScenarioJson {

std::optional<Scenario> parse(const QByteArray &json, const QString &fileName, ScenarioError *error);
std::optional<Scenario> load(const QString &path, ScenarioError *error);

// Every key is written, so a saved file documents itself; parse(toJson(s)) == s.
QJsonObject toJsonObject(const Scenario &scenario);
QByteArray toJson(const Scenario &scenario, QJsonDocument::JsonFormat format = QJsonDocument::Indented);

} // namespace ScenarioJson

} // namespace SseScope
