#pragma once

#include <common/httpheaders.h>

#include <QByteArray>
#include <QByteArrayView>

namespace SseScope {

// Chromium's cap on an HTTP/1.x response head: the head, through the empty line that ends it, must
// fit in 256 KiB, or the request fails with net::ERR_RESPONSE_HEADERS_TOO_BIG (net/http/
// http_stream_parser.cc: kMaxHeaderBufSize = kHeaderBufInitialSize (4 KiB) * 64).
inline constexpr qint64 chromiumMaxResponseHeadBytes = 256 * 1024;

// Reads one HTTP/1.x response head from bytes as they arrive, with a hard cap, the way Chromium
// frames it: the head ends at the first empty line (LF or CRLF line ends, mixed; HttpUtil::
// LocateEndOfHeaders), folded continuation lines join the previous field with a space, lines
// without a colon are dropped, and field order and duplicates are kept. It never holds more than
// the cap. Written by us because Qt's parser (QHttpHeaderParser) is private, and it is exactly the
// part we cannot use: Qt 6.4 drops every field of a head with more than 100 fields or a field over
// 100 KiB (measured with Qt 6.4.2), which Chromium accepts.
class ResponseHeadReader final
{
public:
    enum class State
    {
        NeedMore, // no empty line yet, under the cap
        Complete, // head() is the whole head
        TooBig, // the cap is full and the head has not ended
        Malformed, // the head ended, but its first line is not an HTTP/1.x status line
    };

    explicit ResponseHeadReader(qint64 maxHeadBytes = chromiumMaxResponseHeadBytes);

    // Takes what the head needs from `data`; returns how many bytes it took (the rest is body).
    // Once the state is not NeedMore it takes nothing more.
    qsizetype feed(QByteArrayView data);
    // The connection ended before the empty line: what was read is taken as the whole head, as
    // Chromium does over http:// (HttpStreamParser accepts a truncated head there). Complete or
    // Malformed afterwards; nothing changes unless the state was NeedMore with bytes read.
    void endOfInput();

    State state() const { return m_state; }
    // Bytes of head read: through the empty line when Complete, the cap when TooBig.
    qint64 headBytes() const { return m_buffer.size(); }
    const ResponseHead &head() const { return m_head; } // valid when Complete
    QByteArray httpVersion() const { return m_version; } // "1.1", "1.0"; when Complete
    int foldedLines() const { return m_folded; }
    int droppedLines() const { return m_dropped; } // lines without a colon

private:
    void parse();

    qint64 m_max;
    QByteArray m_buffer;
    qsizetype m_scanFrom = 0; // where the search for the empty line resumes
    State m_state = State::NeedMore;
    ResponseHead m_head;
    QByteArray m_version;
    int m_folded = 0;
    int m_dropped = 0;
};

// The request line and header lines of `request` as HTTP/1.1 writes them (origin-form target,
// `request.headers` in order, Host first from the URL when the headers have none), then the empty
// line. With `absoluteForm` the target is the whole URL, as a request to an HTTP proxy has it.
QByteArray serializeRequestHead(const RequestHead &request, bool absoluteForm = false);

} // namespace SseScope
