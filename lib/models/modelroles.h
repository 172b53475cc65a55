#pragma once

#include <Qt>

namespace SseScope {

// Columns and typed roles of every model in lib/models, in one place (STYLE.md §4). The core
// models return raw values (numbers, bytes as strings, enum values as int); the GUI's
// presentation proxies turn them into translated text, colours and icons.

namespace EventColumn {
enum Column
{
    Time, // receivedMs (qint64): milliseconds since the session started
    Delta, // milliseconds since the previous event (qint64)
    Type,
    Id,
    Data, // the full data as a QString (the presentation shortens it)
    Size, // data bytes (qint64)
    Count
};
}

enum EventRole
{
    EventSequenceRole = Qt::UserRole + 1, // 1-based number over the whole session (quint64)
    EventReceivedMsRole, // qint64
    EventDeltaMsRole, // qint64
    EventTypeRole, // QString
    EventIdRole, // QString
    EventDataRole, // QString, complete
    EventSizeRole, // qint64, data bytes
    EventExchangeIdRole, // quint64
    EventReplayRole, // int: RecordedEvent::Replay (None, Repeated, AfterGap)
    EventMissedBeforeRole, // quint32: events missed right before it (AfterGap)
};

namespace ExchangeColumn {
enum Column
{
    Number,
    Kind, // ExchangeKind as int
    Method,
    Url,
    Status, // int, 0 while no response
    Started, // ms
    Duration, // ms, -1 while open
    Bytes, // body bytes
    Error, // Chromium's net error name
    Count
};
}

enum ExchangeRole
{
    ExchangeIdRole = Qt::UserRole + 100, // quint64
    ExchangeKindRole, // int (ExchangeKind)
    ExchangeStatusRole, // int
    ExchangeOpenRole, // bool
    ExchangeFailedRole, // bool: a network error or a status outside 2xx/3xx
    ExchangeValueRole, // QVariant<SessionExchange>: the whole record
};

namespace FindingColumn {
enum Column
{
    Severity, // int (SseScope::Severity)
    Title,
    Detail,
    Id,
    Count
};
}

enum FindingRole
{
    FindingIdRole = Qt::UserRole + 200, // QString
    FindingSeverityRole, // int (SseScope::Severity)
    FindingTitleRole, // QString (English; the GUI translates)
    FindingDetailRole, // QString
    FindingFixRole, // QString (English)
    FindingExplanationRole, // QString (English, from the catalogue)
    FindingSnippetExpressRole, // QString, empty when none
    FindingSnippetNginxRole,
    FindingSnippetOtherRole,
    FindingReferenceRole,
    FindingRaisedMsRole, // qint64
    FindingExchangeIdRole, // quint64
};

namespace CookieColumn {
enum Column
{
    Exchange, // quint64
    Direction, // int (RecordedCookie::Direction)
    Name,
    Outcome, // bool: included (sent) or stored
    Reasons, // QString: Chromium's inclusion status names, comma-separated
    Count
};
}

enum CookieRole
{
    CookieExchangeIdRole = Qt::UserRole + 300, // quint64
    CookieDirectionRole, // int
    CookieIncludedRole, // bool
    CookieReasonsRole, // QStringList
};

} // namespace SseScope
