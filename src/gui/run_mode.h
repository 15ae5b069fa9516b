#pragma once
// Which run of the lesson the timeline shows: the model's, the real Linux kernel's (over
// loopback, in a private network namespace), or both side by side on one time axis.
#include <array>
#include <optional>
#include <string_view>

#include "present/translate.h"

namespace tcplab::gui {

enum class RunMode { Model, Kernel, SideBySide };

inline constexpr std::array<RunMode, 3> kRunModes{RunMode::Model, RunMode::Kernel,
                                                  RunMode::SideBySide};

// As the command line spells it: "model", "kernel", "both".
constexpr std::string_view to_string(RunMode mode) {
  switch (mode) {
    case RunMode::Model:
      return "model";
    case RunMode::Kernel:
      return "kernel";
    case RunMode::SideBySide:
      return "both";
  }
  return "model";
}

// As the toggle shows it, in English (the toggle passes it through present::tr()).
constexpr std::string_view label(RunMode mode) {
  switch (mode) {
    case RunMode::Model:
      return N_("Model");
    case RunMode::Kernel:
      return N_("Linux kernel");
    case RunMode::SideBySide:
      return N_("Side by side");
  }
  return N_("Model");
}

constexpr std::optional<RunMode> parse_run_mode(std::string_view text) {
  for (RunMode m : kRunModes) {
    if (to_string(m) == text) return m;
  }
  return std::nullopt;
}

constexpr bool needs_kernel(RunMode mode) { return mode != RunMode::Model; }

}  // namespace tcplab::gui
