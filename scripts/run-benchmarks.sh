#!/usr/bin/env bash
# Benchmarks for the budgets in DESIGN.md; never part of ctest. Builds the release preset
# (build/release) and runs the benchmarks named on the command line (default: all of them).
#
#   scripts/run-benchmarks.sh            # every benchmark
#   scripts/run-benchmarks.sh parser     # EventStreamParser vs eventsource-parser, 64 MiB stream
#   scripts/run-benchmarks.sh server     # the mock server vs a plain Node.js SSE server (10,000 streams)
#
# Environment: REPETITIONS (default 9; medians are reported), SIZE_MIB (default 64).
# Exit status: 0 when every budget is met, 1 when one is missed, 2 on bad usage or build errors.
set -euo pipefail
cd "$(dirname "$0")/.."

REPETITIONS=${REPETITIONS:-9}
SIZE_MIB=${SIZE_MIB:-64}
ALL_BENCHMARKS=(parser server)
status=0

usage() {
    echo "usage: scripts/run-benchmarks.sh [${ALL_BENCHMARKS[*]}|all]..." >&2
    exit 2
}

build_release() {
    cmake --preset release >/dev/null
    cmake --build --preset release --target "$@"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# EventStreamParser vs the eventsource-parser npm package on the same bytes, same chunking.
# Budget: >= 1 GB/s, and >= 5x eventsource-parser (against its faster, strings-only mode).
bench_parser() {
    echo "== parser: EventStreamParser vs eventsource-parser (${SIZE_MIB} MiB typical stream) =="
    build_release bench_eventstreamparser
    if [[ ! -d tests/node/node_modules/eventsource-parser ]]; then
        npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
    fi
    build/release/tests/bench/bench_eventstreamparser --size-mib "$SIZE_MIB" --repetitions "$REPETITIONS" \
        --write "$tmp/stream.txt" | tee "$tmp/ours.txt"
    node tests/node/bench-eventsource-parser.mjs "$tmp/stream.txt" "$REPETITIONS" | tee "$tmp/theirs.txt"

    local field
    field() { grep "^RESULT parser=$1 " "$2" | tr ' ' '\n' | sed -n "s/^$3=//p"; }
    local ours bytes_mode strings_mode our_events their_events
    ours=$(field ssescope "$tmp/ours.txt" mbps)
    bytes_mode=$(field eventsource-parser-bytes "$tmp/theirs.txt" mbps)
    strings_mode=$(field eventsource-parser-strings "$tmp/theirs.txt" mbps)
    our_events=$(field ssescope "$tmp/ours.txt" events)
    their_events=$(field eventsource-parser-bytes "$tmp/theirs.txt" events)
    if [[ "$our_events" != "$their_events" ]]; then
        echo "parser: the two parsers saw different event counts ($our_events vs $their_events)" >&2
        status=1
    fi
    awk -v ours="$ours" -v bytes="$bytes_mode" -v strings="$strings_mode" 'BEGIN {
        best = bytes > strings ? bytes : strings
        ratio = ours / best
        printf "parser: ssescope %.0f MB/s; eventsource-parser %.0f MB/s (bytes) / %.0f MB/s (strings only)\n", ours, bytes, strings
        printf "parser: ratio %.1fx against the faster eventsource-parser mode (%.1fx against bytes -> events)\n", ratio, ours / bytes
        ok = (ours >= 1000 && ratio >= 5)
        printf "parser: budget >= 1000 MB/s and >= 5x: %s\n", ok ? "MET" : "MISSED"
        exit ok ? 0 : 1
    }' || status=1
}

# The mock server vs a plain Node.js http SSE server, same epoll load generator, same run:
# memory per idle stream at 10,000 streams and broadcast fan-out to 1,000 clients.
bench_server() {
    echo "== server: ssescope serve vs a plain Node.js SSE server =="
    build_release ssescope_loadgen ssescope
    tests/bench/server/run-server-bench.sh --loadgen build/release/tests/bench/server/ssescope_loadgen || status=1
}

selected=("$@")
if [[ ${#selected[@]} -eq 0 || "${selected[0]}" == all ]]; then
    selected=("${ALL_BENCHMARKS[@]}")
fi
for name in "${selected[@]}"; do
    case "$name" in
        parser) bench_parser ;;
        server) bench_server ;;
        *) usage ;;
    esac
done
exit "$status"
