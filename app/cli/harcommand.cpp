#include "commandline.h"
#include "commands.h"
#include "readablereport.h"

#include <browser/profile.h>
#include <browser/verdict.h>
#include <session/harreader.h>
#include <session/sessionreport.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace SseScope::Cli {

// `ssescope har FILE [--json]` (CLI.md): re-diagnoses the event streams of a HAR file (ours, or
// saved by Chrome's or Firefox's developer tools) with the browser model and reports each one as
// `check` does. Exit 0 when every stream opens, 1 when one does not, 2 when the file cannot be read.
int runHar(const QStringList &arguments)
{
    const QString command = QStringLiteral("har");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Re-diagnose the event streams of a HAR file (ours, Chrome's or Firefox's) with the browser model."));
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("The HAR file."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print {\"streams\":[REPORT,…]}."));
    parser.addOptions({jsonOption});
    if (const std::optional<int> status = parseCommandLine(parser, arguments)) {
        return *status;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return usageError(command,
            positional.isEmpty() ? tr("the HAR file is missing") : tr("one file only, got '%1'").arg(positional.at(1)));
    }

    HarError error;
    const std::optional<HarImport> imported = HarReader::readFile(positional.constFirst(), &error);
    if (!imported) {
        return usageError(command, error.toString()); // "file:line:column: reason"
    }
    const QList<HarImport> streams{*imported};

    bool everyStreamOpens = true;
    QJsonArray reports;
    QString text;
    for (qsizetype i = 0; i < streams.size(); ++i) {
        const Session &session = streams.at(i).session;
        const Outcome outcome = outcomeOf(session.verdict());
        everyStreamOpens = everyStreamOpens && outcomeExitCode(outcome) == ExitSuccess;
        if (parser.isSet(jsonOption)) {
            reports.append(sessionReportJson(session));
            continue;
        }
        if (streams.size() > 1) {
            text += tr("Stream %1 of %2").arg(i + 1).arg(streams.size()) + QLatin1Char('\n');
        }
        text += readableReport(session, BrowserProfile::fromName(session.info().browser), -1);
        if (i + 1 < streams.size()) {
            text += QLatin1Char('\n');
        }
    }
    if (parser.isSet(jsonOption)) {
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("streams"), reports}}).toJson(QJsonDocument::Indented)));
    } else {
        printOut(text);
    }
    return everyStreamOpens ? ExitSuccess : ExitNegative;
}

} // namespace SseScope::Cli
