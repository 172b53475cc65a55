#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan: the 'fuzz' preset) and runs them through ctest.
#   scripts/run-fuzz.sh [seconds] [ctest arguments...]     explore: each target for a bounded time
#                                                          from its seed corpus (default 60 s), plus
#                                                          the replays below
#   scripts/run-fuzz.sh 600 -R parser                      a longer run of one target
#   scripts/run-fuzz.sh --ci [ctest arguments...]          replay only, deterministic: every seed
#                                                          and regression input once (label
#                                                          fuzzreplay); what CI runs (issue 12)
# New inputs are kept in build/fuzz/tests/fuzz/corpus/<target> (so a second run starts where the
# first stopped); a crash or finding leaves its input in build/fuzz/tests/fuzz/artifacts/<target>/.
# After the run, each target's executions and new-input counts are printed, unless --ci is given
# first (CI wants ctest's summary to be the last lines of its log).
set -euo pipefail
cd "$(dirname "$0")/.."

ci=0
if [[ "${1:-}" == "--ci" ]]; then
    ci=1
    shift
fi
seconds=60
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi

packaging/install-deps.sh test
cmake --preset fuzz -DSSESCOPE_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build --preset fuzz
status=0
if [[ $ci -eq 1 ]]; then
    ctest --preset fuzz -L fuzzreplay "$@" || status=$?
else
    ctest --preset fuzz "$@" || status=$?
fi

if [[ $ci -eq 0 ]]; then
    log=build/fuzz/Testing/Temporary/LastTest.log
    if [[ -f "$log" ]]; then
        echo
        echo "Per target (from $log):"
        awk '/^[0-9]+\/[0-9]+ Test: / { name = $3 }
             /^stat::number_of_executed_units:/ { runs[name] = $2 }
             /^stat::new_units_added:/ { added[name] = $2 }
             /^stat::peak_rss_mb:/ { rss[name] = $2 }
             /^stat::average_exec_per_sec:/ { rate[name] = $2 }
             END { for (n in runs) printf "  %-26s %12d executions  %6d exec/s  %5d new inputs  peak RSS %d MB\n", n, runs[n], rate[n], added[n], rss[n] }' "$log"
        echo "Findings (crashes, leaks, timeouts, OOMs): $(find build/fuzz/tests/fuzz/artifacts -type f | wc -l)"
    fi
fi
exit $status
