// The exported slide in pure code (slide.h): text wrapped at spaces, or anywhere in Chinese; a
// lesson's slide at its middle step holds the title, the step's narration, the ladder's lanes
// and the state diagram with every socket's state, and no two of its texts overlap. The state
// diagram wraps a long transition sentence where it is tall enough, else cuts it (whole in a tip).
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gui/layout_report.h"
#include "gui/narration.h"
#include "gui/slide.h"
#include "gui/state_diagram.h"
#include "gui/state_diagram_drawing.h"
#include "gui/step_cursor.h"
#include "gui/timeline_index.h"
#include "model_runs.h"
#include "present/event_sentence.h"
#include "present/state_name.h"

namespace tcplab::gui {
namespace {

constexpr float kCharPx = 10;  // every character (byte) 10 px wide: easy to reckon with
constexpr float kLinePx = 18;

TextMeasure by_bytes() {
  return [](std::string_view t) { return static_cast<float>(t.size()) * kCharPx; };
}

TEST(WrapText, BreaksAtSpacesWithinTheWidth) {
  const auto lines = wrap_text("the server's FIN is lost on its way", 120, by_bytes());
  EXPECT_EQ(lines, (std::vector<std::string>{"the server's", "FIN is lost", "on its way"}));
}

TEST(WrapText, KeepsLineBreaksAndCutsAWordWiderThanTheLine) {
  EXPECT_EQ(wrap_text("a\nb", 100, by_bytes()), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(wrap_text("TIME-WAIT", 50, by_bytes()), (std::vector<std::string>{"TIME-", "WAIT"}));
}

TEST(WrapText, BreaksChineseBetweenAnyTwoCharacters) {
  // Each character is three bytes, 30 px: four to a 120 px line.
  const auto lines = wrap_text("客户端进入时间等待状态", 120, by_bytes());
  EXPECT_EQ(lines, (std::vector<std::string>{"客户端进", "入时间等", "待状态"}));
  // A Latin word among Chinese stays whole.
  EXPECT_EQ(wrap_text("进入TIME状态", 90, by_bytes()),
            (std::vector<std::string>{"进入", "TIME状", "态"}));
}

// The slide's texts as the layout report sees them: the line box each is drawn in.
std::vector<LayoutText> slide_texts(const FrameGeometry& g, const TextMeasure& measure) {
  std::vector<LayoutText> out;
  for (const TextPrim& t : g.texts) {
    const float w = measure(t.text) * t.size;
    const float x = t.align == TextAlign::Left     ? t.pos.x
                    : t.align == TextAlign::Center ? t.pos.x - w / 2
                                                   : t.pos.x - w;
    const PixelRect r{x, t.pos.y, x + w, t.pos.y + kLinePx * t.size};
    out.push_back({t.text, r, "slide", {0, 0, 1600, 1000}, {0, 0, 1600, 1000}, kLinePx * t.size});
  }
  return out;
}

TEST(Slide, HoldsTitleNarrationLadderAndDiagramWithoutOverlaps) {
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  const Scenario scenario = load_lesson_file(resolve_lesson("lost-last-ack", dir));
  const Trace trace = model_trace(scenario);
  const TimelineIndex index(trace, FoldPolicy{});
  const auto step = parse_step(trace, "middle");
  ASSERT_TRUE(step.has_value());
  StepCursor cursor;
  cursor.attach(&trace);
  cursor.go_to(*step);
  const NarrationStep* narration = narration_at(place_narration(scenario, trace), *step);
  ASSERT_NE(narration, nullptr);

  SlideContent c;
  c.title = scenario.title.en;
  c.narration = {{reflow(narration->text.en), kInk}};
  c.index = &index;
  c.cursor_ns = cursor.time_ns();
  c.cursor_step = *step;
  c.diagram = diagram_status(trace, *step);
  ASSERT_FALSE(c.diagram.endpoints.empty());
  SlideFrame f;
  f.width = 1600;
  f.height = 1000;
  f.line_height = kLinePx;
  f.measure = estimate_measure(kCharPx);
  const FrameGeometry g = build_slide(c, f);

  std::string all;  // every text, one after the other
  for (const TextPrim& t : g.texts) all += t.text + " ";
  EXPECT_NE(all.find(c.title), std::string::npos) << all;
  EXPECT_EQ(g.texts.front().text, c.title);
  EXPECT_GT(g.texts.front().size, 1.0f) << "the title is larger than the rest";
  // The narration, wrapped onto lines: each of its words, in order.
  std::size_t at = 0;
  for (const std::string& line : wrap_text(c.narration[0].text, 1e9f, f.measure)) {
    std::size_t word_start = 0;
    while (word_start < line.size()) {
      const std::size_t end = std::min(line.find(' ', word_start), line.size());
      const std::string word = line.substr(word_start, end - word_start);
      at = all.find(word, at);
      ASSERT_NE(at, std::string::npos) << "narration word '" << word << "' missing: " << all;
      word_start = end + 1;
    }
  }
  // The lanes, and every socket's state and name in the diagram.
  EXPECT_NE(all.find("client"), std::string::npos);
  EXPECT_NE(all.find("server"), std::string::npos);
  for (const EndpointMark& m : c.diagram.endpoints) {
    EXPECT_NE(all.find(std::string(present::state_name(m.state))), std::string::npos);
    EXPECT_NE(all.find(m.endpoint), std::string::npos) << m.endpoint;
  }
  const LayoutReport report{1600, 1000, slide_texts(g, f.measure)};
  EXPECT_EQ(describe_problems(report, 0), "");
  for (const LayoutText& t : report.texts) {
    EXPECT_TRUE(contains({0, 0, 1600, 1000}, t.rect, kLayoutTolerancePx)) << t.text;
  }
}

// A kernel's state that lived less than a sock_diag poll: the sentence that says so is wider
// than the diagram at the side by side's width.
StateEvent short_lived_close_wait() {
  StateEvent e;
  e.endpoint = "server1#2 (kernel)";
  e.from = TcpState::Established;
  e.to = TcpState::CloseWait;
  e.segment_id = 10;
  e.source = StateSource::SockDiagShortLived;
  return e;
}

struct DrawnDiagram {
  FrameGeometry geometry;
  std::vector<LayoutText> texts;
  std::string bottom;  // the texts under the diagram's boxes, in order, each followed by "|"
};

DrawnDiagram draw_diagram(const DiagramStatus& status, const DiagramFrame& f) {
  DrawnDiagram d;
  build_state_diagram(status, f, d.geometry);
  const PixelRect frame{0, 0, f.width, f.height};
  for (const TextPrim& t : d.geometry.texts) {
    const float w = f.measure(t.text);
    const float x = t.align == TextAlign::Left     ? t.pos.x
                    : t.align == TextAlign::Center ? t.pos.x - w / 2
                                                   : t.pos.x - w;
    d.texts.push_back({t.text, {x, t.pos.y, x + w, t.pos.y + f.line_height}, "diagram", frame,
                       frame, f.line_height});
    if (t.pos.y > f.height - 4 * f.line_height) d.bottom += t.text + "|";
  }
  return d;
}

std::string figure_line(TcpState from, TcpState to) {
  const auto edge = find_edge(from, to);
  return edge ? "RFC 9293 figure: " + std::string(diagram_edges()[*edge].label) : "no edge";
}

// Tall enough, the sentence wraps onto a second line inside the frame, the RFC figure's line
// below it, nothing over anything, nothing cut.
TEST(StateDiagram, ALongTransitionSentenceWrapsInsideATallFrame) {
  DiagramStatus status;
  status.endpoints = {{"server1#2 (kernel)", "server", TcpState::CloseWait}};
  status.last_change = short_lived_close_wait();
  const std::string sentence = present::state_change_sentence(*status.last_change);
  DiagramFrame f;
  f.width = 470;
  f.height = 420;
  f.line_height = kLinePx;
  f.measure = estimate_measure(kCharPx / 2);
  ASSERT_GT(f.measure(sentence), f.width) << "the case at stake: a sentence wider than the frame";
  const DrawnDiagram d = draw_diagram(status, f);
  EXPECT_EQ(describe_problems(LayoutReport{470, 420, d.texts}, 0), "");
  const auto lines = wrap_text(sentence, f.width - kLinePx, f.measure);
  ASSERT_EQ(lines.size(), 2u) << sentence;
  EXPECT_EQ(d.bottom, lines[0] + "|" + lines[1] + "|" +
                          figure_line(TcpState::Established, TcpState::CloseWait) + "|");
  for (const TextTip& tip : d.geometry.tips) EXPECT_NE(tip.text, sentence) << "nothing is cut";
}

// As in the side by side at 1280x720 (a panel 470 x 225): a second line would crowd the boxes,
// so the sentence is cut short with "…" on its one line and is whole in that line's tooltip.
TEST(StateDiagram, InAShortFrameTheSentenceIsCutWithItsWholeTextAsATooltip) {
  DiagramStatus status;
  status.endpoints = {{"server1#2 (kernel)", "server", TcpState::CloseWait}};
  status.last_change = short_lived_close_wait();
  const std::string sentence = present::state_change_sentence(*status.last_change);
  DiagramFrame f;
  f.width = 470;
  f.height = 225;
  f.line_height = kLinePx;
  f.measure = estimate_measure(kCharPx / 2);
  const DrawnDiagram d = draw_diagram(status, f);
  EXPECT_EQ(describe_problems(LayoutReport{470, 225, d.texts}, 0), "");
  const std::string cut = cut_to_width(sentence, f.width - kLinePx, f.measure);
  ASSERT_TRUE(cut.ends_with("…")) << cut;
  EXPECT_EQ(d.bottom,
            cut + "|" + figure_line(TcpState::Established, TcpState::CloseWait) + "|");
  const auto tip = std::find_if(d.geometry.tips.begin(), d.geometry.tips.end(),
                                [&](const TextTip& t) { return t.text == sentence; });
  EXPECT_NE(tip, d.geometry.tips.end()) << "the whole sentence is the cut line's tooltip";
}

}  // namespace
}  // namespace tcplab::gui
