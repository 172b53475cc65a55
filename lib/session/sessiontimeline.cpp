#include "sessiontimeline.h"

#include <QHash>

#include <algorithm>

namespace SseScope {

namespace {

QString exchangeDetail(const SessionExchange &exchange)
{
    if (!exchange.netError.isEmpty()) {
        return exchange.netError;
    }
    if (exchange.response) {
        return QString::number(exchange.response->status);
    }
    return {};
}

} // namespace

SessionTimeline sessionTimeline(const Session &session, qint64 nowMs)
{
    SessionTimeline timeline;
    timeline.endMs = std::max<qint64>(0, nowMs);
    const auto later = [&timeline](qint64 ms) { timeline.endMs = std::max(timeline.endMs, ms); };

    for (const StateChange &change : session.stateChanges()) {
        TimelineMark mark;
        mark.kind = TimelineMark::Kind::State;
        mark.atMs = change.atMs;
        mark.state = change.readyState;
        mark.detail = change.reason;
        timeline.marks.append(mark);
        later(change.atMs);
    }
    for (const SessionExchange &exchange : session.exchanges()) {
        TimelineMark mark;
        const bool reconnect = exchange.kind == ExchangeKind::Stream && exchange.attempt > 1;
        mark.kind = reconnect ? TimelineMark::Kind::Reconnect : TimelineMark::Kind::Request;
        mark.atMs = exchange.startedMs;
        mark.exchange = exchange.kind;
        mark.exchangeId = exchange.id;
        mark.attempt = exchange.attempt;
        mark.detail = exchangeDetail(exchange);
        timeline.marks.append(mark);
        if (reconnect) {
            ++timeline.reconnects;
        }
        later(exchange.startedMs);
        later(exchange.endedMs);
    }
    timeline.requests = int(session.exchanges().size() + qsizetype(session.exchangesDropped()));
    // State changes first at the same instant: the request that follows an error is drawn after it.
    std::stable_sort(timeline.marks.begin(), timeline.marks.end(),
        [](const TimelineMark &a, const TimelineMark &b) { return a.atMs < b.atMs; });

    // Bursts: deliveries that carried many events at once, with the quiet before them.
    QHash<quint64, qint64> previousDelivery;
    for (const RawChunk &chunk : session.chunks()) {
        qint64 before = chunk.receivedMs;
        if (const auto it = previousDelivery.constFind(chunk.exchangeId); it != previousDelivery.cend()) {
            before = *it;
        } else if (const SessionExchange *exchange = session.exchange(chunk.exchangeId)) {
            before = exchange->firstByteMs >= 0 ? exchange->firstByteMs : exchange->startedMs;
        }
        previousDelivery.insert(chunk.exchangeId, chunk.receivedMs);
        if (chunk.events >= kBurstEvents) {
            timeline.bursts.append(
                TimelineBurst {chunk.exchangeId, chunk.receivedMs, chunk.events, std::max<qint64>(0, chunk.receivedMs - before)});
        }
        later(chunk.receivedMs);
    }

    timeline.writes = session.serverWrites();
    for (const ServerWrite &write : std::as_const(timeline.writes)) {
        later(write.writtenMs);
        later(write.arrivedMs);
        if (write.arrivedMs >= 0) {
            timeline.longestDelayMs = std::max(timeline.longestDelayMs, write.arrivedMs - write.writtenMs);
        }
    }
    for (const ServerWrite &write : std::as_const(timeline.writes)) {
        const qint64 delay = write.arrivedMs >= 0 ? write.arrivedMs - write.writtenMs : timeline.endMs - write.writtenMs;
        if (delay >= kLateWriteMs) {
            ++timeline.lateWrites;
        }
    }

    timeline.events = quint64(session.events().size()) + session.eventsDropped();
    if (!session.events().isEmpty()) {
        later(session.events().constLast().receivedMs);
    }
    timeline.readyState = session.verdict().readyState;
    if (!session.stateChanges().isEmpty()) {
        timeline.lastReason = session.stateChanges().constLast().reason;
    }
    if (timeline.events > 0) {
        timeline.empty = SessionTimeline::Empty::No;
    } else if (session.exchanges().isEmpty() && session.stateChanges().isEmpty()) {
        timeline.empty = SessionTimeline::Empty::NoSession;
    } else if (timeline.readyState == ReadyState::Open) {
        timeline.empty = SessionTimeline::Empty::OpenWithoutEvents;
    } else if (timeline.readyState == ReadyState::Closed) {
        timeline.empty = SessionTimeline::Empty::ClosedWithoutEvents;
    } else {
        timeline.empty = SessionTimeline::Empty::Connecting;
    }
    return timeline;
}

} // namespace SseScope
