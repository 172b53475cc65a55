#pragma once

#include "session.h"

#include <server/serverexchange.h>

namespace SseScope {

// Diagnosis from the wire that needs both ends: the mock server's record of what it wrote and
// when (ServerExchange, WrittenEvent::writtenUs) against the session's arrival times. Both use
// monotonicMicroseconds() (steady_clock, one clock for every thread of the process), so the
// comparison is exact rather than a guess from arrival patterns.

// The session's stream exchange that the server's exchange answered: same path and Origin, the
// server saw it after the client sent it (within 5 s). 0 when none matches.
quint64 matchServerExchange(const Session &session, qint64 sessionStartUs, const ServerExchange &server);

// How late each written event arrived: for every event the server wrote, the chunk holding its
// last byte (by body offset) gives its arrival. Uncompressed offsets on both sides.
struct EventDelay
{
    quint64 sequence = 0;
    qint64 writtenUs = 0; // server clock (monotonic)
    qint64 arrivedUs = -1; // same clock; -1: not arrived (yet) or its chunk was dropped
    qint64 delayMs() const { return arrivedUs < 0 ? -1 : (arrivedUs - writtenUs) / 1000; }
};
QList<EventDelay> eventDelays(
    const Session &session, quint64 exchangeId, qint64 sessionStartUs, const QList<WrittenEvent> &written);

// An event held this long between write and arrival was buffered on the way.
constexpr qint64 kBufferedDelayMs = 500;

// `transport.buffered` when at least a quarter of at least four arrived events (or all events
// still in flight past the threshold) were held kBufferedDelayMs or more; the detail gives the
// measured delays.
QList<Finding> measureBuffering(
    const Session &session, quint64 exchangeId, qint64 sessionStartUs, const QList<WrittenEvent> &written);

} // namespace SseScope
