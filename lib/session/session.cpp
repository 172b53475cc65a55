#include "session.h"

#include <algorithm>

namespace SseScope {

QString exchangeKindName(ExchangeKind kind)
{
    switch (kind) {
    case ExchangeKind::Preflight:
        return QStringLiteral("preflight");
    case ExchangeKind::Login:
        return QStringLiteral("login");
    case ExchangeKind::Redirect:
        return QStringLiteral("redirect");
    case ExchangeKind::Stream:
        return QStringLiteral("stream");
    }
    return QString();
}

Session::Session()
    : Session(Limits())
{
}

Session::Session(const Limits &limits)
    : m_limits(limits)
{
}

void Session::recordExchange(const SessionExchange &exchange)
{
    if (SessionExchange *known = findExchange(exchange.id)) {
        *known = exchange;
        return;
    }
    m_exchanges.append(exchange);
    if (m_exchanges.size() > m_limits.maxExchanges) {
        // Drop the oldest closed one; an open stream stays visible however old it is.
        for (qsizetype i = 0; i < m_exchanges.size(); ++i) {
            if (!m_exchanges.at(i).isOpen()) {
                m_exchanges.removeAt(i);
                ++m_exchangesDropped;
                break;
            }
        }
    }
}

void Session::appendChunks(const QList<RawChunk> &chunks)
{
    for (const RawChunk &chunk : chunks) {
        // The client sends an exchange at its head and at its end; in between, its chunks move its
        // body counters on, so an open stream's size grows where it is shown. A chunk the
        // exchange already counts (its record came later) moves nothing.
        if (SessionExchange *exchange = findExchange(chunk.exchangeId)) {
            const qint64 end = chunk.offset + chunk.size;
            if (end > exchange->bodyBytes) {
                exchange->bodyBytes = end;
                ++exchange->chunks;
            }
        }
        RawChunk kept = chunk;
        if (kept.bytes.size() > m_limits.maxChunkBytes) {
            kept.bytes.truncate(m_limits.maxChunkBytes);
        }
        m_rawBytesKept += kept.bytes.size();
        m_chunks.append(kept);
    }
    trimChunks();
}

void Session::trimChunks()
{
    qsizetype drop = 0;
    qint64 bytes = m_rawBytesKept;
    while (drop < m_chunks.size() && (m_chunks.size() - drop > m_limits.maxChunks || bytes > m_limits.maxRawBytes)) {
        bytes -= m_chunks.at(drop).bytes.size();
        ++drop;
    }
    if (drop > 0) {
        // QList drops from the front without moving the rest (Qt 6 keeps free space at the start).
        m_chunks.remove(0, drop);
        m_chunksDropped += quint64(drop);
        m_rawBytesKept = bytes;
    }
}

void Session::appendEvents(const QList<RecordedEvent> &events)
{
    m_events.append(events);
    const qsizetype excess = m_events.size() - m_limits.maxEvents;
    if (excess > 0) {
        m_events.remove(0, excess);
        m_eventsDropped += quint64(excess);
    }
}

void Session::appendCookies(const QList<RecordedCookie> &cookies)
{
    m_cookies.append(cookies);
    // Cookies are few; a hostile server sending thousands per response must not grow us forever.
    constexpr qsizetype maxCookies = 10000;
    if (m_cookies.size() > maxCookies) {
        m_cookies.remove(0, m_cookies.size() - maxCookies);
    }
}

int Session::addFindings(const QList<Finding> &findings, qint64 atMs, quint64 exchangeId)
{
    int added = 0;
    for (const Finding &finding : findings) {
        const bool known = std::any_of(m_findings.cbegin(), m_findings.cend(),
            [&finding](const RecordedFinding &recorded) { return recorded.finding == finding; });
        if (known) {
            continue;
        }
        const auto sameId = std::count_if(m_findings.cbegin(), m_findings.cend(),
            [&finding](const RecordedFinding &recorded) { return recorded.finding.id == finding.id; });
        if (sameId >= m_limits.maxFindingsPerId) {
            ++m_findingsDropped;
            continue;
        }
        m_findings.append(RecordedFinding {finding, atMs, exchangeId});
        ++added;
    }
    return added;
}

void Session::setVerdict(const Verdict &verdict, qint64 atMs, const QString &reason)
{
    if (verdict.readyState != m_verdict.readyState || m_stateChanges.isEmpty()) {
        m_stateChanges.append(StateChange {atMs, verdict.readyState, reason});
        if (m_stateChanges.size() > m_limits.maxStateChanges) {
            m_stateChanges.removeFirst();
        }
    }
    m_verdict = verdict;
}

void Session::recordServerWrites(quint64 exchangeId, const QList<ServerWrite> &writes)
{
    m_serverWrites.removeIf([exchangeId](const ServerWrite &write) { return write.exchangeId == exchangeId; });
    for (ServerWrite write : writes) {
        write.exchangeId = exchangeId;
        m_serverWrites.append(write);
    }
    std::stable_sort(m_serverWrites.begin(), m_serverWrites.end(),
        [](const ServerWrite &a, const ServerWrite &b) { return a.exchangeId < b.exchangeId; });
    const qsizetype excess = m_serverWrites.size() - m_limits.maxServerWrites;
    if (excess > 0) {
        m_serverWrites.remove(0, excess);
    }
}

void Session::clear()
{
    const Limits limits = m_limits;
    *this = Session(limits);
}

const SessionExchange *Session::exchange(quint64 id) const
{
    // Lookups are for recent exchanges: search from the end.
    for (qsizetype i = m_exchanges.size() - 1; i >= 0; --i) {
        if (m_exchanges.at(i).id == id) {
            return &m_exchanges.at(i);
        }
    }
    return nullptr;
}

SessionExchange *Session::findExchange(quint64 id)
{
    for (qsizetype i = m_exchanges.size() - 1; i >= 0; --i) {
        if (m_exchanges.at(i).id == id) {
            return &m_exchanges[i]; // non-const access: detaches a shared copy first
        }
    }
    return nullptr;
}

QList<Finding> Session::findingList() const
{
    QList<Finding> list;
    list.reserve(m_findings.size());
    for (const RecordedFinding &recorded : m_findings) {
        list.append(recorded.finding);
    }
    return list;
}

bool Session::hasFinding(const QString &id) const
{
    return std::any_of(m_findings.cbegin(), m_findings.cend(),
        [&id](const RecordedFinding &recorded) { return recorded.finding.id == id; });
}

SnippetContext snippetContextOf(const Session &session)
{
    SnippetContext context;
    context.pageOrigin = session.info().origin;
    context.streamPath = session.info().url.path(QUrl::FullyEncoded);
    if (!session.cookies().isEmpty()) {
        context.cookieName = session.cookies().constFirst().outcome.name;
    }
    return context;
}

} // namespace SseScope
