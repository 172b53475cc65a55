#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan: the 'fuzz' preset, or UBSan only: 'fuzz-fast')
# and runs them through ctest.
#   scripts/run-fuzz.sh [seconds] [ctest arguments...]     explore: each target for a bounded time
#                                                          from its seed corpus (default 60 s), plus
#                                                          the replays below
#   scripts/run-fuzz.sh 600 -R parser                      a longer run of one target
#   scripts/run-fuzz.sh --ci [ctest arguments...]          replay only, deterministic: every seed
#                                                          and regression input once (label
#                                                          fuzzreplay); what CI runs (issue 12)
#   scripts/run-fuzz.sh --preset fuzz-fast 480             a campaign: UBSan only, several times the
#                                                          executions (docs/hardening.md); the
#                                                          corpus it grows is replayed under ASan
#   scripts/run-fuzz.sh --preset fuzz-fast --runs 7453594 3600 -R 'fuzz_harreader$'
#                                                          aim at a total: stop after that many
#                                                          executions (what a target still needs to
#                                                          reach its 10 million) or the time limit
# New inputs are kept in build/<preset>/tests/fuzz/corpus/<target> (so a second run starts where the
# first stopped); a crash or finding leaves its input in build/<preset>/tests/fuzz/artifacts/<target>/.
# --ci, --preset and --runs (default 2000000 executions per exploring run) come first, in any
# order. After the run, each target's executions and new-input counts are printed, unless --ci is
# given (CI wants ctest's summary to be the last lines of its log).
set -euo pipefail
cd "$(dirname "$0")/.."

ci=0
preset=fuzz
runs=2000000
while [[ "${1:-}" == "--ci" || "${1:-}" == "--preset" || "${1:-}" == "--runs" ]]; do
    case "$1" in
        --ci) ci=1; shift ;;
        --preset) preset=${2:?--preset needs fuzz or fuzz-fast}; shift 2 ;;
        --runs) runs=${2:?--runs needs a number of executions}; shift 2 ;;
    esac
done
if [[ "$preset" != "fuzz" && "$preset" != "fuzz-fast" ]]; then
    echo "run-fuzz.sh: --preset is fuzz or fuzz-fast, not '$preset'" >&2
    exit 2
fi
if [[ ! "$runs" =~ ^[1-9][0-9]*$ ]]; then
    echo "run-fuzz.sh: --runs is a positive number of executions, not '$runs'" >&2
    exit 2
fi
seconds=60
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi

packaging/install-deps.sh test
cmake --preset "$preset" -DSSESCOPE_FUZZ_SECONDS="$seconds" -DSSESCOPE_FUZZ_RUNS="$runs" >/dev/null
cmake --build --preset "$preset"
status=0
if [[ $ci -eq 1 ]]; then
    ctest --preset "$preset" -L fuzzreplay "$@" || status=$?
else
    ctest --preset "$preset" "$@" || status=$?
fi

if [[ $ci -eq 0 ]]; then
    log=build/$preset/Testing/Temporary/LastTest.log
    if [[ -f "$log" ]]; then
        echo
        echo "Per target (from $log):"
        awk '/^[0-9]+\/[0-9]+ Test: / { name = $3 }
             /^stat::number_of_executed_units:/ { runs[name] = $2 }
             /^stat::new_units_added:/ { added[name] = $2 }
             /^stat::peak_rss_mb:/ { rss[name] = $2 }
             /^stat::average_exec_per_sec:/ { rate[name] = $2 }
             END { for (n in runs) printf "  %-26s %12d executions  %6d exec/s  %5d new inputs  peak RSS %d MB\n", n, runs[n], rate[n], added[n], rss[n] }' "$log"
        echo "Findings (crashes, leaks, timeouts, OOMs): $(find build/$preset/tests/fuzz/artifacts -type f | wc -l)"
    fi
fi
exit $status
