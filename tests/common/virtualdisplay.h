#pragma once

// An X display for a browser that cannot run without one (WebKitGTK has no headless mode): one
// Xvfb per test process, started on first use, gone when the process ends. Loopback only
// (-nolisten tcp); the display number is the one Xvfb picks (-displayfd), so parallel test
// processes never collide.

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QString>

#include <signal.h>
#include <sys/prctl.h>

namespace SseScope::TestSupport {

inline QString xvfbExecutable()
{
    return QStringLiteral("/usr/bin/Xvfb");
}

// ":N" of a running Xvfb, or an empty string and the reason in `error`.
inline QString virtualDisplay(QString *error)
{
    static QString display;
    static QString failure;
    if (!display.isEmpty() || !failure.isEmpty()) {
        if (error) {
            *error = failure;
        }
        return display;
    }
    if (!QFileInfo(xvfbExecutable()).isExecutable()) {
        failure = xvfbExecutable() + QStringLiteral(" is missing (Debian's xvfb package)");
    } else {
        // Owned by the application object, so it is terminated with the test process.
        auto *xvfb = new QProcess(QCoreApplication::instance());
        xvfb->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        xvfb->setStandardErrorFile(QProcess::nullDevice());
        xvfb->start(xvfbExecutable(),
            {QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"), QStringLiteral("0"),
                QStringLiteral("1280x800x24"), QStringLiteral("-nolisten"), QStringLiteral("tcp")});
        // Xvfb writes the display number once it accepts clients.
        QByteArray number;
        for (int i = 0; i < 100 && !number.contains('\n') && xvfb->state() != QProcess::NotRunning; ++i) {
            xvfb->waitForReadyRead(100);
            number += xvfb->readAllStandardOutput();
        }
        bool ok = false;
        const int n = number.trimmed().toInt(&ok);
        if (ok) {
            display = QStringLiteral(":%1").arg(n);
        } else {
            failure = QStringLiteral("Xvfb did not report a display within 10 s");
        }
    }
    if (error) {
        *error = failure;
    }
    return display;
}

} // namespace SseScope::TestSupport
