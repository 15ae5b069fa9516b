#include "gui/narration.h"

#include <algorithm>

namespace tcplab::gui {

namespace {

std::optional<std::size_t> step_of(const NarrationStep& n, const Trace& trace) {
  const auto& events = trace.events();
  if (n.segment_id) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto* seg = get_if<SegmentEvent>(&events[i].body);
      if (seg && seg->id == *n.segment_id) return i + 1;
    }
    return std::nullopt;
  }
  if (n.when.end) return events.size();
  if (!n.when.after.empty()) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto* call = get_if<CallEvent>(&events[i].body);
      if (call && call->step == n.when.after) return i + 1;
    }
    return std::nullopt;
  }
  if (n.when.at) {
    const std::int64_t t = to_ns(*n.when.at);
    auto it = std::upper_bound(events.begin(), events.end(), t,
                               [](std::int64_t x, const TraceEvent& e) { return x < to_ns(e.at); });
    return static_cast<std::size_t>(it - events.begin());
  }
  return 0;  // no point given: from the start
}

}  // namespace

std::vector<PlacedNarration> place_narration(const Scenario& scenario, const Trace& trace) {
  std::vector<PlacedNarration> placed;
  for (const NarrationStep& n : scenario.narration) {
    if (auto step = step_of(n, trace)) placed.push_back({*step, &n});
  }
  std::stable_sort(
      placed.begin(), placed.end(),
      [](const PlacedNarration& a, const PlacedNarration& b) { return a.step < b.step; });
  return placed;
}

std::string reflow(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size() && text[i] == '\n') ++i;  // a TOML  string starts with one
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\n') {
      out += c;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\n') {
      out += "\n\n";
      while (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (!out.empty() && out.back() != ' ' && i + 1 < text.size()) {
      // CJK text has no spaces between words: join without one.
      const auto lead = static_cast<unsigned char>(out.back());
      out += lead >= 0x80 ? "" : " ";
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

const NarrationStep* narration_at(const std::vector<PlacedNarration>& placed, std::size_t step) {
  const NarrationStep* shown = nullptr;
  for (const PlacedNarration& p : placed) {
    if (p.step > step) break;
    shown = p.narration;
  }
  return shown;
}

}  // namespace tcplab::gui
