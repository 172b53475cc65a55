#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and open SSE Scope on its built-in
# default scenario. Without a display it says so and runs `ssescope serve` instead.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh build
cmake --preset release >/dev/null
cmake --build --preset release --target ssescope

app=build/release/app/ssescope
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    echo "run-app: no display (DISPLAY and WAYLAND_DISPLAY are unset), so running the mock server" >&2
    echo "run-app: headless instead: 'ssescope serve' prints its URLs below; Ctrl+C stops it." >&2
    exec "$app" serve "$@"
fi
exec "$app" "$@"
