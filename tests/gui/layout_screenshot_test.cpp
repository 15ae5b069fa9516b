// The layout report over the classroom matrix, through the real GUI under Xvfb: every lesson at
// its middle step and at its end, at 1280x720 and 1920x1080, in English and Chinese, normal and
// presentation mode, alone and side by side with the kernel. In every frame no two texts of a
// panel overlap, no text is cut by its panel, in presentation mode no text is under 18 px, and in
// Chinese no text drawn is a UI message left in English (one the catalog translates).
// One GUI process per lesson, language and backend renders its eight frames (tcplab-gui --shots).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "gui/layout_report.h"
#include "present/translate.h"
#include "xvfb_gui.h"

namespace tcplab::gui {
namespace {

std::filesystem::path work_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::path(::testing::TempDir()) /
             ("tcplab-layout-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

std::vector<std::filesystem::path> lesson_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons")) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The texts of a Chinese frame that the catalog would have translated: a tr() forgotten.
std::string english_left(const LayoutReport& report) {
  static const bool loaded = present::load_catalogs(TCPLAB_TEST_LOCALE_DIR).empty();
  if (!loaded) return "the zh_CN catalog of this build cannot be read";
  std::string found;
  for (const LayoutText& t : report.texts) {
    if (present::tr_in(present::kChinese, t.text) != t.text) found += "'" + t.text + "' ";
  }
  return found;
}

struct Frame {
  std::string at, size, mode, lang;
  std::filesystem::path report;
};

class LayoutMatrix : public ::testing::TestWithParam<std::filesystem::path> {
 protected:
  void SetUp() override {
    if (!have_xvfb())
      GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb): no GUI frames";
  }
};

// Renders the matrix for one lesson through `tcplab-gui ... EXTRA --shots PLAN` (EXTRA: more
// options, such as the backend) and checks every frame's report.
// With the kernel, the exit code says what its run came to (1: it differs from the model, 3: it
// could not be compared), not whether the frames were drawn: each frame's report must exist.
void expect_readable_frames(const std::filesystem::path& lesson, const std::string& name,
                            const std::string& extra, bool with_kernel = false) {
  const std::string stem = lesson.stem().string() + name;
  std::vector<Frame> frames;
  std::string commands;
  for (const char* lang : {"en", "zh"}) {
    const auto plan = work_dir() / (stem + "-" + lang + ".plan");
    std::ofstream out(plan);
    for (const char* at : {"middle", "end"}) {
      for (const char* size : {"1280x720", "1920x1080"}) {
        for (const char* mode : {"normal", "presentation"}) {
          Frame f{at, size, mode, lang,
                  work_dir() / (stem + "-" + lang + "-" + at + "-" + size + "-" + mode + ".json")};
          std::filesystem::remove(f.report);
          out << at << " " << size << " " << mode << " - " << f.report.string() << "\n";
          frames.push_back(std::move(f));
        }
      }
    }
    out.close();
    if (!commands.empty()) commands += with_kernel ? " ; " : " && ";
    commands += std::string(TCPLAB_GUI_EXE) + " --lesson " + lesson.string() + " --lang " + lang +
                extra + " --shots " + plan.string();
  }
  const auto log = work_dir() / (stem + ".log");
  const std::string command = under_xvfb("1920x1080x24") + "sh -c '" + commands +
                              "' >" + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  const std::string printed = read_text(log);
  if (failed_for_want_of_opengl(status, printed)) {
    GTEST_SKIP() << "no OpenGL 3.3 context under Xvfb here: " << printed;
  }
  if (!with_kernel) {
    ASSERT_EQ(status, 0) << command << "\n" << printed;
  }
  for (const Frame& f : frames) {
    ASSERT_TRUE(std::filesystem::exists(f.report)) << f.report << "\n" << command << "\n" << printed;
    SCOPED_TRACE(::testing::Message() << stem << " at " << f.at << ", " << f.size << ", "
                                      << f.mode << ", " << f.lang);
    const LayoutReport report = layout_report_from_json(read_text(f.report));
    EXPECT_FALSE(report.texts.empty());
    EXPECT_EQ(describe_problems(report, f.mode == "presentation" ? kPresentationMinFontPx : 0),
              "");
    if (f.lang == "zh") {
      EXPECT_EQ(english_left(report), "") << "drawn in English in a zh frame";
    }
  }
}

// As the lesson opens (03-linger-zero: its connections in columns, [view] columns).
TEST_P(LayoutMatrix, NoTextOverlapsNoneIsCutAndPresentationTextIsLarge) {
  expect_readable_frames(GetParam(), "", "");
}

// Presentation's other pictures (P): the state diagram, and the sockets' table and chart, each
// the size of the screen.
TEST_P(LayoutMatrix, TheStateDiagramAndTheSocketsPicturesAreReadableToo) {
  expect_readable_frames(GetParam(), "-diagram", " --picture diagram");
  expect_readable_frames(GetParam(), "-sockets", " --picture sockets");
}

// Side by side with the kernel: two ladders in half the width each. The kernel runs 3 s of the
// lesson (as scripts/gui_screenshots.sh does): the layout is at stake, not the kernel, and a
// whole run takes the lesson's real time (TIME-WAIT's 60 s). Where the kernel cannot run here,
// the GUI shows the model alone, still checked.
TEST_P(LayoutMatrix, SideBySideNoTextOverlapsNoneIsCutAndPresentationTextIsLarge) {
  expect_readable_frames(GetParam(), "-both", " --backend both --time-limit 3s", true);
}

// Presentation mode of a restart lesson shows its SO_REUSEADDR table beside the narration, in
// the projector's type: every bind() of the run, its port held by TIME-WAIT.
TEST(PresentationMode, ShowsTheRestartTableInLargeType) {
  if (!have_xvfb()) GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb)";
  const auto report_path = work_dir() / "restart-presentation.json";
  std::filesystem::remove(report_path);
  const auto log = work_dir() / "restart-presentation.log";
  const std::string command =
      under_xvfb("1920x1080x24") + TCPLAB_GUI_EXE +
      " --lesson server-restart --at end --lang en --size 1280x720 --presentation --screenshot " +
      (work_dir() / "restart-presentation.png").string() + " --layout " + report_path.string() +
      " >" + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  const std::string printed = read_text(log);
  if (failed_for_want_of_opengl(status, printed)) {
    GTEST_SKIP() << "no OpenGL 3.3 context under Xvfb here: " << printed;
  }
  ASSERT_EQ(status, 0) << printed;
  const LayoutReport report = layout_report_from_json(read_text(report_path));
  std::size_t table_texts = 0, time_wait_cells = 0;
  for (const LayoutText& t : report.texts) {
    if (t.panel.find("##restart") == std::string::npos) continue;
    ++table_texts;
    EXPECT_GE(t.font_px, kPresentationMinFontPx) << t.text;
    time_wait_cells += t.text == "TIME-WAIT";
  }
  EXPECT_GT(table_texts, 0u) << "no restart table in presentation mode";
  EXPECT_EQ(time_wait_cells, 4u);  // four restarts, each port held by the old TIME-WAIT
  EXPECT_EQ(describe_problems(report, kPresentationMinFontPx), "");
}

INSTANTIATE_TEST_SUITE_P(Lessons, LayoutMatrix, ::testing::ValuesIn(lesson_files()),
                         [](const auto& lesson) {
                           std::string name = lesson.param.stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace tcplab::gui
