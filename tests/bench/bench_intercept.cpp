// The intercept proxy's budgets (DESIGN.md "Budgets": median added latency per event <= 1 ms on
// loopback; 1,000 concurrent streams through the proxy), measured against the real
// `ssescope intercept --launch none` as a child process, beside direct connections to the same
// loopback server in the same run (scripts/run-benchmarks.sh intercept).
//
//   bench_intercept --ssescope PATH [--streams 10] [--events 100] [--interval-ms 10] [--rounds 40]
//                   [--concurrent 1000] [--concurrent-events 10] [--concurrent-interval-ms 1000]
//
// Latency: `--rounds` A/B pairs, each `--streams` streams straight to the server and the same
// through the proxy, one right after the other, the order alternating (direct first in even
// pairs, proxy first in odd ones); every event's latency is its arrival minus the server's stamp
// (one clock). The added latency is the median over the pairs of (proxy median − direct median)
// in that pair: a pair takes about two seconds, so a change in the machine's load (other jobs on
// a shared machine) hits both halves of a pair alike and moves only the pairs it lands in, where
// pooling all events would let a loaded minute on one side shift the whole figure. The pooled
// medians and 95th percentiles are printed beside it. Concurrency: `--concurrent` streams straight, then through
// the proxy, each receiving `--concurrent-events` events; the proxy's resident memory is sampled
// from /proc every 100 ms. Prints RESULT lines for the script to judge; timing is never asserted
// here (tests/integration/tst_interceptstreams is the correctness smoke test).

#include "interceptload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace SseScopeBench;

namespace {

// VmRSS of a process, KiB; -1 when unreadable.
qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
        }
    }
    return -1;
}

double us(qint64 ns)
{
    return double(ns) / 1000.0;
}

