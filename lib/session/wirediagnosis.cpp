#include "wirediagnosis.h"

#include <browser/findings.h>

#include <algorithm>

namespace SseScope {

namespace {

qint64 toMonotonicUs(qint64 sessionStartUs, qint64 sessionMs)
{
    return sessionStartUs + sessionMs * 1000;
}

QByteArray pathAndQuery(const QUrl &url)
{
    return url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
}

} // namespace

quint64 matchServerExchange(const Session &session, qint64 sessionStartUs, const ServerExchange &server)
{
    const QByteArray serverTarget = pathAndQuery(server.request.url);
    const QByteArray serverOrigin = server.request.headers.combinedValue(QByteArrayLiteral("Origin"));
    quint64 best = 0;
    qint64 bestGap = std::numeric_limits<qint64>::max();
    for (const SessionExchange &exchange : session.exchanges()) {
        if (exchange.kind != ExchangeKind::Stream) {
            continue;
        }
        if (pathAndQuery(exchange.request.url) != serverTarget && !serverTarget.isEmpty()) {
            continue;
        }
        if (exchange.request.headers.combinedValue(QByteArrayLiteral("Origin")) != serverOrigin) {
            continue;
        }
        // The server stamps the request when it is complete: after we sent it, soon after.
        const qint64 gap = server.startedUs - toMonotonicUs(sessionStartUs, exchange.startedMs);
        if (gap < -2000 || gap > 5000000) {
            continue;
        }
        if (std::abs(gap) < bestGap) {
            bestGap = std::abs(gap);
            best = exchange.id;
        }
    }
    return best;
}

QList<EventDelay> eventDelays(
    const Session &session, quint64 exchangeId, qint64 sessionStartUs, const QList<WrittenEvent> &written)
{
    QList<const RawChunk *> chunks;
    for (const RawChunk &chunk : session.chunks()) {
        if (chunk.exchangeId == exchangeId) {
            chunks.append(&chunk);
        }
    }
    QList<EventDelay> delays;
    delays.reserve(written.size());
    qsizetype next = 0; // events and chunks both go forward in body order
    for (const WrittenEvent &event : written) {
        EventDelay delay;
        delay.sequence = event.sequence;
        delay.writtenUs = event.writtenUs;
        const qint64 lastByte = event.bodyOffset + std::max(event.size, 1) - 1;
        while (next < chunks.size() && chunks.at(next)->offset + chunks.at(next)->size <= lastByte) {
            ++next;
        }
        if (next < chunks.size() && chunks.at(next)->offset <= lastByte) {
            delay.arrivedUs = toMonotonicUs(sessionStartUs, chunks.at(next)->receivedMs);
        }
        delays.append(delay);
    }
    return delays;
}

QList<Finding> measureBuffering(
    const Session &session, quint64 exchangeId, qint64 sessionStartUs, const QList<WrittenEvent> &written)
{
    const SessionExchange *exchange = session.exchange(exchangeId);
    if (!exchange) {
        return {};
    }
    const qint64 endUs = exchange->endedMs >= 0 ? toMonotonicUs(sessionStartUs, exchange->endedMs)
                                                : monotonicMicroseconds();
    const QList<EventDelay> delays = eventDelays(session, exchangeId, sessionStartUs, written);
    int considered = 0;
    int held = 0;
    int notArrived = 0;
    qint64 longestMs = 0;
    for (const EventDelay &delay : delays) {
        qint64 ms = delay.delayMs();
        if (ms < 0) {
            // Not arrived: it counts once it has been on its way longer than the threshold.
            ms = (endUs - delay.writtenUs) / 1000;
            if (ms < kBufferedDelayMs) {
                continue;
            }
            ++notArrived;
        }
        ++considered;
        longestMs = std::max(longestMs, ms);
        if (ms >= kBufferedDelayMs) {
            ++held;
        }
    }
    if (considered < 4 || held * 4 < considered) {
        return {};
    }
    return {makeFinding("transport.buffered",
        QStringLiteral("%1 of %2 events the mock server wrote reached the client %3 ms or more after they were "
                       "written (longest %4 ms%5); measured against the server's write times")
            .arg(held)
            .arg(considered)
            .arg(kBufferedDelayMs)
            .arg(longestMs)
            .arg(notArrived > 0 ? QStringLiteral(", %1 not arrived when the observation ended").arg(notArrived)
                                : QString()))};
}

} // namespace SseScope
