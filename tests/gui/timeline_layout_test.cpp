// The timeline's texts over the classroom matrix, in pure code: every lesson at its middle step
// and at its end, in frames the size of the timeline panel at 1280x720 and 1920x1080, normal and
// presentation. No two texts overlap, none leaves the panel, and the lessons' subjects are named.
// (tests/gui/layout_screenshot_test.cpp checks the real frames, every panel, through the GUI.)
#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include <gtest/gtest.h>

#include "gui/layout_report.h"
#include "gui/step_cursor.h"
#include "gui/timeline_builder.h"
#include "present/segment_label.h"
#include "present/translate.h"
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
// Side by side: each ladder in half the timeline panel.
constexpr Look kNormalHalf{"normal, side by side", 0.31f, 130, 1.0f, 18, 1.0f};
constexpr Look kPresentationHalf{"presentation, side by side", 0.5f, 90, 0.8f, 30, 30.0f / 18};
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

// `window`: the folded instants [first, second] the ladder shows (zoomed in); none: fitted.
Drawn draw(const TimelineIndex& index, const Trace& trace, std::size_t step, Size size,
           const Look& look, std::optional<std::pair<double, double>> window = std::nullopt) {
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
  const auto [first, last] = window.value_or(
      std::pair{static_cast<double>(index.fold().fold(index.begin_ns())),
                static_cast<double>(index.fold().fold(index.end_ns()))});
  fit_range(view, first, last, content, f.line_height * 1.5f);
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

// A call's label ("bind() = -1 EADDRINUSE") never covers a state band, whose colour it would
// hide: in every look, side by side too, where the calls' column is narrow.
TEST_P(EveryLesson, NoCallLabelCoversAStateBand) {
  const Trace trace = model_trace(load_lesson_file(GetParam()));
  const TimelineIndex index(trace, FoldPolicy{});
  for (std::size_t step : {trace.size() / 2, trace.size()}) {
    for (Size size : kSizes) {
      for (const Look* look : {&kNormal, &kPresentation, &kNormalHalf, &kPresentationHalf}) {
        SCOPED_TRACE(::testing::Message() << "step " << step << ", " << size.width << "x"
                                          << size.height << ", " << look->name);
        const Drawn d = draw(index, trace, step, size, *look);
        for (const RectPrim& r : d.geometry.rects) {
          // A state band: narrower than a third of the ladder (an idle break spans it all).
          if (!r.filled || r.color == d.frame.theme->idle_break ||
              r.max.x - r.min.x >= d.frame.width / 3) {
            continue;
          }
          const PixelRect band{r.min.x, r.min.y, r.max.x, r.max.y};
          for (const LayoutText& t : d.texts) {
            if (t.text.find("()") == std::string::npos) continue;
            EXPECT_FALSE(overlaps(t.rect, band, kLayoutTolerancePx))
                << "\"" << t.text << "\" over a band at " << band.x0 << "," << band.y0 << "-"
                << band.x1 << "," << band.y1;
          }
        }
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

const SegmentEvent* segment_with_id(const Trace& trace, std::uint64_t id) {
  for (const TraceEvent& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body); s && s->id == id) return s;
  }
  return nullptr;
}

const ArrowHit* arrow_of(const Drawn& d, std::uint64_t id) {
  for (const ArrowHit& a : d.geometry.arrows) {
    if (a.segment_id == id) return &a;
  }
  return nullptr;
}

// Whether segments a0-a1 and b0-b1 cross (each one's ends on either side of the other).
bool cross(Vec2 a0, Vec2 a1, Vec2 b0, Vec2 b1) {
  auto side = [](Vec2 p, Vec2 q, Vec2 r) {
    return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  };
  return side(a0, a1, b0) * side(a0, a1, b1) < 0 && side(b0, b1, a0) * side(b0, b1, a1) < 0;
}

// A text that is exactly `s`, written over arrow `a` (its middle within the arrow's width, at
// most two lines above the arrow's higher end and not below its lower one).
bool labels_arrow(const Drawn& d, const ArrowHit& a, std::string_view s) {
  const float line = d.frame.line_height;
  const float x0 = std::min(a.from.x, a.to.x), x1 = std::max(a.from.x, a.to.x);
  const float y0 = std::min(a.from.y, a.to.y), y1 = std::max(a.from.y, a.to.y);
  return std::any_of(d.texts.begin(), d.texts.end(), [&](const LayoutText& t) {
    const float mid = (t.rect.x0 + t.rect.x1) / 2;
    return t.text == s && mid >= x0 && mid <= x1 && t.rect.y0 >= y0 - 2 * line &&
           t.rect.y1 <= y1;
  });
}

// Simultaneous close: the two FINs, sent at the same instant each towards the other, are drawn
// as two arrows crossing (an X a line high at least, not two flat lines or one "2 segments"),
// each with its whole label; the FIN-WAIT-1 and CLOSING they cause are named on both hosts.
TEST(TimelineLayout, SimultaneousCloseDrawsTheCrossingFinsCrossing) {
  const Trace trace = lesson_trace("simultaneous-close");
  const TimelineIndex index(trace, FoldPolicy{});
  const SegmentColumn& col = index.segments();
  std::vector<std::uint64_t> fins;  // the first FIN each way between client and server
  for (std::size_t i = 0; i < col.size() && fins.size() < 2; ++i) {
    const SegmentEvent& s = *col.event[i];
    if (s.segment.flags.fin() && s.from != s.to) fins.push_back(s.id);
  }
  ASSERT_EQ(fins.size(), 2u);
  ASSERT_EQ(segment_with_id(trace, fins[0])->from, segment_with_id(trace, fins[1])->to);
  for (Size size : kSizes) {
    for (const Look* look : {&kNormal, &kPresentation}) {
      SCOPED_TRACE(::testing::Message() << size.width << "x" << size.height << ", " << look->name);
      const Drawn d = draw(index, trace, trace.size(), size, *look);
      const ArrowHit* a = arrow_of(d, fins[0]);
      const ArrowHit* b = arrow_of(d, fins[1]);
      ASSERT_NE(a, nullptr) << "the first FIN has an arrow of its own";
      ASSERT_NE(b, nullptr) << "the second FIN has an arrow of its own";
      EXPECT_TRUE(cross(a->from, a->to, b->from, b->to)) << "the FINs are drawn crossing";
      EXPECT_GE(a->to.y - a->from.y, d.frame.line_height) << "an X, not two flat lines";
      EXPECT_GE(b->to.y - b->from.y, d.frame.line_height) << "an X, not two flat lines";
      EXPECT_TRUE(labels_arrow(d, *a, present::segment_label(*segment_with_id(trace, fins[0]))));
      EXPECT_TRUE(labels_arrow(d, *b, present::segment_label(*segment_with_id(trace, fins[1]))));
      for (std::string_view state : {"FIN-WAIT-1", "CLOSING"}) {
        const auto named = std::count_if(d.texts.begin(), d.texts.end(),
                                         [&](const LayoutText& t) { return t.text == state; });
        EXPECT_GE(named, 2) << state << " is named on both hosts";
      }
    }
  }
}

// Why 2MSL: the old duplicate (the data segment sent at 20 ms and delivered seconds later) is
// an arrow of its own with its label, not merged with the original sent at the same instant.
TEST(TimelineLayout, Why2mslDrawsItsOldDuplicate) {
  const Trace trace = lesson_trace("why-2msl");
  const TimelineIndex index(trace, FoldPolicy{});
  const SegmentColumn& col = index.segments();
  const SegmentEvent* duplicate = nullptr;
  for (std::size_t i = 0; i < col.size(); ++i) {
    if (col.arrives_ns[i] - col.sent_ns[i] > 1'000'000'000) duplicate = col.event[i];
  }
  ASSERT_NE(duplicate, nullptr) << "a segment delayed by seconds";
  for (Size size : kSizes) {
    for (const Look* look : {&kNormal, &kPresentation}) {
      SCOPED_TRACE(::testing::Message() << size.width << "x" << size.height << ", " << look->name);
      const Drawn d = draw(index, trace, trace.size(), size, *look);
      const ArrowHit* a = arrow_of(d, duplicate->id);
      ASSERT_NE(a, nullptr) << "the old duplicate has an arrow of its own";
      EXPECT_TRUE(labels_arrow(d, *a, present::segment_label(*duplicate)));
    }
  }
}

// Zoomed in (an eighth of the lesson at a time), no segments are bundled into "N segments":
// port-exhaustion's bursts come apart into their arrows.
TEST(TimelineLayout, PortExhaustionBundlesComeApartWhenZoomedIn) {
  const Trace trace = lesson_trace("port-exhaustion");
  const TimelineIndex index(trace, FoldPolicy{});
  const auto begin = static_cast<double>(index.fold().fold(index.begin_ns()));
  const auto end = static_cast<double>(index.fold().fold(index.end_ns()));
  constexpr int kPieces = 8;
  const std::string bundle = " " + std::string(present::tr("segments"));
  for (int k = 0; k < kPieces; ++k) {
    const double from = begin + (end - begin) * k / kPieces;
    const double to = begin + (end - begin) * (k + 1) / kPieces;
    SCOPED_TRACE(::testing::Message() << "eighth " << k);
    const Drawn d = draw(index, trace, trace.size(), kSizes[0], kNormal, std::pair{from, to});
    for (const LayoutText& t : d.texts) {
      EXPECT_FALSE(t.text.size() > bundle.size() &&
                   t.text.compare(t.text.size() - bundle.size(), bundle.size(), bundle) == 0)
          << t.text;
    }
  }
}

// Zoomed far out (the whole lesson in a twentieth of the panel) a burst may be one thick stub
// ("N segments"); hovered, the stub lists its segments (each one's label, in order), so nothing
// is hidden even then.
TEST(TimelineLayout, PortExhaustionStubsListTheirSegmentsWhenHovered) {
  const Trace trace = lesson_trace("port-exhaustion");
  const TimelineIndex index(trace, FoldPolicy{});
  const auto begin = static_cast<double>(index.fold().fold(index.begin_ns()));
  const auto end = static_cast<double>(index.fold().fold(index.end_ns()));
  const double span = end - begin;
  const Drawn d = draw(index, trace, trace.size(), kSizes[0], kNormal,
                       std::pair{begin - span, end + 18 * span});
  std::size_t stubs = 0;
  for (const LinePrim& l : d.geometry.lines) {
    if (l.thickness != kBundleThicknessPx) continue;
    ++stubs;
    const Vec2 mid{(l.a.x + l.b.x) / 2, (l.a.y + l.b.y) / 2};
    const auto tip = std::find_if(d.geometry.tips.begin(), d.geometry.tips.end(), [&](const auto& t) {
      return mid.x >= t.rect.x0 && mid.x <= t.rect.x1 && mid.y >= t.rect.y0 && mid.y <= t.rect.y1;
    });
    ASSERT_NE(tip, d.geometry.tips.end()) << "a stub has a tooltip";
    const auto lines =
        static_cast<std::size_t>(std::count(tip->text.begin(), tip->text.end(), '\n')) + 1;
    EXPECT_GT(lines, kSpreadSegmentsMax) << "one line per segment: " << tip->text;
    EXPECT_EQ(tip->text.rfind("S seq 0\n", 0), 0u) << "a connection's SYN first: " << tip->text;
  }
  EXPECT_GT(stubs, 0u) << "zoomed this far out, port-exhaustion's bursts are stubs";
}

// Side by side (each ladder in half the panel), with three hosts (linger-zero: abort, server,
// polite) or two: every lifeline has its header, and no two lifelines are closer than the
// arrows' minimum gap (linger-zero's server and polite were ~40 px apart).
TEST(TimelineLayout, SideBySideLifelinesKeepTheirHeadersAndRoomForArrows) {
  for (const char* lesson : {"linger-zero", "server-restart", "four-way-close"}) {
    const Trace trace = lesson_trace(lesson);
    const TimelineIndex index(trace, FoldPolicy{});
    for (Size size : kSizes) {
      for (const Look* look : {&kNormalHalf, &kPresentationHalf}) {
        SCOPED_TRACE(::testing::Message() << lesson << ", " << size.width << "x" << size.height
                                          << ", " << look->name);
        const Drawn d = draw(index, trace, trace.size(), size, *look);
        const LaneLayout layout = layout_lanes(index, d.frame);
        for (std::size_t h = 0; h + 1 < layout.hosts.size(); ++h) {
          EXPECT_GE(layout.hosts[h + 1].lifeline_x - layout.hosts[h].lifeline_x,
                    kArrowGapMinPx * d.frame.scale - 0.5f)
              << index.hosts()[h].name << " and " << index.hosts()[h + 1].name;
        }
        for (const HostLane& host : index.hosts()) {
          EXPECT_TRUE(has_text_starting(d, host.name)) << host.name << " has its header";
        }
      }
    }
  }
}

}  // namespace
}  // namespace tcplab::gui
