#!/usr/bin/env bash
# Fuzzes the capture reader (and the JSON-lines reader) with libFuzzer, built with clang under
# AddressSanitizer + UndefinedBehaviorSanitizer.
#   scripts/fuzz-pcap.sh [SECONDS] [pcap|jsonl]    default: 120 seconds, pcap
# Builds in build/fuzz-pcap (its own folder: fuzz.sh builds with other flags). Crashing
# inputs are written to build/fuzz-pcap/crashes/; re-run one with
#   build/fuzz-pcap/tests/export/fuzz_pcap_reader build/fuzz-pcap/crashes/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-120}
which_reader=${2:-pcap}
case "$which_reader" in
  pcap|jsonl) ;;
  *) echo "fuzz-pcap.sh: reader must be pcap or jsonl, not '$which_reader'" >&2; exit 2 ;;
esac
command -v clang++ >/dev/null || { echo "fuzz-pcap.sh: clang++ not found (scripts/setup.sh installs it)" >&2; exit 1; }

build=build/fuzz-pcap
sanitize="-fsanitize=address,undefined -fsanitize=fuzzer-no-link -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTCPLAB_BUILD_GUI=OFF -DTCPLAB_BUILD_REAL=OFF -DTCPLAB_BUILD_BENCH=OFF -DTCPLAB_WERROR=OFF \
  -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS="$sanitize" >/dev/null
cmake --build "$build" -j2 --target "fuzz_${which_reader}_reader" fuzz_seeds

seeds="$build/seeds"
corpus="$build/corpus/$which_reader"
mkdir -p "$corpus" "$build/crashes"
"$build/tests/export/fuzz_seeds" "$seeds"
cp tests/export/data/*.pcap* "$seeds/pcap/" 2>/dev/null || true  # real captures

echo "== fuzzing the $which_reader reader for $seconds s =="
"$build/tests/export/fuzz_${which_reader}_reader" "$corpus" "$seeds/$which_reader" \
  -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/crashes/" -print_final_stats=1