int intOption(const QCommandLineParser &parser, const char *name)
{
    return parser.value(QString::fromLatin1(name)).toInt();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const auto option = [&parser](const char *name, const char *fallback) {
        parser.addOption(QCommandLineOption(
            QString::fromLatin1(name), QString::fromLatin1(name), QStringLiteral("N"), QString::fromLatin1(fallback)));
    };
    parser.addOption(QCommandLineOption(
        QStringLiteral("ssescope"), QStringLiteral("the ssescope executable"), QStringLiteral("PATH")));
    option("streams", "10");
    option("events", "100");
    option("interval-ms", "10");
    option("rounds", "40");
    option("concurrent", "1000");
    option("concurrent-events", "10");
    option("concurrent-interval-ms", "1000");
    parser.process(app);
    if (!parser.isSet(QStringLiteral("ssescope"))) {
        std::fprintf(stderr, "bench_intercept: --ssescope PATH is required\n");
        return 2;
    }

    // The proxy: the product itself, with a CA of its own in a scratch config directory.
    QTemporaryDir home;
    QProcess proxy;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("ssescope.intercept.info=false"));
    proxy.setProcessEnvironment(environment);
    proxy.setStandardErrorFile(QProcess::nullDevice());
    proxy.start(parser.value(QStringLiteral("ssescope")),
        {QStringLiteral("intercept"), QStringLiteral("--launch"), QStringLiteral("none")});
    bool started = proxy.waitForStarted(10000);
    while (started && !proxy.canReadLine()) {
        started = proxy.waitForReadyRead(20000);
    }
    if (!started) {
        std::fprintf(stderr, "bench_intercept: ssescope intercept did not start\n");
        return 2;
    }
    const QJsonObject ready = QJsonDocument::fromJson(proxy.readLine()).object();
    const quint16 proxyPort = quint16(QUrl(ready.value(QLatin1String("proxy")).toString()).port());
    if (proxyPort == 0) {
        std::fprintf(stderr, "bench_intercept: no proxy address in the first line\n");
        return 2;
    }
    // One {"stream": …} line per stream that ended: the proxy recorded and diagnosed it.
    qint64 reported = 0;
    QByteArray out;
    QObject::connect(&proxy, &QProcess::readyReadStandardOutput, &proxy, [&] {
        out += proxy.readAllStandardOutput();
        const qsizetype end = out.lastIndexOf('\n');
        if (end >= 0) {
            reported += out.left(end + 1).count("{\"stream\":");
            out.remove(0, end + 1);
        }
    });

    // Latency: A/B pairs, short and alternating in order, so drift in the machine's load hits both
    // halves of a pair alike.
    const int streams = intOption(parser, "streams");
    const int events = intOption(parser, "events");
    const int rounds = intOption(parser, "rounds");
    auto *latencyServer = new StampServer({events, intOption(parser, "interval-ms")});
    const quint16 latencyPort = latencyServer->start();
    QList<qint64> direct;
    QList<qint64> proxied;
    QList<qint64> roundAdded;
    int incomplete = 0;
    const int timeoutMs = events * intOption(parser, "interval-ms") * 4 + 20000;
    for (int round = 0; round < rounds; ++round) {
        LoadResult d;
        LoadResult p;
        if (round % 2 == 0) {
            d = runLoad(latencyPort, 0, streams, events, timeoutMs);
            p = runLoad(latencyPort, proxyPort, streams, events, timeoutMs);
        } else {
            p = runLoad(latencyPort, proxyPort, streams, events, timeoutMs);
            d = runLoad(latencyPort, 0, streams, events, timeoutMs);
        }
        incomplete += (d.streams - d.complete) + (p.streams - p.complete);
        direct += d.latenciesNs;
        proxied += p.latenciesNs;
        roundAdded.append(percentile(p.latenciesNs, 0.5) - percentile(d.latenciesNs, 0.5));
        std::printf("pair %d (%s first): direct median %.1f us, proxy median %.1f us, added %+.1f us (%lld + %lld events)\n",
            round + 1, round % 2 == 0 ? "direct" : "proxy", us(percentile(d.latenciesNs, 0.5)),
            us(percentile(p.latenciesNs, 0.5)), us(roundAdded.constLast()), d.events, p.events);
        std::fflush(stdout);
    }
    latencyServer->stopAndDelete();
    const qint64 directMedian = percentile(direct, 0.5);
    const qint64 proxyMedian = percentile(proxied, 0.5);
    // added_median_us: the median of the pairs' differences (the budget's figure), with the
    // pairs' quartiles for its spread; pooled_added_median_us: pooled proxy median − pooled
    // direct median, as this benchmark printed before.
    std::printf("RESULT intercept-latency streams=%d events=%d rounds=%d samples=%lld direct_median_us=%.1f "
                "direct_p95_us=%.1f proxy_median_us=%.1f proxy_p95_us=%.1f added_median_us=%.1f "
                "added_p25_us=%.1f added_p75_us=%.1f pooled_added_median_us=%.1f added_p95_us=%.1f ratio=%.2f "
                "incomplete=%d\n",
        streams, events, rounds, qint64(proxied.size()), us(directMedian), us(percentile(direct, 0.95)),
        us(proxyMedian), us(percentile(proxied, 0.95)), us(percentile(roundAdded, 0.5)),
        us(percentile(roundAdded, 0.25)), us(percentile(roundAdded, 0.75)), us(proxyMedian - directMedian),
        us(percentile(proxied, 0.95) - percentile(direct, 0.95)),
        directMedian > 0 ? double(proxyMedian) / double(directMedian) : 0.0, incomplete);
    std::fflush(stdout);

    // 1,000 concurrent streams: straight, then through the proxy, its memory sampled.
    const int concurrent = intOption(parser, "concurrent");
    const int concurrentEvents = intOption(parser, "concurrent-events");
    const int concurrentInterval = intOption(parser, "concurrent-interval-ms");
    auto *loadServer = new StampServer({concurrentEvents, concurrentInterval});
    const quint16 loadPort = loadServer->start();
    const int loadTimeoutMs = concurrentEvents * concurrentInterval * 3 + 60000;
    const LoadResult d = runLoad(loadPort, 0, concurrent, concurrentEvents, loadTimeoutMs);
    const qint64 reportedBefore = reported;
    const qint64 rssBefore = residentKiB(proxy.processId());
    qint64 rssPeak = rssBefore;
    QTimer sampler;
    QObject::connect(
        &sampler, &QTimer::timeout, &sampler, [&] { rssPeak = std::max(rssPeak, residentKiB(proxy.processId())); });
    sampler.start(100);
    const LoadResult p = runLoad(loadPort, proxyPort, concurrent, concurrentEvents, loadTimeoutMs);
    sampler.stop();
    rssPeak = std::max(rssPeak, residentKiB(proxy.processId()));
    // The proxy reports each stream once its server ended it: wait for the last ones.
    QDeadlineTimer reportDeadline(30000);
    while (reported - reportedBefore < p.complete && !reportDeadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    }
    const qint64 rssAfter = residentKiB(proxy.processId());
    loadServer->stopAndDelete();
    std::printf("RESULT intercept-concurrency streams=%d complete=%d events=%lld expected=%lld wall_ms=%lld "
                "direct_complete=%d direct_median_us=%.1f direct_p95_us=%.1f proxy_median_us=%.1f "
                "proxy_p95_us=%.1f reported=%lld rss_before_mib=%.1f rss_peak_mib=%.1f rss_after_mib=%.1f "
                "per_stream_kib=%.1f\n",
        concurrent, p.complete, p.events, qint64(concurrent) * concurrentEvents, p.wallMs, d.complete,
        us(percentile(d.latenciesNs, 0.5)), us(percentile(d.latenciesNs, 0.95)), us(percentile(p.latenciesNs, 0.5)),
        us(percentile(p.latenciesNs, 0.95)), reported - reportedBefore, double(rssBefore) / 1024.0,
        double(rssPeak) / 1024.0, double(rssAfter) / 1024.0,
        concurrent > 0 ? double(rssPeak - rssBefore) / double(concurrent) : 0.0);
    std::fflush(stdout);

    proxy.terminate();
    proxy.waitForFinished(30000);
    return 0;
}
