#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: once in the normal build, once under
# AddressSanitizer + UndefinedBehaviorSanitizer. Exit status is non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

for preset in default asan; do
  echo "== tcplab: $preset build =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== tcplab: $preset tests =="
  ctest --preset "$preset" -j "$jobs"
done
