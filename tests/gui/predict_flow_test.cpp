// Predict mode's flow on the model's own runs of the lessons: stepping stops before each
// question's event with that event still unseen, the reveal moves the cursor onto the answer,
// the score counts what was marked, and a student's click is revealed at once.
#include "gui/predict_flow.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "gui/future_veil.h"
#include "gui/timeline_builder.h"
#include "present/call_label.h"
#include "present/segment_label.h"
#include "model_runs.h"
#include "quiz/answer_check.h"
#include "quiz/lesson_questions.h"

namespace tcplab::gui {
namespace {

struct LessonRun {
  Scenario scenario;
  Trace trace;
};

LessonRun lesson_run(const std::string& id, const RunOptions& options = {}) {
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  Scenario s = load_lesson_file(resolve_lesson(id, dir));
  Trace t = model_trace(s, options);
  return {std::move(s), std::move(t)};
}

// Clicks "next" through the whole run, answering each question with `pick(question)`;
// returns the questions in the order they were asked.
template <typename Pick>
std::vector<quiz::Question> walk(PredictFlow& flow, StepCursor& cursor, Pick pick) {
  std::vector<quiz::Question> asked;
  for (std::size_t guard = 0; guard < 4 * cursor.last_step() + 64; ++guard) {
    if (cursor.step() == cursor.last_step() && flow.phase() != PredictPhase::Asking) break;
    flow.next(cursor);
    if (flow.phase() != PredictPhase::Asking) continue;
    asked.push_back(*flow.current());
    if (const std::optional<std::size_t> choice = pick(*flow.current())) flow.choose(cursor, *choice);
    flow.next(cursor);  // the clicker reveals
    EXPECT_EQ(flow.phase(), PredictPhase::Revealed);
  }
  return asked;
}

TEST(PredictFlow, StopsBeforeEachEventAskedAboutAndRevealsItOnTheTimeline) {
  const LessonRun run = lesson_run("four-way-close");
  PredictFlow flow;
  flow.start(quiz::predict_questions(&run.scenario, run.trace), PredictVariant::Class);
  ASSERT_GE(flow.count(), 4u);
  StepCursor cursor;
  cursor.attach(&run.trace);
  std::size_t asked = 0;
  while (cursor.step() < cursor.last_step()) {
    flow.next(cursor);
    if (flow.phase() != PredictPhase::Asking) continue;
    const quiz::Question& q = *flow.current();
    ++asked;
    // The class sees the trace up to the question, not the event that answers it.
    EXPECT_EQ(cursor.step(), q.before_step);
    EXPECT_LE(cursor.step(), q.answer_step);
    EXPECT_FALSE(cursor.playing);
    flow.choose(cursor, q.right);
    EXPECT_EQ(flow.phase(), PredictPhase::Asking) << "the class variant waits for the teacher";
    flow.next(cursor);
    ASSERT_EQ(flow.phase(), PredictPhase::Revealed);
    EXPECT_EQ(flow.was_right(), std::optional<bool>(true));
    // The answer shown is what the run did.
    EXPECT_TRUE(quiz::consistent_with_trace(q, q.choices[q.right], run.trace));
    // On the timeline: the cursor stands just after the answer's event, unless a question still
    // to be asked stops before it.
    std::size_t expected = q.answer_step + 1;
    for (std::size_t j = flow.number(); j < flow.count(); ++j)
      expected = std::min(expected, flow.questions()[j].before_step);
    EXPECT_EQ(cursor.step(), std::max(expected, q.before_step)) << "question " << asked;
  }
  EXPECT_EQ(asked, flow.count());
  EXPECT_EQ(flow.score().right, asked);
  EXPECT_EQ(flow.score().answered, asked);
}

TEST(PredictFlow, WrongAndUnmarkedAnswersAreScoredAsSuch) {
  const LessonRun run = lesson_run("lost-last-ack");
  PredictFlow flow;
  flow.start(quiz::predict_questions(&run.scenario, run.trace), PredictVariant::Class);
  StepCursor cursor;
  cursor.attach(&run.trace);
  std::size_t n = 0;
  // Wrong, then unmarked (the teacher reveals without a letter), then right, in turn.
  const auto asked = walk(flow, cursor, [&n](const quiz::Question& q) -> std::optional<std::size_t> {
    switch (n++ % 3) {
      case 0:
        return (q.right + 1) % q.choices.size();
      case 1:
        return std::nullopt;
      default:
        return q.right;
    }
  });
  ASSERT_EQ(asked.size(), flow.count());
  const std::size_t thirds = asked.size() / 3, rest = asked.size() % 3;
  EXPECT_EQ(flow.score().right, thirds + (rest > 2 ? 1 : 0));
  EXPECT_EQ(flow.score().answered, asked.size() - thirds - (rest > 1 ? 1 : 0));
  EXPECT_EQ(cursor.step(), cursor.last_step());
}

TEST(PredictFlow, AStudentsClickIsRevealedAtOnce) {
  const LessonRun run = lesson_run("linger-zero");
  PredictFlow flow;
  flow.start(quiz::predict_questions(&run.scenario, run.trace), PredictVariant::Student);
  StepCursor cursor;
  cursor.attach(&run.trace);
  flow.next(cursor);
  ASSERT_EQ(flow.phase(), PredictPhase::Asking);
  const quiz::Question q = *flow.current();
  const std::size_t wrong = (q.right + 1) % q.choices.size();
  flow.choose(cursor, wrong);
  EXPECT_EQ(flow.phase(), PredictPhase::Revealed);
  EXPECT_EQ(flow.was_right(), std::optional<bool>(false));
  EXPECT_EQ(flow.score().right, 0u);
  EXPECT_EQ(flow.score().answered, 1u);
  // A second click after the reveal changes nothing.
  flow.choose(cursor, q.right);
  EXPECT_EQ(flow.score().answered, 1u);
}

TEST(PredictFlow, TheLessonsOwnQuestionIsAskedBeforeItsStepsCall) {
  const LessonRun run = lesson_run("linger-zero");
  ASSERT_FALSE(run.scenario.questions.empty());
  PredictFlow flow;
  flow.start(quiz::predict_questions(&run.scenario, run.trace), PredictVariant::Class);
  StepCursor cursor;
  cursor.attach(&run.trace);
  const auto asked = walk(flow, cursor, [](const quiz::Question& q) { return q.right; });
  const auto lesson_q = std::find_if(asked.begin(), asked.end(), [](const quiz::Question& q) {
    return q.kind == quiz::QuestionKind::Lesson;
  });
  ASSERT_NE(lesson_q, asked.end());
  EXPECT_EQ(lesson_q->step_label, "abort.close");
  // Nothing the close did is shown yet: the next event is at the call's instant, and the
  // call's own result comes at or after it.
  const auto& events = run.trace.events();
  std::size_t call = events.size();
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto* c = get_if<CallEvent>(&events[i].body);
    if (c && c->step == "abort.close") call = i;
  }
  ASSERT_LT(call, events.size());
  EXPECT_LE(lesson_q->before_step, call);
  EXPECT_EQ(events[lesson_q->before_step].at, get<CallEvent>(events[call].body).issued_at);
  ASSERT_GT(lesson_q->before_step, 0u);
  EXPECT_LT(events[lesson_q->before_step - 1].at, events[lesson_q->before_step].at);
  // The RST it asks about comes right after.
  bool rst_after = false;
  for (std::size_t i = lesson_q->before_step; i < events.size() && !rst_after; ++i) {
    const auto* s = get_if<SegmentEvent>(&events[i].body);
    if (s && s->from == "abort") rst_after = s->segment.flags.rst();
    if (s && s->from == "abort") break;
  }
  EXPECT_TRUE(rst_after);
}

TEST(PredictFlow, PlayingOrDraggingForwardStopsBeforeTheNextQuestionAndBackIsNotAskedAgain) {
  const LessonRun run = lesson_run("four-way-close");
  PredictFlow flow;
  flow.start(quiz::predict_questions(&run.scenario, run.trace), PredictVariant::Class);
  StepCursor cursor;
  cursor.attach(&run.trace);
  // The first question after step 0 (one at step 0 is asked by the next key, before any move).
  std::size_t first = 0;
  for (const quiz::Question& q : flow.questions()) {
    if (q.before_step > 0) {
      first = q.before_step;
      break;
    }
  }
  ASSERT_GT(first, 0u);
  cursor.playing = true;
  cursor.end();  // the scrubber dragged to the end
  flow.cursor_moved(cursor, 0);
  EXPECT_EQ(cursor.step(), first);
  EXPECT_EQ(flow.phase(), PredictPhase::Asking);
  EXPECT_FALSE(cursor.playing);
  flow.reveal(cursor);
  const std::size_t after = cursor.step();
  // Back to the start and forward again: the revealed question is not asked twice.
  cursor.home();
  flow.cursor_moved(cursor, after);
  EXPECT_EQ(flow.phase(), PredictPhase::Stepping);
  const std::size_t from = cursor.step();
  cursor.go_to(after);
  flow.cursor_moved(cursor, from);
  EXPECT_EQ(flow.phase(), PredictPhase::Stepping);
  EXPECT_EQ(cursor.step(), after);
  EXPECT_EQ(flow.score().answered, 0u);  // revealed without a letter
}

TEST(PredictFlow, EveryShippedLessonCanBePlayedThroughWithItsQuestions) {
  const auto dir = find_lessons_dir();
  ASSERT_TRUE(dir);
  for (const auto& file : lesson_files(*dir)) {
    SCOPED_TRACE(file.string());
    const Scenario s = load_lesson_file(file);
    const Trace t = model_trace(s);
    PredictFlow flow;
    flow.start(quiz::predict_questions(&s, t), PredictVariant::Class);
    EXPECT_GE(flow.count(), 1u);
    StepCursor cursor;
    cursor.attach(&t);
    const auto asked = walk(flow, cursor, [](const quiz::Question& q) { return q.right; });
    EXPECT_EQ(asked.size(), flow.count());
    EXPECT_EQ(flow.score().right, flow.count());
    EXPECT_EQ(cursor.step(), cursor.last_step());
  }
}

TEST(FutureVeil, NothingBelowTheCursorIsDrawn) {
  FrameGeometry g;
  g.rects.push_back({{0, 10}, {5, 50}, {}});    // a band through the cursor: cut
  g.rects.push_back({{0, 40}, {5, 60}, {}});    // a band after it: dropped
  g.lines.push_back({{0, 20}, {10, 40}, {}});   // an arrow in flight: cut at the cursor
  g.lines.push_back({{0, 35}, {10, 45}, {}});   // sent after: dropped
  g.texts.push_back({{0, 25}, "F. seq 1 ack 1", {}});
  g.texts.push_back({{0, 30}, "TIME-WAIT", {}});  // starts on the cursor's row: dropped
  g.triangles.push_back({{0, 38}, {2, 40}, {4, 38}, {}});
  // A later segment's label the placer moved above the cut: drawn in the future's alpha, 0.
  g.texts.push_back({{0, 12}, ". seq 2 ack 2 LOST", Rgba{}.with_alpha(0)});
  cut_below(g, 30);
  ASSERT_EQ(g.rects.size(), 1u);
  EXPECT_EQ(g.rects[0].max.y, 30);
  ASSERT_EQ(g.lines.size(), 1u);
  EXPECT_EQ(g.lines[0].b.y, 30);
  EXPECT_EQ(g.lines[0].b.x, 5);
  ASSERT_EQ(g.texts.size(), 1u);
  EXPECT_EQ(g.texts[0].text, "F. seq 1 ack 1");
  EXPECT_TRUE(g.triangles.empty());
}

// The label the ladder writes for event `e` (a call's or a segment's), or "" for other events.
std::string ladder_label(const TraceEvent& e) {
  if (const auto* call = get_if<CallEvent>(&e.body)) return present::short_call_label(*call);
  if (const auto* seg = get_if<SegmentEvent>(&e.body)) return present::segment_label(*seg);
  return "";
}

// The veiled ladder at each question shows nothing of the answer: not the call's result nor the
// segment's label, even when the answering event happens at the cursor's very instant (recv()
// returning 0 at the FIN's arrival). Every call and segment question of every lesson.
TEST(FutureVeil, TheLadderAtAQuestionNeverShowsItsAnswer) {
  Theme veiled = kLightTheme;
  veiled.future_alpha = 0;  // as the timeline panel draws predict mode
  std::size_t checked = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons")) {
    if (entry.path().extension() != ".toml") continue;
    const LessonRun run = lesson_run(entry.path().string());
    const auto& events = run.trace.events();
    if (events.size() > 2000) continue;  // port exhaustion: thousands of alike connections
    const TimelineIndex index(run.trace, fold_policy_for(run.trace));
    for (const quiz::Question& q : quiz::predict_questions(&run.scenario, run.trace)) {
      if (q.kind != quiz::QuestionKind::CallResult && q.kind != quiz::QuestionKind::NextSegment)
        continue;
      const std::string answer = ladder_label(events[q.answer_step]);
      ASSERT_FALSE(answer.empty()) << run.scenario.id << " question at step " << q.before_step;
      // Shown already by an earlier event: the ladder may rightly show it.
      bool seen = false;
      for (std::size_t i = 0; i < q.before_step; ++i) seen |= ladder_label(events[i]) == answer;
      if (seen) continue;
      TimelineFrame frame;
      frame.width = 1200;
      frame.height = 800;
      frame.theme = &veiled;
      frame.hide_future = true;
      frame.has_cursor = true;
      frame.cursor_step = q.before_step;
      frame.cursor_ns = q.before_step == 0 ? 0 : to_ns(events[q.before_step - 1].at);
      TimelineView view;
      fit_range(view, static_cast<double>(index.fold().fold(index.begin_ns())),
                static_cast<double>(index.fold().fold(index.end_ns())), 760, 16);
      FrameGeometry g;
      build_timeline(index, view, frame, g);
      for (const auto& text : g.texts) {
        EXPECT_NE(text.text.rfind(answer, 0), 0u)
            << run.scenario.id << ": at step " << q.before_step << " the ladder shows \""
            << text.text << "\", the answer of event " << q.answer_step;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 10u);
}

}  // namespace
}  // namespace tcplab::gui
