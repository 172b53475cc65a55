// The load generator's decoding of one SSE response and its self-test (ssedecoding.h).

#include "ssedecoding.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace SseScope::Bench {

namespace {

int hexValue(char ch)
{
    if (ch >= '0' && ch <= '9') {
        return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
        return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
        return ch - 'A' + 10;
    }
    return -1;
}

} // namespace

// Counts the events in a run of body bytes (after any transfer framing).
void feedSse(Conn &c, const char *p, const char *end)
{
    while (p < end) {
        const char ch = *p;
        if (c.prevCr) {
            c.prevCr = false;
            if (ch == '\n') {
                ++p;
                continue;
            }
        }
        if (ch == '\n' || ch == '\r') {
            if (c.atLineStart) {
                if (c.blockHasField) {
                    ++c.events;
                    c.blockHasField = false;
                }
            } else if (!c.lineIsComment) {
                c.blockHasField = true;
            }
            c.atLineStart = true;
            c.prevCr = (ch == '\r');
            ++p;
            continue;
        }
        if (c.atLineStart) {
            c.lineIsComment = (ch == ':');
            c.atLineStart = false;
        }
        // Rest of the line: only its end matters.
        ++p;
        while (p < end && *p != '\n' && *p != '\r') {
            ++p;
        }
    }
}


// Decodes chunked framing; returns false on a framing error or the terminating chunk.
bool feedChunked(Conn &c, const char *p, const char *end)
{
    while (p < end) {
        switch (c.chunk) {
        case Chunk::Size: {
            const int v = hexValue(*p);
            if (v >= 0) {
                if (c.chunkLeft > (uint64_t(1) << 40)) {
                    return false;
                }
                c.chunkLeft = c.chunkLeft * 16 + static_cast<uint64_t>(v);
            } else if (*p == ';' || *p == ' ' || *p == '\t') {
                c.chunk = Chunk::Ext;
            } else if (*p == '\r') {
                c.chunk = Chunk::SizeLf;
            } else {
                return false;
            }
            ++p;
            break;
        }
        case Chunk::Ext:
            if (*p == '\r') {
                c.chunk = Chunk::SizeLf;
            }
            ++p;
            break;
        case Chunk::SizeLf:
            if (*p != '\n') {
                return false;
            }
            ++p;
            if (c.chunkLeft == 0) {
                c.chunk = Chunk::Done;
                return false;
            }
            c.chunk = Chunk::Data;
            break;
        case Chunk::Data: {
            const auto take = static_cast<size_t>(std::min<uint64_t>(c.chunkLeft, static_cast<uint64_t>(end - p)));
            feedSse(c, p, p + take);
            p += take;
            c.chunkLeft -= take;
            if (c.chunkLeft == 0) {
                c.chunk = Chunk::DataCr;
            }
            break;
        }
        case Chunk::DataCr:
            if (*p != '\r') {
                return false;
            }
            c.chunk = Chunk::DataLf;
            ++p;
            break;
        case Chunk::DataLf:
            if (*p != '\n') {
                return false;
            }
            c.chunk = Chunk::Size;
            ++p;
            break;
        case Chunk::Done:
            return false;
        }
    }
    return true;
}

bool headerSaysChunked(const std::string &head)
{
    std::string lower(head);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    size_t pos = 0;
    while ((pos = lower.find("\ntransfer-encoding:", pos)) != std::string::npos) {
        const size_t eol = lower.find('\n', pos + 1);
        if (lower.substr(pos, eol - pos).find("chunked") != std::string::npos) {
            return true;
        }
        pos = eol;
    }
    return false;
}

// --self-test: the decoders against streams whose expected event count is known, fed in every
// possible two-piece split (a chunk or read boundary can fall anywhere, including inside "\n\n"
// or "\r\n").
int selfTest()
{
    struct Case
    {
        const char *name;
        std::string body; // SSE text
        uint64_t events;
    };
    const std::vector<Case> cases = {
        {"lf", ": open\n\ndata: a\n\ndata: b\ndata: c\n\n", 2},
        {"crlf", ": open\r\n\r\ndata: a\r\n\r\nid: 1\r\ndata: b\r\n\r\n", 2},
        {"cr", "data: a\r\rdata: b\r\r", 2},
        {"comment-only blocks", ": x\n\n: y\n: z\n\n\n\n", 0},
        {"field without colon", "data\n\nevent: e\n\n", 2},
        {"unterminated last event", "data: a\n\ndata: b\n", 1},
        {"blank lines between", "\n\n\ndata: a\n\n\n\ndata: b\n\n", 2},
    };
    int failures = 0;
    for (const Case &tc : cases) {
        // Chunked form: one chunk per 3 bytes, then the same text as one chunk.
        std::string chunked;
        for (size_t i = 0; i < tc.body.size(); i += 3) {
            const std::string piece = tc.body.substr(i, 3);
            char size[16];
            std::snprintf(size, sizeof size, "%zx", piece.size());
            chunked += std::string(size) + (i == 0 ? ";ext=1" : "") + "\r\n" + piece + "\r\n";
        }
        for (const bool isChunked : {false, true}) {
            const std::string &wire = isChunked ? chunked : tc.body;
            for (size_t split = 0; split <= wire.size(); ++split) {
                Conn c;
                bool ok = true;
                if (isChunked) {
                    ok = feedChunked(c, wire.data(), wire.data() + split)
                        && feedChunked(c, wire.data() + split, wire.data() + wire.size());
                } else {
                    feedSse(c, wire.data(), wire.data() + split);
                    feedSse(c, wire.data() + split, wire.data() + wire.size());
                }
                if (!ok || c.events != tc.events) {
                    std::fprintf(stderr, "self-test FAIL: %s (%s, split at %zu): %llu events, expected %llu%s\n",
                                 tc.name, isChunked ? "chunked" : "identity", split,
                                 static_cast<unsigned long long>(c.events),
                                 static_cast<unsigned long long>(tc.events), ok ? "" : ", framing error");
                    ++failures;
                    break;
                }
            }
        }
    }
    // The terminating chunk ends the body; a malformed size is a framing error.
    {
        Conn c;
        const std::string end = "5\r\ndata:\r\n1\r\n\n\r\n0\r\n\r\n";
        if (feedChunked(c, end.data(), end.data() + end.size()) || c.chunk != Chunk::Done || c.events != 0) {
            std::fprintf(stderr, "self-test FAIL: terminating chunk\n");
            ++failures;
        }
        Conn d;
        const std::string bad = "zz\r\n";
        if (feedChunked(d, bad.data(), bad.data() + bad.size())) {
            std::fprintf(stderr, "self-test FAIL: malformed chunk size accepted\n");
            ++failures;
        }
    }
    {
        const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n";
        const std::string plain = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n";
        if (!headerSaysChunked(head) || headerSaysChunked(plain)) {
            std::fprintf(stderr, "self-test FAIL: Transfer-Encoding detection\n");
            ++failures;
        }
    }
    std::fprintf(stderr, "self-test: %s\n", failures == 0 ? "PASS" : "FAIL");
    return failures == 0 ? 0 : 1;
}

} // namespace SseScope::Bench
