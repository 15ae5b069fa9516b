// Renders real frames with `tcplab-gui --screenshot` under Xvfb (Mesa's llvmpipe) and looks at
// them: not blank, and the states the lesson goes through are drawn in their colours.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export/jsonl.h"
#include "gui/palette.h"
#include "gui/png_file.h"
#include "scenario/model_backend.h"
#include "support/many_connections.h"
#include "xvfb_gui.h"

namespace tcplab::gui {
namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 800;
constexpr std::size_t kBandPixels = 1500;  // a state band is a large block of its colour
constexpr std::size_t kStrayPixels = 400;  // text or a mark in the same colour stays below this
constexpr double kMaxBackgroundShare = 0.9;
constexpr std::size_t kMinDistinctColours = 50;

struct Shot {
  RgbaImage image;
  std::map<std::uint32_t, std::size_t> histogram;
  // Pixels of colour c in columns [x0, x1).
  std::size_t count_in_columns(Rgba c, int x0, int x1) const {
    std::size_t n = 0;
    for (int y = 0; y < image.height; ++y) {
      for (int x = std::max(x0, 0); x < std::min(x1, image.width); ++x) {
        const auto at = static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                        static_cast<std::size_t>(x);
        const auto* p = &image.pixels[at * 4];
        n += p[0] == c.r && p[1] == c.g && p[2] == c.b;
      }
    }
    return n;
  }
  std::size_t count(Rgba c) const {
    const std::uint32_t key = (std::uint32_t{c.r} << 16) | (std::uint32_t{c.g} << 8) | c.b;
    auto it = histogram.find(key);
    return it == histogram.end() ? 0 : it->second;
  }
};

// This process's own folder: two suites running at once must not overwrite each other's files.
std::filesystem::path shot_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::path(::testing::TempDir()) /
             ("tcplab-screenshots-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

// Runs the GUI; returns the picture, or fails the test. What it prints to stderr goes to `log`.
// With `exit_code`, the GUI's exit code goes there for the caller to judge (and a missing picture
// is the caller's to judge too).
std::optional<Shot> take(const std::string& args, const std::string& name,
                         std::string* log = nullptr, int* exit_code = nullptr) {
  const auto file = shot_dir() / ("tcplab-" + name + ".png");
  const auto log_file = shot_dir() / ("tcplab-" + name + ".log");
  std::filesystem::remove(file);
  std::string command = under_xvfb("1920x1080x24") + TCPLAB_GUI_EXE +
                        " " + args + " --size " + std::to_string(kWidth) + "x" +
                        std::to_string(kHeight) + " --screenshot " + file.string();
  if (log) command += " 2>" + log_file.string();
  const int status = std::system(command.c_str());
  if (log) {
    std::ifstream in(log_file);
    std::ostringstream text;
    text << in.rdbuf();
    *log = text.str();
    std::fputs(log->c_str(), stderr);
  }
  if (exit_code) {
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  } else {
    EXPECT_EQ(status, 0) << command;
  }
  auto image = read_png(file.string());
  if (!exit_code) {
    EXPECT_TRUE(image) << "no PNG at " << file;
  }
  if (!image) return std::nullopt;
  Shot shot{std::move(*image), {}};
  for (std::size_t i = 0; i + 3 < shot.image.pixels.size(); i += 4) {
    const auto* p = &shot.image.pixels[i];
    ++shot.histogram[(std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | p[2]];
  }
  return shot;
}

void expect_not_blank(const Shot& shot) {
  EXPECT_EQ(shot.image.width, kWidth);
  EXPECT_EQ(shot.image.height, kHeight);
  std::size_t most = 0;
  for (const auto& [colour, n] : shot.histogram) most = std::max(most, n);
  const double total = static_cast<double>(kWidth) * kHeight;
  EXPECT_LT(static_cast<double>(most) / total, kMaxBackgroundShare) << "one colour fills the frame";
  EXPECT_GE(shot.histogram.size(), kMinDistinctColours) << "too few colours: nothing drawn?";
}

class Screenshot : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_xvfb())
      GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb): no GUI screenshots";
  }
};

TEST_F(Screenshot, FourWayCloseAtTheEndShowsTimeWaitAndTheClose) {
  const auto shot = take("--lesson four-way-close --at end", "four-way-close");
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  EXPECT_GE(shot->count(state_color(TcpState::TimeWait)), kBandPixels) << "the TIME-WAIT band";
  EXPECT_GE(shot->count(state_color(TcpState::Established)), kBandPixels);
  EXPECT_GE(shot->count(state_color(TcpState::LastAck)), kBandPixels);
  EXPECT_GE(shot->count(state_color(TcpState::Listen)), kBandPixels);
}

