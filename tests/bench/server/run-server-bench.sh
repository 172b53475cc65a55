#!/usr/bin/env bash
# run-server-bench.sh — the mock-server benchmark (DESIGN.md budgets, issue 4).
#
# Measures two servers with the same load generator (ssescope_loadgen) in the same run:
#   "node": node_sse_server.mjs, a plain Node.js `http` SSE server (one res.write per event);
#   "ours": `ssescope serve --scenario …` (or any command given with --ours-idle/--ours-fanout).
# Each server command must print a ready line containing "api":"http://127.0.0.1:PORT" on stdout
# (the `ssescope serve` contract of CLI.md) and stop on SIGTERM.
#
# Method
#   idle   — the server answers GET /events with 200 text/event-stream and an opening comment, then
#            sends nothing. The generator reads the server's VmRSS (/proc/PID/status), opens
#            --idle-streams connections (default 10,000; at most --batch waiting for their response
#            head at a time), waits --settle seconds, reads VmRSS again:
#            bytes per idle stream = (RSS held - RSS before) / streams established.
#            The budget: ours ≤ node, and all 10,000 streams held (none failed, none dropped).
#   fanout — the server writes one event of --bytes bytes ("data: xxx…\n\n") to every connected
#            client every --interval-ms (default 100 B every 1 ms to 1,000 clients = 1,000,000
#            events/s offered, more than either server can write on this machine, so each runs
#            saturated and the figure is its maximum broadcast rate). The generator holds
#            --fanout-clients connections, waits --settle s, then counts the events delivered to
#            all clients in a --measure s window (events/s), and reads the server's CPU time over
#            the same window (events per server CPU-second is printed too: it is less sensitive
#            to other load on a shared machine). Min/max events per client in the window show
#            whether every client was served. The budget: ours ≥ 2 × node.
#   Each measurement runs --repeats times with a fresh server process, node and ours interleaved,
#   and the table shows medians; ratios are ours/node of the medians. The generator is one
#   epoll thread (--threads) and prints its own CPU use: near 100 % would mean it, not the
#   server, limited the rate (the table flags it).
#
# What "ours" must do for a fair comparison (the two scenario files)
#   bench-idle.json:      GET /events → 200 text/event-stream, one opening comment written at once
#                         (QtHttpServer 6.4 sends the head only with the first body bytes), then no
#                         event and no heartbeat.
#   bench-broadcast.json: the same head, then every --interval-ms one event of exactly --bytes bytes
#                         on the wire before any transfer framing: "data: " + 92 × "x" + "\n\n" for
#                         100 B (no id:, no event: line), written to every connected client. Ticks
#                         keep a schedule and a late tick is followed at once by the next (a 0 ms
#                         timer, so I/O runs in between), missed ticks are not replayed — what
#                         node_sse_server.mjs does. (A QTimer that re-arms a full interval after a
#                         late tick idles a saturated server: its events/s then understate it, and
#                         the events per server CPU-second are the figure to read.) If each stream
#                         runs its own timer instead of one broadcast loop, compare with
#                         --node-timers per-client.
#
# Safety: loopback only; every wait has a deadline; the generator bounds its whole run; servers
# are started by this script and stopped by it (trap on EXIT/INT/TERM), by PID.
#
# Usage
#   tests/bench/server/run-server-bench.sh [options]
#     --loadgen PATH        ssescope_loadgen (default: build/release, then build/dev)
#     --ours-idle CMD       server command for the idle test (default: $SSESCOPE_BENCH_OURS_IDLE, else
#                           `ssescope serve --scenario tests/bench/server/scenarios/bench-idle.json`
#                           when both the binary (build/release, then build/dev) and the file exist)
#     --ours-fanout CMD     the same for the fan-out test ($SSESCOPE_BENCH_OURS_FANOUT,
#                           scenarios/bench-broadcast.json)
#     --self-test           "ours" is the Node.js server too (validates the harness: ratios ≈ 1)
#     --only idle|fanout    run one of the two measurements
#     --repeats N (3)  --idle-streams N (10000)  --fanout-clients N (1000)
#     --interval-ms N (1)  --bytes N (100)  --settle S (3)  --measure S (5)  --batch N (100)
#     --threads N (1)  --node-timers shared|per-client (shared)  --pin (server on CPU 1, generator on CPU 0)
#     --results FILE        also keep the raw JSON lines (one per run)
#   Exit status: 0 when every run produced figures, 1 when one did not, 2 on bad usage.
#   Budget verdicts are printed, not turned into the exit status (machines are noisy).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"

