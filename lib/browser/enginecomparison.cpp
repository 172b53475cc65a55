#include "enginecomparison.h"

#include <QCoreApplication>

#include <algorithm>

namespace SseScope {

namespace {

QString joinedNames(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

// The display names of the engines for which `has` holds, and of the others.
template<typename Predicate>
std::pair<QStringList, QStringList> partition(const QList<EngineResult> &engines, Predicate has)
{
    QStringList with;
    QStringList without;
    for (const EngineResult &engine : engines) {
        (has(engine) ? with : without).append(engine.displayName);
    }
    return {with, without};
}

bool raised(const EngineResult &engine, const QString &id)
{
    return std::any_of(engine.findings.cbegin(), engine.findings.cend(),
                       [&id](const Finding &finding) { return finding.id == id; });
}

// The most severe occurrence of finding `id` in `engine` (which raised it).
Severity severityOf(const EngineResult &engine, const QString &id)
{
    Severity most = Severity::Info;
    for (const Finding &finding : engine.findings) {
        if (finding.id == id && int(finding.severity) > int(most)) {
            most = finding.severity;
        }
    }
    return most;
}

// "Chromium blocks, Firefox opens, Safari opens": each engine with its own value of `describe`.
template<typename Describe>
QString perEngine(const QList<EngineResult> &engines, Describe describe)
{
    QStringList parts;
    for (const EngineResult &engine : engines) {
        parts.append(QStringLiteral("%1 %2").arg(engine.displayName, describe(engine)));
    }
    return parts.join(QStringLiteral(", "));
}

template<typename Value>
bool allSame(const QList<EngineResult> &engines, Value value)
{
    return std::all_of(engines.cbegin(), engines.cend(),
                       [&](const EngineResult &engine) { return value(engine) == value(engines.constFirst()); });
}

} // namespace

QString engineOutcomeVerb(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending:
        return QCoreApplication::translate("Verdict", "does not open");
    case Outcome::Opens:
        return QCoreApplication::translate("Verdict", "opens");
    case Outcome::Reconnecting:
        return QCoreApplication::translate("Verdict", "reconnects");
    case Outcome::Ended:
        return QCoreApplication::translate("Verdict", "opens, then ends");
    case Outcome::Blocked:
        return QCoreApplication::translate("Verdict", "blocks");
    case Outcome::Failed:
        return QCoreApplication::translate("Verdict", "opens, then fails");
    }
    return {};
}

QString enginesHeadline(const QList<EngineResult> &engines)
{
    QStringList parts;
    for (const EngineResult &engine : engines) {
        parts.append(QStringLiteral("%1 %2").arg(engine.displayName, engineOutcomeVerb(outcomeOf(engine.verdict))));
    }
    return parts.join(QStringLiteral(" · "));
}

QStringList engineDifferences(const QList<EngineResult> &engines)
{
    QStringList texts;
    for (const EngineDifference &difference : compareEngines(engines)) {
        texts.append(difference.text);
    }
    return texts;
}

QList<EngineDifference> compareEngines(const QList<EngineResult> &engines)
{
    QList<EngineDifference> lines;
    if (engines.size() < 2) {
        return lines;
    }
    const auto outcome = [](const EngineResult &engine) { return outcomeOf(engine.verdict); };
    if (!allSame(engines, outcome)) {
        lines.append(EngineDifference{QCoreApplication::translate("Verdict", "Outcome: %1")
                         .arg(perEngine(engines, [&](const EngineResult &engine) {
                             return engineOutcomeVerb(outcome(engine));
                         })), QString()});
    }

    // Every finding some engines raised and others did not, or raised at another severity, in the
    // order first raised. Advice about a stream that opened (production checks, timing) is missing
    // from an engine that never opened it for that reason alone: the outcome line says why.
    QStringList seen;
    for (const EngineResult &engine : engines) {
        for (const Finding &finding : engine.findings) {
            if (seen.contains(finding.id)) {
                continue;
            }
            seen.append(finding.id);
            const QString &id = finding.id;
            const auto [with, without] = partition(engines, [&](const EngineResult &other) { return raised(other, id); });
            if (!without.isEmpty()) {
                const bool onlyBecauseNeverOpened = std::all_of(engines.cbegin(), engines.cend(),
                    [&](const EngineResult &other) { return raised(other, id) == other.verdict.opened; });
                if (!onlyBecauseNeverOpened) {
                    lines.append({QCoreApplication::translate("Verdict", "Only %1: %2 (%3) — not %4")
                                      .arg(joinedNames(with), id, finding.title, joinedNames(without)),
                        id});
                }
                continue;
            }
            const auto severity = [&id](const EngineResult &other) { return severityOf(other, id); };
            if (!allSame(engines, severity)) {
                lines.append({QCoreApplication::translate("Verdict", "%1 (%2): %3")
                                  .arg(id, finding.title, perEngine(engines, [&](const EngineResult &other) {
                                      return severityName(severity(other));
                                  })),
                    id});
            }
        }
    }

    const auto readyState = [](const EngineResult &engine) { return engine.verdict.readyState; };
    if (!allSame(engines, readyState)) {
        lines.append(EngineDifference{QCoreApplication::translate("Verdict", "readyState: %1")
                         .arg(perEngine(engines, [&](const EngineResult &engine) {
                             return readyStateName(readyState(engine));
                         })), QString()});
    }
    const auto gotEvents = [](const EngineResult &engine) { return engine.verdict.events > 0; };
    if (!allSame(engines, gotEvents)) {
        lines.append(EngineDifference{QCoreApplication::translate("Verdict", "Events received: %1")
                         .arg(perEngine(engines, [](const EngineResult &engine) {
                             return QString::number(engine.verdict.events);
                         })), QString()});
    }
    return lines;
}

} // namespace SseScope
