#!/usr/bin/env bash
# Regenerates the README's pictures with `tcplab-gui --screenshot` under Xvfb:
#   scripts/gui_screenshots.sh [build-dir]      (default: build/default)
# Each picture is one frame at 1600x1000, rendered offscreen, exactly what the app shows.
set -euo pipefail
cd "$(dirname "$0")/.."
gui="${1:-build/default}/src/gui/tcplab-gui"
out=assets/screenshots
[[ -x $gui ]] || { echo "gui_screenshots.sh: build tcplab-gui first ($gui not found)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "gui_screenshots.sh: needs xvfb-run (apt-get install xvfb)" >&2; exit 1; }
mkdir -p "$out"

shot() {  # shot NAME ARGS...
  local name=$1; shift
  xvfb-run -a -s '-screen 0 1920x1080x24' "$gui" "$@" --screenshot "$out/$name.png"
  echo "wrote $out/$name.png"
}

# Every picture is a lesson the model runs (the side-by-side one also runs it on the kernel).
shot four-way-close --lesson four-way-close --at end
shot lost-last-ack --lesson lost-last-ack --at end
shot lost-last-ack-presentation --lesson lost-last-ack --at end --presentation
shot port-exhaustion-sockets-zh --lesson port-exhaustion --at middle --presentation --picture sockets --lang zh --size 1280x720
shot linger-zero --lesson linger-zero --at end
shot server-restart-zh --lesson server-restart --at end --lang zh
# Predict mode: a question for the class, and a reveal in Chinese.
shot predict-question --lesson lost-last-ack --predict class --at middle --size 1280x720
shot predict-reveal-zh --lesson lost-last-ack --predict class --at middle --answer B --lang zh --size 1280x720
# A slide for handouts (File > Export slide as PNG), as the command line writes it.
xvfb-run -a -s '-screen 0 1920x1080x24' "$gui" --lesson lost-last-ack --at middle \
  --export-slide "$out/slide-lost-last-ack.png"
echo "wrote $out/slide-lost-last-ack.png"
# The real kernel beside the model (a private network namespace; 3 s of it is enough here).
shot side-by-side --lesson lost-last-ack --backend both --time-limit 3s --at end ||
  echo "gui_screenshots.sh: the kernel could not run here; side-by-side.png not updated" >&2
