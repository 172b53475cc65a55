#pragma once

#include "bytebuffer.h"
#include "eventstreamsink.h"
#include "sseevent.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <optional>

namespace SseScope {

// How much one EventStreamParser may hold (see below). Outside the class so that it can be a
// default argument of the constructor.
struct EventStreamLimits
{
    qint64 maxLineBytes = 4 * 1024 * 1024; // one line, without its terminator
    qint64 maxEventBytes = 16 * 1024 * 1024; // the data buffer of one event
};

// Bytes → events, exactly as the HTML standard interprets an event stream
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
//
// - UTF-8 decoding with U+FFFD for invalid bytes (the Encoding standard's decoder, so the number
//   of U+FFFD matches a browser), one leading BOM stripped; the text stays UTF-8 bytes.
// - Lines end at CRLF, LF or a lone CR. A CR is acted on at once (as browsers do), and an LF
//   that follows it, even in the next chunk, is swallowed.
// - Comments, fields split at the first colon with one leading space removed, `data`, `event`,
//   `id` (ignored when it contains NUL; empty resets), `retry` (ASCII digits only), dispatch on
//   a blank line, and the incomplete last event discarded by finish().
//
// Incremental: feed() takes any chunking of the stream and yields the same events, retry
// fields, comments and errors (error byte counts aside, see ParseError::bytes).
//
// Bounded: memory never grows with the stream (bufferedBytes() stays within about twice the
// limits). A line longer than Limits::maxLineBytes is skipped whole — bytes past the cap are
// dropped while the parser looks for its end — and reported as LineTooLong as soon as it crosses
// the cap; parsing goes on at the next line. Unless the line was a comment, the event it belonged
// to is not dispatched (a page must not see an event with a line missing). An event whose data
// buffer would pass Limits::maxEventBytes is dropped, the rest of its block skipped up to the
// blank line, and reported as EventTooLarge. In both cases `id:` and `retry:` lines around the
// dropped input still count. The standard has no limits: these are the only departures, and
// the defaults (4 MiB line, 16 MiB event) are far above what a browser-bound stream sends.
//
// Fast: UTF-8 is validated once per line, with a vectorised scan that finds the line end and
// tells whether the line is all ASCII in one pass; fields stay bytes (QString only on request,
// SseEvent::dataString()); no allocation per event once the buffers have grown, unless the sink
// keeps the event (then its copy is the only one). See tests/bench and scripts/run-benchmarks.sh.
//
// Typical use (a client; the GUI counts comments as heartbeats through the sink):
//     MySink sink;                        // an EventStreamSink
//     EventStreamParser parser(sink);
//     parser.feed(reply->readAll());      // as bytes arrive, any chunking
//     parser.finish();                    // the body ended; reconnect with parser.lastEventId()
//
// Not thread-safe; one parser per EventSource, used on one thread.
class EventStreamParser final
{
public:
    using Limits = EventStreamLimits;

    explicit EventStreamParser(EventStreamSink &sink, Limits limits = {});
    EventStreamParser(const EventStreamParser &) = delete;
    EventStreamParser &operator=(const EventStreamParser &) = delete;

    // The next bytes of the body. The sink is called before feed() returns; it must not call
    // feed() or finish() itself.
    void feed(QByteArrayView chunk);

    // End of the body: the incomplete line and the pending event are discarded, as the standard
    // says. The parser is then ready for the body of a reconnection: the BOM check and offsets
    // start again, while the last event ID and the reconnection time are kept, because an
    // EventSource keeps them across reconnects (Chromium seeds the new stream's last-event-ID
    // buffer with it: event_source.cc creates its EventSourceParser with last_event_id_).
    void finish();

    // The source's last event ID string (set at each dispatch, even one without data): what a
    // reconnect sends as Last-Event-ID when it is non-empty.
    QByteArray lastEventId() const { return m_dispatching ? m_event.lastEventId : m_lastEventId; }
    // The last accepted `retry:` value, or nullopt when none has been seen.
    std::optional<qint64> reconnectionTimeMs() const { return m_reconnectionTimeMs; }

    // Counters over the parser's life (not reset by finish()).
    qint64 eventCount() const { return m_eventCount; }
    qint64 commentCount() const { return m_commentCount; }
    qint64 errorCount() const { return m_errorCount; }
    // Bytes fed since the start of the current body.
    qint64 offset() const { return m_offset; }

    // Bytes the parser holds right now (buffer capacities): stays within the limits plus a small
    // constant however long the stream is.
    qint64 bufferedBytes() const;

    Limits limits() const { return m_limits; }

private:
    void feedPartialLine(const char *chunkBegin, const char *&p, const char *end);
    template<typename Scan> void feedLines(const char *begin, const char *p, const char *end);
    void feedLinesAvx2(const char *begin, const char *p, const char *end);
    void processLine(const char *p, qsizetype size, bool nonAscii, qint64 lineOffset, qint64 endOffset);
    void processField(QByteArrayView field, QByteArrayView value, qint64 lineOffset);
    void appendData(QByteArrayView value, qint64 lineOffset);
    void setIdBuffer(QByteArrayView value);
    void setEventType(QByteArrayView value);
    QByteArray &internType(QByteArrayView type);
    void dispatch(qint64 endOffset);
    void reportError(ParseErrorKind kind, qint64 offset, qint64 bytes, qint64 limit);
    void resetBlock();

    EventStreamSink &m_sink;
    const Limits m_limits;

    // The line that started in an earlier chunk and has not ended yet.
    QByteArray m_line;
    qint64 m_lineOffset = 0;
    bool m_inLine = false; // m_line (possibly empty) holds the start of an unfinished line
    bool m_skippingLine = false; // the unfinished line passed the cap: drop bytes until its end
    bool m_skipLf = false; // the last line ended with a CR at the end of a chunk
    bool m_firstLine = true; // the BOM check is still to do
    qint64 m_offset = 0; // stream offset of the next byte fed

    // The standard's buffers. They change on every event, so they are ByteBuffers with inline
    // appends, and the event type buffer is a pointer into a small cache of interned types.
    ByteBuffer m_data; // the data buffer
    QByteArray *m_eventType = nullptr; // the event type buffer; null when empty
    ByteBuffer m_idBuffer; // the last event ID buffer
    QByteArray m_lastEventId; // the source's last event ID string
    qint64 m_blockStart = -1; // stream offset of the block's first line, -1 before it
    bool m_skippingEvent = false; // the event passed maxEventBytes: skip to the blank line
    bool m_blockHasId = false; // the current block had an `id` field

    SseEvent m_event; // what the sink is given, its buffers reused from event to event
    std::array<QByteArray, 32> m_typeCache; // recent event types, shared by the events
    size_t m_lastTypeSlot = 0;
    QByteArray m_messageType = QByteArrayLiteral("message"); // the type when the buffer is empty
    bool m_dispatching = false; // m_event holds the type and last event ID during the sink call
    QByteArray m_longType; // a type too long for the cache

    QByteArray m_repaired; // scratch for a line with invalid UTF-8
    std::optional<qint64> m_reconnectionTimeMs;
    qint64 m_eventCount = 0;
    qint64 m_commentCount = 0;
    qint64 m_errorCount = 0;
};

} // namespace SseScope
