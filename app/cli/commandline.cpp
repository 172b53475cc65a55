#include "commandline.h"

#include "commands.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace SseScope::Cli {

namespace {

// Self-pipe: the signal handler may only write a byte; the event loop reads it and quits.
int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &byte, 1);
}

} // namespace

std::unique_ptr<QObject> quitOnTerminationSignals()
{
    if (signalPipe[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        return nullptr;
    }
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGINT, &action, nullptr) != 0 || ::sigaction(SIGTERM, &action, nullptr) != 0) {
        return nullptr;
    }
    auto notifier = std::make_unique<QSocketNotifier>(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(notifier.get(), &QSocketNotifier::activated, QCoreApplication::instance(), [] {
        char byte = 0;
        [[maybe_unused]] const ssize_t n = ::read(signalPipe[0], &byte, 1);
        QCoreApplication::quit();
    });
    return notifier;
}

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

QString tr(const char *text, const char *disambiguation, int n)
{
    return QCoreApplication::translate("SseScope::Cli", text, disambiguation, n);
}

} // namespace SseScope::Cli
