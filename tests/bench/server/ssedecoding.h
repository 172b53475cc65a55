#pragma once

// The load generator's decoding of one SSE response (tests/bench/server/loadgen.cpp): the
// per-connection state, the chunked framing and the event count, kept apart from the sockets so
// that --self-test can feed them every split of a known stream.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace SseScope::Bench {

using Clock = std::chrono::steady_clock;

enum class ConnState : uint8_t { Idle, Connecting, Head, Body, Closed };
enum class Chunk : uint8_t { Size, Ext, SizeLf, Data, DataCr, DataLf, Done };

constexpr size_t MaxHead = 16 * 1024;

struct Conn
{
    int fd = -1;
    ConnState state = ConnState::Idle;
    bool chunked = false;
    Chunk chunk = Chunk::Size;
    uint64_t chunkLeft = 0;
    // SSE line state
    bool atLineStart = true;
    bool prevCr = false;
    bool lineIsComment = false;
    bool blockHasField = false;
    uint64_t events = 0;
    uint64_t eventsAtWindow = 0; // events when the measurement window opened
    Clock::time_point started;
    std::string head; // response head, only until it is complete
};

// Counts the events in a run of body bytes (after any transfer framing).
void feedSse(Conn &c, const char *p, const char *end);
// Decodes chunked framing; returns false on a framing error or the terminating chunk.
bool feedChunked(Conn &c, const char *p, const char *end);
// Whether a response head says Transfer-Encoding: chunked.
bool headerSaysChunked(const std::string &head);
// --self-test: the decoders against streams whose expected event count is known; 0 when all pass.
int selfTest();

} // namespace SseScope::Bench
