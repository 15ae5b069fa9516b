// The timeline's texts over the classroom matrix, in pure code: every lesson at its middle step
// and at its end, in frames the size of the timeline panel at 1280x720 and 1920x1080, normal and
// presentation. No two texts overlap, none leaves the panel, and the lessons' subjects are named.
// (tests/gui/layout_screenshot_test.cpp checks the real frames, every panel, through the GUI.)
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "gui/layout_report.h"
#include "gui/step_cursor.h"
#include "gui/timeline_builder.h"
#include "model_runs.h"

namespace tcplab::gui {
namespace {

// The timeline panel in each look: its share of the window, and its font as ImGui draws it
// (DejaVu Sans / Noto CJK: a capital or digit is about 0.62 of the font's size).
struct Look {
  const char* name;
  float width_share;
  float chrome_px;  // menu, title, bars above the ladder and the narration under it
  float height_share;
  float font_px;
  float scale;
};
constexpr Look kNormal{"normal", 0.62f, 130, 1.0f, 18, 1.0f};
constexpr Look kPresentation{"presentation", 1.0f, 90, 0.8f, 30, 30.0f / 18};
constexpr float kCapitalShare = 0.62f;

struct Size {
  float width, height;
};
constexpr Size kSizes[] = {{1280, 720}, {1920, 1080}};

std::vector<std::filesystem::path> lesson_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons")) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Drawn {
  FrameGeometry geometry;
  TimelineFrame frame;
  std::vector<LayoutText> texts;
};

Drawn draw(const TimelineIndex& index, const Trace& trace, std::size_t step, Size size,
           const Look& look) {
  Drawn d;
  TimelineFrame& f = d.frame;
  f.origin = {8, look.chrome_px * 0.6f};
  f.width = size.width * look.width_share - 16;
  f.height = size.height * look.height_share - look.chrome_px;
  f.line_height = look.font_px;
  f.char_width = look.font_px * kCapitalShare;
  f.scale = look.scale;
  StepCursor cursor;
  cursor.attach(&trace);
  cursor.go_to(step);
  f.has_cursor = true;
  f.cursor_ns = cursor.time_ns();
  TimelineView view;
  const LaneLayout layout = layout_lanes(index, f);
  const float content = f.height - (layout.content_top - f.origin.y);
  fit_range(view, static_cast<double>(index.fold().fold(index.begin_ns())),
            static_cast<double>(index.fold().fold(index.end_ns())), content, f.line_height * 1.5f);
  build_timeline(index, view, f, d.geometry);
  const TextMeasure measure = estimate_measure(f.char_width);
  const PixelRect panel{f.origin.x, f.origin.y, f.origin.x + f.width, f.origin.y + f.height};
  for (const TextPrim& t : d.geometry.texts) {
    EXPECT_EQ(t.align, TextAlign::Left) << "placed texts are written where they were checked";
    d.texts.push_back({t.text,
                       {t.pos.x, t.pos.y, t.pos.x + measure(t.text), t.pos.y + f.line_height},
                       "timeline",
                       panel,
                       panel,
                       look.font_px});
  }
  return d;
}

bool has_text_starting(const Drawn& d, std::string_view start) {
  return std::any_of(d.texts.begin(), d.texts.end(),
                     [&](const LayoutText& t) { return t.text.rfind(start, 0) == 0; });
}

class EveryLesson : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(EveryLesson, NoTimelineTextOverlapsAnotherOrLeavesThePanel) {
  const Trace trace = model_trace(load_lesson_file(GetParam()));
  const TimelineIndex index(trace, FoldPolicy{});
  for (std::size_t step : {trace.size() / 2, trace.size()}) {
    for (Size size : kSizes) {
      for (const Look* look : {&kNormal, &kPresentation}) {
        SCOPED_TRACE(::testing::Message() << "step " << step << ", " << size.width << "x"
                                          << size.height << ", " << look->name);
        const Drawn d = draw(index, trace, step, size, *look);
        EXPECT_FALSE(d.texts.empty());
        LayoutReport report{static_cast<int>(size.width), static_cast<int>(size.height), d.texts};
        EXPECT_EQ(describe_problems(report, 0), "");
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Lessons, EveryLesson, ::testing::ValuesIn(lesson_files()),
                         [](const auto& lesson) {
                           std::string name = lesson.param.stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The lesson's subject: CLOSE-WAIT, however short its band, is named in every frame.
TEST(TimelineLayout, HalfCloseNamesItsCloseWaitBand) {
  const Trace trace = lesson_trace("half-close-close-wait");
  const TimelineIndex index(trace, FoldPolicy{});
  for (Size size : kSizes) {
    for (const Look* look : {&kNormal, &kPresentation}) {
      SCOPED_TRACE(::testing::Message() << size.width << "x" << size.height << ", " << look->name);
      const Drawn d = draw(index, trace, trace.size(), size, *look);
      EXPECT_TRUE(has_text_starting(d, "CLOSE-WAIT")) << "the lesson's subject";
    }
  }
}

}  // namespace
}  // namespace tcplab::gui
