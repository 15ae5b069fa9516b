#pragma once
// The switch above the timeline: run the lesson on the model, on the real Linux kernel, or both
// side by side. While the kernel runs (up to a minute and more, when TIME-WAIT must expire): how
// long so far, and a Stop button that keeps what the kernel did until then.
#include <optional>
#include <string>
#include <vector>

#include "gui/run_mode.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

struct RunModeBarState {
  RunMode mode = RunMode::Model;
  bool kernel_possible = false;  // a lesson is open and this build has the kernel backend
  std::string why_not;           // ... and if not, why (a tooltip on the greyed switches)
  bool running = false;
  double elapsed_seconds = 0;
  double limit_seconds = 0;
  bool stop_requested = false;
  std::vector<std::string> notice;  // the kernel could not run the lesson, or the run failed
  // The kernel's run shown is a recording: which one, said plainly ("" for a live run).
  std::string recording;
};

struct RunModeBarResult {
  std::optional<RunMode> choose;
  bool stop = false;
};

RunModeBarResult run_mode_bar(const RunModeBarState& state, const UiLook& look);

}  // namespace tcplab::gui
