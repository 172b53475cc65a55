// libFuzzer target: the event-stream parser (docs/hardening.md).
//
// Differential: the same stream is parsed one-shot and in a fuzzer-chosen chunking, and both
// parsers must report the same events, retry fields, comments and errors (error byte counts
// aside: a line still arriving is reported when it crosses the cap, see ParseError::bytes), the
// same last event ID and reconnection time. Bounded: the incremental parser's buffers must stay
// within its (small, fuzzer-chosen) limits plus a constant after every chunk.
#include <sse/eventstreamparser.h>

#include <fuzzer/FuzzedDataProvider.h>

#include <QStringDecoder>

#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace SseScope;

namespace {

struct Retry
{
    QByteArray value;
    std::optional<qint64> milliseconds;
    qint64 offset = 0;
    bool operator==(const Retry &o) const { return value == o.value && milliseconds == o.milliseconds && offset == o.offset; }
};

struct Comment
{
    QByteArray text;
    qint64 offset = 0;
    bool operator==(const Comment &o) const { return text == o.text && offset == o.offset; }
};

// Keeps everything, offsets included (EventCollector compares events without them).
class RecordingSink final : public EventStreamSink
{
public:
    void event(const SseEvent &e) override
    {
        if (e.type.isEmpty()) {
            fail("an event with an empty type");
        }
        events.push_back(e);
    }
    void retry(const RetryField &field) override
    {
        retries.push_back({field.value.toByteArray(), field.milliseconds, field.offset});
    }
    void comment(QByteArrayView text, qint64 offset) override { comments.push_back({text.toByteArray(), offset}); }
    void error(const ParseError &e) override { errors.push_back(e); }

    [[noreturn]] static void fail(const char *what)
    {
        std::fprintf(stderr, "fuzz_eventstreamparser: %s\n", what);
        std::abort();
    }

    std::vector<SseEvent> events;
    std::vector<Retry> retries;
    std::vector<Comment> comments;
    std::vector<ParseError> errors;
};

void check(bool condition, const char *what)
{
    if (!condition) {
        RecordingSink::fail(what);
    }
}

bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::ConvertInitialBom);
    const QString text = decoder.decode(bytes); // decode() is lazy: the conversion happens here
    return !decoder.hasError() && text.size() <= bytes.size();
}

void compare(const RecordingSink &a, const EventStreamParser &pa, const RecordingSink &b, const EventStreamParser &pb)
{
    check(a.events.size() == b.events.size(), "event count differs");
    for (size_t i = 0; i < a.events.size(); ++i) {
        const SseEvent &x = a.events[i];
        const SseEvent &y = b.events[i];
        check(x == y, "event differs");
        check(x.startOffset == y.startOffset && x.endOffset == y.endOffset, "event offsets differ");
        // The parser promises valid UTF-8 in every field. (Not a fromUtf8()/toUtf8() round trip:
        // QString::fromUtf8 drops a leading U+FEFF, which is valid data.)
        check(isValidUtf8(x.data) && isValidUtf8(x.type) && isValidUtf8(x.lastEventId), "an event field is not valid UTF-8");
    }
    check(a.retries == b.retries, "retry fields differ");
    check(a.comments == b.comments, "comments differ");
    check(a.errors.size() == b.errors.size(), "error count differs");
    for (size_t i = 0; i < a.errors.size(); ++i) {
        check(a.errors[i].kind == b.errors[i].kind && a.errors[i].offset == b.errors[i].offset
                  && a.errors[i].limit == b.errors[i].limit,
              "error differs");
        check(a.errors[i].bytes > a.errors[i].limit && b.errors[i].bytes > b.errors[i].limit, "error below its limit");
    }
    check(pa.lastEventId() == pb.lastEventId(), "last event ID differs");
    check(pa.reconnectionTimeMs() == pb.reconnectionTimeMs(), "reconnection time differs");
    check(pa.eventCount() == pb.eventCount() && pa.errorCount() == pb.errorCount()
              && pa.commentCount() == pb.commentCount(),
          "counters differ");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzedDataProvider provider(data, size);
    // Small limits so that the caps are reached often; the test suite covers the default ones.
    EventStreamParser::Limits limits;
    limits.maxLineBytes = provider.ConsumeIntegralInRange<qint64>(1, 256);
    limits.maxEventBytes = provider.ConsumeIntegralInRange<qint64>(1, 1024);
    const bool reconnect = provider.ConsumeBool(); // a second body after finish()
    std::vector<size_t> cuts;
    const size_t cutCount = provider.ConsumeIntegralInRange<size_t>(0, 32);
    for (size_t i = 0; i < cutCount; ++i) {
        cuts.push_back(provider.ConsumeIntegralInRange<size_t>(0, 64));
    }
    const std::string stream = provider.ConsumeRemainingBytesAsString();
    const QByteArrayView bytes(stream.data(), qsizetype(stream.size()));
    // The second body, when there is one, is the stream's second half.
    const qsizetype split = reconnect ? bytes.size() / 2 : bytes.size();

    RecordingSink oneShotSink;
    EventStreamParser oneShot(oneShotSink, limits);
    oneShot.feed(bytes.first(split));
    oneShot.finish();
    if (reconnect) {
        oneShot.feed(bytes.sliced(split));
        oneShot.finish();
    }

    RecordingSink chunkedSink;
    EventStreamParser chunked(chunkedSink, limits);
    // Generous constant: the type cache (16 short types), scratch buffers and allocator rounding.
    const qint64 bound = 3 * (limits.maxLineBytes + limits.maxEventBytes) + 64 * 1024;
    const auto feedChunked = [&](QByteArrayView body) {
        size_t next = 0;
        while (!body.isEmpty()) {
            const qsizetype n = cuts.empty() ? 1 : qsizetype(qMax<size_t>(1, cuts[next++ % cuts.size()]));
            const QByteArrayView chunk = body.first(qMin(n, body.size()));
            chunked.feed(chunk);
            body = body.sliced(chunk.size());
            check(chunked.bufferedBytes() <= bound, "buffers grew past the limits");
        }
        chunked.feed(QByteArrayView()); // an empty chunk changes nothing
        chunked.finish();
    };
    feedChunked(bytes.first(split));
    if (reconnect) {
        feedChunked(bytes.sliced(split));
    }

    compare(oneShotSink, oneShot, chunkedSink, chunked);
    return 0;
}
