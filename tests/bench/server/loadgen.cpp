// ssescope_loadgen — the SSE load generator of the mock-server benchmark (tests/bench/server).
//
// Plain POSIX + epoll, no Qt: one or two threads, each driving thousands of non-blocking sockets,
// so the generator costs far less CPU than the servers it measures (they share the machine).
//
// It opens N connections to http://HOST:PORT/PATH with one plain HTTP/1.1 GET each (never a second
// request on a connection), ramping with at most --batch connections in flight (connected but
// response head not yet received). It decodes just enough of each response: the status line, the
// Transfer-Encoding (chunked framing is decoded, so a chunk boundary inside "\n\n" cannot hide or
// invent an event), then counts SSE events: blocks ended by a blank line that hold at least one
// non-comment line (so the opening ": comment" is not an event). LF, CR and CRLF line ends count.
//
// Phases (all bounded by deadlines): sample server RSS (--rss-pid) → ramp → settle → sample RSS
// again → measurement window (--measure seconds: total events delivered, server CPU) → close every
// socket with RST (SO_LINGER 0, so no TIME_WAIT eats the ephemeral ports of the next run).
// One JSON line of results goes to stdout; progress and warnings go to stderr.

#include "ssedecoding.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace SseScope::Bench {
namespace {

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/events";
    int connections = 1000;
    int batch = 200;
    int threads = 1;
    double rampTimeout = 60.0;
    double connectTimeout = 10.0;
    double settle = 2.0;
    double measure = 5.0;
    long rssPid = 0;
    bool connectionClose = false;
    std::string label;
};

[[noreturn]] void usage(const char *why)
{
    std::fprintf(stderr,
                 "ssescope_loadgen: %s\n"
                 "usage: ssescope_loadgen --port N [--host 127.0.0.1] [--path /events] [--connections N]\n"
                 "         [--batch N] [--threads 1|2] [--ramp-timeout S] [--connect-timeout S]\n"
                 "         [--settle S] [--measure S] [--rss-pid PID] [--connection-close] [--label TEXT]\n"
                 "       ssescope_loadgen --self-test\n",
                 why);
    std::exit(2);
}

double parseNumber(const char *name, const char *value, double lo, double hi)
{
    char *end = nullptr;
    errno = 0;
    const double v = std::strtod(value, &end);
    if (errno != 0 || end == value || *end != '\0' || v < lo || v > hi) {
        std::fprintf(stderr, "ssescope_loadgen: %s: '%s' is not a number in [%g, %g]\n", name, value, lo, hi);
        std::exit(2);
    }
    return v;
}

Options parseOptions(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char * {
            if (i + 1 >= argc) {
                usage(("missing value after " + a).c_str());
            }
            return argv[++i];
        };
        if (a == "--host") {
            o.host = next();
        } else if (a == "--port") {
            o.port = static_cast<int>(parseNumber("--port", next(), 1, 65535));
        } else if (a == "--path") {
            o.path = next();
        } else if (a == "--connections") {
            o.connections = static_cast<int>(parseNumber("--connections", next(), 1, 1000000));
        } else if (a == "--batch") {
            o.batch = static_cast<int>(parseNumber("--batch", next(), 1, 100000));
        } else if (a == "--threads") {
            o.threads = static_cast<int>(parseNumber("--threads", next(), 1, 16));
        } else if (a == "--ramp-timeout") {
            o.rampTimeout = parseNumber("--ramp-timeout", next(), 0.1, 3600);
        } else if (a == "--connect-timeout") {
            o.connectTimeout = parseNumber("--connect-timeout", next(), 0.1, 3600);
        } else if (a == "--settle") {
            o.settle = parseNumber("--settle", next(), 0, 3600);
        } else if (a == "--measure") {
            o.measure = parseNumber("--measure", next(), 0, 3600);
        } else if (a == "--rss-pid") {
            o.rssPid = static_cast<long>(parseNumber("--rss-pid", next(), 1, 1e9));
        } else if (a == "--connection-close") {
            o.connectionClose = true;
        } else if (a == "--label") {
            o.label = next();
        } else if (a == "-h" || a == "--help") {
            usage("help");
        } else {
            usage(("unknown argument " + a).c_str());
        }
    }
    if (o.port == 0) {
        usage("--port is required");
    }
    return o;
}

