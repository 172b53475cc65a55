#pragma once

#include <QStringList>

// The headless commands of ../shared/CLI.md. Each takes the full argument list
// ("ssescope", "<command>", options...) and returns the process exit status.
namespace SseScope::Cli {

enum ExitStatus : int {
    ExitSuccess = 0, // check: the browser would open the stream
    ExitNegative = 1, // check: the browser would not open it
    ExitUsage = 2, // bad usage or unreadable input, with a one-line reason on stderr
};

int runParse(const QStringList &arguments);
int runServe(const QStringList &arguments);
int runCheck(const QStringList &arguments);
int runPresets(const QStringList &arguments);
int runIntercept(const QStringList &arguments);
int runHar(const QStringList &arguments);

} // namespace SseScope::Cli
