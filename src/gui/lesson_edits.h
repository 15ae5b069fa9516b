#pragma once
// What the teacher changed from the lesson as loaded: another profile, profile knobs, the link's
// latency, SO_REUSEADDR or SO_LINGER {1, 0} on a host, segments dropped from the GUI. Read off the
// run's Scenario and RunOptions (edits_of) and laid onto the lesson again (apply_edits): a shared
// link carries them, and a kernel recording (made with none) matches only when there are none.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario/backend.h"
#include "scenario/scenario.h"

namespace tcplab::gui {

struct LessonEdits {
  std::optional<std::string> profile;                      // another profile than the lesson's
  std::vector<std::pair<std::string, std::string>> knobs;  // profile knobs set, in order
  std::optional<Duration> latency;                         // one way, where not the lesson's
  std::vector<std::pair<std::string, bool>> reuse_addr;    // host, SO_REUSEADDR on or off
  std::vector<std::pair<std::string, bool>> linger_zero;   // host, SO_LINGER {1, 0} on or off
  std::vector<std::uint64_t> dropped;                      // segment numbers dropped
  bool empty() const { return *this == LessonEdits{}; }
  bool operator==(const LessonEdits&) const = default;
};

// The fault "Drop this segment and re-run" adds: segment number `id` of the run is lost.
FaultSpec drop_segment_fault(std::uint64_t id);

// What `as_run` and `options` change from `lesson` (its own knobs left out: they are the lesson's).
LessonEdits edits_of(const Scenario& lesson, const Scenario& as_run, const RunOptions& options);

// The lesson with `edits` laid on: fills `as_run` and `options`. A profile, knob or host the
// lesson does not have is refused with a sentence naming it (the link's part that is wrong), and
// nothing is changed.
struct EditsRefused {
  std::string part;  // "knob.time_wait", "reuseaddr.server", "profile", "drop"
  std::string why;   // already translated
};
std::optional<EditsRefused> apply_edits(const LessonEdits& edits, const Scenario& lesson,
                                        Scenario& as_run, RunOptions& options);

}  // namespace tcplab::gui