loadgen=""
ours_idle="${SSESCOPE_BENCH_OURS_IDLE:-}"
ours_fanout="${SSESCOPE_BENCH_OURS_FANOUT:-}"
self_test=0
only=""
repeats=3
idle_streams=10000
fanout_clients=1000
interval_ms=1
bytes=100
settle=3
measure=5
batch=100
threads=1
node_timers=shared
pin=0
results_keep=""

die() { echo "run-server-bench: $*" >&2; exit 2; }
need() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value"; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --loadgen) need "$@"; loadgen="$2"; shift 2 ;;
        --ours-idle) need "$@"; ours_idle="$2"; shift 2 ;;
        --ours-fanout) need "$@"; ours_fanout="$2"; shift 2 ;;
        --self-test) self_test=1; shift ;;
        --only) need "$@"; only="$2"; shift 2 ;;
        --repeats) need "$@"; repeats="$2"; shift 2 ;;
        --idle-streams) need "$@"; idle_streams="$2"; shift 2 ;;
        --fanout-clients) need "$@"; fanout_clients="$2"; shift 2 ;;
        --interval-ms) need "$@"; interval_ms="$2"; shift 2 ;;
        --bytes) need "$@"; bytes="$2"; shift 2 ;;
        --settle) need "$@"; settle="$2"; shift 2 ;;
        --measure) need "$@"; measure="$2"; shift 2 ;;
        --batch) need "$@"; batch="$2"; shift 2 ;;
        --threads) need "$@"; threads="$2"; shift 2 ;;
        --node-timers) need "$@"; node_timers="$2"; shift 2 ;;
        --pin) pin=1; shift ;;
        --results) need "$@"; results_keep="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done

for n in "$repeats" "$idle_streams" "$fanout_clients" "$interval_ms" "$bytes" "$batch" "$threads"; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 ]] || die "'$n' is not a positive integer"
done
[[ "$settle" =~ ^[0-9]+(\.[0-9]+)?$ && "$measure" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--settle/--measure take seconds"
case "$only" in ""|idle|fanout) ;; *) die "--only takes idle or fanout" ;; esac
case "$node_timers" in shared|per-client) ;; *) die "--node-timers takes shared or per-client" ;; esac
command -v node >/dev/null || die "node is not installed"

if [[ -z "$loadgen" ]]; then
    for candidate in "$root/build/release/tests/bench/server/ssescope_loadgen" \
                     "$root/build/dev/tests/bench/server/ssescope_loadgen"; do
        if [[ -x "$candidate" ]]; then loadgen="$candidate"; break; fi
    done
fi
[[ -n "$loadgen" && -x "$loadgen" ]] || die "ssescope_loadgen not found: build it (cmake --build --preset release --target ssescope_loadgen) or pass --loadgen"

node_idle="node $here/node_sse_server.mjs --mode idle"
node_fanout="node $here/node_sse_server.mjs --mode broadcast --interval-ms $interval_ms --bytes $bytes --timers $node_timers"
if [[ $self_test -eq 1 ]]; then
    ours_idle="$node_idle"
    ours_fanout="$node_fanout"
else
    ssescope=""
    for candidate in "$root/build/release/app/ssescope" "$root/build/dev/app/ssescope"; do
        if [[ -x "$candidate" ]]; then ssescope="$candidate"; break; fi
    done
    if [[ -z "$ours_idle" && -n "$ssescope" && -f "$here/scenarios/bench-idle.json" ]]; then
        ours_idle="$ssescope serve --scenario $here/scenarios/bench-idle.json"
    fi
    if [[ -z "$ours_fanout" && -n "$ssescope" && -f "$here/scenarios/bench-broadcast.json" ]]; then
        ours_fanout="$ssescope serve --scenario $here/scenarios/bench-broadcast.json"
    fi
fi
if [[ "$only" != fanout && -z "$ours_idle" ]]; then
    die "no server command for ours (idle): pass --ours-idle 'ssescope serve --scenario FILE' or --self-test"
fi
if [[ "$only" != idle && -z "$ours_fanout" ]]; then
    die "no server command for ours (fanout): pass --ours-fanout 'ssescope serve --scenario FILE' or --self-test"
fi

# Both servers and the generator need a descriptor per stream.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[[ "$(ulimit -n)" == unlimited || "$(ulimit -n)" -ge $((idle_streams + 64)) ]] \
    || die "RLIMIT_NOFILE $(ulimit -n) is below $((idle_streams + 64)); raise the hard limit"

work="$(mktemp -d "${TMPDIR:-/tmp}/ssescope-server-bench.XXXXXX")"
results="$work/results.tsv"
: >"$results"
server_pid=""

stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
cleanup() {
    stop_server
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

server_cpu=()
gen_cpu=()
if [[ $pin -eq 1 ]]; then
    command -v taskset >/dev/null || die "--pin needs taskset (util-linux)"
    server_cpu=(taskset -c 1)
    gen_cpu=(taskset -c 0)
fi

# start_server CMD → sets server_pid and port, or returns 1.
start_server() {
    local cmd="$1" out="$work/server.out"
    : >"$out"
    # exec: the PID we hold is the server itself, whose RSS and CPU we read.
    "${server_cpu[@]}" bash -c "exec $cmd" >"$out" 2>"$work/server.err" &
    server_pid=$!
    port=""
    for _ in $(seq 150); do
        port="$(sed -n 's/.*"api":"http:\/\/127\.0\.0\.1:\([0-9][0-9]*\)".*/\1/p' "$out" | head -n 1)"
        [[ -n "$port" ]] && return 0
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "run-server-bench: server exited before it was ready: $cmd" >&2
            sed 's/^/  | /' "$work/server.err" >&2 || true
            server_pid=""
            return 1
        fi
        sleep 0.1
    done
    echo "run-server-bench: no ready line within 15 s from: $cmd" >&2
    stop_server
    return 1
}

failures=0
# run_one SIDE KIND CMD CONNECTIONS REP
run_one() {
    local side="$1" kind="$2" cmd="$3" connections="$4" rep="$5" line rc=0 window="$measure"
    # Idle: a short window only confirms that nothing is sent; the figure is the RSS.
    [[ "$kind" == idle ]] && window=1
    if ! start_server "$cmd"; then
        failures=$((failures + 1))
        return 0
    fi
    sleep 0.5 # let the server finish starting before its "before" RSS is read
    line="$("${gen_cpu[@]}" "$loadgen" --port "$port" --connections "$connections" --batch "$batch" \
        --threads "$threads" --settle "$settle" --measure "$window" --ramp-timeout 120 \
        --rss-pid "$server_pid" --label "$side-$kind-$rep" 2>"$work/loadgen.err")" || rc=$?
    stop_server
    if [[ -z "$line" ]]; then
        echo "run-server-bench: $side $kind #$rep: the generator printed nothing (exit $rc)" >&2
        sed 's/^/  | /' "$work/loadgen.err" >&2 || true
        failures=$((failures + 1))
        return 0
    fi
    printf '%s\t%s\t%s\n' "$side" "$kind" "$line" >>"$results"
    echo "  $side $kind #$rep: $line" >&2
}

echo "run-server-bench: generator $loadgen" >&2
echo "run-server-bench: ours idle:   ${ours_idle:--}" >&2
echo "run-server-bench: ours fanout: ${ours_fanout:--}" >&2
for rep in $(seq "$repeats"); do
    if [[ "$only" != fanout ]]; then
        run_one node idle "$node_idle" "$idle_streams" "$rep"
        run_one ours idle "$ours_idle" "$idle_streams" "$rep"
    fi
    if [[ "$only" != idle ]]; then
        run_one node fanout "$node_fanout" "$fanout_clients" "$rep"
        run_one ours fanout "$ours_fanout" "$fanout_clients" "$rep"
    fi
done

[[ -n "$results_keep" ]] && cp "$results" "$results_keep"

# The table: medians per side, ratios ours/node, budget verdicts.
node - "$results" "$idle_streams" "$fanout_clients" "$interval_ms" "$bytes" "$repeats" <<'EOF'
const fs = require('fs');
const [file, idleStreams, fanoutClients, intervalMs, bytes, repeats] = process.argv.slice(2);
const runs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
    const [side, kind, json] = l.split('\t');
    return { side, kind, r: JSON.parse(json) };
});
const median = (xs) => {
    const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    if (!v.length) return NaN;
    const m = v.length >> 1;
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const pick = (side, kind) => runs.filter((x) => x.side === side && x.kind === kind).map((x) => x.r);
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const row = (cells, widths) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
const line = (label, node, ours, ratio) => console.log(row([label, node, ours, ratio], [34, 16, 16, 10]));

console.log('');
console.log(`mock-server benchmark — medians of ${repeats} run(s) per server; ratio = ours / node`);
const idleNode = pick('node', 'idle');
const idleOurs = pick('ours', 'idle');
if (idleNode.length || idleOurs.length) {
    console.log('');
    console.log(`idle streams: ${idleStreams} connections, RSS of the server before and while holding them`);
    line('', 'node', 'ours', 'ratio');
    const held = (rs) => (rs.length ? `${Math.min(...rs.map((r) => r.established - r.dropped))}/${idleStreams}` : 'n/a');
    line('streams held (worst run)', held(idleNode), held(idleOurs), '');
    const m = (rs, k) => median(rs.map((r) => r[k]));
    line('RSS before (KiB)', fmt(m(idleNode, 'rss_before_kib')), fmt(m(idleOurs, 'rss_before_kib')), '');
    line('RSS holding (KiB)', fmt(m(idleNode, 'rss_held_kib')), fmt(m(idleOurs, 'rss_held_kib')), '');
    const bn = m(idleNode, 'rss_per_stream_bytes');
    const bo = m(idleOurs, 'rss_per_stream_bytes');
    line('bytes per idle stream', fmt(bn), fmt(bo), fmt(bo / bn, 2));
    line('ramp time (s)', fmt(m(idleNode, 'ramp_s'), 2), fmt(m(idleOurs, 'ramp_s'), 2), '');
    const allHeld = idleOurs.length > 0 && idleOurs.every((r) => r.established === Number(idleStreams) && r.dropped === 0);
    console.log(`budget: ${idleStreams} streams held by ours: ${allHeld ? 'MET' : 'MISSED'}; `
        + `bytes per idle stream ours <= node: ${bo <= bn ? 'MET' : 'MISSED'} (ratio ${fmt(bo / bn, 2)})`);
}
const fanNode = pick('node', 'fanout');
const fanOurs = pick('ours', 'fanout');
if (fanNode.length || fanOurs.length) {
    console.log('');
    console.log(`broadcast fan-out: ${fanoutClients} clients, one ${bytes}-byte event every ${intervalMs} ms to each `
        + `(${fmt(fanoutClients * 1000 / intervalMs)} events/s offered)`);
    line('', 'node', 'ours', 'ratio');
    const m = (rs, k) => median(rs.map((r) => r[k]));
    const en = m(fanNode, 'events_per_s');
    const eo = m(fanOurs, 'events_per_s');
    line('events/s delivered', fmt(en), fmt(eo), fmt(eo / en, 2));
    const perCpu = (rs) => median(rs.map((r) => (r.server_cpu_pct > 0 ? r.events_per_s / (r.server_cpu_pct / 100) : NaN)));
    line('events per server CPU-second', fmt(perCpu(fanNode)), fmt(perCpu(fanOurs)), fmt(perCpu(fanOurs) / perCpu(fanNode), 2));
    line('wire bytes/s (MB/s)', fmt(m(fanNode, 'bytes_per_s') / 1e6, 1), fmt(m(fanOurs, 'bytes_per_s') / 1e6, 1), '');
    line('server CPU (%)', fmt(m(fanNode, 'server_cpu_pct')), fmt(m(fanOurs, 'server_cpu_pct')), '');
    line('generator CPU (%)', fmt(m(fanNode, 'loadgen_cpu_pct')), fmt(m(fanOurs, 'loadgen_cpu_pct')), '');
    line('min events/client in window', fmt(m(fanNode, 'min_events_per_conn')), fmt(m(fanOurs, 'min_events_per_conn')), '');
    line('max events/client in window', fmt(m(fanNode, 'max_events_per_conn')), fmt(m(fanOurs, 'max_events_per_conn')), '');
    line('server RSS at end (KiB)', fmt(m(fanNode, 'rss_end_kib')), fmt(m(fanOurs, 'rss_end_kib')), '');
    const incomplete = [...fanNode, ...fanOurs].filter((r) => r.established !== Number(fanoutClients) || r.dropped !== 0);
    if (incomplete.length) {
        console.log(`warning: ${incomplete.length} fan-out run(s) did not hold every client: `
            + incomplete.map((r) => `${r.label} ${r.established - r.dropped}/${fanoutClients} (${r.first_error})`).join('; '));
    }
    const genBound = [...fanNode, ...fanOurs].filter((r) => r.loadgen_cpu_pct > 90 * r.loadgen_threads);
    if (genBound.length) {
        console.log(`warning: the generator was near saturation in ${genBound.map((r) => r.label).join(', ')}: `
            + 'those rates are a lower bound of the server\'s (try --threads 2)');
    }
    console.log(`budget: fan-out ours >= 2 x node: ${eo >= 2 * en ? 'MET' : 'MISSED'} (ratio ${fmt(eo / en, 2)})`);
}
EOF

if [[ $failures -gt 0 ]]; then
    echo "run-server-bench: $failures run(s) produced no figures" >&2
    exit 1
fi
