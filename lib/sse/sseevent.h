#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QMetaType>
#include <QString>

#include <optional>

namespace SseScope {

// One MessageEvent as an EventSource dispatches it (HTML "dispatch the event"). Every field holds
// valid UTF-8: the parser has already replaced invalid bytes with U+FFFD, so the QString
// helpers are lossless. Offsets count raw stream bytes from the start of the connection's body
// (a leading BOM included).
struct SseEvent
{
    QByteArray type; // the event-type buffer, or "message" when it was empty; never empty
    QByteArray data; // the data buffer with its one trailing LF removed
    QByteArray lastEventId; // the source's last event ID string at dispatch time
    bool hasId = false; // the event's block had an `id` field (else lastEventId is an earlier event's)
    qint64 startOffset = 0; // where the event's first line (comment or field) begins
    qint64 endOffset = 0; // just past the terminator byte (CR or LF) of the blank line that dispatched it

    QString typeString() const { return QString::fromUtf8(type); }
    QString dataString() const { return QString::fromUtf8(data); }
    QString lastEventIdString() const { return QString::fromUtf8(lastEventId); }

    // Compares what a page sees (type, data, lastEventId), not where it was in the stream.
    friend bool operator==(const SseEvent &a, const SseEvent &b)
    {
        return a.type == b.type && a.data == b.data && a.lastEventId == b.lastEventId;
    }
    friend bool operator!=(const SseEvent &a, const SseEvent &b) { return !(a == b); }
};

// Why the parser dropped input. Not part of the standard (which has no limits): a bounded parser
// must drop something, and the client turns each of these into a finding.
enum class ParseErrorKind
{
    LineTooLong, // a line grew past maxLineBytes: it is skipped whole, and the event it belongs to
                 // is not dispatched (unless the line was a comment)
    EventTooLarge, // the data buffer grew past maxEventBytes: the event is not dispatched
};

struct ParseError
{
    ParseErrorKind kind = ParseErrorKind::LineTooLong;
    qint64 offset = 0; // stream offset of the line (LineTooLong) or of the event (EventTooLarge)
    qint64 bytes = 0; // the size that crossed the limit: at least limit + 1 (a line still arriving
                      // is reported as soon as it crosses, before its full length is known)
    qint64 limit = 0;

    // "LineTooLong" / "EventTooLarge": stable names for JSON and findings.
    static QString kindName(ParseErrorKind kind);
    // One readable English sentence (the CLI prints it; the GUI translates the kind itself).
    QString message() const;

    friend bool operator==(const ParseError &a, const ParseError &b)
    {
        return a.kind == b.kind && a.offset == b.offset && a.bytes == b.bytes && a.limit == b.limit;
    }
};

// One `retry:` field as it was seen, valid or not. The standard accepts ASCII digits only; an
// empty value is ignored by the standard but resets Chromium to its default delay, so the client
// needs to see it (browser-rules.md §3, engine deviations).
struct RetryField
{
    QByteArrayView value; // the field value (valid UTF-8), valid during the callback only
    std::optional<qint64> milliseconds; // set when the standard accepts the value
    qint64 offset = 0; // stream offset of the line
};

} // namespace SseScope

Q_DECLARE_METATYPE(SseScope::SseEvent)
Q_DECLARE_METATYPE(SseScope::ParseError)
