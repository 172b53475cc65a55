#!/usr/bin/env bash
# Quick start, command 2: install what is missing, build, and run the whole test suite with ctest.
# Extra arguments go to ctest (for example: -L unit, -R parser, -j2).
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh test
# The npm packages the tests compare against (eventsource-parser, har-validator), pinned by the lock.
if [[ ! -d tests/node/node_modules ]] || [[ tests/node/package-lock.json -nt tests/node/node_modules ]]; then
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
fi
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev "$@"
