#include "eventstreamparser.h"

#include "eventstreamscan_p.h"
#include "eventstreamutf8_p.h"

#include <common/logging.h>

#include <cstring>
#include <limits>

namespace SseScope {

namespace {

// Above this, a buffer is released after use instead of being kept for the next line or event.
constexpr qsizetype kKeepCapacity = 64 * 1024;

quint64 load64(const char *p)
{
    quint64 value;
    std::memcpy(&value, p, 8);
    return value;
}

quint32 load32(const char *p)
{
    quint32 value;
    std::memcpy(&value, p, 4);
    return value;
}

// Ids and event types are short: two overlapping word loads compare them without a memcmp call.
Q_ALWAYS_INLINE bool equalBytes(QByteArrayView a, QByteArrayView b)
{
    const qsizetype n = a.size();
    if (n != b.size()) {
        return false;
    }
    const char *const x = a.data();
    const char *const y = b.data();
    if (n >= 8) {
        if (n > 16) {
            return std::memcmp(x, y, size_t(n)) == 0;
        }
        return load64(x) == load64(y) && load64(x + n - 8) == load64(y + n - 8);
    }
    if (n >= 4) {
        return load32(x) == load32(y) && load32(x + n - 4) == load32(y + n - 4);
    }
    for (qsizetype i = 0; i < n; ++i) {
        if (x[i] != y[i]) {
            return false;
        }
    }
    return true;
}

// Whether a word has a zero byte (the classic bit trick), so short ids are checked 8 bytes at a time.
bool hasZeroByte(quint64 word)
{
    return ((word - 0x0101010101010101ull) & ~word & 0x8080808080808080ull) != 0;
}

Q_ALWAYS_INLINE bool containsNul(QByteArrayView value)
{
    const qsizetype n = value.size();
    const char *const p = value.data();
    if (n > 16) {
        return std::memchr(p, '\0', size_t(n)) != nullptr;
    }
    if (n >= 8) {
        return hasZeroByte(load64(p)) || hasZeroByte(load64(p + n - 8));
    }
    for (qsizetype i = 0; i < n; ++i) {
        if (p[i] == '\0') {
            return true;
        }
    }
    return false;
}

// A field name against a literal; the constant size lets the compiler inline the compare.
template<size_t N> bool isName(QByteArrayView field, const char (&name)[N])
{
    return field.size() == qsizetype(N - 1) && std::memcmp(field.data(), name, N - 1) == 0;
}

// Copies value into target, reusing target's buffer when no one else holds it: the buffers a
// dispatched event shared are free again once the sink has returned without keeping them.
Q_ALWAYS_INLINE void assignBytes(QByteArray &target, QByteArrayView value)
{
    if (target.isDetached() && value.size() <= target.capacity()) {
        if (target.size() != value.size()) {
            target.resize(value.size()); // out of line: skipped when the size repeats (ids often do)
        }
        if (!value.isEmpty()) {
            copyBytes(target.data(), value.data(), value.size());
        }
    } else {
        target = value.toByteArray();
    }
}

// The first colon: field names are short, so a plain loop beats a call for the usual line.
const char *findColon(const char *p, qsizetype size)
{
    const qsizetype head = qMin<qsizetype>(size, 16);
    for (qsizetype i = 0; i < head; ++i) {
        if (p[i] == ':') {
            return p + i;
        }
    }
    if (size <= head) {
        return nullptr;
    }
    return static_cast<const char *>(std::memchr(p + head, ':', size_t(size - head)));
}

// HTML: "If the field value consists of only ASCII digits, then interpret the field value as an
// integer in base ten". A value too large for 63 bits is ignored, as Chromium ignores one that
// does not fit its uint64 (event_source_parser.cc, ToUInt64Strict).
std::optional<qint64> parseRetry(QByteArrayView value)
{
    if (value.isEmpty()) {
        return std::nullopt;
    }
    qint64 result = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        const int digit = c - '0';
        if (result > (std::numeric_limits<qint64>::max() - digit) / 10) {
            return std::nullopt;
        }
        result = result * 10 + digit;
    }
    return result;
}

} // namespace

using namespace EventStreamScan;
using namespace EventStreamUtf8;

EventStreamParser::EventStreamParser(EventStreamSink &sink, Limits limits)
    : m_sink(sink)
    , m_limits(limits)
{
}

