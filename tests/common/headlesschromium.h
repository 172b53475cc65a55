#pragma once

// How the tests start a real headless Chromium (Debian's `chromium` package): one place for the
// flags it needs on a build machine without a GPU, a sandbox or network, so the conformance suite,
// the presets check and the window's Real browser test run the same browser the same way.

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace SseScope::TestSupport {

inline QString chromiumExecutable()
{
    return QStringLiteral("/usr/bin/chromium");
}

// Headless, no sandbox (containers), no GPU, no QUIC, and nothing that talks to Google on its own;
// `profileDir` must be a fresh directory for every run. Callers add what they need (logging, URL).
inline QStringList headlessChromiumArguments(const QString &profileDir)
{
    return {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
        QStringLiteral("--disable-quic"), QStringLiteral("--no-first-run"),
        QStringLiteral("--disable-background-networking"), QStringLiteral("--disable-component-update"),
        QStringLiteral("--disable-sync"), QStringLiteral("--user-data-dir=") + profileDir};
}

// Chromium prints the page's console messages on stderr with these.
inline QStringList chromiumConsoleLoggingArguments()
{
    return {QStringLiteral("--enable-logging=stderr"), QStringLiteral("--v=0")};
}

// Chromium's stderr after the page reported: a console line may reach it a moment later, so read
// until `awaited` is there (at most 5 s, while Chromium runs); with nothing awaited, take what is
// there.
inline QByteArray chromiumConsoleAfterReport(QProcess &chromium, const QByteArray &awaited)
{
    QByteArray console;
    QElapsedTimer wait;
    wait.start();
    do {
        chromium.waitForReadyRead(100);
        console += chromium.readAllStandardError();
    } while (!awaited.isEmpty() && !console.contains(awaited) && wait.elapsed() < 5000
        && chromium.state() == QProcess::Running);
    return console;
}

} // namespace SseScope::TestSupport
