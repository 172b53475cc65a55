// A stand-in for lib/session/session.cpp while the client branch has not landed it: the HAR tests
// need Session's recording functions. CMakeLists.txt compiles this file only when
// lib/session/session.cpp does not exist, so the real implementation always wins.
#include <session/session.h>

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
        break;
    }
    return QStringLiteral("stream");
}

Session::Session() = default;
Session::Session(const Limits &limits)
    : m_limits(limits)
{
}

void Session::recordExchange(const SessionExchange &exchange)
{
    for (SessionExchange &existing : m_exchanges) {
        if (existing.id == exchange.id) {
            existing = exchange;
            return;
        }
    }
    m_exchanges.append(exchange);
}

void Session::appendChunks(const QList<RawChunk> &chunks)
{
    for (RawChunk chunk : chunks) {
        chunk.bytes.truncate(m_limits.maxChunkBytes);
        m_rawBytesKept += chunk.bytes.size();
        m_chunks.append(chunk);
    }
    trimChunks();
}

void Session::trimChunks()
{
    while (m_chunks.size() > m_limits.maxChunks || m_rawBytesKept > m_limits.maxRawBytes) {
        m_rawBytesKept -= m_chunks.first().bytes.size();
        m_chunks.removeFirst();
        ++m_chunksDropped;
    }
}

void Session::appendEvents(const QList<RecordedEvent> &events)
{
    m_events.append(events);
    while (m_events.size() > m_limits.maxEvents) {
        m_events.removeFirst();
        ++m_eventsDropped;
    }
}

void Session::appendCookies(const QList<RecordedCookie> &cookies)
{
    m_cookies.append(cookies);
}

int Session::addFindings(const QList<Finding> &findings, qint64 atMs, quint64 exchangeId)
{
    int added = 0;
    for (const Finding &finding : findings) {
        const bool known = std::any_of(m_findings.cbegin(), m_findings.cend(),
            [&](const RecordedFinding &r) { return r.finding.id == finding.id && r.finding.detail == finding.detail; });
        if (!known) {
            m_findings.append(RecordedFinding{finding, atMs, exchangeId});
            ++added;
        }
    }
    return added;
}

void Session::setVerdict(const Verdict &verdict, qint64 atMs, const QString &reason)
{
    if (m_stateChanges.isEmpty() || m_stateChanges.last().readyState != verdict.readyState) {
        m_stateChanges.append(StateChange{atMs, verdict.readyState, reason});
    }
    m_verdict = verdict;
}

void Session::clear()
{
    *this = Session(m_limits);
}

const SessionExchange *Session::exchange(quint64 id) const
{
    for (const SessionExchange &exchange : m_exchanges) {
        if (exchange.id == id) {
            return &exchange;
        }
    }
    return nullptr;
}

QList<Finding> Session::findingList() const
{
    QList<Finding> list;
    for (const RecordedFinding &recorded : m_findings) {
        list.append(recorded.finding);
    }
    return list;
}

bool Session::hasFinding(const QString &id) const
{
    return std::any_of(
        m_findings.cbegin(), m_findings.cend(), [&](const RecordedFinding &r) { return r.finding.id == id; });
}

} // namespace SseScope
