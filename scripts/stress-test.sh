#!/usr/bin/env bash
# Runs the test suite (or part of it) N times while CPU hogs keep every core busy, and prints how
# often each test failed or skipped: anyone can check that the suite passes on a busy machine.
#   scripts/stress-test.sh                       3 runs of the whole default suite, 2 hogs
#   scripts/stress-test.sh -n 5 -L 'real|compare|gui-screenshot'   5 runs of the kernel-facing tests
#   scripts/stress-test.sh --preset asan -n 1    once under AddressSanitizer + UBSan
#   scripts/stress-test.sh --hogs 0              the same without load, to compare
# Options: -n RUNS, -L LABEL_REGEX (ctest -L), -R NAME_REGEX (ctest -R), --preset NAME, --hogs N.
# Builds the preset first. Exit status: 0 if no run failed. Logs: build/<preset>/stress/.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
preset=default
hogs=2
ctest_filter=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    -L) ctest_filter+=(-L "$2"); shift 2 ;;
    -R) ctest_filter+=(-R "$2"); shift 2 ;;
    --preset) preset="$2"; shift 2 ;;
    --hogs) hogs="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "stress-test.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "stress-test.sh: -n wants a positive count, not '$runs'" >&2; exit 2; }
[[ "$hogs" =~ ^[0-9]+$ ]] || { echo "stress-test.sh: --hogs wants a count, not '$hogs'" >&2; exit 2; }

bash scripts/setup.sh
if [[ $hogs -gt 0 ]] && ! command -v stress-ng >/dev/null; then
  echo "stress-test.sh: stress-ng is missing (scripts/setup.sh installs it)" >&2
  exit 2
fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs"

logs="build/$preset/stress"
rm -rf "$logs"
mkdir -p "$logs"
hog_pid=""
stop_hogs() { [[ -n "$hog_pid" ]] && kill "$hog_pid" 2>/dev/null && wait "$hog_pid" 2>/dev/null; hog_pid=""; }
trap stop_hogs EXIT
if [[ $hogs -gt 0 ]]; then
  # Each hog spins on one core for as long as the runs take.
  stress-ng --cpu "$hogs" --cpu-method matrixprod --quiet &
  hog_pid=$!
  echo "== stress-test: $hogs CPU hog(s) running (stress-ng pid $hog_pid)"
fi

failed_runs=0
for run in $(seq 1 "$runs"); do
  echo "== stress-test: run $run of $runs ($preset${ctest_filter[*]:+, ${ctest_filter[*]}})"
  log="$logs/run-$run.log"
  start=$(date +%s)
  if ctest --preset "$preset" -j "$jobs" "${ctest_filter[@]}" >"$log" 2>&1; then
    status=passed
  else
    status=FAILED
    failed_runs=$((failed_runs + 1))
  fi
  echo "   $status in $(( $(date +%s) - start )) s: $(grep -E '^[0-9]+% tests passed' "$log" || echo 'no summary (see log)')"
  # ctest lists failed and skipped tests as "  <n> - <name> (<Failed|Timeout|Skipped|...>)".
  cp "build/$preset/Testing/Temporary/LastTest.log" "$logs/run-$run-output.log" 2>/dev/null || true
  grep -E '^[[:space:]]+[0-9]+ - .+ \(.+\)$' "$log" |
    sed -E 's/^[[:space:]]+[0-9]+ - (.+) \((.+)\)$/\2\t\1/' >>"$logs/outcomes.tsv" || true
done
stop_hogs

echo "== stress-test: $runs run(s), $failed_runs failed; per test (outcome, count of $runs):"
if [[ -s "$logs/outcomes.tsv" ]]; then
  sort "$logs/outcomes.tsv" | uniq -c | sort -rn | awk -F'\t' '{printf "   %s  %s\n", $1, $2}'
else
  echo "   every test passed in every run"
fi
# The scheduling delays the kernel's programs measured, as the comparisons printed them.
for what in "were issued up to" "waited for a CPU up to"; do
  worst=$(cat "$logs"/run-*-output.log 2>/dev/null | grep -o "$what [0-9.]* s" | awk '{print $(NF-1)}' |
    sort -g | tail -1)
  count=$(cat "$logs"/run-*-output.log 2>/dev/null | grep -c "$what [0-9.]* s" || true)
  [[ -n "$worst" ]] && echo "   kernel programs $what $worst s (worst of $count kernel runs that reported it)"
done
echo "   logs: $logs/"
[[ $failed_runs -eq 0 ]]
