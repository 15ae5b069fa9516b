#pragma once
// Which piece of a lesson's narration belongs to which step of its trace, so the lesson panel
// can show the right text as the cursor moves.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab::gui {

struct PlacedNarration {
  std::size_t step = 0;  // shown from this step on (1-based event number; 0: from the start)
  const NarrationStep* narration = nullptr;
};

// Each narration step placed on the trace: after the call its `when.after` names (the first time
// it returns), at its instant, at the end, or when its segment is sent. Sorted by step; entries
// whose point never happens in this trace are left out.
std::vector<PlacedNarration> place_narration(const Scenario& scenario, const Trace& trace);
// Lesson text as written in TOML has line breaks where the author's editor wrapped; joins them
// so the panel can wrap to its own width. A blank line stays a paragraph break.
std::string reflow(std::string_view text);

// The narration to show at `step`: the last one placed at or before it.
const NarrationStep* narration_at(const std::vector<PlacedNarration>& placed, std::size_t step);

}  // namespace tcplab::gui
