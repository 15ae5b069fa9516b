#include "gui/label_placer.h"

#include <algorithm>
#include <cmath>

namespace tcplab::gui {

namespace {

constexpr float kMarkerReachLines = 2;  // dropped labels this close share one "+N"
constexpr unsigned char kUtf8Continuation = 0xC0;
constexpr unsigned char kUtf8ContinuationTag = 0x80;

bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & kUtf8Continuation) == kUtf8ContinuationTag;
}

// The byte offsets where each code point of `s` starts.
std::vector<std::size_t> code_point_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!continuation_byte(s[i])) starts.push_back(i);
  }
  return starts;
}

}  // namespace

std::string cut_to_width(std::string_view text, float width, const TextMeasure& measure) {
  const std::vector<std::size_t> starts = code_point_starts(text);
  for (std::size_t keep = starts.size(); keep-- > 1;) {
    std::string cut(text.substr(0, starts[keep]));
    while (!cut.empty() && cut.back() == ' ') cut.pop_back();
    cut += kEllipsis;
    if (measure(cut) <= width) return cut;
  }
  return std::string(kEllipsis);
}

TextMeasure estimate_measure(float char_width) {
  return [char_width](std::string_view s) {
    float w = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto b = static_cast<unsigned char>(s[i]);
      if (continuation_byte(s[i])) continue;
      constexpr unsigned char kThreeByteLead = 0xE0;
      w += b >= kThreeByteLead ? 2 * char_width : char_width;  // CJK is three bytes and wide
    }
    return w;
  };
}

LabelPlacer::LabelPlacer(PixelRect bounds, float line_height, TextMeasure measure)
    : bounds_(bounds), line_height_(line_height), measure_(std::move(measure)) {}

PixelRect LabelPlacer::rect_at(const LabelSpot& spot, float width) const {
  float x0 = spot.anchor.x;
  if (spot.align == TextAlign::Center) x0 -= width / 2;
  if (spot.align == TextAlign::Right) x0 -= width;
  return {x0, spot.anchor.y, x0 + width, spot.anchor.y + line_height_};
}

std::optional<PixelRect> LabelPlacer::fit(const LabelSpot& spot, float width, bool may_slide,
                                          bool keeps_out) const {
  PixelRect r = rect_at(spot, width);
  if (r.y0 < bounds_.y0 || r.y1 > bounds_.y1) return std::nullopt;
  if (width > bounds_.width()) return std::nullopt;
  if (may_slide) {
    const float dx = r.x0 < bounds_.x0 ? bounds_.x0 - r.x0 : std::min(0.0f, bounds_.x1 - r.x1);
    r.x0 += dx;
    r.x1 += dx;
  }
  if (!contains(bounds_, r, 0)) return std::nullopt;
  if (!free(r, keeps_out)) return std::nullopt;
  return r;
}

bool LabelPlacer::free(const PixelRect& r, bool keeps_out) const {
  auto over = [&](const PixelRect& t) { return overlaps(r, t, 0); };
  return std::none_of(taken_.begin(), taken_.end(), over) &&
         (!keeps_out || std::none_of(keep_out_.begin(), keep_out_.end(), over));
}

void LabelPlacer::put(const PixelRect& r, const LabelSpot& spot, std::string text,
                      std::string tooltip) {
  taken_.push_back(r);
  placed_.push_back({r, spot, std::move(text), std::move(tooltip)});
}

std::optional<PixelRect> LabelPlacer::place(const LabelWish& wish) {
  if (wish.text.empty()) return std::nullopt;
  // The whole text at each spot, then each shorter form at each spot.
  std::vector<const std::string*> forms{&wish.text};
  for (const std::string& s : wish.shorter) forms.push_back(&s);
  for (const std::string* form : forms) {
    const float width = measure_(*form);
    for (const LabelSpot& spot : wish.spots) {
      if (auto r = fit(spot, width, wish.may_slide, wish.keeps_out)) {
        put(*r, spot, *form, form == &wish.text ? std::string{} : wish.text);
        return r;
      }
    }
  }
  // Cut short: the longest beginning that fits at any spot, with "…".
  if (wish.may_cut) {
    const std::vector<std::size_t> starts = code_point_starts(wish.text);
    for (std::size_t keep = starts.size(); keep-- > kMinKeptChars;) {
      std::string cut = wish.text.substr(0, starts[keep]);
      while (!cut.empty() && cut.back() == ' ') cut.pop_back();
      cut += kEllipsis;
      const float width = measure_(cut);
      for (const LabelSpot& spot : wish.spots) {
        if (auto r = fit(spot, width, wish.may_slide, wish.keeps_out)) {
          put(*r, spot, std::move(cut), wish.text);
          return r;
        }
      }
    }
  }
  if (wish.counted_if_dropped && !wish.spots.empty()) dropped_.push_back(wish);
  return std::nullopt;
}

void LabelPlacer::finish(FrameGeometry& out) {
  // Dropped labels close to one another share a "+N"; its tooltip lists them.
  struct Marker {
    std::vector<LabelSpot> spots;
    std::vector<std::string> texts;
  };
  std::vector<Marker> markers;
  const float reach = kMarkerReachLines * line_height_;
  for (const LabelWish& w : dropped_) {
    const Vec2 at = w.spots.front().anchor;
    auto near = std::find_if(markers.begin(), markers.end(), [&](const Marker& m) {
      const Vec2 m_at = m.spots.front().anchor;
      return std::abs(m_at.x - at.x) <= reach && std::abs(m_at.y - at.y) <= reach;
    });
    if (near == markers.end()) {
      markers.push_back({w.spots, {}});
      near = std::prev(markers.end());
    }
    near->texts.push_back(w.text);
  }
  for (const Marker& m : markers) {
    const std::string text = "+" + std::to_string(m.texts.size());
    std::string tooltip;
    for (const std::string& t : m.texts) tooltip += (tooltip.empty() ? "" : "\n") + t;
    // At a spot of the first label it stands for, or a line above or below one.
    const float width = measure_(text);
    [&] {
      for (float dy : {0.0f, -line_height_, line_height_}) {
        for (LabelSpot spot : m.spots) {
          spot.anchor.y += dy;
          if (auto r = fit(spot, width, true)) {
            put(*r, spot, text, tooltip);
            return;
          }
        }
      }
    }();
  }
  for (Placed& p : placed_) {
    // Written left-aligned at the rectangle it was given (slid or not): what was checked is drawn.
    out.texts.push_back({{p.rect.x0, p.rect.y0},
                         std::move(p.text),
                         p.spot.color,
                         TextAlign::Left,
                         p.spot.plate});
    if (!p.tooltip.empty()) out.tips.push_back({p.rect, std::move(p.tooltip)});
  }
  placed_.clear();
  dropped_.clear();
}

}  // namespace tcplab::gui
