#pragma once
// The stepping cursor: which event of the trace the class is looking at. Step 0 is before the
// first event; step k is just after event k (1-based), at that event's time. Everything else
// (timeline fading, state diagram, sockets table, narration) follows the cursor.
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/trace.h"

namespace tcplab::gui {

class StepCursor {
 public:
  void attach(const Trace* trace);  // keeps the step (clamped) when a re-run replaces the trace
  std::size_t step() const { return step_; }
  std::size_t last_step() const;
  std::int64_t time_ns() const;  // the time of the current event (0 at step 0)
  void go_to(std::size_t step);
  void next() { go_to(step_ + 1); }
  void previous() { go_to(step_ == 0 ? 0 : step_ - 1); }
  void home() { go_to(0); }
  void end() { go_to(last_step()); }
  // The last step whose event happened at or before t.
  void go_to_time(std::int64_t t_ns);
  // The event the cursor stands on, if any.
  const TraceEvent* event() const;

  // Playing: `speed` steps per second of wall-clock time.
  bool playing = false;
  double speed = 2.0;
  // Advances by wall-clock `dt_seconds` while playing; stops at the end. Returns true if it moved.
  bool tick(double dt_seconds);

 private:
  const Trace* trace_ = nullptr;
  std::size_t step_ = 0;
  double carry_ = 0;  // fraction of a step accumulated while playing
};

// The step named on the command line: an event number ("12"), a time ("1.2s", "150ms"), "middle"
// (half the events) or "end".
std::optional<std::size_t> parse_step(const Trace& trace, std::string_view text);

}  // namespace tcplab::gui
