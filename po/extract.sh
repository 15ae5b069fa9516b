#!/usr/bin/env bash
# Writes the message template (every literal the UI can show, marked tr() or N_()) to FILE.pot.
#   po/extract.sh [FILE.pot]     default: po/tcplab.pot
# See po/README.md for the whole round (extract, merge, translate, check).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/po/tcplab.pot}
cd "$root"
# The sources the GUI and the command line show text from (a run's warnings are Messages, N_()). errno_code.cpp marks strerror()'s
# texts with N_() (present::call_result_text translates them).
mapfile -t sources < <(ls src/present/*.cpp src/gui/*.cpp src/gui/*.h src/gui/views/*.cpp \
                          src/scenario/ladder_text.cpp src/scenario/check_report_text.cpp src/scenario/comparison_note.cpp \
                          src/scenario/checks.cpp src/app/tcplab_main.cpp src/app/gui_main_web.cpp src/app/file_dialog_gtk.cpp src/app/view_link.cpp src/core/errno_code.cpp \
                          src/core/state_transitions.cpp src/core/trace.cpp src/quiz/*.cpp src/worksheet/*.cpp \
                          src/scenario/model_backend.cpp src/export/pcap_reader.cpp src/packetdrill/script_runner.cpp \
                          src/real/kernel_backend.cpp src/real/kernel_knobs.cpp src/real/nfqueue_faults.cpp src/real/lesson_injector.cpp src/real/trace_builder.cpp src/real/script_kernel_runner.cpp | LC_ALL=C sort)
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=N_ \
  --add-comments=TRANSLATORS: --sort-by-file --no-wrap \
  --package-name=tcplab --msgid-bugs-address="the tcplab issue tracker" --output="$out" "${sources[@]}"
