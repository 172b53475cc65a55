#include "commandline.h"
#include "commands.h"
#include "readablereport.h"

#include <browser/enginecomparison.h>
#include <browser/profile.h>
#include <browser/verdict.h>
#include <session/harreader.h>
#include <session/sessionreport.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace SseScope::Cli {

namespace {

bool opens(const Session &session)
{
    return outcomeExitCode(outcomeOf(session.verdict())) == ExitSuccess;
}

QString streamHeading(qsizetype index, qsizetype count)
{
    return count > 1 ? tr("Stream %1 of %2").arg(index + 1).arg(count) + QLatin1Char('\n') : QString();
}

// One browser: {"streams":[REPORT,…]}, or the readable reports one after the other.
int reportStreams(const QList<HarImport> &streams, bool json)
{
    bool everyStreamOpens = true;
    QJsonArray reports;
    QStringList texts;
    for (qsizetype i = 0; i < streams.size(); ++i) {
        const Session &session = streams.at(i).session;
        everyStreamOpens = everyStreamOpens && opens(session);
        if (json) {
            reports.append(sessionReportJson(session));
        } else {
            texts.append(streamHeading(i, streams.size())
                + readableReport(session, BrowserProfile::fromName(session.info().browser), -1));
        }
    }
    if (json) {
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("streams"), reports}}).toJson(QJsonDocument::Indented)));
    } else {
        printOut(texts.join(QLatin1Char('\n')));
    }
    return everyStreamOpens ? ExitSuccess : ExitNegative;
}

// `--browser all`: each stream as the three engines see it, in the shape of `check --browser all`
// per stream: {"streams":[{"browsers":{"chromium":REPORT,…},"differences":[…]},…]}.
int reportStreamsInAllEngines(const QList<QList<HarImport>> &perEngine, bool json)
{
    qsizetype count = perEngine.constFirst().size();
    for (const QList<HarImport> &streams : perEngine) {
        count = qMin(count, streams.size()); // the same entries give the same streams to every engine
    }
    bool everyStreamOpens = true;
    QJsonArray reports;
    QStringList texts;
    for (qsizetype i = 0; i < count; ++i) {
        QList<EngineResult> engines;
        QJsonObject browsers;
        QStringList engineTexts;
        for (const QList<HarImport> &streams : perEngine) {
            const Session &session = streams.at(i).session;
            everyStreamOpens = everyStreamOpens && opens(session);
            engines.append(engineResultOf(session));
            const BrowserProfile profile = BrowserProfile::fromName(session.info().browser);
            if (json) {
                browsers.insert(profile.name, sessionReportJson(session));
            } else {
                engineTexts.append(readableReport(session, profile, -1));
            }
        }
        const QStringList differences = engineDifferences(engines);
        if (json) {
            reports.append(QJsonObject{{QStringLiteral("browsers"), browsers},
                {QStringLiteral("differences"), QJsonArray::fromStringList(differences)}});
            continue;
        }
        QString text = streamHeading(i, count) + engineTexts.join(QLatin1Char('\n'));
        text += QLatin1Char('\n') + readableEngineComparison(engines);
        texts.append(text);
    }
    if (json) {
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("streams"), reports}}).toJson(QJsonDocument::Indented)));
    } else {
        printOut(texts.join(QLatin1Char('\n')));
    }
    return everyStreamOpens ? ExitSuccess : ExitNegative;
}

} // namespace

// `ssescope har FILE [--browser chromium|firefox|safari|all] [--json]` (CLI.md): re-diagnoses the
// event streams of a HAR file (ours, or saved by Chrome's or Firefox's developer tools) with the
// browser model — by default as the browser the file names, or as the one given — and reports each
// stream as `check` does. Exit 0 when every stream opens (in every engine, for `all`), 1 when one
// does not, 2 when the file cannot be read.
int runHar(const QStringList &arguments)
{
    const QString command = QStringLiteral("har");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Re-diagnose the event streams of a HAR file (ours, Chrome's or Firefox's) with the browser model."));
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("The HAR file."));
    const QCommandLineOption browserOption(QStringLiteral("browser"),
        tr("chromium, firefox, safari, or all: the three side by side (default: the browser the file names)."),
        QStringLiteral("BROWSER"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print {\"streams\":[REPORT,…]}."));
    parser.addOptions({browserOption, jsonOption});
    if (const std::optional<int> status = parseCommandLine(parser, arguments)) {
        return *status;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return usageError(command,
            positional.isEmpty() ? tr("the HAR file is missing") : tr("one file only, got '%1'").arg(positional.at(1)));
    }

    // The browsers to diagnose as: none given (the file's own), one, or the three.
    QList<HarReadOptions> reads{HarReadOptions()};
    const bool allEngines = parser.value(browserOption).toLower() == QLatin1String("all");
    if (allEngines) {
        reads.clear();
        for (const BrowserProfile &profile : BrowserProfile::all()) {
            reads.append(HarReadOptions{profile});
        }
    } else if (parser.isSet(browserOption)) {
        bool ok = false;
        reads.first().profile = BrowserProfile::fromName(parser.value(browserOption), &ok);
        if (!ok) {
            return usageError(command,
                tr("--browser must be chromium, firefox, safari or all, not '%1'").arg(parser.value(browserOption)));
        }
    }

    QList<QList<HarImport>> perEngine;
    for (const HarReadOptions &options : std::as_const(reads)) {
        HarError error;
        const std::optional<QList<HarImport>> streams
            = HarReader::readStreamsFromFile(positional.constFirst(), options, &error);
        if (!streams) {
            return usageError(command, error.toString()); // "file:line:column: reason"
        }
        perEngine.append(*streams);
    }
    const bool json = parser.isSet(jsonOption);
    return allEngines ? reportStreamsInAllEngines(perEngine, json) : reportStreams(perEngine.constFirst(), json);
}

} // namespace SseScope::Cli
