// The kernel's recording of a lesson in the GUI where no kernel runs it (the browser's case):
// shown in Linux kernel and Side by side, labelled as a recording with its Linux and date, and
// not shown once a knob or a dropped segment makes it a wrong run.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "export/jsonl.h"
#include "gui/kernel_recording.h"
#include "gui/views/gui_app.h"
#include "scenario/lesson_catalog.h"
#include "scenario/model_backend.h"
#include "source_tree_lessons.h"
#include "windowless_frames.h"

namespace tcplab::gui {
namespace {

const std::filesystem::path kRecordings = std::filesystem::path(TCPLAB_SOURCE_DIR) / "recordings";

std::optional<Trace> read_recording(const std::string& id) {
  const std::filesystem::path file = recording_file(kRecordings, id);
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return read_jsonl(in, file.string());
}

LessonProvider with_recordings() {
  LessonProvider provider = source_tree_lessons();
  provider.no_kernel = "no kernel in this test";
  provider.recording = read_recording;
  return provider;
}

TEST(KernelRecording, LinuxVersionIsMajorDotMinor) {
  EXPECT_EQ(linux_version("6.1.0-18-amd64"), "6.1");
  EXPECT_EQ(linux_version("6.18.44-fc-v1147"), "6.18");
  EXPECT_EQ(linux_version("5.10"), "5.10");
  EXPECT_EQ(linux_version("unknown"), "unknown");
  Trace t;
  t.kernel_release = "6.1.0-18-amd64";
  t.recorded_on = "2026-12-03";
  EXPECT_EQ(recording_label(t), "a recording from Linux 6.1, 2026-12-03");
}

TEST(KernelRecording, ShownLabelledInKernelModesAndNotWhenAKnobChanged) {
  const std::optional<Trace> recorded = read_recording("four-way-close");
  if (!recorded) GTEST_SKIP() << "no recordings/four-way-close.jsonl (tcplab record four-way-close)";
  ASSERT_FALSE(recorded->kernel_release.empty());
  ASSERT_FALSE(recorded->recorded_on.empty());
  const std::string label = recording_label(*recorded);

  GuiApp app(Settings{}, with_recordings());
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  app.set_mode(RunMode::Kernel);
  EXPECT_EQ(app.mode(), RunMode::Kernel);
  ASSERT_TRUE(app.showing_recording());
  EXPECT_EQ(app.session().trace().backend, "kernel");
  EXPECT_EQ(app.session().trace().segment_count(), recorded->segment_count());
  EXPECT_NE(app.session().title().find(label), std::string::npos) << app.session().title();

  app.set_mode(RunMode::SideBySide);
  ASSERT_NE(app.session().side_by_side(), nullptr);
  EXPECT_NE(app.session().title().find(label), std::string::npos) << app.session().title();

  // A knob changed: the recording is of the lesson as shipped, so it would be a wrong run.
  app.session().options.knobs.emplace_back("delayed_ack", "200ms");
  app.rerun_lesson();
  EXPECT_FALSE(app.showing_recording());
  EXPECT_EQ(app.session().side_by_side(), nullptr);
  EXPECT_EQ(app.session().trace().backend, "model");

  // Back to the lesson's own knobs: the recording fits again.
  app.session().options = RunOptions{};
  app.rerun_lesson();
  EXPECT_TRUE(app.showing_recording());
}

// recordings/ holds what `tcplab record` wrote: one kernel run per shipped lesson, named by its
// id, saying which Linux ran it and when, with the lesson's hosts.
TEST(KernelRecording, EveryRecordingIsAKernelRunOfAShippedLesson) {
  const std::filesystem::path lessons = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  ASSERT_EQ(recordings_dir_for(lessons), kRecordings);
  std::size_t recorded = 0;
  for (const auto& file : lesson_files(lessons)) {
    const Scenario lesson = source_tree_lessons().load(file.string());
    const std::optional<Trace> run = read_recording(lesson.id);
    if (!run) continue;
    ++recorded;
    EXPECT_EQ(run->backend, "kernel") << lesson.id;
    EXPECT_FALSE(run->kernel_release.empty()) << lesson.id;
    EXPECT_EQ(run->recorded_on.size(), 10u) << lesson.id;
    std::vector<std::string> hosts;
    for (const HostSpec& h : lesson.hosts) hosts.push_back(h.name);
    EXPECT_EQ(run->hosts, hosts) << lesson.id;
    EXPECT_GT(run->segment_count(), 0u) << lesson.id;
  }
  if (recorded == 0) GTEST_SKIP() << "no recordings in " << kRecordings << " (tcplab record --all)";
  for (const auto& entry : std::filesystem::directory_iterator(kRecordings)) {
    const std::string id = entry.path().stem().string();
    EXPECT_NO_THROW(source_tree_lessons().load(id)) << entry.path() << " names no lesson";
  }
}

// The desktop: side by side shows the recording at once; the live run, when it is done, takes
// its place and is labelled as before. The "live" run here is a job the test releases (its
// kernel side is the model's run: this test is about what is shown when, not about the kernel).
TEST(KernelRecording, TheLiveRunReplacesTheRecordingWhenItIsDone) {
  if (!read_recording("four-way-close"))
    GTEST_SKIP() << "no recordings/four-way-close.jsonl (tcplab record four-way-close)";
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  LessonProvider provider = with_recordings();
  provider.kernel = [released](const Scenario& scenario, const RunOptions& options, ForkGate&) {
    KernelJob job;
    job.time_limit = std::chrono::seconds(75);
    job.run = [released, scenario, options] {
      released.wait();
      ModelBackend model;
      ModelBackend stand_in_for_kernel;
      CompareRunOptions compare;
      compare.run = options;
      return compare_backends(scenario, model, stand_in_for_kernel, {}, compare);
    };
    job.stop = [] {};
    return job;
  };
  WindowlessFrames frames;
  GuiApp app(Settings{}, provider);
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  app.set_mode(RunMode::SideBySide);
  ASSERT_TRUE(app.showing_recording());  // at once, before any frame
  ASSERT_NE(app.session().side_by_side(), nullptr);
  frames.frame(app);  // starts the live run
  EXPECT_TRUE(app.busy());
  EXPECT_TRUE(app.showing_recording());
  EXPECT_NE(app.session().title().find("a recording from Linux"), std::string::npos);

  release.set_value();
  // Frames until the job has handed its result over (it returns as soon as it is released).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (app.busy() && std::chrono::steady_clock::now() < give_up) {
    frames.frame(app);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  frames.frame(app);
  ASSERT_FALSE(app.busy());
  EXPECT_FALSE(app.showing_recording());
  ASSERT_NE(app.session().side_by_side(), nullptr);
  EXPECT_EQ(app.session().title().find("recording"), std::string::npos) << app.session().title();
  EXPECT_NE(app.session().title().find("(model and Linux kernel)"), std::string::npos);
}

TEST(KernelRecording, ALessonWithoutARecordingShowsTheModel) {
  LessonProvider provider = with_recordings();
  provider.recording = [](const std::string&) { return std::optional<Trace>{}; };
  GuiApp app(Settings{}, provider);
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  app.set_mode(RunMode::Kernel);
  EXPECT_FALSE(app.showing_recording());
  EXPECT_EQ(app.session().trace().backend, "model");
}

}  // namespace
}  // namespace tcplab::gui
