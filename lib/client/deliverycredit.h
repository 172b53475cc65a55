#pragma once

#include <session/session.h>

#include <QList>

#include <atomic>

namespace SseScope {

// Back pressure between a BrowserClient (on the client thread) and the consumer of its queued
// bodyReceived() signals (BrowserClientController, on the caller's thread).
//
// A queued signal holds its arguments until the receiving thread gets to it. The socket can give
// the client thread bytes faster than a loaded caller's thread records them (a hostile server
// writes ~1 GB/s over loopback; two busy loops on a 2-core machine leave the caller's thread a
// fraction of a core), so without a bound the queue between the two threads grows with the load,
// not with anything the client decides (tst_hostileserver "endless line": 163–683 MiB at peak
// under load, against a 160 MiB cap).
//
// So every delivery has a cost (deliveryCost(): the bytes it carries), the client adds it with
// sent() when it emits, and the consumer takes it off with received() once it has recorded the
// delivery. While more than the cap is on its way, the client reads no more of the body
// (pause()): the reply's read buffer fills, the reply stops reading the socket, and TCP pushes
// back on the server, as a browser's renderer pushes back on its network process. When the
// consumer has caught up to half the cap, received() says so once, and the consumer resumes the
// client (a queued call), which reads what waited. What is in flight is then at most the cap plus
// one delivery (one reply read: the reply's read buffer), whatever the load.
//
// Thread-safe: sent() and pause() on the client thread, received() on the consumer's.
class DeliveryCredit final
{
public:
    static constexpr qint64 defaultCapBytes = 4 * 1024 * 1024;

    explicit DeliveryCredit(qint64 capBytes = defaultCapBytes)
        : m_cap(capBytes)
    {
    }

    qint64 capBytes() const { return m_cap; }
    qint64 inFlight() const { return m_inFlight.load(); }
    bool exhausted() const { return m_inFlight.load() > m_cap; }

    // The client emitted a delivery of this cost.
    void sent(qint64 cost) { m_inFlight.fetch_add(cost); }

    // The client found the credit exhausted and stops reading: true when it must wait for the
    // consumer's resume; false when the consumer caught up meanwhile (read on at once).
    bool pause()
    {
        m_paused.store(true);
        // Either the consumer's received() sees the flag, or this sees its decrement (both are
        // sequentially consistent): a pause is never missed.
        return !(m_inFlight.load() <= m_cap / 2 && m_paused.exchange(false));
    }

    // The consumer recorded a delivery of this cost: true (once per pause) when the client is
    // paused and must now be resumed.
    bool received(qint64 cost)
    {
        const qint64 left = m_inFlight.fetch_sub(cost) - cost;
        return left <= m_cap / 2 && m_paused.exchange(false);
    }

private:
    const qint64 m_cap;
    std::atomic<qint64> m_inFlight {0};
    std::atomic<bool> m_paused {false};
};

// What one bodyReceived() holds until its consumer records it: the kept bytes of its chunks, the
// bytes of its events, and their records.
inline qint64 deliveryCost(const QList<RawChunk> &chunks, const QList<RecordedEvent> &events)
{
    qint64 cost = 0;
    for (const RawChunk &chunk : chunks) {
        cost += qint64(sizeof(RawChunk)) + chunk.bytes.size();
    }
    for (const RecordedEvent &event : events) {
        cost += qint64(sizeof(RecordedEvent)) + event.type.size() + event.data.size() + event.lastEventId.size();
    }
    return cost;
}

} // namespace SseScope
