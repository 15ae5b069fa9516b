#pragma once
// What `tcplab compare` and the GUI's "Model vs kernel" tab tell the reader besides the
// differences, as data (the lesson's kernel note, the model's link, how much was compared, why
// nothing was), worded when shown in the reader's language.
#include <cstddef>
#include <string>

#include "core/time.h"
#include "scenario/backend.h"

namespace tcplab {

struct ComparisonNote {
  enum class Kind {
    LessonKernelNote,   // the lesson's own words on the kernel (`text`)
    ModelLinkReplaced,  // the model ran with `model_latency`, not the lesson's `lesson_latency`
    ComparedPrefix,     // only the first `compared` of both runs were compared: `cut` says why
  };
  // Why a comparison stopped short.
  enum class Cut { TimeLimit, KernelStopped };

  Kind kind = Kind::LessonKernelNote;
  std::string text{};                 // LessonKernelNote
  Duration model_latency{};           // ModelLinkReplaced
  Duration lesson_latency{};
  Duration compared{};                // ComparedPrefix
  Cut cut = Cut::TimeLimit;
  StopCause kernel_stopped_by = StopCause::None;  // Cut::KernelStopped: what stopped it, if known
};

// Why the runs were not compared although the kernel ran: the model stopped at a limit on
// events after `events` trace events, so there is no whole model run to compare with.
struct NotCompared {
  StopCause model_stopped_by = StopCause::None;
  std::size_t events = 0;
};

// In the current language (present::tr): "the model ran with a 20 µs link ...".
std::string comparison_note_text(const ComparisonNote& note);
std::string not_compared_text(const NotCompared& why);
// "its time limit", "the lesson's event limit" ...: what stopped a run, in the current language.
std::string stop_cause_text(StopCause cause);

}  // namespace tcplab