// ---- /proc readers ------------------------------------------------------------------------

long readRssKiB(long pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return -1;
}

// utime + stime of a process, in clock ticks (-1 if unreadable).
long long readCpuTicks(long pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto paren = all.rfind(')');
    if (paren == std::string::npos) {
        return -1;
    }
    std::istringstream fields(all.substr(paren + 2));
    std::string f;
    long long utime = 0;
    long long stime = 0;
    // After ") ": field 3 (state) is index 0; utime is field 14, stime field 15.
    for (int idx = 3; idx <= 15 && (fields >> f); ++idx) {
        if (idx == 14) {
            utime = std::atoll(f.c_str());
        } else if (idx == 15) {
            stime = std::atoll(f.c_str());
        }
    }
    return utime + stime;
}

long countLines(const char *file)
{
    std::ifstream in(file);
    std::string line;
    long n = 0;
    while (std::getline(in, line)) {
        ++n;
    }
    return n > 0 ? n - 1 : 0; // header line
}

void raiseFileLimit(int needed)
{
    rlimit lim {};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
        std::perror("getrlimit");
        std::exit(2);
    }
    lim.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0) {
        std::perror("setrlimit(RLIMIT_NOFILE)");
    }
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < static_cast<rlim_t>(needed)) {
        std::fprintf(stderr, "ssescope_loadgen: RLIMIT_NOFILE hard limit %llu < %d needed descriptors\n",
                     static_cast<unsigned long long>(lim.rlim_cur), needed);
        std::exit(2);
    }
}

void checkEphemeralPorts(int connections)
{
    std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
    long lo = 0;
    long hi = 0;
    if (!(in >> lo >> hi)) {
        return;
    }
    const long range = hi - lo + 1;
    // Every TCP socket on the machine (listeners, server sides) is counted: an upper bound of what
    // is taken, since one local port can serve connections to different destinations.
    const long inUse = countLines("/proc/net/tcp") + countLines("/proc/net/tcp6");
    if (connections > range) {
        std::fprintf(stderr, "ssescope_loadgen: %d connections need more ephemeral ports than %ld..%ld offers\n",
                     connections, lo, hi);
        std::exit(2);
    }
    if (connections > range - inUse) {
        std::fprintf(stderr, "ssescope_loadgen: warning: %ld ephemeral ports, %ld TCP sockets already open; "
                             "some of %d connections may fail with EADDRNOTAVAIL\n", range, inUse, connections);
    }
}

// ---- shared counters ----------------------------------------------------------------------

enum class Phase : int { Ramp, Hold, Measure, Stop };

struct alignas(64) ThreadCounters
{
    std::atomic<uint64_t> events {0};
    std::atomic<uint64_t> bytes {0};
    std::atomic<int> established {0};
    std::atomic<int> failed {0};
    std::atomic<int> dropped {0};
    std::atomic<int> attempted {0};
};

struct Shared
{
    Options opt;
    sockaddr_in addr {};
    std::string request;
    std::atomic<int> phase {static_cast<int>(Phase::Ramp)};
    std::mutex errMutex;
    std::string firstError;
    Clock::time_point hardDeadline;

    void noteError(const std::string &e)
    {
        std::lock_guard<std::mutex> lock(errMutex);
        if (firstError.empty()) {
            firstError = e;
        }
    }
};

struct PerConnStats
{
    uint64_t minEvents = UINT64_MAX;
    uint64_t maxEvents = 0;
};

