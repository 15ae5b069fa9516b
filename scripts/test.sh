#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: once in the normal build, once under
# AddressSanitizer + UndefinedBehaviorSanitizer. Exit status is non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each phase's start, with the time since this script began: where a slow run spent its time.
started=$SECONDS
phase() { echo "== tcplab: $1 ($(date -u +%T), $((SECONDS - started)) s in) =="; }

phase "setup"
bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

# tcplab in the browser: the web build (tests/web runs it in headless Chromium from the default
# build's ctest) and the test driver's npm packages, pinned by tests/web/package-lock.json.
phase "web build"
bash scripts/web.sh --build
(cd tests/web && npm ci --no-audit --no-fund --ignore-scripts --silent)

# A compile cache (ccache, installed by scripts/setup.sh): a run after a small change compiles
# only what changed. The base directory makes its entries good for any clone of the repository
# (a hit's debug information then names the folder of the clone that compiled it).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-20G}"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  ccache --zero-stats >/dev/null  # the statistics printed at the end are this run's
fi

for preset in default asan; do
  phase "$preset build"
  cmake --preset "$preset" "${launcher[@]}" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  phase "$preset tests"
  ctest --preset "$preset" -j "$jobs"
done
[[ ${#launcher[@]} == 0 ]] || ccache --show-stats | sed -n '1,/^Local storage/p' | sed '$d'
phase "done"
