#!/usr/bin/env bash
# Runs google/packetdrill's upstream TCP scripts in issue #16's scope (gtests/net/tcp: blocking,
# close, shutdown, validate, ts_recent, user_timeout) on tcplab's model and on the kernel, and
# prints one Markdown table row per script: kernel, model, and the first failure's words. The
# upstream scripts are not part of this repository (their code stays out): point the script at a
# checkout or a git directory of google/packetdrill.
#
#   scripts/packetdrill-upstream.sh [--tcplab BIN] [--check DOC] [UPSTREAM]
#
# UPSTREAM (or $TCPLAB_PACKETDRILL_UPSTREAM): a google/packetdrill work tree, or its git directory
# (the scripts are taken from HEAD with git archive). Without it the script says so and exits 77
# (ctest's skip). --check DOC: exit 1 if a script the table in DOC (docs/packetdrill-upstream.md)
# records as passing on a backend fails there now.
set -euo pipefail
cd "$(dirname "$0")/.."

tcplab=build/default/src/app/tcplab
check=""
upstream="${TCPLAB_PACKETDRILL_UPSTREAM:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --tcplab) tcplab="$2"; shift 2 ;;
    --check) check="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) upstream="$1"; shift ;;
  esac
done
if [ -z "$upstream" ] || [ ! -e "$upstream" ]; then
  echo "skipped: no upstream packetdrill scripts (give a google/packetdrill checkout or git" \
       "directory as argument or in TCPLAB_PACKETDRILL_UPSTREAM)" >&2
  exit 77
fi

dirs=(blocking close shutdown validate ts_recent user_timeout)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -d "$upstream/gtests/net/tcp" ]; then
  for d in "${dirs[@]}"; do
    mkdir -p "$work/$d" && cp "$upstream/gtests/net/tcp/$d"/*.pkt "$work/$d/"
  done
elif git --git-dir="$upstream" rev-parse --verify -q HEAD >/dev/null; then
  git --git-dir="$upstream" archive HEAD "${dirs[@]/#/gtests/net/tcp/}" | tar -x -C "$work"
  mv "$work/gtests/net/tcp"/* "$work/" && rm -rf "$work/gtests"
else
  echo "skipped: $upstream is neither a packetdrill work tree nor a git directory" >&2
  exit 77
fi
tcplab=$(realpath "$tcplab")

# The outcome of one run: "pass", or "fail" / "refused" with the first line that says why.
outcome() {
  local dir=$1 file=$2 out rc
  shift 2
  set +e
  out=$(cd "$dir" && "$tcplab" check "$@" "$file" 2>&1)
  rc=$?
  set -e
  local why
  why=$(printf '%s\n' "$out" | grep -v -e 'could not set' -e '^PASS' | grep -m1 -e 'FAIL' -e "$file:" || true)
  why=${why//|/\\|}
  case $rc in
    0) echo "pass|" ;;
    1) echo "fail|$why" ;;
    2) echo "refused|$why" ;;
    *) echo "not run ($rc)|$(printf '%s\n' "$out" | tail -1)" ;;
  esac
}

kernel_release=$(uname -r)
echo "| script | kernel ($kernel_release) | model | first failure (kernel, else model) |"
echo "|---|---|---|---|"
failed_check=0
kernel_pass=0
model_pass=0
total=0
for d in "${dirs[@]}"; do
  for path in "$work/$d"/*.pkt; do
    name="$d/$(basename "$path")"
    k=$(outcome "$work/$d" "$(basename "$path")" --backend kernel)
    m=$(outcome "$work/$d" "$(basename "$path")")
    kr=${k%%|*}; mr=${m%%|*}
    why=${k#*|}; [ -n "$why" ] || why="model: ${m#*|}"; [ "$why" != "model: " ] || why=""
    echo "| \`$name\` | $kr | $mr | $why |"
    total=$((total + 1))
    [ "$kr" = pass ] && kernel_pass=$((kernel_pass + 1))
    [ "$mr" = pass ] && model_pass=$((model_pass + 1))
    if [ -n "$check" ]; then
      row=$(grep -m1 -F "| \`$name\` |" "$check" || true)
      if [ -n "$row" ]; then
        want_k=$(printf '%s' "$row" | awk -F'|' '{gsub(/ /,"",$3); print $3}')
        want_m=$(printf '%s' "$row" | awk -F'|' '{gsub(/ /,"",$4); print $4}')
        if [ "$want_k" = pass ] && [ "$kr" != pass ]; then
          echo "REGRESSION $name: $check records a pass on the kernel, now $kr" >&2; failed_check=1
        fi
        if [ "$want_m" = pass ] && [ "$mr" != pass ]; then
          echo "REGRESSION $name: $check records a pass on the model, now $mr" >&2; failed_check=1
        fi
      fi
    fi
  done
done
echo
echo "kernel: $kernel_pass of $total pass; model: $model_pass of $total pass"
exit $failed_check
