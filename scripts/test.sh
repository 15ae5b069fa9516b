#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: once in the normal build, once under
# AddressSanitizer + UndefinedBehaviorSanitizer. Exit status is non-zero if anything fails.
#
# On two cores the builds are most of the time. Each overlaps with work that leaves a core idle:
# the web build (its libpcap configure runs one compiler at a time) with the normal build, and
# the sanitizer build, at the lowest priority, with the normal tests (many wait on timers and
# the kernel). Tests always run with nothing else at their priority.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each phase's start, with the time since this script began: where a slow run spent its time.
started=$SECONDS
phase() { echo "== tcplab: $1 ($(date -u +%T), $((SECONDS - started)) s in) =="; }

# A step in the background (`start NAME COMMAND...`, then `finish NAME`): its output goes to
# build/NAME.log, printed if it fails. Whatever is still running when this script ends is stopped.
declare -A pids
start() {
  local name="$1"
  shift
  "$@" >"build/$name.log" 2>&1 &
  pids[$name]=$!
}
finish() {
  local name="$1"
  phase "waiting for the $name"
  if ! wait "${pids[$name]}"; then
    cat "build/$name.log"
    echo "test.sh: the $name failed (its output is above and in build/$name.log)" >&2
    exit 1
  fi
  unset "pids[$name]"
}
stop_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do stop_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
trap 'for p in "${pids[@]}"; do stop_tree "$p"; done' EXIT

phase "setup"
bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p build

# tcplab in the browser: the web build (tests/web runs it in headless Chromium from the default
# build's ctest) and the test driver's npm packages, pinned by tests/web/package-lock.json.
web_build() {
  bash scripts/web.sh --build && (cd tests/web && npm ci --no-audit --no-fund --ignore-scripts --silent)
}
phase "web build (in the background) and default build"
start web-build web_build
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"
finish web-build

phase "default tests, asan build (in the background, lowest priority)"
cmake --preset asan >/dev/null
start asan-build nice -n 19 cmake --build --preset asan -j "$jobs"
ctest --preset default -j "$jobs"
finish asan-build

phase "asan tests"
ctest --preset asan -j "$jobs"
phase "done"