// feed()'s loop over the lines that start in this chunk, p at the start of one.
template<typename Scan>
Q_ALWAYS_INLINE void EventStreamParser::feedLines(const char *begin, const char *p, const char *end)
{
    while (p < end) {
        if (*p == '\n' && !m_firstLine) {
            // A blank line, the most common line of all.
            const qint64 lineOffset = m_offset + (p - begin);
            dispatch(lineOffset + 1);
            ++p;
            continue;
        }
        bool nonAscii = false;
        const qsizetype size = Scan::find(p, end - p, &nonAscii);
        const qint64 lineOffset = m_offset + (p - begin);
        if (size == end - p) {
            // The line goes on in the next chunk.
            m_inLine = true;
            m_lineOffset = lineOffset;
            if (size > m_limits.maxLineBytes) {
                m_skippingLine = true;
                m_firstLine = false;
                if (*p != ':') {
                    m_skippingEvent = true;
                }
                reportError(ParseErrorKind::LineTooLong, lineOffset, size, m_limits.maxLineBytes);
            } else {
                m_line.append(p, size);
            }
            break;
        }
        const char *const eol = p + size;
        const qint64 endOffset = lineOffset + size + 1;
        if (size > m_limits.maxLineBytes) {
            m_firstLine = false;
            if (*p != ':') {
                m_skippingEvent = true;
            }
            reportError(ParseErrorKind::LineTooLong, lineOffset, size, m_limits.maxLineBytes);
        } else {
            processLine(p, size, nonAscii, lineOffset, endOffset);
        }
        p = eol + 1;
        if (*eol == '\r') {
            if (p == end) {
                m_skipLf = true;
            } else if (*p == '\n') {
                ++p;
            }
        }
    }
}

#if defined(SSESCOPE_SSE_AVX2)
__attribute__((target("avx2"))) void EventStreamParser::feedLinesAvx2(const char *begin, const char *p, const char *end)
{
    feedLines<Avx2Scan>(begin, p, end);
}
#endif

void EventStreamParser::feed(QByteArrayView chunk)
{
    const char *const begin = chunk.data();
    const char *const end = begin + chunk.size();
    const char *p = begin;
    if (p == end) {
        return;
    }
    // The LF of a CRLF whose CR ended the previous chunk: the line was already handled.
    if (m_skipLf) {
        m_skipLf = false;
        if (*p == '\n') {
            ++p;
        }
    }
    if (m_inLine) {
        feedPartialLine(begin, p, end);
        if (m_inLine) {
            m_offset += chunk.size();
            return;
        }
    }
#if defined(SSESCOPE_SSE_AVX2)
    if (findLineEnd == findLineEndAvx2) {
        feedLinesAvx2(begin, p, end);
    } else {
        feedLines<Sse2Scan>(begin, p, end);
    }
#else
    feedLines<Sse2Scan>(begin, p, end);
#endif
    m_offset += chunk.size();
}

// Continues the line kept from earlier chunks; p moves past its terminator when it ends here.
void EventStreamParser::feedPartialLine(const char *chunkBegin, const char *&p, const char *end)
{
    bool nonAscii = false;
    const qsizetype size = findLineEnd(p, end - p, &nonAscii);
    if (!m_skippingLine) {
        const qint64 total = m_line.size() + qint64(size);
        if (total > m_limits.maxLineBytes) {
            const char first = m_line.isEmpty() ? *p : m_line.front();
            m_skippingLine = true;
            m_firstLine = false;
            if (first != ':') {
                m_skippingEvent = true;
            }
            reportError(ParseErrorKind::LineTooLong, m_lineOffset, total, m_limits.maxLineBytes);
            m_line = QByteArray();
        } else {
            m_line.append(p, size);
        }
    }
    if (size == end - p) {
        return;
    }
    const char *const eol = p + size;
    // m_offset still counts up to the start of this chunk; the caller adds the chunk after.
    const qint64 endOffset = m_offset + qint64(eol - chunkBegin) + 1;
    if (m_skippingLine) {
        m_skippingLine = false;
    } else {
        processLine(
            m_line.constData(), m_line.size(), hasNonAscii(m_line.constData(), m_line.size()), m_lineOffset, endOffset);
    }
    if (m_line.capacity() > kKeepCapacity) {
        m_line = QByteArray();
    } else {
        m_line.resize(0);
    }
    m_inLine = false;
    p = eol + 1;
    if (*eol == '\r') {
        if (p == end) {
            m_skipLf = true;
        } else if (*p == '\n') {
            ++p;
        }
    }
}

