// The slide through the real GUI under Xvfb (tcplab-gui --export-slide): a lesson at its middle
// step, in English and Chinese, as SVG and PNG. The SVG holds the lesson's title, the step's
// narration and the state diagram with every socket's state; the layout report of the frame the
// PNG is read from has no two texts overlapping and none cut. Then the file dialogs, live: File >
// Open, Save trace and Export slide driven with xdotool in GTK's file chooser (Ctrl+L, a typed
// path), and the files opened and written checked; and the path popup where GTK cannot open. Skipped, saying why, without Xvfb or
// xdotool.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "gui/layout_report.h"
#include "gui/narration.h"
#include "gui/state_diagram.h"
#include "gui/step_cursor.h"
#include "model_runs.h"
#include "present/state_name.h"
#include "xvfb_gui.h"

namespace tcplab::gui {
namespace {

bool have(const char* tool) {
  return std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) == 0;
}

std::filesystem::path work_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::path(::testing::TempDir()) /
             ("tcplab-slide-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// The texts of an SVG's <text> elements, one after the other, without their spaces and with
// XML's escapes undone: what a reader sees, whatever the line breaks.
std::string svg_text_without_spaces(const std::string& svg) {
  std::string out;
  for (std::size_t at = svg.find("<text"); at != std::string::npos; at = svg.find("<text", at)) {
    const std::size_t open = svg.find('>', at) + 1;
    const std::size_t close = svg.find("</text>", open);
    std::string t = svg.substr(open, close - open);
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"&lt;", "<"},
                                   {"&gt;", ">"},
                                   {"&quot;", "\""},
                                   {"&amp;", "&"}}) {
      for (std::size_t k = t.find(from); k != std::string::npos; k = t.find(from, k + 1))
        t.replace(k, from.size(), to);
    }
    for (char ch : t) {
      if (ch != ' ') out += ch;
    }
    at = close;
  }
  return out;
}

std::string without_spaces(std::string text) {
  std::erase(text, ' ');
  std::erase(text, '\n');
  return text;
}

class SlideExport : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!have_xvfb()) GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb)";
  }
};

TEST_P(SlideExport, HoldsTitleNarrationAndStatesWithoutOverlaps) {
  const std::string lang = GetParam();
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  const Scenario scenario = load_lesson_file(resolve_lesson("lost-last-ack", dir));
  const Trace trace = model_trace(scenario);
  const auto step = parse_step(trace, "middle");
  ASSERT_TRUE(step.has_value());
  const NarrationStep* narration = narration_at(place_narration(scenario, trace), *step);
  ASSERT_NE(narration, nullptr);

  const auto svg = work_dir() / ("slide-" + lang + ".svg");
  const auto png = work_dir() / ("slide-" + lang + ".png");
  const auto report = work_dir() / ("slide-" + lang + ".json");
  const auto log = work_dir() / ("slide-" + lang + ".log");
  const std::string gui = std::string(TCPLAB_GUI_EXE) +
                          " --lesson lost-last-ack --at middle --size 1600x1000 --lang " + lang;
  const std::string command = under_xvfb("1600x1000x24") + "sh -c '" + gui +
                              " --export-slide " + svg.string() + " && " + gui +
                              " --export-slide " + png.string() + " --layout " +
                              report.string() + "' >" + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  const std::string printed = read_text(log);
  if (failed_for_want_of_opengl(status, printed))
    GTEST_SKIP() << "no OpenGL 3.3 context under Xvfb here: " << printed;
  ASSERT_EQ(status, 0) << command << "\n" << printed;

  const std::string text = svg_text_without_spaces(read_text(svg));
  EXPECT_NE(text.find(without_spaces(scenario.title.in(lang))), std::string::npos) << text;
  EXPECT_NE(text.find(without_spaces(reflow(narration->text.in(lang)))), std::string::npos)
      << "the narration of step " << *step << " is not on the slide: " << text;
  const DiagramStatus states = diagram_status(trace, *step);
  ASSERT_FALSE(states.endpoints.empty());
  for (const EndpointMark& m : states.endpoints) {
    EXPECT_NE(text.find(without_spaces(std::string(present::state_name(m.state)))),
              std::string::npos);
    EXPECT_NE(text.find(m.endpoint), std::string::npos) << m.endpoint;
  }

  // The PNG's frame: the same slide, its texts placed without overlap, none cut, no menu.
  const LayoutReport layout = layout_report_from_json(read_text(report));
  EXPECT_EQ(layout.width, 1600);
  EXPECT_GT(layout.texts.size(), 20u);
  EXPECT_EQ(describe_problems(layout, 0), "");
  for (const LayoutText& t : layout.texts) EXPECT_EQ(t.panel, "slide") << t.text;
  EXPECT_TRUE(std::filesystem::file_size(png) > 0);
}

INSTANTIATE_TEST_SUITE_P(Languages, SlideExport, ::testing::Values("en", "zh"));

TEST(FileDialog, OpenSaveAndExportThroughGtksChooserDrivenLive) {
  if (!have_xvfb()) GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb)";
  if (!have("xdotool")) GTEST_SKIP() << "xdotool is not installed (apt-get install xdotool)";
  const auto out = work_dir() / "dialog";
  std::filesystem::remove_all(out);
  std::filesystem::create_directories(out);
  const std::string command = under_xvfb("1280x720x24", "-br") +
                              TCPLAB_SOURCE_DIR + "/tests/gui/drive_file_dialog.sh " +
                              TCPLAB_GUI_EXE + " " + out.string() + " " + TCPLAB_SOURCE_DIR +
                              "/lessons/02-lost-last-ack.toml >" + (out / "drive.log").string() +
                              " 2>&1";
  const int status = std::system(command.c_str());
  const std::string printed = read_text(out / "drive.log") + read_text(out / "gui.log");
  if (failed_for_want_of_opengl(status, printed))
    GTEST_SKIP() << "no OpenGL 3.3 context under Xvfb here: " << printed;
  ASSERT_EQ(status, 0) << command << "\n" << printed;
  // Opened through the dialog, then saved through it: the lost last ACK's run, its drop included
  // (the four-way close shown before has none).
  const std::string saved = read_text(out / "saved.jsonl");
  EXPECT_EQ(saved.rfind("{\"type\":\"trace\"", 0), 0u) << saved.substr(0, 200);
  EXPECT_NE(saved.find("\"fault_action\":\"dropped\""), std::string::npos);
  const std::string svg = read_text(out / "slide.svg");
  EXPECT_NE(svg.find("<svg xmlns="), std::string::npos);
  const std::string png = read_text(out / "slide.png");
  EXPECT_EQ(png.substr(1, 3), "PNG");
  // Without a dialog (GTK given no display it can open): the popup's typed path is saved to.
  const std::string typed = read_text(out / "popup.jsonl");
  EXPECT_EQ(typed.rfind("{\"type\":\"trace\"", 0), 0u) << typed.substr(0, 200);
}

}  // namespace
}  // namespace tcplab::gui
