#pragma once
// A shareable link to one view of tcplab in the browser: the URL's fragment holds the lesson, the
// language, the run mode, predict mode, what the teacher changed (profile, knobs, latency, socket
// options, dropped segments) and the step:
//   #lesson=lost-last-ack&lang=zh&mode=both&predict=class&knob.time_wait=30s&drop=5&step=7
// A teacher copies it; opening it restores that view. Text made from typed fields, read back by
// parse_view_link() only (the browser hands the fragment over as typed by someone).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "gui/lesson_edits.h"
#include "gui/predict_flow.h"
#include "gui/run_mode.h"

namespace tcplab::gui {

struct ViewLink {
  std::string lesson;                    // a lesson id from lessons/
  std::optional<std::string> language;   // "en" or "zh"
  std::optional<RunMode> mode;
  std::optional<std::size_t> step;
  std::optional<PredictVariant> predict;  // predict mode on, in this variant
  // Changed from the lesson: "profile=", "knob.NAME=", "latency=", "reuseaddr.HOST=on|off",
  // "linger0.HOST=on|off", "drop=N,M".
  LessonEdits edits;
  bool operator==(const ViewLink&) const = default;
};

// "lesson=...&lang=...&mode=...&predict=...&<edits>&step=..." (without '#'); fields left unset
// are left out, and so are edits not made.
std::string format_view_link(const ViewLink& link);

// Reads a fragment (with or without its '#'). Unknown keys are ignored (a newer tcplab's link
// still opens); a known key with a bad value is an error naming the key and the value. Whether a
// knob or host exists is the lesson's to say (apply_edits).
struct ViewLinkParse {
  ViewLink link;
  std::optional<std::string> error;
};
ViewLinkParse parse_view_link(std::string_view fragment);

}  // namespace tcplab::gui