Q_ALWAYS_INLINE void EventStreamParser::processLine(
    const char *p, qsizetype size, bool nonAscii, qint64 lineOffset, qint64 endOffset)
{
    if (m_firstLine) {
        m_firstLine = false;
        // The UTF-8 decode strips one leading BOM; a second one is part of the field name.
        if (size >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
            p += 3;
            size -= 3;
        }
    }
    if (size == 0) {
        dispatch(endOffset);
        return;
    }
    if (nonAscii) {
        const qsizetype valid = validUtf8Prefix(reinterpret_cast<const uchar *>(p), size);
        if (valid < size) {
            m_repaired.resize(0);
            appendRepairedUtf8(reinterpret_cast<const uchar *>(p), size, m_repaired);
            p = m_repaired.constData();
            size = m_repaired.size();
        }
    }
    if (m_blockStart < 0) {
        m_blockStart = lineOffset;
    }
    if (*p == ':') {
        ++m_commentCount;
        m_sink.comment(QByteArrayView(p + 1, size - 1), lineOffset);
    } else if (size > 5 && std::memcmp(p, "data:", 5) == 0) {
        // The usual lines first, without looking for the colon.
        const qsizetype skip = p[5] == ' ' ? 6 : 5;
        appendData(QByteArrayView(p + skip, size - skip), lineOffset);
    } else if (size > 6 && std::memcmp(p, "event:", 6) == 0) {
        const qsizetype skip = p[6] == ' ' ? 7 : 6;
        setEventType(QByteArrayView(p + skip, size - skip));
    } else if (size > 3 && std::memcmp(p, "id:", 3) == 0) {
        const qsizetype skip = p[3] == ' ' ? 4 : 3;
        setIdBuffer(QByteArrayView(p + skip, size - skip));
    } else {
        const char *const lineEnd = p + size;
        const char *const colon = findColon(p, size);
        if (!colon) {
            // The whole line is the field name; the value is empty.
            processField(QByteArrayView(p, size), QByteArrayView(), lineOffset);
        } else {
            const char *value = colon + 1;
            if (value < lineEnd && *value == ' ') {
                ++value;
            }
            processField(QByteArrayView(p, colon - p), QByteArrayView(value, lineEnd - value), lineOffset);
        }
    }
    if (m_repaired.capacity() > kKeepCapacity) {
        m_repaired = QByteArray();
    }
}

void EventStreamParser::processField(QByteArrayView field, QByteArrayView value, qint64 lineOffset)
{
    // Field names compare literally, no case folding.
    switch (field.size()) {
    case 4:
        if (isName(field, "data")) {
            appendData(value, lineOffset);
        }
        return;
    case 5:
        if (isName(field, "event")) {
            setEventType(value);
        } else if (isName(field, "retry")) {
            const std::optional<qint64> milliseconds = parseRetry(value);
            if (milliseconds) {
                m_reconnectionTimeMs = milliseconds;
            }
            m_sink.retry(RetryField {value, milliseconds, lineOffset});
        }
        return;
    case 2:
        if (isName(field, "id")) {
            setIdBuffer(value);
        }
        return;
    default:
        return;
    }
}

Q_ALWAYS_INLINE void EventStreamParser::setEventType(QByteArrayView value)
{
    // An empty event type buffer means "message" at dispatch.
    m_eventType = value.isEmpty() ? nullptr : &internType(value);
}

Q_ALWAYS_INLINE void EventStreamParser::setIdBuffer(QByteArrayView value)
{
    // "If the field value does not contain U+0000 NULL, then set the last event ID buffer to the
    // field value. Otherwise, ignore the field."
    if (!containsNul(value)) {
        m_idBuffer.assign(value);
        m_blockHasId = true;
    }
}

Q_ALWAYS_INLINE void EventStreamParser::appendData(QByteArrayView value, qint64 lineOffset)
{
    Q_UNUSED(lineOffset)
    if (m_skippingEvent) {
        return;
    }
    const qint64 newSize = qint64(m_data.size()) + value.size() + 1;
    if (newSize > m_limits.maxEventBytes) {
        m_skippingEvent = true;
        m_data.clearAndTrim(0);
        reportError(ParseErrorKind::EventTooLarge, m_blockStart, newSize, m_limits.maxEventBytes);
        return;
    }
    m_data.append(value);
    m_data.append('\n');
}

