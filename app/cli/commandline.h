#pragma once

#include <QCommandLineParser>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace SseScope::Cli {

// Parses a command's arguments the way every command does: --help prints the help and ends
// with 0; an unknown option or a missing value prints one line on stderr and ends with 2
// (CLI.md's usage status, where QCommandLineParser::process() would use 1).
// Returns the exit status when the command should stop here.
std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &arguments);

// Prints "ssescope <command>: <reason>" on stderr and returns ExitUsage.
int usageError(const QString &command, const QString &reason);

// Quits the event loop on SIGINT or SIGTERM, so a command shuts down the normal way. The
// handlers stay installed while the returned object lives; nullptr when they cannot be installed.
std::unique_ptr<QObject> quitOnTerminationSignals();

// The translation of a command's text. lupdate files the strings of this namespace's free
// functions under the context "SseScope::Cli", so every command translates under it.
QString tr(const char *text, const char *disambiguation = nullptr, int n = -1);

// Writes text to stdout / stderr as UTF-8 without Qt's message handler.
void printOut(const QString &text);
void printErr(const QString &text);

} // namespace SseScope::Cli