class Worker final
{
public:
    Worker(Shared &s, ThreadCounters &c, int count, int batch)
        : m_s(s), m_c(c), m_conns(static_cast<size_t>(count)), m_batch(std::max(1, batch))
    {
    }

    void run()
    {
        m_ep = epoll_create1(EPOLL_CLOEXEC);
        if (m_ep < 0) {
            m_s.noteError(std::string("epoll_create1: ") + std::strerror(errno));
            return;
        }
        std::vector<epoll_event> evs(1024);
        static thread_local std::vector<char> buf(256 * 1024);
        auto lastScan = Clock::now();
        while (static_cast<Phase>(m_s.phase.load()) != Phase::Stop && Clock::now() < m_s.hardDeadline) {
            const auto phase = static_cast<Phase>(m_s.phase.load());
            if (phase == Phase::Ramp) {
                openMore();
            } else if (phase == Phase::Measure && !m_windowOpen) {
                // Within one loop turn (≤ 20 ms) of the main thread's window start: good enough
                // for the per-connection spread, the total rate comes from the atomic counters.
                m_windowOpen = true;
                for (Conn &c : m_conns) {
                    c.eventsAtWindow = c.events;
                }
            }
            const int n = epoll_wait(m_ep, evs.data(), static_cast<int>(evs.size()), 20);
            if (n < 0 && errno != EINTR) {
                m_s.noteError(std::string("epoll_wait: ") + std::strerror(errno));
                break;
            }
            for (int i = 0; i < n; ++i) {
                Conn &c = m_conns[evs[static_cast<size_t>(i)].data.u32];
                handle(c, evs[static_cast<size_t>(i)].events, buf);
            }
            const auto now = Clock::now();
            if (now - lastScan > std::chrono::milliseconds(200)) {
                lastScan = now;
                expireSlowConnects(now);
            }
        }
        finish();
    }

    PerConnStats stats() const { return m_stats; }

private:
    void openMore()
    {
        while (m_inFlight < m_batch && m_next < m_conns.size()) {
            const auto index = m_next++;
            m_c.attempted.fetch_add(1, std::memory_order_relaxed);
            Conn &c = m_conns[index];
            c.started = Clock::now();
            c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (c.fd < 0) {
                fail(c, std::string("socket: ") + std::strerror(errno));
                continue;
            }
            const int one = 1;
            setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (connect(c.fd, reinterpret_cast<const sockaddr *>(&m_s.addr), sizeof m_s.addr) != 0
                && errno != EINPROGRESS) {
                fail(c, std::string("connect: ") + std::strerror(errno));
                continue;
            }
            epoll_event ev {};
            ev.events = EPOLLOUT;
            ev.data.u32 = static_cast<uint32_t>(index);
            if (epoll_ctl(m_ep, EPOLL_CTL_ADD, c.fd, &ev) != 0) {
                fail(c, std::string("epoll_ctl: ") + std::strerror(errno));
                continue;
            }
            c.state = ConnState::Connecting;
            ++m_inFlight;
        }
    }

