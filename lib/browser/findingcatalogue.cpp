#include "findings.h"

#include <common/logging.h>

#include <QSet>

namespace SseScope {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return QString();
}

const QList<FindingDefinition> &findingCatalogue()
{
    static const QList<FindingDefinition> catalogue = [] {
        QList<FindingDefinition> all;
        all += requestFindingDefinitions();
        all += corsFindingDefinitions();
        all += preflightFindingDefinitions();
        all += eventSourceFindingDefinitions();
        all += fetchFindingDefinitions();
        all += productionFindingDefinitions();
        all += transportFindingDefinitions();
        all += cookieFindingDefinitions();
        all += localNetworkFindingDefinitions();
        all += importFindingDefinitions();
        return all;
    }();
    return catalogue;
}

const FindingDefinition *findFindingDefinition(const QString &id)
{
    for (const FindingDefinition &definition : findingCatalogue()) {
        if (id == QLatin1String(definition.id)) {
            return &definition;
        }
    }
    return nullptr;
}

bool findingHasTrait(const QString &id, FindingTrait trait)
{
    const FindingDefinition *definition = findFindingDefinition(id);
    return definition && definition->traits.testFlag(trait);
}

Finding makeFinding(const char *id, const QString &detail)
{
    const QString key = QString::fromLatin1(id);
    const FindingDefinition *definition = findFindingDefinition(key);
    Q_ASSERT_X(definition, "makeFinding", id);
    Finding finding;
    finding.id = key;
    finding.detail = detail;
    if (!definition) {
        qCWarning(lcBrowser) << "finding id not in the catalogue:" << key;
        finding.severity = Severity::Warning;
        return finding;
    }
    finding.severity = definition->severity;
    finding.title = QString::fromUtf8(definition->title);
    finding.fix = QString::fromUtf8(definition->fix);
    return finding;
}

namespace {

void appendSnippet(QString *out, const char *label, const char *language, const char *snippet)
{
    if (!snippet) {
        return;
    }
    *out += QStringLiteral("%1:\n\n```%2\n%3\n```\n\n")
                .arg(QLatin1String(label), QLatin1String(language), QString::fromUtf8(snippet));
}

} // namespace

QString findingCatalogueMarkdown()
{
    QString out;
    out += QStringLiteral("# Findings catalogue\n\n"
                          "<!-- Generated from lib/browser/*findings.cpp by `cmake --build --preset dev --target "
                          "update_findings_doc`. Do not edit by hand: tst_findingcatalogue fails when this file "
                          "differs from the code. -->\n\n"
                          "Every finding SSE Scope raises has a stable dotted id (used in `ssescope check --json`, "
                          "HAR exports and the window), a severity, a plain explanation, a concrete fix and the "
                          "rule it follows. `error` means the browser blocks or closes the stream; `warning` means "
                          "it works here but breaks in production or in another browser; `info` explains what "
                          "the browser does.\n\n");
    out += QStringLiteral("| id | severity | title |\n| --- | --- | --- |\n");
    for (const FindingDefinition &d : findingCatalogue()) {
        const QString id = QString::fromLatin1(d.id);
        out += QStringLiteral("| [`%1`](#%2) | %3 | %4 |\n")
                   .arg(
                       id, id.toLower().remove(QLatin1Char('.')), severityName(d.severity), QString::fromUtf8(d.title));
    }
    out += QLatin1Char('\n');
    for (const FindingDefinition &d : findingCatalogue()) {
        out += QStringLiteral("## %1\n\n**%2** — %3\n\n%4\n\n**Fix.** %5\n\n")
                   .arg(QString::fromLatin1(d.id), severityName(d.severity), QString::fromUtf8(d.title),
                       QString::fromUtf8(d.explanation), QString::fromUtf8(d.fix));
        appendSnippet(&out, "Express", "js", d.snippetExpress);
        appendSnippet(&out, "nginx", "nginx", d.snippetNginx);
        appendSnippet(&out, "Go net/http", "go", d.snippetOther);
        out += QStringLiteral("*Rule:* %1\n\n").arg(QString::fromUtf8(d.reference));
    }
    while (out.endsWith(QLatin1String("\n\n"))) {
        out.chop(1);
    }
    return out;
}

} // namespace SseScope
