#pragma once

// Waiting for a child process to end, and saying why when it does not. "did not exit within 30 s"
// alone is a flake nobody can act on; with the child's stderr so far and every one of its threads'
// stacks it is a finding. (An asan `ssescope serve` still running 30 s after SIGTERM once failed a
// CI run and did not come back in some 150 rounds; docs/hardening.md, "CI". This is what the next
// one will print.)
//
//   serve.terminate();
//   QByteArray whyNot;
//   QVERIFY2(SseScopeTest::exitsWithin(serve, 30000, &whyNot), whyNot.constData());
//
// The stacks come from gdb (packaging/debian-packages.txt installs it for the tests); without it,
// or where the kernel refuses the attach, the output says so and still carries stderr.

#include <QtCore/QByteArray>
#include <QtCore/QDebug>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace SseScopeTest {

// Every thread's stack of the running process `pid`, or why there are none. Bounded: gdb gets
// two minutes (symbols of a sanitizer build take a while to load), the answer its last 24 KiB.
inline QByteArray threadStacksOf(qint64 pid)
{
    const QString gdb = QStandardPaths::findExecutable(QStringLiteral("gdb"));
    if (gdb.isEmpty()) {
        return QByteArrayLiteral("(no thread stacks: gdb is not installed)");
    }
    QProcess attach;
    attach.setProcessChannelMode(QProcess::MergedChannels);
    attach.start(gdb,
        {QStringLiteral("-nx"), QStringLiteral("-batch"), QStringLiteral("-p"), QString::number(pid),
            QStringLiteral("-ex"), QStringLiteral("thread apply all bt")});
    if (!attach.waitForFinished(120000)) {
        attach.kill();
        attach.waitForFinished();
        return "(no thread stacks: gdb did not finish within 120 s)\n" + attach.readAll().right(4096);
    }
    constexpr qsizetype kMaxStacks = 24 * 1024;
    const QByteArray stacks = attach.readAll();
    return stacks.size() > kMaxStacks ? "[...]\n" + stacks.right(kMaxStacks) : stacks;
}

// True when `process` has ended (now or within `timeoutMs`). Otherwise the child's pid, the
// stderr it wrote so far and its threads' stacks are printed whole (as QINFO lines: a failure
// message is cut at 1 KiB), `whyNot` gets the first line of that, and the child is killed.
inline bool exitsWithin(QProcess &process, int timeoutMs, QByteArray *whyNot)
{
    // waitForFinished() answers false for a process that has already ended, too.
    if (process.state() == QProcess::NotRunning || process.waitForFinished(timeoutMs)
        || process.state() == QProcess::NotRunning) {
        return true;
    }
    const qint64 pid = process.processId();
    *whyNot = "process " + QByteArray::number(pid) + " (" + process.program().toUtf8() + ") still running after "
        + QByteArray::number(timeoutMs) + " ms; its stderr and threads' stacks are printed above";
    qInfo().noquote() << "--- stderr of process" << pid << "so far:\n"
                      << process.readAllStandardError().right(8192);
    qInfo().noquote() << "--- threads of process" << pid << ":\n" << threadStacksOf(pid);
    process.kill();
    process.waitForFinished();
    return false;
}

} // namespace SseScopeTest
