#pragma once
// One placer for every text of the timeline. Each label says where it would like to go (spots,
// best first); the placer puts it at the first spot where it lies inside the panel and over no
// text already placed, sliding it sideways to stay inside the panel. A label that fits nowhere is
// tried in its shorter forms ("ESTAB" for "ESTABLISHED"), then cut short with "…" (the whole text
// becomes a tooltip), and else dropped: dropped labels near one another are counted in one "+N"
// whose tooltip lists them. Labels are placed in the order given: the most telling first.
// Pure: no ImGui; widths come from a TextMeasure (ImGui's in the GUI, an estimate in tests).
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/geometry.h"
#include "gui/layout_report.h"

namespace tcplab::gui {

// The width in pixels of a text in the font the timeline draws with.
using TextMeasure = std::function<float(std::string_view)>;

inline constexpr std::string_view kEllipsis = "…";
inline constexpr std::size_t kMinKeptChars = 4;  // a label cut shorter than this is dropped

// The longest beginning of `text` that, with "…" after it, is no wider than `width` (at least
// the "…" alone): for a text that does not fit, its whole self then shown as a tooltip.
std::string cut_to_width(std::string_view text, float width, const TextMeasure& measure);

// Where a label may go: its top edge at anchor.y, aligned around anchor.x, in these colours (a
// state's name inside its band is drawn in the band's ink, beside it in the text colour).
struct LabelSpot {
  Vec2 anchor;
  TextAlign align = TextAlign::Left;
  Rgba color;
  Rgba plate = kNoPlate;
};

struct LabelWish {
  std::string text;
  std::vector<std::string> shorter;  // tried in order when the text fits at no spot
  std::vector<LabelSpot> spots;      // best first
  bool may_cut = false;              // may be cut short with "…", the whole text as a tooltip
  bool counted_if_dropped = true;    // a dropped label is counted in a "+N" near its first spot
  bool may_slide = true;             // may move sideways to stay inside the panel
  bool keeps_out = false;            // stays off the keep-out areas (a call's or a timer's label
                                     // off the state bands, whose colour it would hide)
};

class LabelPlacer {
 public:
  LabelPlacer(PixelRect bounds, float line_height, TextMeasure measure);

  // Space no label may cover (what is drawn there already).
  void reserve(const PixelRect& r) { taken_.push_back(r); }
  // Space only labels that keep out (LabelWish::keeps_out) may not cover.
  void keep_out(const PixelRect& r) { keep_out_.push_back(r); }
  // Places `wish` (see the top); returns where it went, or nullopt if it was dropped.
  std::optional<PixelRect> place(const LabelWish& wish);
  // Places the "+N" of the dropped labels and writes every placed text and its tooltip.
  void finish(FrameGeometry& out);

  std::size_t dropped_count() const { return dropped_.size(); }

 private:
  PixelRect rect_at(const LabelSpot& spot, float width) const;
  // The spot's rectangle for a text `width` wide, slid inside the bounds if allowed; nullopt if
  // it does not fit there.
  std::optional<PixelRect> fit(const LabelSpot& spot, float width, bool may_slide,
                               bool keeps_out = false) const;
  bool free(const PixelRect& r, bool keeps_out = false) const;
  void put(const PixelRect& r, const LabelSpot& spot, std::string text, std::string tooltip);

  PixelRect bounds_;
  float line_height_;
  TextMeasure measure_;
  std::vector<PixelRect> taken_;
  std::vector<PixelRect> keep_out_;
  struct Placed {
    PixelRect rect;
    LabelSpot spot;
    std::string text;
    std::string tooltip;  // empty: none
  };
  std::vector<Placed> placed_;
  std::vector<LabelWish> dropped_;
};

// A monospace estimate for pure code and tests: `char_width` per character, two for a CJK one.
TextMeasure estimate_measure(float char_width);

}  // namespace tcplab::gui
