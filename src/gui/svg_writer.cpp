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
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(o.width) + "\" height=\"" +
         num(o.height) + "\" viewBox=\"0 0 " + num(o.width) + " " + num(o.height) + "\"";
  out += " font-family=\"Noto Sans CJK SC, DejaVu Sans, sans-serif\" font-size=\"" +
         num(o.font_px) + "\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"" + color(o.background) + "\"/>\n";
  for (const RectPrim& r : f.rects) {
    out += "<rect x=\"" + num(r.min.x) + "\" y=\"" + num(r.min.y) + "\" width=\"" +
           num(r.max.x - r.min.x) + "\" height=\"" + num(r.max.y - r.min.y) + "\"";
    out += r.filled ? " fill=\"" + color(r.color) + "\""
                    : " fill=\"none\" stroke=\"" + color(r.color) + "\"";
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
    // SVG places text by its baseline; the geometry by its top edge.
    out += "<text x=\"" + num(t.pos.x) + "\" y=\"" + num(t.pos.y + o.font_px) +
           "\" text-anchor=\"" + anchor + "\" fill=\"" + color(t.color) + "\"" + opacity(t.color) +
           ">" + escape(t.text) + "</text>\n";
  }
  out += "</svg>\n";
  return out;
}

}  // namespace tcplab::gui