// Event types are few in practice: dispatched events share one QByteArray per recent type
// instead of allocating one each.
QByteArray &EventStreamParser::internType(QByteArrayView type)
{
    // A long type is not worth keeping; the cache stays small.
    if (type.size() > 64) {
        m_longType = type.toByteArray();
        return m_longType;
    }
    // The previous type, the usual case in real streams.
    if (equalBytes(m_typeCache[m_lastTypeSlot], type)) {
        return m_typeCache[m_lastTypeSlot];
    }
    // A small open-addressing table: a known type is found with one or two compares. The hash
    // mixes the length with the first, middle and last bytes: no loop, and probing absorbs the
    // rare collision.
    const qsizetype n = type.size();
    const quint64 key = quint64(n) | quint64(uchar(type.front())) << 8 | quint64(uchar(type[n / 2])) << 16
        | quint64(uchar(type.back())) << 24;
    const quint64 hash = (key * 0x9E3779B97F4A7C15ull) >> 59; // 5 bits
    // Up to four probes; a new type takes the first empty slot among them, else the first.
    constexpr size_t probes = 4;
    size_t empty = m_typeCache.size();
    for (size_t i = 0; i < probes; ++i) {
        const size_t index = (size_t(hash) + i) % m_typeCache.size();
        QByteArray &known = m_typeCache[index];
        if (equalBytes(known, type)) {
            m_lastTypeSlot = index;
            return known;
        }
        if (known.isEmpty() && empty == m_typeCache.size()) {
            empty = index;
        }
    }
    m_lastTypeSlot = empty != m_typeCache.size() ? empty : size_t(hash) % m_typeCache.size();
    QByteArray &slot = m_typeCache[m_lastTypeSlot];
    slot = type.toByteArray();
    return slot;
}

Q_ALWAYS_INLINE void EventStreamParser::dispatch(qint64 endOffset)
{
    // Step 1 happens even when nothing is dispatched (Chromium follows it; Firefox and WebKit
    // do not, browser-rules.md §3).
    if (!equalBytes(m_lastEventId, m_idBuffer.view())) {
        assignBytes(m_lastEventId, m_idBuffer.view());
    }
    if (m_skippingEvent || m_data.isEmpty()) {
        resetBlock();
        return;
    }
    // The data buffer without its one trailing LF.
    assignBytes(m_event.data, m_data.view().chopped(1));
    // The type and last event ID are swapped into the event for the call and back after it:
    // pointer swaps, where sharing them would cost two atomic reference-count updates each.
    QByteArray &type = m_eventType ? *m_eventType : m_messageType;
    m_event.type.swap(type);
    m_event.lastEventId.swap(m_lastEventId);
    m_event.startOffset = m_blockStart;
    m_event.endOffset = endOffset;
    m_event.hasId = m_blockHasId;
    ++m_eventCount;
    m_dispatching = true;
    m_sink.event(m_event);
    m_dispatching = false;
    m_event.type.swap(type);
    m_event.lastEventId.swap(m_lastEventId);
    // A large data buffer is not kept for the next event.
    if (m_event.data.capacity() > kKeepCapacity) {
        m_event.data = QByteArray();
    }
    resetBlock();
}

Q_ALWAYS_INLINE void EventStreamParser::resetBlock()
{
    m_data.clearAndTrim(kKeepCapacity);
    m_eventType = nullptr;
    m_skippingEvent = false;
    m_blockHasId = false;
    m_blockStart = -1;
}

void EventStreamParser::reportError(ParseErrorKind kind, qint64 offset, qint64 bytes, qint64 limit)
{
    ++m_errorCount;
    const ParseError error {kind, offset, bytes, limit};
    qCDebug(lcSse) << "parse error:" << error.message();
    m_sink.error(error);
}

void EventStreamParser::finish()
{
    m_line = QByteArray();
    m_inLine = false;
    m_skippingLine = false;
    m_skipLf = false;
    m_firstLine = true;
    m_offset = 0;
    resetBlock();
    m_idBuffer.assign(m_lastEventId);
}

qint64 EventStreamParser::bufferedBytes() const
{
    qint64 typeCache = 0;
    for (const QByteArray &type : m_typeCache) {
        typeCache += type.capacity();
    }
    return m_line.capacity() + m_data.capacity() + m_event.data.capacity() + m_idBuffer.capacity()
        + m_lastEventId.capacity() + m_repaired.capacity() + typeCache + m_longType.capacity();
}

} // namespace SseScope
