#pragma once
// A printable worksheet of a lesson's run: the ladder diagram on A4 pages with blanks where the
// class writes what happened (a segment's flags, the state an endpoint enters, what a call
// returns), and the same pages with the blanks filled in as the answer key. Pure layout in
// points (1/72 inch); worksheet_render.* draws it with cairo and pango.
#include <cstddef>
#include <string>
#include <vector>

#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab::worksheet {

inline constexpr double kPageWidth = 595.0;   // A4 in points
inline constexpr double kPageHeight = 842.0;

// Part of a line of text: printed as it is, or a blank box the answer goes in.
struct Piece {
  std::string text;  // a blank's answer
  bool blank = false;
};

enum class Align { Left, Centre, Right };
enum class Role { Title, Subtitle, Header, Time, Label, Note };

struct TextItem {
  double x = 0;
  double y = 0;  // baseline
  Align align = Align::Left;
  Role role = Role::Label;
  std::vector<Piece> pieces;
};

struct LineItem {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  bool arrow = false;   // an arrowhead at (x2, y2)
  bool lost = false;    // a segment that never arrived: a cross at its end
  bool lifeline = false;
};

struct Page {
  std::vector<TextItem> texts;
  std::vector<LineItem> lines;
};

struct WorksheetOptions {
  std::string lang = "en";
  std::size_t max_pages = 4;  // a long run (port exhaustion) is cut, saying how much was left out
  std::size_t max_lanes = 4;  // hosts drawn side by side on a portrait page
  bool answer_key = false;    // the blanks filled in, titled as the key
};

struct Worksheet {
  std::vector<Page> pages;
  std::size_t blanks = 0;        // how many the class fills in
  std::size_t events_left = 0;   // events beyond max_pages, counted on the last page
  bool answer_key = false;
};

Worksheet layout_worksheet(const Scenario& scenario, const Trace& trace,
                           const WorksheetOptions& options = {});

}  // namespace tcplab::worksheet
