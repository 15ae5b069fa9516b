#!/usr/bin/env bash
# Drives tcplab-gui's file dialogs live, as a teacher would, under the X server this is run in
# (with_xvfb.sh, 1280x720x24 with a black root, -br): File > Open lesson..., in GTK's chooser Ctrl+L
# and a typed path to a lesson; File > Save trace... and File > Export slide as SVG... / PNG...,
# each a typed path in the chooser's name field, and the SVG once more over itself (GTK asks
# first; the answer is no). Then, where GTK cannot open a dialog (GDK_BACKEND=wayland without a
# Wayland server), File > Save trace... in the app's own popup: the path typed at once into its
# focused field. Writes OUT/saved.jsonl, OUT/slide.svg, OUT/slide.png, OUT/popup.jsonl, and
# pictures of the dialogs (OUT/*.png, where ImageMagick's convert is there to turn xwd into PNG).
#   drive_file_dialog.sh GUI_EXE OUT_DIR LESSON_FILE
set -u
gui=$1 out=$2 lesson=$3
export XDG_CONFIG_HOME=$out/config  # never the user's settings or last folder
export GSETTINGS_BACKEND=memory     # GTK's chooser keeps its own settings in memory, not in dconf
export NO_AT_BRIDGE=1              # no accessibility bus to look for under Xvfb
mkdir -p "$XDG_CONFIG_HOME"
cd "$out" || exit 1
start_gui() {
  "$gui" --lesson four-way-close --size 1280x720 >>"$out/gui.log" 2>&1 &
  pid=$!
  wid=$(timeout 60 xdotool search --sync --onlyvisible --name '^tcplab - ' | head -n1)
  [[ -n $wid ]] || { echo "no tcplab window appeared" >&2; exit 1; }
  # The first frames drawn (the X server's root is black, -br): the menu bar is there to click.
  # A slow start (a sanitizer build baking the Chinese glyphs) takes longer than a fast one.
  if command -v xwd >/dev/null; then
    for _ in $(seq 1 600); do
      [[ $(xwd -root -silent | tail -c $((1280 * 720 * 4)) | tr -d '\000\377' | wc -c) -gt 0 ]] && break
      sleep 0.1
    done
  fi
  sleep 1
}
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' EXIT

# The File menu at 1280x720 with the normal text size (18 px): its title in the menu bar, and
# the middles of its items' rows (one every 22 px below the bar; a separator takes 4 px).
file_menu=(22 12)
open_row=42 save_row=64 png_row=90 svg_row=112


# Chooses the File menu's item on row $1.
menu_item() {
  xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
  xdotool mousemove --window "$wid" "${file_menu[@]}" click 1
  sleep 0.5
  xdotool mousemove --window "$wid" 60 "$1"
  sleep 0.3
  xdotool click 1
}

# Waits for the dialog titled $1 and prints its window id (bounded: a missing dialog fails).
dialog() {
  local d
  d=$(timeout 30 xdotool search --sync --onlyvisible --name "$1" | head -n1)
  [[ -n $d ]] || { echo "no dialog '$1' appeared" >&2; return 1; }
  sleep 0.5  # drawn and ready for keys
  echo "$d"
}

# Waits until the dialog titled $1 is gone (at most $2 tenths of a second, 100 if not given);
# says so unless $3 is "quiet".
gone() {
  for _ in $(seq 1 "${2:-100}"); do
    xdotool search --onlyvisible --name "$1" >/dev/null 2>&1 || return 0
    sleep 0.1
  done
  [[ ${3:-} == quiet ]] || echo "the dialog '$1' stayed open" >&2
  return 1
}

picture() {
  command -v xwd >/dev/null && command -v convert >/dev/null || return 0
  xwd -root -silent | convert xwd:- "$out/$1.png"
}

# Waits until file $1 is there, not empty, and no longer growing (written whole).
written() {
  local size=-1
  for _ in $(seq 1 100); do
    if [[ -s $1 ]]; then
      [[ $(stat -c %s "$1") == "$size" ]] && return 0
      size=$(stat -c %s "$1")
    fi
    kill -0 $pid 2>/dev/null || { echo "the GUI exited" >&2; return 1; }
    sleep 0.1
  done
  echo "$1 was not written" >&2
  return 1
}

# Types path $2 into the chooser $1 shows: in an open dialog through the location field (Ctrl+L),
# in a save dialog over the suggested name (selected first).
type_path() {
  local d
  d=$(dialog "$1") || return 1
  xdotool windowfocus --sync "$d" 2>/dev/null || xdotool windowfocus "$d"
  picture "$3"
  if [[ $3 == open-dialog ]]; then xdotool key ctrl+l; else xdotool key ctrl+a; fi
  sleep 0.3
  xdotool type --delay 10 "$2"
  sleep 0.5
  picture "$3-typed"
  xdotool key Return
  # The name field's completion popup can take a Return for itself (GTK offers a file the typed
  # prefix matches; seen under load, the dialog left open with the path typed): Return again.
  for _ in 1 2; do
    gone "$1" 50 quiet && return 0
    xdotool windowfocus --sync "$d" 2>/dev/null || xdotool windowfocus "$d"
    xdotool key Return
  done
  gone "$1"
}

start_gui
menu_item $open_row
type_path 'Open a lesson' "$lesson" open-dialog || exit 1
sleep 1  # the lesson runs and is shown
picture opened
menu_item $save_row
type_path 'Save trace' "$out/saved.jsonl" save-dialog || exit 1
written "$out/saved.jsonl" || exit 1
menu_item $svg_row
type_path 'Export slide as SVG' "$out/slide.svg" svg-dialog || exit 1
written "$out/slide.svg" || exit 1
# Saving over a file asks first: Return over slide.svg brings GTK's "replace?" question; Escape
# answers no, a second Escape leaves the chooser; the file stays as it was.
before=$(stat -c %Y.%y "$out/slide.svg")
sleep 1.1  # a rewrite would change the modification time
menu_item $svg_row
d=$(dialog 'Export slide as SVG') || exit 1
xdotool windowfocus --sync "$d" 2>/dev/null || xdotool windowfocus "$d"
xdotool key ctrl+a
xdotool type --delay 10 "$out/slide.svg"
xdotool key Return
sleep 1
picture overwrite-question
xdotool key Escape
sleep 0.5
xdotool key Escape
gone 'Export slide as SVG' || exit 1
sleep 0.5
[[ $(stat -c %Y.%y "$out/slide.svg") == "$before" ]] || { echo "slide.svg was replaced without asking" >&2; exit 1; }
menu_item $png_row
type_path 'Export slide as PNG' "$out/slide.png" png-dialog || exit 1
written "$out/slide.png" || exit 1
kill $pid
wait $pid 2>/dev/null

# No dialog to be had: the popup, its field focused with the name offered selected, so what is
# typed replaces it.
GDK_BACKEND=wayland WAYLAND_DISPLAY=tcplab-none start_gui
menu_item $save_row
sleep 0.5
picture popup
xdotool type --delay 10 "$out/popup.jsonl"
sleep 0.5
picture popup-typed
# Enter held as a finger holds it: ImGui 1.86 reads Enter once a frame, so a press and release
# both between two frames (xdotool's "key") would go unseen.
xdotool keydown Return
sleep 0.2
xdotool keyup Return
written "$out/popup.jsonl" || exit 1
echo "opened $lesson; wrote saved.jsonl, slide.svg, slide.png; asked before replacing slide.svg; popup.jsonl through the popup"
