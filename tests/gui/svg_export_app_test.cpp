// File > Export slide as SVG from the app: the next frame is the slide alone, written to the file
// the save dialog named (offered as <lesson>-step<N>.svg), and handed to the platform once (a
// browser makes it a download); without a file dialog, the path is asked for in a popup.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gui/views/gui_app.h"
#include "source_tree_lessons.h"
#include "windowless_frames.h"

namespace tcplab::gui {
namespace {

// Runs the test in a fresh directory and goes back after.
class InTempDir {
 public:
  InTempDir() : before_(std::filesystem::current_path()) {
    dir_ = std::filesystem::temp_directory_path() /
           ("tcplab-svg-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::filesystem::current_path(dir_);
  }
  ~InTempDir() {
    std::filesystem::current_path(before_);
    std::filesystem::remove_all(dir_);
  }
  InTempDir(const InTempDir&) = delete;
  InTempDir& operator=(const InTempDir&) = delete;

 private:
  std::filesystem::path before_, dir_;
};

TEST(SlideExport, WritesTheSlideAndHandsTheFileOverOnce) {
  InTempDir here;
  WindowlessFrames frames;
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  frames.frame(app);
  EXPECT_EQ(app.take_svg_written(), std::nullopt);  // nothing exported yet
  EXPECT_EQ(app.export_stem(), "four-way-close-step0");

  app.export_slide("four-way-close-step0.svg");
  frames.frame(app);  // the slide's frame writes it
  const auto written = app.take_svg_written();
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(*written, "four-way-close-step0.svg");
  EXPECT_EQ(app.take_svg_written(), std::nullopt);  // handed over once
  EXPECT_EQ(app.status(), "wrote four-way-close-step0.svg");
  EXPECT_EQ(app.take_png_request(), std::nullopt);  // an SVG needs nothing of the backend

  std::ifstream in(*written);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string svg = text.str();
  EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_EQ(svg.substr(svg.find_last_not_of(" \n") - 5, 6), "</svg>");
  // The title, the lanes (the lesson's hosts) and the state diagram.
  EXPECT_NE(svg.find(">" + app.session().title() + "</text>"), std::string::npos);
  EXPECT_NE(svg.find(">client</text>"), std::string::npos);
  EXPECT_NE(svg.find(">server</text>"), std::string::npos);
  EXPECT_NE(svg.find(">TIME-WAIT</text>"), std::string::npos);
}

TEST(SlideExport, APngIsTheNextFrameReadBackByTheBackend) {
  WindowlessFrames frames;
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  frames.frame(app);
  app.export_slide("slide.png");
  EXPECT_EQ(app.take_png_request(), std::nullopt);  // not this frame: it may show the menu
  frames.frame(app);
  EXPECT_EQ(app.take_png_request(), std::filesystem::path("slide.png"));
  app.png_written("slide.png", std::nullopt);
  EXPECT_EQ(app.status(), "wrote slide.png");
}

TEST(FileDialogs, ExportAsksWithTheStemAndLastFolderAndWritesWhereChosen) {
  InTempDir here;
  WindowlessFrames frames;
  Settings settings;
  settings.last_folder = std::filesystem::current_path().string();
  GuiApp app(settings, source_tree_lessons());
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  std::vector<FileDialogRequest> asked;
  FileDialogResult answer{FileDialogOutcome::Chosen, "handouts/close.svg", ""};
  app.set_file_dialog([&](const FileDialogRequest& r) {
    asked.push_back(r);
    return answer;
  });
  std::filesystem::create_directories("handouts");
  frames.frame(app);
  app.choose_and_export_slide(true);
  frames.frame(app);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].kind, FileDialogKind::Save);
  EXPECT_EQ(asked[0].suggested_name, "four-way-close-step0.svg");
  EXPECT_EQ(asked[0].folder, settings.last_folder);
  ASSERT_EQ(asked[0].filters.size(), 1u);
  EXPECT_EQ(asked[0].filters[0].patterns, std::vector<std::string>{"*.svg"});
  EXPECT_TRUE(std::filesystem::is_regular_file("handouts/close.svg"));
  EXPECT_EQ(app.settings().last_folder, "handouts");  // offered next time

  // Cancelled: nothing is written. Unavailable: the popup asks, the status says why.
  answer = {FileDialogOutcome::Cancelled, "", ""};
  app.choose_and_save_trace();
  EXPECT_EQ(asked.back().suggested_name, "four-way-close-step0.jsonl");
  EXPECT_EQ(asked.back().folder, "handouts");
  answer = {FileDialogOutcome::Unavailable, "", "no display for dialogs"};
  app.choose_and_open();
  EXPECT_EQ(asked.back().kind, FileDialogKind::Open);
  EXPECT_GE(asked.back().filters.size(), 5u);
  EXPECT_EQ(app.status(), "no display for dialogs");
  frames.frame(app);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator("handouts"),
                          std::filesystem::directory_iterator()),
            1);
}

}  // namespace
}  // namespace tcplab::gui
