// main.cpp owns start-up (STYLE.md §12): names and version, translations, and the choice between
// the window (no command) and a headless command on a QCoreApplication (../shared/CLI.md).

#include "cli/commandline.h"
#include "cli/commands.h"
#include "gui/mainwindow.h"

#include <common/version.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <algorithm>

#include <functional>
#include <map>
#include <memory>

namespace {

using CommandFunction = std::function<int(const QStringList &)>;

struct Command
{
    const char *name;
    const char *description;
    CommandFunction run;
};

const Command commands[] = {
    {"serve", QT_TRANSLATE_NOOP("main", "Run the mock SSE server until interrupted."), SseScope::Cli::runServe},
    {"check", QT_TRANSLATE_NOOP("main", "Connect to an SSE URL as a browser would and say what it does."),
     SseScope::Cli::runCheck},
    {"har", QT_TRANSLATE_NOOP("main", "Re-diagnose the event streams of a HAR file with the browser model."),
     SseScope::Cli::runHar},
    {"parse", QT_TRANSLATE_NOOP("main", "Print the events a browser dispatches for an event stream."),
     SseScope::Cli::runParse},
    {"presets", QT_TRANSLATE_NOOP("main", "List the preset scenarios."), SseScope::Cli::runPresets},
    {"intercept", QT_TRANSLATE_NOOP("main", "Proxy a browser's traffic and diagnose its event streams."),
     SseScope::Cli::runIntercept},
};

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("SSE Scope"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("ssescope.github.io"));
    QCoreApplication::setApplicationName(QStringLiteral("ssescope"));
    QCoreApplication::setApplicationVersion(SseScope::applicationVersion());
}

// Loads Qt's own catalogue and ours for the user's locale (GammaRay's translator.cpp does the same).
void installTranslators(QCoreApplication &app)
{
    const QLocale locale;
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qtTranslator);
    }
    auto *appTranslator = new QTranslator(&app);
    if (appTranslator->load(locale, QStringLiteral("ssescope"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(appTranslator);
    }
}

const Command *findCommand(const QString &name)
{
    for (const Command &command : commands) {
        if (name == QLatin1String(command.name)) {
            return &command;
        }
    }
    return nullptr;
}

QStringList argumentsFromArgv(int argc, char **argv)
{
    QStringList result;
    result.reserve(argc);
    for (int i = 0; i < argc; ++i) {
        result.append(QString::fromLocal8Bit(argv[i]));
    }
    return result;
}

// The top-level parser: --help, --version, and the list of commands.
int runTopLevel(const QStringList &arguments, bool *openWindow)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "SSE Scope — debug cross-origin Server-Sent Events.\n\n"
                                            "With no command, opens the window. Commands:")
        + [] {
              qsizetype width = 0; // the longest name sets the column
              for (const Command &command : commands) {
                  width = std::max<qsizetype>(width, qstrlen(command.name));
              }
              QString list;
              for (const Command &command : commands) {
                  list += QStringLiteral("\n  %1  %2").arg(QString::fromLatin1(command.name).leftJustified(width),
                                                           QCoreApplication::translate("main", command.description));
              }
              return list;
          }()
        + QCoreApplication::translate("main", "\n\nRun 'ssescope COMMAND --help' for a command's options."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    if (!parser.parse(arguments)) {
        return SseScope::Cli::usageError(QString(), parser.errorText());
    }
    if (parser.isSet(helpOption)) {
        SseScope::Cli::printOut(parser.helpText());
        return SseScope::Cli::ExitSuccess;
    }
    if (parser.isSet(versionOption)) {
        SseScope::Cli::printOut(QStringLiteral("ssescope %1\n").arg(SseScope::applicationVersion()));
        return SseScope::Cli::ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return SseScope::Cli::usageError(
            QString(), QCoreApplication::translate("main", "unknown command '%1' (try --help)")
                           .arg(parser.positionalArguments().constFirst()));
    }
    *openWindow = true;
    return SseScope::Cli::ExitSuccess;
}

} // namespace

int main(int argc, char **argv)
{
    setApplicationNames();
    const QStringList arguments = argumentsFromArgv(argc, argv);
    const Command *command = arguments.size() > 1 ? findCommand(arguments.at(1)) : nullptr;

    if (command) {
        QCoreApplication app(argc, argv);
        installTranslators(app);
        return command->run(arguments);
    }

    bool openWindow = false;
    {
        QCoreApplication app(argc, argv);
        installTranslators(app);
        const int status = runTopLevel(arguments, &openWindow);
        if (!openWindow) {
            return status;
        }
    }

    QApplication app(argc, argv);
    installTranslators(app);
    SseScope::Gui::MainWindow window;
    window.show();
    return app.exec();
}
