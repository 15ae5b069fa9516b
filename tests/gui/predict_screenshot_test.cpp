// Predict mode through the real GUI under Xvfb: a question and its reveal, in English and
// Chinese, at 1280x720 and 1920x1080, normal and presentation mode, pass the layout report's
// checks (no two texts of a panel overlap, none is cut, presentation text at least 18 px).
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
#include "xvfb_gui.h"

namespace tcplab::gui {
namespace {

struct Case {
  std::string lesson, lang;
  bool reveal = false;
};

class PredictLayout : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    if (!have_xvfb())
      GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb): no GUI frames";
  }
};

TEST_P(PredictLayout, QuestionAndRevealFitTheirPanels) {
  const Case& c = GetParam();
  const std::string stem = c.lesson + "-" + c.lang + (c.reveal ? "-reveal" : "-question");
  const auto dir = std::filesystem::path(::testing::TempDir()) /
                   ("tcplab-predict-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto plan = dir / (stem + ".plan");
  std::vector<std::pair<std::string, std::filesystem::path>> frames;
  {
    std::ofstream out(plan);
    for (const char* size : {"1280x720", "1920x1080"}) {
      for (const char* mode : {"normal", "presentation"}) {
        const auto report = dir / (stem + "-" + size + "-" + mode + ".json");
        std::filesystem::remove(report);
        out << "middle " << size << " " << mode << " - " << report.string() << "\n";
        frames.emplace_back(mode, report);
      }
    }
  }
  const auto log = dir / (stem + ".log");
  const std::string command = under_xvfb("1920x1080x24") + TCPLAB_GUI_EXE + " --lesson " + c.lesson + " --lang " +
                              c.lang + " --predict class" + (c.reveal ? " --answer B" : "") +
                              " --shots " + plan.string() + " >" + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  const std::string printed = read_text(log);
  if (failed_for_want_of_opengl(status, printed)) {
    GTEST_SKIP() << "no OpenGL 3.3 context under Xvfb here: " << printed;
  }
  ASSERT_EQ(status, 0) << command << "\n" << printed;
  for (const auto& [mode, path] : frames) {
    SCOPED_TRACE(path.string());
    const LayoutReport report = layout_report_from_json(read_text(path));
    // The question is on screen: its choice A is drawn.
    bool choice_a = false;
    for (const LayoutText& t : report.texts) choice_a = choice_a || t.text.rfind("A   ", 0) == 0;
    EXPECT_TRUE(choice_a);
    EXPECT_EQ(describe_problems(report, mode == "presentation" ? kPresentationMinFontPx : 0), "");
    if (mode == "presentation") {
      // The question's strip is as tall as the question: the ladder above keeps the rest (at
      // 1280x720 a fixed share left it about 100 px and 5 empty lines under the choices).
      float strip_bottom = 0, last_text = 0, font_px = 0;
      for (const LayoutText& t : report.texts) {
        if (t.panel != "##presentation-narration") continue;
        strip_bottom = t.panel_rect.y1;
        last_text = std::max(last_text, t.rect.y1);
        font_px = std::max(font_px, t.font_px);
      }
      ASSERT_GT(strip_bottom, 0) << "no text in the question's strip";
      EXPECT_LE(strip_bottom - last_text, 2 * font_px) << "empty lines under the question";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Lessons, PredictLayout,
    ::testing::Values(Case{"lost-last-ack", "en", false}, Case{"lost-last-ack", "en", true},
                      Case{"lost-last-ack", "zh", false}, Case{"lost-last-ack", "zh", true},
                      Case{"linger-zero", "en", true}, Case{"linger-zero", "zh", true}),
    [](const auto& test) {
      std::string name = test.param.lesson + "_" + test.param.lang +
                         (test.param.reveal ? "_reveal" : "_question");
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace tcplab::gui
