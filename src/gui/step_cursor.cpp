#include "gui/step_cursor.h"

#include <algorithm>
#include <charconv>

#include "core/profile.h"

namespace tcplab::gui {

void StepCursor::attach(const Trace* trace) {
  trace_ = trace;
  step_ = std::min(step_, last_step());
  carry_ = 0;
}

std::size_t StepCursor::last_step() const { return trace_ ? trace_->size() : 0; }

std::int64_t StepCursor::time_ns() const {
  const TraceEvent* e = event();
  return e ? to_ns(e->at) : 0;
}

void StepCursor::go_to(std::size_t step) { step_ = std::min(step, last_step()); }

void StepCursor::go_to_time(std::int64_t t_ns) {
  if (!trace_) return;
  const auto& events = trace_->events();
  auto it = std::upper_bound(events.begin(), events.end(), t_ns,
                             [](std::int64_t t, const TraceEvent& e) { return t < to_ns(e.at); });
  go_to(static_cast<std::size_t>(it - events.begin()));
}

const TraceEvent* StepCursor::event() const {
  if (!trace_ || step_ == 0 || step_ > trace_->size()) return nullptr;
  return &trace_->events()[step_ - 1];
}

bool StepCursor::tick(double dt_seconds) {
  if (!playing) return false;
  carry_ += dt_seconds * speed;
  bool moved = false;
  while (carry_ >= 1.0) {
    carry_ -= 1.0;
    if (step_ >= last_step()) {
      playing = false;
      carry_ = 0;
      break;
    }
    ++step_;
    moved = true;
  }
  return moved;
}

std::optional<std::size_t> parse_step(const Trace& trace, std::string_view text) {
  if (text == "end") return trace.size();
  if (text == "middle") return trace.size() / 2;
  std::size_t number = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc{} && ptr == text.data() + text.size()) {
    if (number > trace.size()) return std::nullopt;
    return number;
  }
  if (auto d = parse_duration(text)) {
    StepCursor c;
    c.attach(&trace);
    c.go_to_time(to_ns(*d));
    return c.step();
  }
  return std::nullopt;
}

}  // namespace tcplab::gui
