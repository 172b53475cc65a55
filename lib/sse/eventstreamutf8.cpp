#include "eventstreamutf8_p.h"

namespace SseScope::EventStreamUtf8 {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD"; // U+FFFD in UTF-8

} // namespace

// Appends [s, s + n) with every invalid sequence replaced as the Encoding standard's decoder
// does: one U+FFFD per maximal invalid subpart, and a byte that breaks a sequence is decoded
// again on its own. A sequence cut off by the end of the line gets one U+FFFD; the line's
// terminator would have broken it in a whole-stream decode too, so decoding line by line gives
// the same text as decoding the stream first.
void appendRepairedUtf8(const uchar *s, qsizetype n, QByteArray &out)
{
    qsizetype i = 0;
    while (i < n) {
        const qsizetype valid = validUtf8Prefix(s + i, n - i);
        out.append(reinterpret_cast<const char *>(s + i), valid);
        i += valid;
        if (i >= n) {
            break;
        }
        uchar lower;
        uchar upper;
        const int need = sequenceShape(s[i], &lower, &upper);
        qsizetype j = i + 1;
        for (int k = 0; k < need && j < n; ++k) {
            if (s[j] < lower || s[j] > upper) {
                break;
            }
            lower = 0x80;
            upper = 0xBF;
            ++j;
        }
        out.append(kReplacement, 3);
        i = j;
    }
}

} // namespace SseScope::EventStreamUtf8
