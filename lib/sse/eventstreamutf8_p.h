#pragma once

// UTF-8 as the Encoding standard's decoder reads it (https://encoding.spec.whatwg.org/#utf-8-decoder),
// for EventStreamParser: a line is checked once (inline: it is on the parser's path for every
// non-ASCII line), and repaired only when it is not valid.

#include <QByteArray>

#include <cstring>

namespace SseScope::EventStreamUtf8 {

// The bounds of a UTF-8 sequence's first continuation byte, after the Encoding standard's
// UTF-8 decoder (https://encoding.spec.whatwg.org/#utf-8-decoder). Returns the number of
// continuation bytes, or -1 for a byte that cannot start a sequence.
inline int sequenceShape(uchar lead, uchar *lower, uchar *upper)
{
    *lower = 0x80;
    *upper = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        return 1;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (lead == 0xE0) {
            *lower = 0xA0;
        } else if (lead == 0xED) {
            *upper = 0x9F; // no surrogates
        }
        return 2;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (lead == 0xF0) {
            *lower = 0x90;
        } else if (lead == 0xF4) {
            *upper = 0x8F; // nothing above U+10FFFF
        }
        return 3;
    }
    return -1;
}

// The length of the longest valid UTF-8 prefix of [s, s + n).
inline qsizetype validUtf8Prefix(const uchar *s, qsizetype n)
{
    qsizetype i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            // Mostly ASCII text with a few multi-byte characters: skip ASCII 8 bytes at a time.
            ++i;
            while (i + 8 <= n) {
                quint64 word;
                std::memcpy(&word, s + i, 8);
                if (word & 0x8080808080808080ull) {
                    break;
                }
                i += 8;
            }
            continue;
        }
        uchar lower;
        uchar upper;
        const int need = sequenceShape(s[i], &lower, &upper);
        if (need < 0 || i + need >= n || s[i + 1] < lower || s[i + 1] > upper) {
            return i;
        }
        for (int k = 2; k <= need; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return i;
            }
        }
        i += need + 1;
    }
    return n;
}

// Appends [s, s + n) with every invalid sequence replaced by U+FFFD, as the decoder does.
void appendRepairedUtf8(const uchar *s, qsizetype n, QByteArray &out);

} // namespace SseScope::EventStreamUtf8
