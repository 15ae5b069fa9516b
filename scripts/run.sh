#!/usr/bin/env bash
# Sets up, builds and runs tcplab on the default lesson: the GUI where there is a display, the
# command line's text ladder where there is none. Extra arguments go to the program, e.g.
#   scripts/run.sh --lesson lost-last-ack        (GUI)
#   scripts/run.sh run linger-zero --lang zh     (no display: any tcplab command)
set -euo pipefail
cd "$(dirname "$0")/.."

default_lesson=four-way-close
have_display=0
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then have_display=1; fi

if [[ $have_display == 1 ]]; then
  bash scripts/setup.sh
  preset=default
else
  bash scripts/setup.sh --no-gui
  preset=cli
fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs" >/dev/null

if [[ $have_display == 1 ]]; then
  if [[ $# == 0 ]]; then set -- --lesson "$default_lesson"; fi
  exec "build/$preset/src/gui/tcplab-gui" "$@"
fi
echo "(no display: showing the lesson as a text ladder; run this on a desktop for the GUI)" >&2
if [[ $# == 0 ]]; then set -- run "$default_lesson"; fi
exec "build/$preset/src/app/tcplab" "$@"
