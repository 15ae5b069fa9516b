#pragma once
// A shareable link to one view of tcplab in the browser: the URL's fragment holds the lesson, the
// language, the run mode and the step ("#lesson=four-way-close&lang=zh&mode=both&step=7"). A
// teacher copies it; opening it restores that view. Text made from typed fields, read back by
// parse_view_link() only (the browser hands the fragment over as typed by someone).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "gui/run_mode.h"

namespace tcplab::gui {

struct ViewLink {
  std::string lesson;                    // a lesson id from lessons/
  std::optional<std::string> language;   // "en" or "zh"
  std::optional<RunMode> mode;
  std::optional<std::size_t> step;
  bool operator==(const ViewLink&) const = default;
};

// "lesson=...&lang=...&mode=...&step=..." (without '#'); fields left unset are left out.
std::string format_view_link(const ViewLink& link);

// Reads a fragment (with or without its '#'). Unknown keys are ignored (a newer tcplab's link
// still opens); a known key with a bad value is an error naming the key and the value.
struct ViewLinkParse {
  ViewLink link;
  std::optional<std::string> error;
};
ViewLinkParse parse_view_link(std::string_view fragment);

}  // namespace tcplab::gui
