#include "commandline.h"
#include "commands.h"

#include <scenario/presetlibrary.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace SseScope::Cli {

// `ssescope presets [--json]` (CLI.md): one line per preset, or [{"name","title","summary"}].
int runPresets(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("presets", "List the preset scenarios."));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), QCoreApplication::translate("presets", "Print a JSON array."));
    parser.addOption(jsonOption);
    if (const std::optional<int> status = parseCommandLine(parser, arguments)) {
        return *status;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(QStringLiteral("presets"),
            QCoreApplication::translate("presets", "unexpected argument '%1'")
                .arg(parser.positionalArguments().constFirst()));
    }
    const QList<Scenario> presets = PresetLibrary::all();
    if (parser.isSet(jsonOption)) {
        QJsonArray array;
        for (const Scenario &s : presets) {
            array.append(QJsonObject {{QStringLiteral("name"), s.name}, {QStringLiteral("title"), s.title},
                {QStringLiteral("summary"), s.summary}});
        }
        printOut(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
        return ExitSuccess;
    }
    int width = 0;
    for (const Scenario &s : presets) {
        width = qMax(width, int(s.name.size()));
    }
    QString text;
    for (const Scenario &s : presets) {
        text += s.name.leftJustified(width + 2) + s.title + QLatin1Char('\n');
        text += QString(width + 2, QLatin1Char(' ')) + s.summary + QLatin1Char('\n');
    }
    printOut(text);
    return ExitSuccess;
}

} // namespace SseScope::Cli
