#pragma once
// Frame geometry: what one frame of a view draws, as plain data. Built by pure code (the timeline
// builder), drawn by ImGui (timeline panel) or written out as SVG (ladder export). No ImGui here.
#include <cstdint>
#include <string>
#include <vector>

namespace tcplab::gui {

struct Vec2 {
  float x = 0;
  float y = 0;
};

// An axis-aligned rectangle in pixels, x0 <= x1 and y0 <= y1.
struct PixelRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
  bool operator==(const PixelRect&) const = default;
};

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  constexpr bool operator==(const Rgba&) const = default;
  constexpr Rgba with_alpha(std::uint8_t alpha) const { return {r, g, b, alpha}; }
};

enum class TextAlign { Left, Center, Right };

inline constexpr Rgba kNoPlate{0, 0, 0, 0};  // text without a plate behind it
inline constexpr float kPlatePadPx = 2;      // a plate reaches this far left and right of its text
enum class LineStyle { Solid, Dashed };

struct LinePrim {
  Vec2 a, b;
  Rgba color;
  float thickness = 1;
  LineStyle style = LineStyle::Solid;
};

struct RectPrim {
  Vec2 min, max;
  Rgba color;
  bool filled = true;
  float thickness = 1;  // outline only
  float rounding = 0;   // corner radius in pixels (the state diagram's boxes)
};

struct TrianglePrim {
  Vec2 a, b, c;
  Rgba color;
};

struct CirclePrim {
  Vec2 center;
  float radius = 1;
  Rgba color;
};

// Text anchored at `pos`: its top edge at pos.y, aligned horizontally around pos.x.
struct TextPrim {
  Vec2 pos;
  std::string text;
  Rgba color;
  TextAlign align = TextAlign::Left;
  Rgba background = kNoPlate;  // a plate behind the text when alpha > 0
  float size = 1;  // times the frame's font size (a slide's title is larger)
};

// A drawn segment arrow, for hit-testing a click.
struct ArrowHit {
  std::uint64_t segment_id = 0;
  Vec2 from, to;
};

// Hovering `rect` shows `text`: the whole of a label cut short, the labels a "+N" stands for.
struct TextTip {
  PixelRect rect;
  std::string text;
};

// Everything one frame draws, in painting order: rects, lines, triangles, circles, then texts.
struct FrameGeometry {
  std::vector<RectPrim> rects;
  std::vector<LinePrim> lines;
  std::vector<TrianglePrim> triangles;
  std::vector<CirclePrim> circles;
  std::vector<TextPrim> texts;
  std::vector<ArrowHit> arrows;
  std::vector<TextTip> tips;

  void clear() {
    rects.clear();
    lines.clear();
    triangles.clear();
    circles.clear();
    texts.clear();
    arrows.clear();
    tips.clear();
  }
  std::size_t primitive_count() const {
    return rects.size() + lines.size() + triangles.size() + circles.size() + texts.size();
  }
};

// Adds `from` to `to`, painted after what `to` holds of each kind.
inline void append(FrameGeometry& to, const FrameGeometry& from) {
  to.rects.insert(to.rects.end(), from.rects.begin(), from.rects.end());
  to.lines.insert(to.lines.end(), from.lines.begin(), from.lines.end());
  to.triangles.insert(to.triangles.end(), from.triangles.begin(), from.triangles.end());
  to.circles.insert(to.circles.end(), from.circles.begin(), from.circles.end());
  to.texts.insert(to.texts.end(), from.texts.begin(), from.texts.end());
  to.arrows.insert(to.arrows.end(), from.arrows.begin(), from.arrows.end());
  to.tips.insert(to.tips.end(), from.tips.begin(), from.tips.end());
}

}  // namespace tcplab::gui