TEST_F(Screenshot, AtStepZeroNothingHasHappenedYet) {
  const auto shot = take("--lesson four-way-close --at 0", "four-way-close-0");
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  // The timeline window only: the sockets-per-state chart beside it always shows the whole run.
  const int timeline_right = static_cast<int>(kWidth * 0.62);
  EXPECT_LT(shot->count_in_columns(state_color(TcpState::TimeWait), 0, timeline_right),
            kStrayPixels)
      << "future bands are faded";
}

// At 1 s the aborting client is gone; the lesson's polite client (its TIME-WAIT) has not started.
TEST_F(Screenshot, LingerZeroHasNoTimeWait) {
  const auto shot = take("--lesson linger-zero --at 1s", "linger-zero");
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  EXPECT_GE(shot->count(state_color(TcpState::Established)), kBandPixels);
  EXPECT_LT(shot->count(state_color(TcpState::TimeWait)), kStrayPixels);
}

TEST_F(Screenshot, ServerRestartShowsTheServersTimeWait) {
  const auto shot = take("--lesson server-restart --at 1.2s", "server-restart");
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  EXPECT_GE(shot->count(state_color(TcpState::TimeWait)), kBandPixels);
  EXPECT_GE(shot->count(state_color(TcpState::FinWait1)), kStrayPixels / 4);
}

TEST_F(Screenshot, PresentationModeIsTimelineAndNarrationOnHighContrast) {
  const auto shot = take("--lesson lost-last-ack --at end --presentation", "presentation");
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  EXPECT_GE(shot->count(kHighContrastTheme.background),
            static_cast<std::size_t>(kWidth * kHeight / 3));
  EXPECT_GE(shot->count(state_color(TcpState::TimeWait)), kBandPixels);
}

// The GUI's own list of the states its fitted picture shows as clear bands.
std::vector<TcpState> listed_states(const std::string& args) {
  std::vector<TcpState> states;
  const std::string command = std::string(TCPLAB_GUI_EXE) + " " + args + " --list-states";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return states;
  char line[64];
  while (std::fgets(line, sizeof line, pipe)) {
    std::string name(line);
    while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
    if (auto s = parse_tcp_state(name)) states.push_back(*s);
  }
  EXPECT_EQ(pclose(pipe), 0) << command;
  return states;
}

// A lesson or trace at its end: not blank, and each state the picture should show as a band is
// there in its colour.
void check_every_state_drawn(const std::string& args, const std::string& name) {
  SCOPED_TRACE(args);
  const auto states = listed_states(args);
  EXPECT_FALSE(states.empty());
  const auto shot = take(args + " --at end", name);
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  for (TcpState s : states) {
    EXPECT_GE(shot->count(state_color(s)), kBandPixels) << rfc_name(s) << " band missing";
  }
}

// 2,000 connections the model ran, saved as JSON lines and opened as a trace file.
TEST_F(Screenshot, ManyConnectionsStillDraw) {
  const auto trace_file =
      std::filesystem::path(::testing::TempDir()) / "tcplab-many-connections.jsonl";
  {
    std::ofstream out(trace_file);
    write_jsonl(ModelBackend().run(testing::many_connections(2000), {}).trace, out);
  }
  const std::string args = "--trace " + trace_file.string();
  const auto shot = take(args + " --at end", "many-connections");
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  EXPECT_GE(shot->count(state_color(TcpState::TimeWait)), kBandPixels);
  check_every_state_drawn(args, "many-connections-states");
}

TEST_F(Screenshot, EveryLessonShowsItsStates) {
  const auto dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".toml") continue;
    // "01-four-way-close.toml" -> "four-way-close"
    ids.push_back(std::regex_replace(entry.path().stem().string(), std::regex("^[0-9]+-"), ""));
  }
  if (ids.empty()) GTEST_SKIP() << "no lessons in " << dir << " yet";
  for (const std::string& id : ids) check_every_state_drawn("--lesson " + id, "lesson-" + id);
}

TEST_F(Screenshot, ABadStepIsRefusedWithAMessage) {
  const std::string command =
      std::string(TCPLAB_GUI_EXE) +
      " --lesson four-way-close --at nowhere --screenshot /dev/null 2>/dev/null";
  EXPECT_NE(std::system(command.c_str()), 0);
}

// tcplab-gui --screenshot's exit codes with the kernel (src/app/gui_main.cpp): 0 the kernel ran
// in a private network namespace and agrees with the model; 3 not compared: the kernel cannot run
// the lesson here (not built, no namespace) or a busy machine made its run too late to judge. The
// test skips on 3 with the GUI's words.
constexpr int kKernelAgrees = 0;
constexpr int kKernelNotCompared = 3;

