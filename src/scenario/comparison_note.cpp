#include "scenario/comparison_note.h"

#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab {

using present::fill;
using present::tr;

std::string stop_cause_text(StopCause cause) {
  switch (cause) {
    case StopCause::None: return "";
    case StopCause::TimeLimit: return tr("its time limit");
    case StopCause::EventLimit: return tr("the lesson's event limit");
    case StopCause::TraceLimit: return tr("the limit on trace events (--max-events)");
    case StopCause::Asked: return tr("a request to stop");
  }
  return "";
}

std::string comparison_note_text(const ComparisonNote& note) {
  switch (note.kind) {
    case ComparisonNote::Kind::LessonKernelNote:
      // TRANSLATORS: {0} the lesson's own note on the kernel (in the lesson's words).
      return fill(tr("lesson's note on the kernel: {0}"), {note.text});
    case ComparisonNote::Kind::ModelLinkReplaced:
      // TRANSLATORS: {0} the model's one-way latency ("20 us"), {1} the lesson's ("10 ms").
      return fill(tr("the model ran with a {0} link (loopback-like) instead of the lesson's {1}, "
                     "so that timings compare"),
                  {present::duration_text(note.model_latency),
                   present::duration_text(note.lesson_latency)});
    case ComparisonNote::Kind::ComparedPrefix: {
      std::string why;
      if (note.cut == ComparisonNote::Cut::TimeLimit) {
        why = tr("a run reached its time limit");
      } else if (note.kernel_stopped_by == StopCause::None) {
        why = tr("the kernel's run stopped there");
      } else {
        // TRANSLATORS: {0} what stopped it ("its time limit").
        why = fill(tr("the kernel's run stopped there ({0})"),
                   {stop_cause_text(note.kernel_stopped_by)});
      }
      // TRANSLATORS: {0} how much of both runs was compared ("2.9 s"), {1} why no more.
      return fill(tr("compared the first {0} only: {1}"),
                  {present::duration_text(note.compared), why});
    }
  }
  return "";
}

std::string not_compared_text(const NotCompared& why) {
  // TRANSLATORS: {0} what stopped the model ("the lesson's event limit"), {1} how many events.
  return fill(tr("the model stopped at {0} after {1} trace events: raise it (--max-events N) to "
                 "compare this lesson"),
              {stop_cause_text(why.model_stopped_by), std::to_string(why.events)});
}

}  // namespace tcplab
