#!/usr/bin/env bash
# Installs whichever Debian packages SSE Scope needs are missing (packaging/debian-packages.txt).
#   packaging/install-deps.sh build   what building and running the app needs
#   packaging/install-deps.sh test    that, and what the whole test suite needs
# Uses apt-get, through sudo when not root; does nothing when everything is there.
set -euo pipefail

group=${1:-build}
case "$group" in
    build) wanted='^build$' ;;
    test) wanted='^(build|test)$' ;;
    *) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

list="$(dirname "$0")/debian-packages.txt"
missing=()
while read -r pkg_group pkg command _; do
    [[ -z "${pkg_group:-}" || "$pkg_group" == \#* ]] && continue
    [[ "$pkg_group" =~ $wanted ]] || continue
    if [[ -n "${command:-}" ]] && command -v "$command" >/dev/null 2>&1; then
        continue
    fi
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
        continue
    fi
    missing+=("$pkg")
done <"$list"

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them once before installing.
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q "${missing[@]}"
