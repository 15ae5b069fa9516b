// Predict mode in the application, without a window: the questions follow the run the lesson
// panel's knobs make. A longer delayed ACK turns the four-segment close into three, and the
// answers change with it: the server's bare ACK of the client's FIN is no longer asked about.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "gui/views/gui_app.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"
#include "source_tree_lessons.h"
#include "worksheet/worksheet_render.h"

namespace tcplab::gui {
namespace {

// Steps through the whole run with the clicker, the class always right; the flags of every
// segment the server was predicted to send next.
std::multiset<std::string> server_segments_predicted(GuiApp& app) {
  std::multiset<std::string> flags;
  app.predict_from(0, std::nullopt);
  StepCursor& cursor = app.session().cursor;
  for (std::size_t guard = 0; guard < 4 * cursor.last_step() + 64; ++guard) {
    if (app.predict().phase() == PredictPhase::Asking) {
      const quiz::Question q = *app.predict().current();
      if (const auto* s = std::get_if<quiz::SegmentGuess>(&q.choices[q.right]);
          s && s->sender.rfind("server", 0) == 0)
        flags.insert(tcpdump_flags(s->flags));
      app.predict_answer(q.right);
      app.predict_next();  // reveal
      continue;
    }
    if (cursor.step() == cursor.last_step()) break;
    app.predict_next();
  }
  return flags;
}

TEST(PredictApp, AKnobThatChangesTheRunChangesTheAnswers) {
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  app.set_predict(PredictVariant::Class);
  ASSERT_TRUE(app.predict().on());
  ASSERT_GE(app.predict().count(), 1u);
  // Linux's few-ms delayed ACK leaves before the server closes: the server's bare ACK is a
  // question of its own (four segments).
  const auto four = server_segments_predicted(app);
  EXPECT_EQ(four.count("."), 1u) << app.predict().count();
  EXPECT_EQ(app.predict().score().right, app.predict().score().answered);

  // Held 200 ms, the ACK rides on the server's FIN (three segments).
  app.session().options.knobs = {{"delayed_ack", "200ms"}, {"delayed_ack_before_data", "200ms"}};
  app.rerun_lesson();
  const auto three = server_segments_predicted(app);
  EXPECT_EQ(three.count("."), 0u);
  EXPECT_GE(three.count("F."), 1u);
}

TEST(PredictApp, TheAnswerIsSelectedOnTheTimelineAndTheFutureHidden) {
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("lost-last-ack"), std::nullopt);
  app.set_predict(PredictVariant::Student);
  EXPECT_TRUE(app.timeline().hide_future);
  // The lesson's own question before segment 8, the retransmitted FIN.
  const auto& questions = app.predict().questions();
  const auto own = std::find_if(questions.begin(), questions.end(), [](const quiz::Question& q) {
    return q.kind == quiz::QuestionKind::Lesson;
  });
  ASSERT_NE(own, questions.end());
  const quiz::Question q = *own;
  app.predict_from(q.before_step, std::nullopt);
  ASSERT_EQ(app.predict().phase(), PredictPhase::Asking);
  ASSERT_EQ(app.predict().current()->kind, quiz::QuestionKind::Lesson);
  EXPECT_EQ(app.session().selected_segment, 0u);
  app.predict_answer(q.right);  // a student's click: revealed at once
  EXPECT_EQ(app.predict().phase(), PredictPhase::Revealed);
  EXPECT_EQ(app.session().cursor.step(), q.answer_step + 1);
  EXPECT_EQ(app.session().selected_segment, 8u);
  app.set_predict(std::nullopt);
  EXPECT_FALSE(app.timeline().hide_future);
}

TEST(WorksheetMenu, WritesTheRunAsSetAndItsKeyInTheCurrentLanguage) {
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  app.session().options.knobs = {{"delayed_ack", "200ms"}, {"delayed_ack_before_data", "200ms"}};
  app.rerun_lesson();
  const auto dir = std::filesystem::path(::testing::TempDir()) / "tcplab-worksheet-menu";
  std::filesystem::create_directories(dir);
  std::string language;
  std::size_t segments = 0;
  app.set_worksheet_writer([&](const Scenario& scenario, const Trace& trace,
                               const std::string& lang, const std::string& stem) {
    language = lang;
    for (const TraceEvent& e : trace.events())
      segments += holds_alternative<SegmentEvent>(e.body) ? 1u : 0u;
    return worksheet::write_pdf_and_key(scenario, trace, lang, (dir / stem).string());
  });
  app.set_language("zh");
  ASSERT_EQ(app.write_worksheet(), std::nullopt) << app.status();
  app.set_language("en");
  EXPECT_EQ(language, "zh");
  // The run with the knob: the run the timeline shows.
  std::size_t shown = 0;
  for (const TraceEvent& e : app.session().trace().events())
    shown += holds_alternative<SegmentEvent>(e.body) ? 1u : 0u;
  EXPECT_EQ(segments, shown);
  for (const char* name : {"four-way-close-worksheet.pdf", "four-way-close-worksheet-key.pdf"}) {
    std::ifstream in(dir / name, std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    EXPECT_EQ(head, "%PDF-") << name;
  }
}

}  // namespace
}  // namespace tcplab::gui
