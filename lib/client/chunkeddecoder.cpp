#include "chunkeddecoder.h"

namespace SseScope {

namespace {

constexpr qsizetype maxLineBytes = 4096; // a chunk-size line or a trailer field

} // namespace

bool ChunkedDecoder::takeLine(QByteArrayView wire, qsizetype *pos)
{
    const qsizetype lf = wire.indexOf('\n', *pos);
    const qsizetype end = lf < 0 ? wire.size() : lf;
    m_line.append(wire.sliced(*pos, end - *pos));
    *pos = lf < 0 ? wire.size() : lf + 1;
    if (m_line.size() > maxLineBytes) {
        m_state = State::Failed;
        return false;
    }
    if (lf < 0) {
        return false;
    }
    if (m_line.endsWith('\r')) {
        m_line.chop(1);
    }
    return true;
}

QByteArray ChunkedDecoder::decode(QByteArrayView wire)
{
    QByteArray out;
    qsizetype pos = 0;
    while (pos < wire.size()) {
        switch (m_state) {
        case State::Size: {
            if (!takeLine(wire, &pos)) {
                break;
            }
            const qsizetype semicolon = m_line.indexOf(';'); // chunk extensions are ignored
            const QByteArray digits = (semicolon < 0 ? m_line : m_line.left(semicolon)).trimmed();
            m_line.clear();
            bool ok = false;
            const qint64 size = digits.size() <= 15 ? digits.toLongLong(&ok, 16) : -1;
            if (!ok || size < 0 || digits.startsWith('-') || digits.startsWith('+')) {
                m_state = State::Failed;
                break;
            }
            m_remaining = size;
            m_state = size == 0 ? State::Trailer : State::Data;
            break;
        }
        case State::Data: {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, wire.size() - pos));
            out.append(wire.sliced(pos, n));
            pos += n;
            m_remaining -= n;
            if (m_remaining == 0) {
                m_state = State::DataEnd;
            }
            break;
        }
        case State::DataEnd:
            if (takeLine(wire, &pos)) {
                m_state = m_line.isEmpty() ? State::Size : State::Failed;
                m_line.clear();
            }
            break;
        case State::Trailer:
            if (takeLine(wire, &pos)) {
                m_state = m_line.isEmpty() ? State::Done : State::Trailer;
                m_line.clear();
            }
            break;
        case State::Done:
        case State::Failed:
            return out;
        }
    }
    return out;
}

} // namespace SseScope
