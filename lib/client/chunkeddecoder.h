#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace SseScope {

// Removes HTTP/1.1 chunked framing (RFC 9112 §7.1) from a body, incrementally, with bounded
// buffers. WireReply removes a chunked body's framing with it as the bytes arrive.
class ChunkedDecoder final
{
public:
    // The data in `wire`; bytes after the last chunk are ignored.
    QByteArray decode(QByteArrayView wire);
    bool finished() const { return m_state == State::Done; } // the last chunk and trailers were read
    bool failed() const { return m_state == State::Failed; } // bad framing: nothing more is decoded

private:
    enum class State
    {
        Size,
        Data,
        DataEnd,
        Trailer,
        Done,
        Failed
    };
    bool takeLine(QByteArrayView wire, qsizetype *pos); // true: m_line holds a whole line

    State m_state = State::Size;
    QByteArray m_line;
    qint64 m_remaining = 0;
};

} // namespace SseScope
