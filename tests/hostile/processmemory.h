#pragma once

#include <QFile>
#include <QtGlobal>

#include <atomic>
#include <chrono>
#include <thread>

#if defined(__SANITIZE_ADDRESS__)
#define SSESCOPE_HOSTILE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SSESCOPE_HOSTILE_ASAN 1
#endif
#endif
#ifndef SSESCOPE_HOSTILE_ASAN
#define SSESCOPE_HOSTILE_ASAN 0
#endif

namespace SseScope::Hostile {

// Under AddressSanitizer (the asan preset) freed memory waits in a quarantine (256 MiB by
// default) and every allocation has redzones and shadow: resident size then says little about
// ours. The memory checks add this much slack there; unbounded growth still shows.
constexpr bool underAddressSanitizer = SSESCOPE_HOSTILE_ASAN;
constexpr qint64 sanitizerSlack = underAddressSanitizer ? 384LL * 1024 * 1024 : 0;

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

// The largest resident size of this process while it lives, sampled every 5 ms on a thread of
// its own: a busy or blocked caller's thread (the one that would sample with a timer) cannot
// miss the peak it causes.
class PeakResidentSampler final
{
public:
    PeakResidentSampler()
        : m_peak(residentBytes())
        , m_thread([this] {
            while (!m_stop.load()) {
                const qint64 now = residentBytes();
                qint64 peak = m_peak.load();
                while (now > peak && !m_peak.compare_exchange_weak(peak, now)) {
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        })
    {
    }
    ~PeakResidentSampler()
    {
        m_stop.store(true);
        m_thread.join();
    }
    PeakResidentSampler(const PeakResidentSampler &) = delete;
    PeakResidentSampler &operator=(const PeakResidentSampler &) = delete;

    qint64 peak() const { return qMax(m_peak.load(), residentBytes()); }

private:
    std::atomic<qint64> m_peak;
    std::atomic<bool> m_stop {false};
    std::thread m_thread;
};

} // namespace SseScope::Hostile
