#include "commandline.h"

#include "commands.h"

#include <QCoreApplication>

#include <cstdio>

namespace SseScope::Cli {

std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &arguments)
{
    const QCommandLineOption helpOption = parser.addHelpOption();
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // The command name is the second argument; QCommandLineParser sees it as a positional
    // argument, so parse everything after the program name and drop it.
    QStringList forParser = arguments;
    const QString command = arguments.size() > 1 ? arguments.at(1) : QString();
    if (forParser.size() > 1) {
        forParser.removeAt(1);
    }
    if (!parser.parse(forParser)) {
        return usageError(command, parser.errorText());
    }
    if (parser.isSet(helpOption)) {
        printOut(parser.helpText().replace(QStringLiteral("[options]"),
                                           command + QStringLiteral(" [options]")));
        return int(ExitSuccess);
    }
    return std::nullopt;
}

int usageError(const QString &command, const QString &reason)
{
    const QString prefix = command.isEmpty() ? QStringLiteral("ssescope") : QStringLiteral("ssescope ") + command;
    printErr(prefix + QStringLiteral(": ") + reason + QLatin1Char('\n'));
    return ExitUsage;
}

void printOut(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), stderr);
    std::fflush(stderr);
}

} // namespace SseScope::Cli
