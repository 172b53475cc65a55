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

#if SSESCOPE_HOSTILE_ASAN
#if __has_include(<sanitizer/allocator_interface.h>)
#include <sanitizer/allocator_interface.h> // clang's
#else
#include <cstddef>
// GCC ships no header for it; libasan has the function (compiler-rt's allocator interface).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif
#endif

namespace SseScope::Hostile {

// Under AddressSanitizer (the asan preset) freed memory waits in a quarantine (256 MiB by
// default) and every allocation has redzones and shadow: resident size then says little about
// ours. A test that measures its own process asks heldBytes() below instead; one that can only see
// another process's resident size (a child's) adds this much slack there, or runs the child with a
// small quarantine.
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

// What this process holds, in bytes, for a bound on growth that means the same in every preset.
// Without a sanitizer: the resident size. Under AddressSanitizer: the bytes allocated and not yet
// freed (the allocator's own count), which leaves out what ASan adds — the quarantine of freed
// blocks (a program that frees many small blocks fills it in seconds, and its pages stay
// resident), redzones and shadow — and keeps all that the program holds, reachable or not.
inline qint64 heldBytes()
{
#if SSESCOPE_HOSTILE_ASAN
    return qint64(__sanitizer_get_current_allocated_bytes());
#else
    return residentBytes();
#endif
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
