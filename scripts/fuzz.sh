#!/usr/bin/env bash
# Fuzzes one text parser with libFuzzer for N seconds (default 300), the project's own files of
# that kind as seed corpus:
#   lessons      the lesson loader            (lessons/*.toml,                 tests/fuzz/lesson.dict)
#   packetdrill  the script parser and runner (tests/packetdrill/scripts/*.pkt, tests/fuzz/packetdrill.dict)
# Builds with clang in build/fuzz-TARGET (its own folder: fuzz-pcap.sh builds with other flags);
# new corpus entries stay in build/fuzz-TARGET/corpus, crashes land in build/fuzz-TARGET/artifacts.
#   scripts/fuzz.sh TARGET [SECONDS] [extra libFuzzer options...]
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }
target=${1:-}
case "$target" in
  lessons) binary=lesson_loader_fuzz; dict=tests/fuzz/lesson.dict; seeds=(lessons/*.toml) ;;
  packetdrill) binary=packetdrill_script_fuzz; dict=tests/fuzz/packetdrill.dict
               seeds=(tests/packetdrill/scripts/*.pkt) ;;
  -h|--help) usage; exit 0 ;;
  *) echo "fuzz.sh: TARGET must be lessons or packetdrill, not '$target'" >&2; usage >&2; exit 2 ;;
esac
shift
seconds=${1:-300}
shift || true
case "$seconds" in
  *[!0-9]*|"") echo "fuzz.sh: SECONDS must be a number, not '$seconds'" >&2; exit 2 ;;
esac
command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang++ (scripts/setup.sh installs it)" >&2; exit 1; }

build=build/fuzz-$target
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTCPLAB_BUILD_FUZZ=ON -DTCPLAB_BUILD_GUI=OFF -DTCPLAB_BUILD_REAL=OFF -DTCPLAB_BUILD_BENCH=OFF \
  -DTCPLAB_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target "$binary" -j 2

mkdir -p "$build/corpus" "$build/artifacts"
cp "${seeds[@]}" "$build/corpus/"
"$build/tests/fuzz/$binary" "$build/corpus" \
  -dict="$dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 "$@"
