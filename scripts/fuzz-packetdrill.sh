#!/usr/bin/env bash
# Fuzzes the packetdrill script parser and runner with libFuzzer for N seconds (default 300), the
# project's scripts as seed corpus. Builds with clang in build/fuzz-packetdrill (its own folder);
# new corpus entries stay in build/fuzz-packetdrill/corpus, crashes land in
# build/fuzz-packetdrill/artifacts.
#   scripts/fuzz-packetdrill.sh [SECONDS] [extra libFuzzer options...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
case "$seconds" in
  -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *[!0-9]*|"") echo "fuzz-packetdrill.sh: SECONDS must be a number, not '$seconds'" >&2; exit 2 ;;
esac
command -v clang++ >/dev/null || { echo "fuzz-packetdrill.sh: needs clang++ (scripts/setup.sh installs it)" >&2; exit 1; }

build=build/fuzz-packetdrill
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTCPLAB_BUILD_FUZZ=ON -DTCPLAB_BUILD_GUI=OFF -DTCPLAB_BUILD_REAL=OFF -DTCPLAB_BUILD_BENCH=OFF \
  -DTCPLAB_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target packetdrill_script_fuzz -j 2

mkdir -p "$build/corpus" "$build/artifacts"
cp tests/packetdrill/scripts/*.pkt "$build/corpus/"
"$build/tests/fuzz/packetdrill_script_fuzz" "$build/corpus" \
  -dict=tests/fuzz/packetdrill.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 "$@"
