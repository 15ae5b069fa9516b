#include "gui/svg_writer.h"

#include <cstdio>

namespace tcplab::gui {

namespace {

std::string color(Rgba c) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "rgb(%u,%u,%u)", c.r, c.g, c.b);
  return buf;
}
std::string opacity(Rgba c) {
  if (c.a == 255) return "";
  char buf[96];
  std::snprintf(buf, sizeof buf, " fill-opacity=\"%.3f\" stroke-opacity=\"%.3f\"", c.a / 255.0,
                c.a / 255.0);
  return buf;
}
std::string num(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(v));
  return buf;
}
std::string escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

}  // namespace

std::string to_svg(const FrameGeometry& f, const SvgOptions& o) {
  constexpr float kDashPx = 6;
  // SVG places text by its baseline, the geometry by its line box's top edge; the baseline of
  // Noto Sans and DejaVu Sans sits at about 0.8 of the line (their ascent over ascent + descent).
  constexpr float kBaselineShare = 0.8f;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(o.width) + "\" height=\"" +
         num(o.height) + "\" viewBox=\"0 0 " + num(o.width) + " " + num(o.height) + "\"";
  out += " font-family=\"Noto Sans CJK SC, DejaVu Sans, sans-serif\" font-size=\"" +
         num(o.font_px) + "\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"" + color(o.background) + "\"/>\n";
  for (const RectPrim& r : f.rects) {
    out += "<rect x=\"" + num(r.min.x) + "\" y=\"" + num(r.min.y) + "\" width=\"" +
           num(r.max.x - r.min.x) + "\" height=\"" + num(r.max.y - r.min.y) + "\"";
    if (r.rounding > 0) out += " rx=\"" + num(r.rounding) + "\"";
    out += r.filled ? " fill=\"" + color(r.color) + "\""
                    : " fill=\"none\" stroke=\"" + color(r.color) + "\" stroke-width=\"" +
                          num(r.thickness) + "\"";
    out += opacity(r.color) + "/>\n";
  }
  for (const LinePrim& l : f.lines) {
    out += "<line x1=\"" + num(l.a.x) + "\" y1=\"" + num(l.a.y) + "\" x2=\"" + num(l.b.x) +
           "\" y2=\"" + num(l.b.y) + "\" stroke=\"" + color(l.color) + "\" stroke-width=\"" +
           num(l.thickness) + "\"";
    if (l.style == LineStyle::Dashed) out += " stroke-dasharray=\"" + num(kDashPx) + "\"";
    out += opacity(l.color) + "/>\n";
  }
  for (const TrianglePrim& t : f.triangles) {
    out += "<polygon points=\"" + num(t.a.x) + "," + num(t.a.y) + " " + num(t.b.x) + "," +
           num(t.b.y) + " " + num(t.c.x) + "," + num(t.c.y) + "\" fill=\"" + color(t.color) + "\"" +
           opacity(t.color) + "/>\n";
  }
  for (const CirclePrim& c : f.circles) {
    out += "<circle cx=\"" + num(c.center.x) + "\" cy=\"" + num(c.center.y) + "\" r=\"" +
           num(c.radius) + "\" fill=\"" + color(c.color) + "\"" + opacity(c.color) + "/>\n";
  }
  for (const TextPrim& t : f.texts) {
    const char* anchor = t.align == TextAlign::Left     ? "start"
                         : t.align == TextAlign::Center ? "middle"
                                                        : "end";
    const float font_px = o.font_px * t.size;
    if (t.background.a > 0) {
      // The plate behind the text, as the screen draws it (imgui_geometry.cpp), from the width
      // the screen measured.
      const float w = o.measure ? o.measure(t.text) * t.size : 0;
      const float x0 = t.align == TextAlign::Left     ? t.pos.x
                       : t.align == TextAlign::Center ? t.pos.x - w / 2
                                                      : t.pos.x - w;
      if (w > 0) {
        out += "<rect x=\"" + num(x0 - kPlatePadPx) + "\" y=\"" + num(t.pos.y) + "\" width=\"" +
               num(w + 2 * kPlatePadPx) + "\" height=\"" + num(o.line_px * t.size) +
               "\" fill=\"" + color(t.background) + "\"" + opacity(t.background) + "/>\n";
      }
    }
    out += "<text x=\"" + num(t.pos.x) + "\" y=\"" + num(t.pos.y + o.line_px * t.size * kBaselineShare) + "\"";
    if (t.size != 1) out += " font-size=\"" + num(font_px) + "\"";
    // As wide as the screen drew it, whatever font the viewer has: nothing runs into its neighbour.
    if (o.measure) {
      out += " textLength=\"" + num(o.measure(t.text) * t.size) +
             "\" lengthAdjust=\"spacingAndGlyphs\"";
    }
    out += " text-anchor=\"" + std::string(anchor) + "\" fill=\"" + color(t.color) + "\"" +
           opacity(t.color) + ">" + escape(t.text) + "</text>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace tcplab::gui
