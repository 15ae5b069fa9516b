#include "quiz/lesson_questions.h"

#include <algorithm>
#include <optional>
#include <set>

namespace tcplab::quiz {

namespace {

// The first event at the instant the step's first call was made: the class has seen everything
// before the call, and nothing it caused.
std::optional<std::size_t> before_call(const Trace& trace, const std::string& step) {
  const auto& events = trace.events();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto* c = get_if<CallEvent>(&events[i].body);
    if (!c || c->step != step) continue;
    std::size_t first = i;
    while (first > 0 && events[first - 1].at >= c->issued_at) --first;
    return first;
  }
  return std::nullopt;
}

std::optional<std::size_t> before_segment(const Trace& trace, std::uint64_t id) {
  const auto& events = trace.events();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto* s = get_if<SegmentEvent>(&events[i].body);
    if (s && s->id == id) return i;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Question> lesson_questions(const Scenario& scenario, const Trace& trace) {
  std::vector<Question> out;
  for (const LessonQuestion& lq : scenario.questions) {
    const auto at = lq.segment_id ? before_segment(trace, *lq.segment_id)
                                  : before_call(trace, lq.before);
    if (!at) continue;
    Question q;
    q.kind = QuestionKind::Lesson;
    q.before_step = q.answer_step = *at;
    q.step_label = lq.before;
    q.lesson_text = lq.text;
    q.lesson_why = lq.why;
    for (const Text& c : lq.choices) q.choices.emplace_back(c);
    q.right = lq.answer;
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<Question> predict_questions(const Scenario* scenario, const Trace& trace,
                                        const QuizOptions& options) {
  std::vector<Question> out;
  if (scenario) out = lesson_questions(*scenario, trace);
  std::set<std::size_t> taken;  // where the teacher asks, the generated question gives way
  for (const Question& q : out) taken.insert(q.before_step);
  for (Question& q : generate_questions(trace, options)) {
    if (!taken.contains(q.before_step)) out.push_back(std::move(q));
  }
  std::stable_sort(out.begin(), out.end(), [](const Question& a, const Question& b) {
    return a.before_step < b.before_step;
  });
  return out;
}

}  // namespace tcplab::quiz
