#!/usr/bin/env bash
# Runs a command under an X server of its own, as `xvfb-run -a` does, but without its race: two
# xvfb-run -a started together can pick the same display, and one test then finds no display to
# open ("Can't open display"). Here Xvfb itself takes the first free display (-displayfd) and says
# which; the command runs with DISPLAY set to it, and the server is stopped after. Exits with the
# command's status, or 125 when no X server could be started (what Xvfb said is printed).
#   with_xvfb.sh WIDTHxHEIGHTxDEPTH [Xvfb option...] -- COMMAND [ARG...]
set -u
if [[ $# -lt 3 ]]; then
  echo "usage: with_xvfb.sh WIDTHxHEIGHTxDEPTH [Xvfb option...] -- COMMAND [ARG...]" >&2
  exit 2
fi
screen=$1
shift
options=()
while [[ $# -gt 0 && $1 != -- ]]; do
  options+=("$1")
  shift
done
if [[ ${1-} != -- || $# -lt 2 ]]; then
  echo "with_xvfb.sh: no '--' before the command" >&2
  exit 2
fi
shift

dir=$(mktemp -d "${TMPDIR:-/tmp}/tcplab-xvfb.XXXXXX") || exit 125
xvfb=
stop_server() {
  [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null && wait "$xvfb" 2>/dev/null
  rm -rf "$dir"
}
trap stop_server EXIT

# Only the local socket: nothing outside this machine can reach the server.
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp "${options[@]}" \
  3>"$dir/display" >"$dir/xvfb.log" 2>&1 &
xvfb=$!

# Xvfb writes the display number once it listens; a busy machine may take a while (bounded).
display=
for _ in $(seq 1 600); do
  display=$(head -n1 "$dir/display" 2>/dev/null)
  [[ -n $display ]] && break
  kill -0 "$xvfb" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $display ]]; then
  echo "with_xvfb.sh: Xvfb did not start:" >&2
  cat "$dir/xvfb.log" >&2
  exit 125
fi

DISPLAY=:$display "$@"