    void handle(Conn &c, uint32_t events, std::vector<char> &buf)
    {
        if (c.state == ConnState::Connecting) {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) {
                fail(c, std::string("connect: ") + std::strerror(err != 0 ? err : ECONNRESET));
                return;
            }
            // The request is tiny: one send fits the empty socket buffer.
            const ssize_t w = send(c.fd, m_s.request.data(), m_s.request.size(), MSG_NOSIGNAL);
            if (w != static_cast<ssize_t>(m_s.request.size())) {
                fail(c, std::string("send: ") + (w < 0 ? std::strerror(errno) : "short write"));
                return;
            }
            epoll_event ev {};
            ev.events = EPOLLIN | EPOLLRDHUP;
            ev.data.u32 = static_cast<uint32_t>(&c - m_conns.data());
            epoll_ctl(m_ep, EPOLL_CTL_MOD, c.fd, &ev);
            c.state = ConnState::Head;
            return;
        }
        if (c.state != ConnState::Head && c.state != ConnState::Body) {
            return;
        }
        // One read per readiness: level-triggered epoll comes back for the rest, so one busy
        // socket cannot starve the others.
        const ssize_t r = recv(c.fd, buf.data(), buf.size(), 0);
        if (r > 0) {
            m_c.bytes.fetch_add(static_cast<uint64_t>(r), std::memory_order_relaxed);
            consume(c, buf.data(), buf.data() + r);
            return;
        }
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            return;
        }
        const std::string why = r == 0 ? std::string("server closed the connection") : std::strerror(errno);
        if (c.state == ConnState::Head) {
            fail(c, "before the response head: " + why);
        } else {
            drop(c, why);
        }
    }

    void consume(Conn &c, const char *p, const char *end)
    {
        if (c.state == ConnState::Head) {
            const size_t before = c.head.size();
            c.head.append(p, end);
            const size_t headEnd = c.head.find("\r\n\r\n");
            if (headEnd == std::string::npos) {
                if (c.head.size() > MaxHead) {
                    fail(c, "response head larger than 16 KiB");
                }
                return;
            }
            if (c.head.compare(0, 9, "HTTP/1.1 ") != 0 && c.head.compare(0, 9, "HTTP/1.0 ") != 0) {
                fail(c, "not an HTTP/1.x response");
                return;
            }
            if (c.head.compare(9, 3, "200") != 0) {
                fail(c, "status " + c.head.substr(9, 3));
                return;
            }
            c.chunked = headerSaysChunked(c.head.substr(0, headEnd + 2));
            c.state = ConnState::Body;
            --m_inFlight;
            m_c.established.fetch_add(1, std::memory_order_relaxed);
            const size_t bodyOffset = headEnd + 4 - before; // offset of the body in this read
            std::string().swap(c.head);
            p += bodyOffset;
        }
        const uint64_t before = c.events;
        if (c.chunked) {
            if (!feedChunked(c, p, end)) {
                m_c.events.fetch_add(c.events - before, std::memory_order_relaxed);
                drop(c, c.chunk == Chunk::Done ? "server ended the chunked body" : "chunked framing error");
                return;
            }
        } else {
            feedSse(c, p, end);
        }
        if (c.events != before) {
            m_c.events.fetch_add(c.events - before, std::memory_order_relaxed);
        }
    }

    void expireSlowConnects(Clock::time_point now)
    {
        const auto limit = std::chrono::duration<double>(m_s.opt.connectTimeout);
        for (Conn &c : m_conns) {
            if ((c.state == ConnState::Connecting || c.state == ConnState::Head) && now - c.started > limit) {
                fail(c, "no response head within --connect-timeout");
            }
        }
    }

    void closeFd(Conn &c)
    {
        if (c.fd >= 0) {
            // RST instead of FIN: no TIME_WAIT on our side, the next run gets its ports back.
            const linger lg {1, 0};
            setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            close(c.fd); // also removes it from the epoll set
            c.fd = -1;
        }
    }

    void fail(Conn &c, const std::string &why)
    {
        if (c.state == ConnState::Connecting || c.state == ConnState::Head) {
            --m_inFlight;
        }
        closeFd(c);
        c.state = ConnState::Closed;
        m_c.failed.fetch_add(1, std::memory_order_relaxed);
        m_s.noteError(why);
    }

    void drop(Conn &c, const std::string &why)
    {
        closeFd(c);
        c.state = ConnState::Closed;
        m_c.dropped.fetch_add(1, std::memory_order_relaxed);
        m_s.noteError("dropped: " + why);
    }

    void finish()
    {
        for (Conn &c : m_conns) {
            if (c.state == ConnState::Body) {
                const uint64_t inWindow = c.events - (m_windowOpen ? c.eventsAtWindow : 0);
                m_stats.minEvents = std::min(m_stats.minEvents, inWindow);
                m_stats.maxEvents = std::max(m_stats.maxEvents, inWindow);
            }
            closeFd(c);
        }
        if (m_ep >= 0) {
            close(m_ep);
        }
    }

    Shared &m_s;
    ThreadCounters &m_c;
    std::vector<Conn> m_conns;
    size_t m_next = 0;
    int m_inFlight = 0;
    int m_batch;
    int m_ep = -1;
    bool m_windowOpen = false;
    PerConnStats m_stats;
};

