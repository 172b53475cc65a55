#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite with ctest.
#   scripts/run-tests.sh [--preset dev|release|asan] [ctest arguments...]
# The default preset is dev; extra arguments go to ctest (for example: -L unit, -R parser).
set -euo pipefail
cd "$(dirname "$0")/.."

preset=dev
if [[ "${1:-}" == "--preset" ]]; then
    preset=${2:?--preset needs a name}
    shift 2
fi

packaging/install-deps.sh test
# The npm packages the tests compare against (eventsource-parser, har-validator, and Express with
# cors as a server that is not ours), pinned by the lock.
if [[ ! -d tests/node/node_modules ]] || [[ tests/node/package-lock.json -nt tests/node/node_modules ]]; then
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
# As many tests at a time as there are cores (CTEST_PARALLEL_LEVEL or -j chooses otherwise); the
# real-browser tests (label browser) still run one at a time (RUN_SERIAL, cmake/SseScopeTesting.cmake).
ctest --preset "$preset" --parallel "${CTEST_PARALLEL_LEVEL:-$(nproc)}" "$@"
