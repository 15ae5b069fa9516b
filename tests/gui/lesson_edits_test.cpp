// What the teacher changed from a lesson, read off the run and laid onto the lesson again: the
// shared link's knobs and faults, and whether a kernel recording still matches.
#include "gui/lesson_edits.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "gui/scenario_edits.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::gui {
namespace {

Scenario lesson(const std::string& id) {
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  return load_lesson_file(resolve_lesson(id, dir));
}

TEST(LessonEdits, NoneForTheLessonAsLoaded) {
  const Scenario s = lesson("lost-last-ack");
  EXPECT_TRUE(edits_of(s, s, RunOptions{}).empty());
}

TEST(LessonEdits, ReadsBackWhatWasLaidOn) {
  const Scenario loaded = lesson("four-way-close");
  LessonEdits edits;
  edits.profile = "rfc9293";
  edits.knobs = {{"delayed_ack", "0"}, {"time_wait", "30s"}};
  edits.latency = std::chrono::milliseconds(25);
  edits.reuse_addr = {{"server", true}};
  edits.linger_zero = {{"client", true}};
  edits.dropped = {4, 6};
  Scenario as_run;
  RunOptions options;
  ASSERT_FALSE(apply_edits(edits, loaded, as_run, options));
  EXPECT_EQ(as_run.link.latency, std::chrono::milliseconds(25));
  EXPECT_TRUE(has_reuse_addr(as_run, "server"));
  EXPECT_TRUE(has_linger_zero(as_run, "client"));
  ASSERT_EQ(options.extra_faults.size(), 2u);
  EXPECT_EQ(options.extra_faults[1].match.segment_id, 6u);
  EXPECT_EQ(edits_of(loaded, as_run, options), edits);
}

TEST(LessonEdits, ADroppedSegmentIsLostInTheRun) {
  // Segment 4 of the four-way close is the server's first reply after the client's FIN;
  // dropping it from a link must drop it in the run, as "Drop this segment" does.
  const Scenario loaded = lesson("four-way-close");
  LessonEdits edits;
  edits.dropped = {4};
  Scenario as_run;
  RunOptions options;
  ASSERT_FALSE(apply_edits(edits, loaded, as_run, options));
  const RunResult run = ModelBackend().run(as_run, options);
  const SegmentEvent* dropped = run.trace.segment_by_id(4);
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->fate, SegmentFate::Dropped);
}

TEST(LessonEdits, TurningOffWhatTheLessonSetsIsAnEdit) {
  const Scenario loaded = lesson("linger-zero");
  ASSERT_TRUE(has_linger_zero(loaded, "abort"));
  Scenario as_run = loaded;
  set_linger_zero(as_run, "abort", false);
  const LessonEdits edits = edits_of(loaded, as_run, RunOptions{});
  ASSERT_EQ(edits.linger_zero.size(), 1u);
  EXPECT_EQ(edits.linger_zero[0], (std::pair<std::string, bool>{"abort", false}));
}

TEST(LessonEdits, RefusesWhatTheLessonDoesNotHaveNamingThePart) {
  const Scenario loaded = lesson("four-way-close");
  Scenario as_run = loaded;
  RunOptions options;
  options.knobs = {{"msl", "1s"}};
  auto refused = [&](LessonEdits e) { return apply_edits(e, loaded, as_run, options); };

  LessonEdits bad_profile;
  bad_profile.profile = "bsd";
  ASSERT_TRUE(refused(bad_profile));
  EXPECT_EQ(refused(bad_profile)->part, "profile");

  LessonEdits bad_knob;
  bad_knob.knobs = {{"no_such_knob", "1"}};
  ASSERT_TRUE(refused(bad_knob));
  EXPECT_EQ(refused(bad_knob)->part, "knob.no_such_knob");

  LessonEdits bad_value;
  bad_value.knobs = {{"time_wait", "soon"}};
  ASSERT_TRUE(refused(bad_value));
  EXPECT_EQ(refused(bad_value)->part, "knob.time_wait");
  EXPECT_NE(refused(bad_value)->why.find("soon"), std::string::npos);

  LessonEdits bad_host;
  bad_host.reuse_addr = {{"router", true}};
  ASSERT_TRUE(refused(bad_host));
  EXPECT_EQ(refused(bad_host)->part, "reuseaddr.router");
  EXPECT_EQ(refused(bad_host)->why, "the lesson has no host 'router'");

  LessonEdits bad_linger_host;
  bad_linger_host.linger_zero = {{"router", true}};
  ASSERT_TRUE(refused(bad_linger_host));
  EXPECT_EQ(refused(bad_linger_host)->part, "linger0.router");

  LessonEdits bad_drop;
  bad_drop.dropped = {0};
  ASSERT_TRUE(refused(bad_drop));
  EXPECT_EQ(refused(bad_drop)->part, "drop");

  // Refused: nothing changed.
  EXPECT_EQ(options.knobs.size(), 1u);
  EXPECT_EQ(options.knobs[0].first, "msl");
}

}  // namespace
}  // namespace tcplab::gui
