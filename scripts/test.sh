#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: once in the normal build, once under
# AddressSanitizer + UndefinedBehaviorSanitizer. Exit status is non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

# tcplab in the browser: the web build (tests/web runs it in headless Chromium from the default
# build's ctest) and the test driver's npm packages, pinned by tests/web/package-lock.json.
echo "== tcplab: web build =="
bash scripts/web.sh --build
(cd tests/web && npm ci --no-audit --no-fund --ignore-scripts --silent)

for preset in default asan; do
  echo "== tcplab: $preset build =="
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== tcplab: $preset tests =="
  ctest --preset "$preset" -j "$jobs"
done
