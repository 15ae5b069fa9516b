#include "gui/slide.h"

#include <algorithm>

#include "gui/state_diagram_drawing.h"
#include "gui/timeline_builder.h"
#include "gui/timeline_frame.h"

namespace tcplab::gui {

namespace {

constexpr float kMarginLines = 1;          // around the slide and between its parts
constexpr float kLadderWidthShare = 0.56f;  // of the width under the title
constexpr float kNarrationMaxShare = 0.45f;  // of the right column's height, at most
constexpr float kParagraphGapLines = 0.4f;
constexpr float kRuleThicknessPx = 2;

// The length of the UTF-8 sequence starting with `lead`.
std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// A character of a script written without spaces between words (CJK and its punctuation): a
// line may break before or after it. Every such character is three bytes or more in UTF-8.
bool breaks_anywhere(std::string_view ch) { return ch.size() >= 3; }

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, float width, const TextMeasure& measure) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t break_at = std::string::npos;  // in `line`: where it may end (after a space)
  auto flush = [&](std::size_t end) {
    std::string head = line.substr(0, end);
    while (!head.empty() && head.back() == ' ') head.pop_back();
    lines.push_back(head);
    std::string rest = line.substr(end);
    while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
    line = rest;
    break_at = std::string::npos;
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view ch = text.substr(i, utf8_length(static_cast<unsigned char>(text[i])));
    i += ch.size();
    if (ch == "\n") {
      flush(line.size());
      continue;
    }
    if (breaks_anywhere(ch) && !line.empty()) break_at = line.size();
    line += ch;
    if (ch == " " || breaks_anywhere(ch)) break_at = line.size();
    if (measure(line) <= width) continue;
    if (break_at != std::string::npos && break_at > 0 && break_at < line.size()) {
      flush(break_at);
    } else if (line.size() > ch.size()) {
      // One word wider than the line: cut it before this character.
      flush(line.size() - ch.size());
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

FrameGeometry build_slide(const SlideContent& c, const SlideFrame& f) {
  const Theme& theme = *f.theme;
  const float line = f.line_height;
  const float margin = line * kMarginLines;
  FrameGeometry out;
  out.rects.push_back({{0, 0}, {f.width, f.height}, theme.background});

  // The title, across the top, under a rule.
  const float title_line = line * kSlideTitleSize;
  const TextMeasure title_measure = [&f](std::string_view t) {
    return f.measure(t) * kSlideTitleSize;
  };
  float y = margin;
  for (const std::string& l : wrap_text(c.title, f.width - 2 * margin, title_measure)) {
    TextPrim t{{margin, y}, l, theme.text};
    t.size = kSlideTitleSize;
    out.texts.push_back(std::move(t));
    y += title_line;
  }
  y += margin / 2;
  out.lines.push_back({{margin, y}, {f.width - margin, y}, theme.grid, kRuleThicknessPx * f.scale});
  const float body_top = y + margin / 2;
  const float body_h = f.height - margin - body_top;

  // The ladder on the left, fitted to its room, with the cursor where the screen has it.
  const float ladder_w = (f.width - 2 * margin) * kLadderWidthShare;
  if (c.index && body_h > line) {
    TimelineFrame ladder;
    ladder.origin = {margin, body_top};
    ladder.width = ladder_w;
    ladder.height = body_h;
    ladder.line_height = line;
    ladder.measure = f.measure;
    ladder.char_width = average_char_width(f.measure);
    ladder.scale = f.scale;
    ladder.theme = f.theme;
    ladder.has_cursor = true;
    ladder.cursor_ns = c.cursor_ns;
    ladder.cursor_step = c.cursor_step;
    TimelineView view;
    view.compress_idle = c.compress_idle;
    fit_lesson(view, *c.index, ladder, std::nullopt);
    FrameGeometry ladder_geometry;
    build_timeline(*c.index, view, ladder, ladder_geometry);
    append(out, ladder_geometry);
  }

  // On the right: the narration, then the state diagram below it.
  const float right_x = margin + ladder_w + margin;
  const float right_w = f.width - margin - right_x;
  const float narration_max = body_h * kNarrationMaxShare;
  y = body_top;
  bool cut = false;
  for (const SlideParagraph& p : c.narration) {
    for (const std::string& l : wrap_text(p.text, right_w, f.measure)) {
      if (y + line > body_top + narration_max) {
        cut = true;
        break;
      }
      out.texts.push_back({{right_x, y}, l, p.color});
      y += line;
    }
    if (cut) break;
    y += line * kParagraphGapLines;
  }
  if (cut && !out.texts.empty()) out.texts.back().text += std::string(kEllipsis);
  DiagramFrame diagram;
  diagram.origin = {right_x, y + margin / 2};
  diagram.width = right_w;
  diagram.height = f.height - margin - diagram.origin.y;
  diagram.line_height = line;
  diagram.measure = f.measure;
  diagram.scale = f.scale;
  diagram.theme = f.theme;
  build_state_diagram(c.diagram, diagram, out);
  return out;
}

}  // namespace tcplab::gui
