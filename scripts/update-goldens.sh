#!/usr/bin/env bash
# Rewrites tests/lessons/golden/<id>.jsonl from the model's run of each lesson, on purpose (after a
# change to the model or a lesson); then review `git diff tests/lessons/golden` and commit it:
#   scripts/update-goldens.sh [build-dir]      (default: build/default)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/default}"
[[ -f $build/CMakeCache.txt ]] || { echo "update-goldens.sh: configure $build first (cmake --preset default)" >&2; exit 1; }
cmake --build "$build" --target tcplab lesson_golden_test
TCPLAB_UPDATE_GOLDENS=1 "$build/tests/lessons/lesson_golden_test" --gtest_brief=1
git status --short tests/lessons/golden
