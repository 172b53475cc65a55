#pragma once

#include <QFile>
#include <QtGlobal>

namespace SseScope::Hostile {

// Resident set size of a process in bytes, from /proc (Linux); -1 when unreadable.
inline qint64 residentBytes(qint64 pid = 0)
{
    QFile status(pid > 0 ? QStringLiteral("/proc/%1/status").arg(pid) : QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong() * 1024;
        }
    }
    return -1;
}

} // namespace SseScope::Hostile