TEST_F(Screenshot, SideBySideDrawsTheModelAndTheKernelOnOneAxis) {
  std::string log;
  int exit_code = -1;
  const auto shot = take("--lesson lost-last-ack --backend both --time-limit 3s --at end",
                         "side-by-side", &log, &exit_code);
  if (exit_code == kKernelNotCompared) GTEST_SKIP() << "the kernel's run not compared: " << log;
  ASSERT_EQ(exit_code, kKernelAgrees) << log;
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  // Two ladders in the timeline window (the left 62% of the frame), each with its TIME-WAIT.
  const int timeline_right = static_cast<int>(kWidth * 0.62);
  const int middle = timeline_right / 2;
  const Rgba tw = state_color(TcpState::TimeWait);
  EXPECT_GE(shot->count_in_columns(tw, 0, middle), kBandPixels) << "the model's TIME-WAIT";
  EXPECT_GE(shot->count_in_columns(tw, middle, timeline_right), kBandPixels)
      << "the kernel's TIME-WAIT";
  EXPECT_GE(shot->count_in_columns(state_color(TcpState::LastAck), middle, timeline_right),
            kBandPixels)
      << "the kernel's server in LAST-ACK, waiting for the lost ACK";
}

TEST_F(Screenshot, KernelModeShowsTheKernelsRunAlone) {
  std::string log;
  int exit_code = -1;
  const auto shot = take("--lesson four-way-close --backend kernel --time-limit 3s --at end",
                         "kernel-four-way-close", &log, &exit_code);
  if (exit_code == kKernelNotCompared) GTEST_SKIP() << "the kernel's run not compared: " << log;
  ASSERT_EQ(exit_code, kKernelAgrees) << log;
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  EXPECT_GE(shot->count(state_color(TcpState::Established)), kBandPixels);
  EXPECT_GE(shot->count(state_color(TcpState::TimeWait)), kBandPixels)
      << "the kernel's client in TIME-WAIT";
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A packetdrill script opens like a lesson: the model plays the host under test, the script
// the peer; its comments narrate. The same file runs on the kernel beside it.
TEST_F(Screenshot, APacketdrillScriptOpensAsALesson) {
  const std::string script = std::string(TCPLAB_SOURCE_DIR) + "/lessons/packetdrill/linger-zero.en.pkt";
  const auto shot = take("--lesson " + script + " --at end", "packetdrill-model");
  ASSERT_TRUE(shot);
  expect_not_blank(*shot);
  EXPECT_GE(shot->count(state_color(TcpState::Listen)), kBandPixels) << "the listener";
  EXPECT_GE(shot->count(state_color(TcpState::Established)), kBandPixels)
      << "the accepted connection, until SO_LINGER {1, 0} aborts it";
}

TEST_F(Screenshot, APacketdrillScriptRunsOnTheKernelBesideTheModel) {
  const std::string script = std::string(TCPLAB_SOURCE_DIR) + "/lessons/packetdrill/linger-zero.en.pkt";
  const auto layout = shot_dir() / "packetdrill-both.json";
  std::string log;
  int exit_code = -1;
  const auto shot = take("--lesson " + script + " --backend both --at end --layout " +
                             layout.string(),
                         "packetdrill-both", &log, &exit_code);
  if (exit_code == kKernelNotCompared) GTEST_SKIP() << "the kernel's run not compared: " << log;
  ASSERT_TRUE(shot) << log;
  expect_not_blank(*shot);
  const std::string drawn = read_text(layout);
  EXPECT_NE(drawn.find("Linux kernel (own network namespace)"), std::string::npos) << drawn;
  EXPECT_GE(count_of(drawn, "R. seq 1 ack 1"), 2u) << "the abort's RST in both ladders";
  EXPECT_EQ(drawn.find("the script failed"), std::string::npos) << drawn;
  EXPECT_EQ(drawn.find("loopback-like"), std::string::npos)
      << "a script is the peer on both sides: no link latency to match";
}

TEST_F(Screenshot, ARecordedTraceCannotRunOnTheKernel) {
  const std::string command = std::string(TCPLAB_GUI_EXE) + " --trace " + TCPLAB_SOURCE_DIR +
                              "/tests/lessons/golden/four-way-close.jsonl --backend kernel" +
                              " --screenshot /dev/null 2>/dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2) << "--backend kernel needs a lesson, and says so";
}

}  // namespace
}  // namespace tcplab::gui
