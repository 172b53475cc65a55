// EventStreamParser throughput on a typical stream (DESIGN.md budget: >= 1 GB/s on 64 MiB,
// >= 5x eventsource-parser in the same run). Run by scripts/run-benchmarks.sh parser, which
// also runs tests/node/bench-eventsource-parser.mjs on the same bytes and prints the ratio.
//
// bench_eventstreamparser [--size-mib N] [--repetitions N] [--chunk-bytes N] [--write FILE]
//
// The stream is generated from a fixed seed, so every run (and the node script, through
// --write) parses the same bytes. Prints a readable line per measurement and one
// "RESULT key=value..." line with the medians for scripts.

#include <sse/eventstreamparser.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace SseScope;

namespace {

// id, an event type, one or two `data:` lines of ~100-byte JSON, sometimes a comment; one event
// in ten carries non-ASCII text, as real payloads do.
QByteArray typicalStream(qint64 size)
{
    static const char *const types[] = {"update", "price", "status", "message", "notification"};
    static const char *const notes[] = {"steady", "rising", "falling", "caf\xC3\xA9 au lait", "\xE2\x82\xAC rate"};
    QRandomGenerator random(20261124);
    QByteArray stream;
    stream.reserve(size + 1024);
    qint64 id = 1;
    while (stream.size() < size) {
        if (random.bounded(20) == 0) {
            stream += ": keep-alive\n";
        }
        stream += "id: " + QByteArray::number(id) + '\n';
        stream += QByteArray("event: ") + types[random.bounded(5)] + '\n';
        const int lines = random.bounded(10) < 7 ? 1 : 2;
        for (int line = 0; line < lines; ++line) {
            const bool nonAscii = random.bounded(10) == 0;
            stream += "data: {\"seq\":" + QByteArray::number(id) + ",\"symbol\":\"SSE"
                + QByteArray::number(random.bounded(100))
                + "\",\"price\":" + QByteArray::number(random.bounded(100000) / 100.0, 'f', 2)
                + ",\"ts\":" + QByteArray::number(1700000000000LL + id * 37) + ",\"note\":\""
                + notes[nonAscii ? 3 + random.bounded(2) : random.bounded(3)] + "\",\"ok\":true}\n";
        }
        stream += '\n';
        ++id;
    }
    return stream;
}

// Keeps a little of every event so the work cannot be optimised away, as a real consumer would.
class CountingSink final : public EventStreamSink
{
public:
    void event(const SseEvent &event) override
    {
        ++events;
        dataBytes += event.data.size() + event.type.size() + event.lastEventId.size();
    }
    qint64 events = 0;
    qint64 dataBytes = 0;
};

struct Run
{
    double seconds = 0; // wall clock
    double cpuSeconds = 0; // this thread's CPU time: what the parser costs when the machine is shared
    qint64 events = 0;
};

double threadCpuSeconds()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

Run parseOnce(const QByteArray &stream, qsizetype chunkBytes)
{
    CountingSink sink;
    EventStreamParser parser(sink);
    QElapsedTimer timer;
    const double cpuStart = threadCpuSeconds();
    timer.start();
    const QByteArrayView all(stream);
    for (qsizetype from = 0; from < all.size(); from += chunkBytes) {
        parser.feed(all.sliced(from, std::min(chunkBytes, all.size() - from)));
    }
    parser.finish();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const double cpuSeconds = threadCpuSeconds() - cpuStart;
    if (sink.dataBytes <= 0) {
        std::fprintf(stderr, "no data parsed\n");
    }
    return {seconds, cpuSeconds, sink.events};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

qint64 option(const QStringList &arguments, const QString &name, qint64 fallback)
{
    const int index = int(arguments.indexOf(name));
    if (index < 0 || index + 1 >= arguments.size()) {
        return fallback;
    }
    bool ok = false;
    const qint64 value = arguments.at(index + 1).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qint64 sizeMiB = option(arguments, QStringLiteral("--size-mib"), 64);
    const int repetitions = int(option(arguments, QStringLiteral("--repetitions"), 9));
    const qsizetype chunkBytes = qsizetype(option(arguments, QStringLiteral("--chunk-bytes"), 64 * 1024));

    const QByteArray stream = typicalStream(sizeMiB * 1024 * 1024);
    const int writeIndex = int(arguments.indexOf(QStringLiteral("--write")));
    if (writeIndex >= 0 && writeIndex + 1 < arguments.size()) {
        QFile file(arguments.at(writeIndex + 1));
        if (!file.open(QIODevice::WriteOnly) || file.write(stream) != stream.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
            return 2;
        }
    }

    std::printf("ssescope EventStreamParser: %lld bytes (%.1f MiB), chunks of %lld bytes, %d repetitions\n",
        static_cast<long long>(stream.size()), double(stream.size()) / (1024 * 1024),
        static_cast<long long>(chunkBytes), repetitions);
    parseOnce(stream, chunkBytes); // warm-up: page faults, caches, allocator
    std::vector<double> mbps;
    std::vector<double> eventsPerSecond;
    std::vector<double> cpuMbps;
    std::vector<double> cpuEventsPerSecond;
    qint64 events = 0;
    for (int i = 0; i < repetitions; ++i) {
        const Run run = parseOnce(stream, chunkBytes);
        events = run.events;
        mbps.push_back(double(stream.size()) / run.seconds / 1e6);
        eventsPerSecond.push_back(double(run.events) / run.seconds);
        cpuMbps.push_back(double(stream.size()) / run.cpuSeconds / 1e6);
        cpuEventsPerSecond.push_back(double(run.events) / run.cpuSeconds);
        std::printf("  run %d: %.3f s wall (%.0f MB/s, %.0f events/s), %.3f s CPU (%.0f MB/s)\n", i + 1, run.seconds,
            mbps.back(), eventsPerSecond.back(), run.cpuSeconds, cpuMbps.back());
    }
    std::printf("  median, wall clock: %.0f MB/s, %.0f events/s (%lld events)\n", median(mbps), median(eventsPerSecond),
        static_cast<long long>(events));
    std::printf("  median, CPU time:   %.0f MB/s, %.0f events/s\n", median(cpuMbps), median(cpuEventsPerSecond));
    // The best run shows what the parser does when the (shared) machine leaves it alone.
    std::printf("  best run, CPU time: %.0f MB/s\n", *std::max_element(cpuMbps.begin(), cpuMbps.end()));
    std::printf("RESULT parser=ssescope bytes=%lld events=%lld mbps=%.1f eventsps=%.0f cpumbps=%.1f cpueventsps=%.0f "
                "bestcpumbps=%.1f\n",
        static_cast<long long>(stream.size()), static_cast<long long>(events), median(mbps), median(eventsPerSecond),
        median(cpuMbps), median(cpuEventsPerSecond), *std::max_element(cpuMbps.begin(), cpuMbps.end()));
    return 0;
}
