// File > Export ladder as SVG from the app: the file is written in the current directory, named
// after the lesson and the step, and handed to the platform once (a browser makes it a download).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

TEST(SvgExport, WritesTheLadderAndHandsTheFileOverOnce) {
  InTempDir here;
  WindowlessFrames frames;
  GuiApp app(Settings{}, source_tree_lessons());
  ASSERT_EQ(app.open("four-way-close"), std::nullopt);
  frames.frame(app);  // the timeline's geometry is made by a frame
  EXPECT_EQ(app.take_svg_written(), std::nullopt);  // nothing exported yet

  ASSERT_EQ(app.export_svg(), std::nullopt);
  const auto written = app.take_svg_written();
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(*written, "four-way-close-step0.svg");
  EXPECT_EQ(app.take_svg_written(), std::nullopt);  // handed over once
  EXPECT_EQ(app.status(), "wrote four-way-close-step0.svg");

  std::ifstream in(*written);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string svg = text.str();
  EXPECT_NE(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_EQ(svg.substr(svg.find_last_not_of(" \n") - 5, 6), "</svg>");
  // The lanes are the lesson's hosts.
  EXPECT_NE(svg.find(">client</text>"), std::string::npos);
  EXPECT_NE(svg.find(">server</text>"), std::string::npos);
}

}  // namespace
}  // namespace tcplab::gui
