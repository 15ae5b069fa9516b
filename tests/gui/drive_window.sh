#!/usr/bin/env bash
# Drives a live tcplab-gui window the way a presenter's clicker does, under the X server this is
# run in (with_xvfb.sh): short taps of PageDown (press and release back to back, as some wireless
# presenters send them), B twice (blank, back), F5, PageUp, "+", P. The GUI echoes every key handled
# (--echo-keys) to OUT/keys.txt; what the screen showed (xwd of the root window, which the window
# covers) goes to OUT/screen.txt: "blank: black", then "back: drawn".
#   drive_window.sh GUI_EXE OUT_DIR      (in an X server of 1280x720x24 with a black root, -br)
set -u
gui=$1 out=$2
export XDG_CONFIG_HOME=$out/config  # never the user's settings
mkdir -p "$XDG_CONFIG_HOME"
"$gui" --lesson four-way-close --size 1280x720 --echo-keys >"$out/keys.txt" 2>"$out/gui.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT

# Waits until the GUI has echoed $1 lines (bounded: a hung GUI fails the test, it does not hang it).
wait_lines() {
  for _ in $(seq 1 600); do
    [[ $(wc -l <"$out/keys.txt") -ge $1 ]] && return 0
    kill -0 $pid 2>/dev/null || { echo "the GUI exited" >&2; return 1; }
    sleep 0.1
  done
  echo "the GUI echoed $(wc -l <"$out/keys.txt") of $1 keys" >&2
  return 1
}

# Waits until the screen is all black ($1 = black) or not ($1 = drawn), then writes "$2: $1".
# The pixels are the xwd's last 1280*720*4 bytes (ZPixmap, 32 bits a pixel): black is bytes of
# 0 only, besides the pad byte (0 or 255); anything drawn has other values (the panels' greys).
screen_is() {
  command -v xwd >/dev/null || { echo "$2: unknown (xwd is missing: apt-get install x11-apps)" >>"$out/screen.txt"; return 0; }
  for _ in $(seq 1 300); do
    lit=$(xwd -root -silent | tail -c $((1280 * 720 * 4)) | tr -d '\000\377' | wc -c)
    if [[ $1 == black && $lit -eq 0 ]] || [[ $1 == drawn && $lit -gt 0 ]]; then
      echo "$2: $1" >>"$out/screen.txt"
      return 0
    fi
    sleep 0.1
  done
  echo "$2: never $1 ($lit lit bytes)" >>"$out/screen.txt"
  return 1
}

wid=$(timeout 60 xdotool search --sync --onlyvisible --name 'tcplab' | head -n1)
[[ -n $wid ]] || { echo "no tcplab window appeared" >&2; exit 1; }
xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
# Three taps 5 ms apart, each pressed and released at once: shorter than a frame, none may be
# lost. (Not 0 ms apart: GLFW drops a second press of a key stamped with the same millisecond.)
xdotool key --delay 5 Next Next Next
wait_lines 3 || exit 1
xdotool key b
wait_lines 4 || exit 1
screen_is black blank || exit 1
xdotool key b
wait_lines 5 || exit 1
screen_is drawn back || exit 1
xdotool key F5
wait_lines 6 || exit 1
xdotool key Prior
wait_lines 7 || exit 1
xdotool key equal  # "+": zoom in
wait_lines 8 || exit 1
xdotool key p  # the state diagram in place of the ladder
wait_lines 9 || exit 1
