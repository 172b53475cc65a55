#pragma once

// Finding line ends fast (internal to EventStreamParser): one pass finds the next CR or LF and
// tells whether a byte >= 0x80 came before it, 16 bytes at a time (SSE2) or 32 (AVX2, chosen at
// run time). Inline, so that the parser's line loop is compiled once per scan with it inlined.

#include <QtGlobal>
#include <QtAlgorithms>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SSESCOPE_SSE_AVX2
#include <immintrin.h>
#endif

namespace SseScope::EventStreamScan {

// The index of the first CR or LF in [p, p + n), or n when there is none. *nonAscii tells
// whether a byte >= 0x80 comes before it, so that UTF-8 validation can be skipped for the
// (usual) all-ASCII line: one pass finds the line end and classifies the line.
inline qsizetype findLineEndSse2(const char *p, qsizetype n, bool *nonAscii)
{
    qsizetype i = 0;
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    __m128i high = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        const int ends = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
        if (ends != 0) {
            const uint k = qCountTrailingZeroBits(uint(ends));
            const int before = _mm_movemask_epi8(v) & int((1u << k) - 1u);
            *nonAscii = _mm_movemask_epi8(high) != 0 || before != 0;
            return i + qsizetype(k);
        }
        high = _mm_or_si128(high, v);
    }
    bool seenHigh = _mm_movemask_epi8(high) != 0;
#else
    bool seenHigh = false;
#endif
    for (; i < n; ++i) {
        const uchar c = uchar(p[i]);
        if (c == '\n' || c == '\r') {
            break;
        }
        seenHigh |= c >= 0x80;
    }
    *nonAscii = seenHigh;
    return i;
}

#if defined(SSESCOPE_SSE_AVX2)
// The same, 32 bytes at a time, for CPUs that have AVX2 (chosen at run time).
__attribute__((target("avx2"))) inline qsizetype findLineEndAvx2(const char *p, qsizetype n, bool *nonAscii)
{
    qsizetype i = 0;
    const __m256i lf = _mm256_set1_epi8('\n');
    const __m256i cr = _mm256_set1_epi8('\r');
    __m256i high = _mm256_setzero_si256();
    for (; i + 32 <= n; i += 32) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + i));
        const uint ends
            = uint(_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(v, lf), _mm256_cmpeq_epi8(v, cr))));
        if (ends != 0) {
            const uint k = qCountTrailingZeroBits(ends);
            const uint before = uint(_mm256_movemask_epi8(v)) & ((1u << k) - 1u);
            *nonAscii = _mm256_movemask_epi8(high) != 0 || before != 0;
            return i + qsizetype(k);
        }
        high = _mm256_or_si256(high, v);
    }
    const bool seenHigh = _mm256_movemask_epi8(high) != 0;
    bool tailHigh = false;
    const qsizetype tail = findLineEndSse2(p + i, n - i, &tailHigh);
    *nonAscii = seenHigh || tailHigh;
    return i + tail;
}
#endif

using LineEndFinder = qsizetype (*)(const char *, qsizetype, bool *);

// The scans as types, so that feed()'s line loop can be compiled once per scan with the scan
// inlined into it (the AVX2 loop is compiled for AVX2).
struct Sse2Scan
{
    static qsizetype find(const char *p, qsizetype n, bool *nonAscii) { return findLineEndSse2(p, n, nonAscii); }
};
#if defined(SSESCOPE_SSE_AVX2)
struct Avx2Scan
{
    __attribute__((target("avx2"))) static qsizetype find(const char *p, qsizetype n, bool *nonAscii)
    {
        return findLineEndAvx2(p, n, nonAscii);
    }
};
#endif

// SSESCOPE_SSE_NO_AVX2=1 forces the SSE2 scan, so that the tests cover it on an AVX2 machine.
inline LineEndFinder chooseLineEndFinder()
{
#if defined(SSESCOPE_SSE_AVX2)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && !qEnvironmentVariableIsSet("SSESCOPE_SSE_NO_AVX2")) {
        return findLineEndAvx2;
    }
#endif
    return findLineEndSse2;
}

inline const LineEndFinder findLineEnd = chooseLineEndFinder();

inline bool hasNonAscii(const char *p, qsizetype n)
{
    quint64 acc = 0;
    qsizetype i = 0;
    for (; i + 8 <= n; i += 8) {
        quint64 word;
        std::memcpy(&word, p + i, 8);
        acc |= word;
    }
    for (; i < n; ++i) {
        acc |= uchar(p[i]);
    }
    return (acc & 0x8080808080808080ull) != 0;
}

} // namespace SseScope::EventStreamScan