std::string jsonEscape(const std::string &s)
{
    std::string out;
    for (const char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (static_cast<unsigned char>(ch) < 0x20) {
            out += ' ';
        } else {
            out += ch;
        }
    }
    return out;
}

int run(int argc, char **argv)
{
    if (argc == 2 && std::strcmp(argv[1], "--self-test") == 0) {
        return selfTest();
    }
    Shared s;
    s.opt = parseOptions(argc, argv);
    const Options &o = s.opt;

    raiseFileLimit(o.connections + 64);
    checkEphemeralPorts(o.connections);

    s.addr.sin_family = AF_INET;
    s.addr.sin_port = htons(static_cast<uint16_t>(o.port));
    if (inet_pton(AF_INET, o.host.c_str(), &s.addr.sin_addr) != 1) {
        usage("--host must be an IPv4 address");
    }
    s.request = "GET " + o.path + " HTTP/1.1\r\nHost: " + o.host + ":" + std::to_string(o.port)
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n"
        + (o.connectionClose ? "Connection: close\r\n" : "") + "\r\n";
    // Every phase has a deadline; this one bounds the whole run whatever the server does.
    s.hardDeadline = Clock::now()
        + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(o.rampTimeout + o.settle + o.measure + 10.0));

    const long rssBefore = o.rssPid ? readRssKiB(o.rssPid) : -1;

    const int threads = std::min(o.threads, o.connections);
    std::vector<ThreadCounters> counters(static_cast<size_t>(threads));
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        const int share = o.connections / threads + (t < o.connections % threads ? 1 : 0);
        workers.push_back(std::make_unique<Worker>(s, counters[static_cast<size_t>(t)], share,
                                                   (o.batch + threads - 1) / threads));
    }
    const auto t0 = Clock::now();
    for (auto &w : workers) {
        pool.emplace_back([&w] { w->run(); });
    }

    auto sum = [&](auto member) {
        uint64_t total = 0;
        for (auto &c : counters) {
            total += static_cast<uint64_t>((c.*member).load(std::memory_order_relaxed));
        }
        return total;
    };
    auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };

    // Ramp: until every connection is established or failed, or the ramp deadline.
    const auto rampDeadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.rampTimeout));
    auto lastReport = t0;
    while (Clock::now() < rampDeadline) {
        const auto done = sum(&ThreadCounters::established) + sum(&ThreadCounters::failed);
        if (done >= static_cast<uint64_t>(o.connections)) {
            break;
        }
        if (Clock::now() - lastReport > std::chrono::seconds(2)) {
            lastReport = Clock::now();
            std::fprintf(stderr, "loadgen%s%s: %llu established, %llu failed…\n", o.label.empty() ? "" : " ",
                         o.label.c_str(), static_cast<unsigned long long>(sum(&ThreadCounters::established)),
                         static_cast<unsigned long long>(sum(&ThreadCounters::failed)));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double rampSeconds = seconds(Clock::now() - t0);
    s.phase.store(static_cast<int>(Phase::Hold));

    std::this_thread::sleep_for(std::chrono::duration<double>(o.settle));
    const long rssHeld = o.rssPid ? readRssKiB(o.rssPid) : -1;

    const auto w0 = Clock::now();
    const uint64_t e0 = sum(&ThreadCounters::events);
    const uint64_t b0 = sum(&ThreadCounters::bytes);
    const long long cpu0 = o.rssPid ? readCpuTicks(o.rssPid) : -1;
    const long long selfCpu0 = readCpuTicks(getpid());
    s.phase.store(static_cast<int>(Phase::Measure));
    std::this_thread::sleep_for(std::chrono::duration<double>(o.measure));
    const uint64_t e1 = sum(&ThreadCounters::events);
    const uint64_t b1 = sum(&ThreadCounters::bytes);
    const long long cpu1 = o.rssPid ? readCpuTicks(o.rssPid) : -1;
    const long long selfCpu1 = readCpuTicks(getpid());
    const double window = seconds(Clock::now() - w0);
    const long rssEnd = o.rssPid ? readRssKiB(o.rssPid) : -1;

    s.phase.store(static_cast<int>(Phase::Stop));
    for (auto &t : pool) {
        t.join();
    }

    PerConnStats st;
    for (auto &w : workers) {
        st.minEvents = std::min(st.minEvents, w->stats().minEvents);
        st.maxEvents = std::max(st.maxEvents, w->stats().maxEvents);
    }
    if (st.minEvents == UINT64_MAX) {
        st.minEvents = 0;
    }

    const auto established = sum(&ThreadCounters::established);
    const auto failed = sum(&ThreadCounters::failed);
    const auto dropped = sum(&ThreadCounters::dropped);
    const double eventsPerSec = window > 0 ? static_cast<double>(e1 - e0) / window : 0.0;
    const double bytesPerSec = window > 0 ? static_cast<double>(b1 - b0) / window : 0.0;
    const double perStream = (rssBefore >= 0 && rssHeld >= 0 && established > 0)
        ? static_cast<double>(rssHeld - rssBefore) * 1024.0 / static_cast<double>(established)
        : -1.0;
    auto cpuPercent = [&](long long a, long long b) {
        return (a >= 0 && b >= 0 && window > 0)
            ? 100.0 * static_cast<double>(b - a) / static_cast<double>(sysconf(_SC_CLK_TCK)) / window
            : -1.0;
    };
    const double cpuPct = cpuPercent(cpu0, cpu1);
    // The generator's own CPU: near 100 % per thread means it, not the server, set the rate.
    const double selfCpuPct = cpuPercent(selfCpu0, selfCpu1);

    std::printf("{\"label\":\"%s\",\"connections\":%d,\"established\":%llu,\"failed\":%llu,\"dropped\":%llu,"
                "\"ramp_s\":%.3f,\"window_s\":%.3f,\"events\":%llu,\"events_per_s\":%.1f,\"bytes_per_s\":%.1f,"
                "\"min_events_per_conn\":%llu,\"max_events_per_conn\":%llu,"
                "\"rss_before_kib\":%ld,\"rss_held_kib\":%ld,\"rss_end_kib\":%ld,\"rss_per_stream_bytes\":%.1f,"
                "\"server_cpu_pct\":%.1f,\"loadgen_cpu_pct\":%.1f,\"loadgen_threads\":%d,\"first_error\":\"%s\"}\n",
                jsonEscape(o.label).c_str(), o.connections, static_cast<unsigned long long>(established),
                static_cast<unsigned long long>(failed), static_cast<unsigned long long>(dropped), rampSeconds,
                window, static_cast<unsigned long long>(e1 - e0), eventsPerSec, bytesPerSec,
                static_cast<unsigned long long>(st.minEvents), static_cast<unsigned long long>(st.maxEvents),
                rssBefore, rssHeld, rssEnd, perStream, cpuPct, selfCpuPct, threads, jsonEscape(s.firstError).c_str());
    std::fflush(stdout);
    // Exit 1 when the run did not hold every connection: the driver reports it, never hides it.
    return (established == static_cast<uint64_t>(o.connections) && dropped == 0) ? 0 : 1;
}

} // namespace
} // namespace SseScope::Bench

int main(int argc, char **argv)
{
    return SseScope::Bench::run(argc, argv);
}
