#!/usr/bin/env bash
# Fuzzes the lesson loader with libFuzzer for N seconds (default 300), the shipped lessons as
# seed corpus. Builds with clang in build/fuzz-lessons (its own folder: fuzz-pcap.sh builds with
# other flags); new corpus entries stay in build/fuzz-lessons/corpus, crashes land in
# build/fuzz-lessons/artifacts.
#   scripts/fuzz-lessons.sh [SECONDS] [extra libFuzzer options...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
case "$seconds" in
  -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *[!0-9]*|"") echo "fuzz-lessons.sh: SECONDS must be a number, not '$seconds'" >&2; exit 2 ;;
esac
command -v clang++ >/dev/null || { echo "fuzz-lessons.sh: needs clang++ (scripts/setup.sh installs it)" >&2; exit 1; }

build=build/fuzz-lessons
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTCPLAB_BUILD_FUZZ=ON -DTCPLAB_BUILD_GUI=OFF -DTCPLAB_BUILD_REAL=OFF -DTCPLAB_BUILD_BENCH=OFF \
  -DTCPLAB_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target lesson_loader_fuzz -j 2

mkdir -p "$build/corpus" "$build/artifacts"
cp lessons/*.toml "$build/corpus/"
"$build/tests/fuzz/lesson_loader_fuzz" "$build/corpus" \
  -dict=tests/fuzz/lesson.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 "$@"
