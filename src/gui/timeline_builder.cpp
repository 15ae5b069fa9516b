#include "gui/timeline_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/future_veil.h"
#include "present/segment_label.h"
#include "present/state_name.h"
#include "present/time_text.h"
#include "present/timer_label.h"
#include "present/translate.h"

namespace tcplab::gui {

namespace {

// A readable fit puts the cursor this far down the ladder, and keeps it this far from the edges.
constexpr double kReadableCursorShare = 0.35;
constexpr float kReadableFollowShare = 0.15f;

// Nice tick steps for the ruler: 1, 2, 5 times a power of ten nanoseconds.
std::int64_t nice_step(double raw_ns) {
  constexpr std::int64_t kMultipliers[] = {1, 2, 5};
  std::int64_t power = 1;
  while (true) {
    for (std::int64_t m : kMultipliers) {
      if (static_cast<double>(m * power) >= raw_ns) return m * power;
    }
    power *= 10;
  }
}

// Times on the ruler and the cursor are exact instants; idle gaps and timers are read, rounded.
std::string instant_label(std::int64_t ns) { return present::instant_text(instant_from_ns(ns)); }
std::string rounded_label(std::int64_t ns) { return present::rounded_duration_text(Duration{ns}); }

// The builder's working state for one frame.
class Builder {
 public:
  Builder(const TimelineIndex& index, const TimelineView& view, const TimelineFrame& frame,
          FrameGeometry& out)
      : index_(index),
        view_(view),
        frame_(frame),
        theme_(*frame.theme),
        out_(out),
        layout_(layout_lanes(index, frame)),
        s_(frame.scale),
        measure_(frame.measure ? frame.measure : estimate_measure(frame.char_width)) {
    top_ = layout_.content_top;
    bottom_ = frame.origin.y + frame.height;
    const TimeFold& fold = index.fold();
    top_real_ = fold.unfold(static_cast<std::int64_t>(view.folded_at(top_, top_)));
    bottom_real_ = fold.unfold(static_cast<std::int64_t>(std::ceil(view.folded_at(bottom_, top_))));
    label_gap_ = frame.line_height + kTextPadPx * s_;
  }

  void build() {
    out_.clear();
    idle_breaks();
    ruler();
    lifelines();
    for (std::size_t h = 0; h < index_.hosts().size(); ++h) {
      bands(h);
      calls(h);   // calls claim their label rows first,
      timers(h);  // timer labels fill the rows left
    }
    segments();
    cursor();
    headers();
    place_labels();
  }

 private:
  float y(std::int64_t real_ns) const {
    const std::int64_t f = view_.compress_idle ? index_.fold().fold(real_ns) : real_ns;
    return static_cast<float>(view_.y_of(static_cast<double>(f), top_));
  }
  // The real instant `px` pixels after real instant t.
  std::int64_t later_by_px(std::int64_t real_ns, float px) const {
    const TimeFold& fold = index_.fold();
    const double f = static_cast<double>(view_.compress_idle ? fold.fold(real_ns) : real_ns) +
                     px * view_.ns_per_px;
    const auto fi = static_cast<std::int64_t>(std::ceil(f));
    return view_.compress_idle ? fold.unfold(fi) : fi;
  }
  float text_width(const std::string& s) const { return measure_(s); }
  // An instant the cursor has reached (an arrival, which is no event of its own).
  bool reached(std::int64_t t) const { return !frame_.has_cursor || t <= frame_.cursor_ns; }
  // Event `event` of the trace, at t, has happened: of events at the cursor's instant only
  // those up to the cursor's step have (a call returning right after the step is still news).
  bool happened(std::int64_t t, std::size_t event) const {
    if (!frame_.has_cursor) return true;
    return t < frame_.cursor_ns || (t == frame_.cursor_ns && event < frame_.cursor_step);
  }
  Rgba future(Rgba c) const {
    return c.with_alpha(static_cast<std::uint8_t>(c.a * theme_.future_alpha / 255));
  }
  Rgba faded(Rgba c, std::int64_t t) const { return reached(t) ? c : future(c); }
  Rgba faded(Rgba c, std::int64_t t, std::size_t event) const {
    return happened(t, event) ? c : future(c);
  }
  // Shapes stay between the lane headers and the bottom: a band begun above a scrolled view
  // must not paint over the header that names its lane.
  float clampy(float v) const { return std::clamp(v, top_, bottom_); }
  // Every text of the timeline is a wish for the one placer (label_placer.h), placed by rank
  // once the frame's shapes are built: the most telling first.
  enum class Rank {
    Header,
    CursorTime,
    RulerTime,
    StateName,
    FailedCall,
    TellingSegment,  // selected, lost, retransmitted, a reset, a difference
    ShortStateName,  // a band too short for its name: beside it
    Call,
    Timer,
    Segment,
    Bundle,
    SocketName,
    IdleBreak,
  };
  void wish(Rank rank, LabelWish w) { wishes_.push_back({rank, std::move(w)}); }
  // A label at one spot that is not counted when it does not fit (a ruler time, a state's name).
  void optional_text(Rank rank, LabelSpot spot, std::string s) {
    LabelWish w;
    w.text = std::move(s);
    w.spots.push_back(spot);
    w.counted_if_dropped = false;
    w.may_slide = false;
    wish(rank, std::move(w));
  }

  void place_labels() {
    std::stable_sort(wishes_.begin(), wishes_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    LabelPlacer placer({frame_.origin.x, frame_.origin.y, frame_.origin.x + frame_.width,
                        frame_.origin.y + frame_.height},
                       frame_.line_height, measure_);
    for (const PixelRect& r : band_rects_) placer.keep_out(r);
    for (const auto& [rank, w] : wishes_) placer.place(w);
    placer.finish(out_);
    wishes_.clear();
    band_rects_.clear();
  }

  void idle_breaks() {
    if (!view_.compress_idle) return;
    const auto& breaks = index_.fold().breaks();
    auto it = std::lower_bound(breaks.begin(), breaks.end(), top_real_,
                               [](const IdleBreak& b, std::int64_t t) { return b.end_ns < t; });
    const float left = frame_.origin.x;
    const float right = frame_.origin.x + frame_.width;
    for (; it != breaks.end() && it->start_ns <= bottom_real_; ++it) {
      if (it->magnified) continue;
      const float y0 = y(it->start_ns);
      const float y1 = y(it->end_ns);
      out_.rects.push_back({{left, clampy(y0)}, {right, clampy(y1)}, theme_.idle_break});
      out_.lines.push_back({{left, y0}, {right, y0}, theme_.soft_text, 1, LineStyle::Dashed});
      out_.lines.push_back({{left, y1}, {right, y1}, theme_.soft_text, 1, LineStyle::Dashed});
      if (y1 - y0 >= frame_.line_height) {
        optional_text(Rank::IdleBreak,
                      {{(left + right) / 2, (y0 + y1 - frame_.line_height) / 2},
                       TextAlign::Center,
                       theme_.soft_text,
                       theme_.label_plate},
                      "~ " + rounded_label(it->real_length_ns()) + " " +
                          std::string(present::tr("later")) + " ~");
      }
    }
  }

  void ruler() {
    const float x = layout_.ruler_right - kTextPadPx * s_;
    const std::int64_t step = nice_step(kTickSpacingPx * s_ * view_.ns_per_px);
    const TimeFold& fold = index_.fold();
    auto first_tick = [step](std::int64_t t) {
      const std::int64_t q = t / step;
      return (q * step < t ? q + 1 : q) * step;
    };
    std::int64_t t = first_tick(std::max<std::int64_t>(0, top_real_));
    float last_y = -1e9f;
    while (t <= bottom_real_) {
      if (view_.compress_idle) {
        if (const IdleBreak* b = fold.break_at(t)) {
          t = first_tick(b->end_ns);
          continue;
        }
      }
      const float ty = y(t);
      if (ty - last_y >= label_gap_) {
        out_.lines.push_back(
            {{layout_.ruler_right, ty}, {frame_.origin.x + frame_.width, ty}, theme_.grid, 1});
        optional_text(Rank::RulerTime,
                      {{x, ty - frame_.line_height / 2}, TextAlign::Right, theme_.soft_text},
                      instant_label(t));
        last_y = ty;
      }
      t += step;
    }
  }

  void lifelines() {
    for (const HostColumn& col : layout_.hosts) {
      out_.lines.push_back({{col.lifeline_x, top_},
                            {col.lifeline_x, bottom_},
                            theme_.lifeline,
                            kLifelineThicknessPx * s_});
    }
  }

  void bands(std::size_t h) {
    const HostLane& host = index_.hosts()[h];
    const HostColumn& col = layout_.hosts[h];
    for (std::size_t k = 0; k < host.slots.size(); ++k) {
      const auto& bands = host.slots[k].bands;
      const SlotColumn& sc = col.slots[k];
      auto it = std::lower_bound(bands.begin(), bands.end(), top_real_,
                                 [](const StateBand& b, std::int64_t t) { return b.end_ns < t; });
      while (it != bands.end() && it->start_ns <= bottom_real_) {
        float y0 = y(it->start_ns);
        float y1 = y(it->end_ns);
        auto next = it + 1;
        if (y1 - y0 < kMergePx) {
          // Merge everything that starts within kMergePx: one rectangle in the first one's colour.
          const std::int64_t until = later_by_px(it->start_ns, kMergePx);
          next =
              std::lower_bound(it + 1, bands.end(), until,
                               [](const StateBand& b, std::int64_t t) { return b.start_ns < t; });
          y1 = std::max(y(std::prev(next)->end_ns), y0 + 1);
          // Drawn in the colour of the state that lasts longest in the group (a TIME-WAIT that
          // follows a quick handshake, not the handshake), looking at a bounded number of bands.
          auto longest = it;
          const auto look_until = next - it > kMergeLookahead ? it + kMergeLookahead : next;
          for (auto b = it; b != look_until; ++b) {
            if (b->end_ns - b->start_ns > longest->end_ns - longest->start_ns) longest = b;
          }
          out_.rects.push_back({{sc.band_x0, clampy(y0)},
                                {sc.band_x1, clampy(y1)},
                                faded(theme_.state(longest->state), it->start_ns, it->start_event)});
          band_rects_.push_back({sc.band_x0, clampy(y0), sc.band_x1, clampy(y1)});
          it = next;
          continue;
        }
        band(*it, col, sc, y0, y1);
        it = next;
      }
    }
  }

  void band(const StateBand& b, const HostColumn& col, const SlotColumn& sc, float y0, float y1) {
    const Rgba color = theme_.state(b.state);
    band_rects_.push_back({sc.band_x0, clampy(y0), sc.band_x1, clampy(y1)});
    // Split at the cursor: the part already lived is solid, the rest faded.
    const float cut = frame_.has_cursor ? std::clamp(y(frame_.cursor_ns), y0, y1) : y1;
    if (cut > y0)
      out_.rects.push_back({{sc.band_x0, clampy(y0)}, {sc.band_x1, clampy(cut)}, color});
    if (cut < y1) {
      out_.rects.push_back({{sc.band_x0, clampy(cut)},
                            {sc.band_x1, clampy(y1)},
                            color.with_alpha(theme_.future_alpha)});
    }
    // The state's name where the band begins (kept in view while the band is).
    const float pad = kTextPadPx * s_;
    float ty = std::max(y0, top_) + pad;
    const bool two_lines = b.first_of_socket && y1 - ty >= 2 * frame_.line_height + pad;
    bool inside = true;
    if (y1 - ty < frame_.line_height) {
      // A short band: its name centred in it if the band is nearly a line high, else beside it.
      inside = y1 - std::max(y0, top_) >= frame_.line_height * kShortBandLabelShare;
      ty = (std::max(y0, top_) + y1 - frame_.line_height) / 2;
    }
    const Rgba ink = happened(b.start_ns, b.start_event) ? text_on(color) : future(theme_.soft_text);
    const float cx = (sc.band_x0 + sc.band_x1) / 2;
    // The RFC's name if it fits, else what `ss` prints (ESTAB, SYN-RECV).
    const float room = sc.band_x1 - sc.band_x0 - 2 * pad;
    std::string name(present::state_name(b.state));
    std::string short_name(present::short_state_name(b.state));
    if (text_width(name) > room) name = short_name;
    if (!inside || text_width(name) > room) {
      beside_band(b, col, sc, y0, y1);
      return;
    }
    optional_text(Rank::StateName, {{cx, ty}, TextAlign::Center, ink}, name);
    if (two_lines && text_width(index_.sockets()[b.socket].label) <= room) {
      optional_text(Rank::SocketName, {{cx, ty + frame_.line_height}, TextAlign::Center, ink},
                    index_.sockets()[b.socket].label);
    }
  }

  // A band too short or too narrow for its name: the name beside it, past the timer bracket, at
  // the band's middle (CLOSE-WAIT for a moment is still the lesson's subject).
  void beside_band(const StateBand& b, const HostColumn& col, const SlotColumn& sc, float y0,
                   float y1) {
    const float mid = (std::max(y0, top_) + std::min(y1, bottom_)) / 2;
    const float x =
        col.outward < 0 ? sc.band_x0 - kTimerColumnPx * s_ : sc.band_x1 + kTimerColumnPx * s_;
    const TextAlign align = col.outward < 0 ? TextAlign::Right : TextAlign::Left;
    const Rgba ink = faded(theme_.text, b.start_ns, b.start_event);
    LabelWish w;
    w.text = std::string(present::state_name(b.state));
    w.shorter.emplace_back(present::short_state_name(b.state));
    for (float dy : {0.0f, -1.0f, 1.0f}) {
      w.spots.push_back({{x, mid - frame_.line_height / 2 + dy * frame_.line_height},
                         align,
                         ink,
                         theme_.label_plate});
    }
    w.counted_if_dropped = false;
    wish(Rank::ShortStateName, std::move(w));
  }

  void timers(std::size_t h) {
    const HostLane& host = index_.hosts()[h];
    const HostColumn& col = layout_.hosts[h];
    for (std::size_t k = 0; k < host.slots.size(); ++k) {
      const SlotColumn& sc = col.slots[k];
      for (const auto& spans : host.slots[k].timers) {
        auto it = std::lower_bound(spans.begin(), spans.end(), top_real_,
                                   [](const TimerSpan& s, std::int64_t t) { return s.end_ns < t; });
        while (it != spans.end() && it->start_ns <= bottom_real_) {
          const float y0 = y(it->start_ns);
          const float y1 = y(it->end_ns);
          auto next = it + 1;
          if (y1 - y0 < kMergePx) {
            const std::int64_t until = later_by_px(it->start_ns, kMergePx);
            next =
                std::lower_bound(it + 1, spans.end(), until,
                                 [](const TimerSpan& s, std::int64_t t) { return s.start_ns < t; });
          }
          timer(*it, col, sc, y0, std::max(y1, y0 + 1));
          it = next;
        }
      }
    }
  }

  void timer(const TimerSpan& span, const HostColumn& col, const SlotColumn& sc, float y0,
             float y1) {
    const Rgba color = faded(timer_color(span.kind), span.start_ns, span.start_event);
    const float tick = kTimerTickPx * s_ * -col.outward;  // ticks point at the band
    // Solid when it fired; dashed when it was cancelled or is still pending at the trace's end.
    const LineStyle style =
        span.ending == present::TimerEnding::Fired ? LineStyle::Solid : LineStyle::Dashed;
    const float x = sc.timer_x;
    out_.lines.push_back({{x, clampy(y0)}, {x, clampy(y1)}, color, kTimerThicknessPx * s_, style});
    out_.lines.push_back({{x, y0}, {x + tick, y0}, color, kTimerThicknessPx * s_});
    out_.lines.push_back({{x, y1}, {x + tick, y1}, color, kTimerThicknessPx * s_});
    if (span.ending == present::TimerEnding::Fired) {
      out_.circles.push_back({{x, y1}, kTimerTickPx * s_ * 0.7f, color});
    }
    if (y1 - y0 < frame_.line_height * 1.5f) return;
    present::TimerSpanText what{span.kind, span.attempt, Duration{span.deadline_ns - span.start_ns},
                                span.ending, std::nullopt};
    if (frame_.has_cursor && frame_.cursor_ns >= span.start_ns && frame_.cursor_ns < span.end_ns) {
      what.left = Duration{span.deadline_ns - frame_.cursor_ns};
    }
    std::string label = present::timer_span_label(what);
    // Beside the bracket, in the calls column, where the visible part of the bracket starts.
    const float ly = std::max(y0, top_) + kTextPadPx * s_;
    if (ly + frame_.line_height > y1) return;
    wish(Rank::Timer, call_column_wish(col, ly, std::move(label), color, kCallLabelShifts));
  }

  // A label for the calls column at `ly`, or up to `shifts` lines lower; a long one ("bind() = -1
  // EADDRINUSE") on a host left of the arrows may also start just right of the ruler's times.
  LabelWish call_column_wish(const HostColumn& col, float ly, std::string label, Rgba color,
                             int shifts) const {
    LabelWish w;
    w.text = std::move(label);
    w.may_cut = true;
    w.keeps_out = true;  // off the bands: a label over one hides its state ("cancelledWAIT")
    for (int k = 0; k <= shifts; ++k) {
      const float y = ly + static_cast<float>(k) * frame_.line_height;
      w.spots.push_back({{col.call_x, y}, col.call_align, color, theme_.label_plate});
      if (col.call_align == TextAlign::Right) {
        w.spots.push_back({{layout_.ruler_right + kTextPadPx * s_, y},
                           TextAlign::Left,
                           color,
                           theme_.label_plate});
      }
    }
    return w;
  }

  void calls(std::size_t h) {
    const HostLane& host = index_.hosts()[h];
    const HostColumn& col = layout_.hosts[h];
    auto it = std::lower_bound(host.calls.begin(), host.calls.end(), top_real_,
                               [](const CallMark& c, std::int64_t t) { return c.at_ns < t; });
    struct Group {
      float y;
      const CallMark* shown;  // a failed call if the group has one, else its last call
      std::size_t others;
    };
    std::vector<Group> groups;
    while (it != host.calls.end() && it->at_ns <= bottom_real_) {
      const float cy = y(it->at_ns);
      const std::int64_t until = later_by_px(it->at_ns, kMergePx);
      auto next = std::lower_bound(it + 1, host.calls.end(), until,
                                   [](const CallMark& c, std::int64_t t) { return c.at_ns < t; });
      // A group is all past or all future: "+N" must not count, nor its label show, a call
      // that has not returned yet (calls are in trace order, so the past ones come first).
      if (happened(it->at_ns, it->event_index)) {
        next = std::partition_point(it + 1, next, [this](const CallMark& c) {
          return happened(c.at_ns, c.event_index);
        });
      }
      const CallMark* shown = &*std::prev(next);
      for (auto c = it; c != next && c - it < kMergeLookahead; ++c) {
        if (c->failed) {
          shown = &*c;
          break;
        }
      }
      const Rgba color =
          faded(shown->failed ? theme_.error : theme_.text, shown->at_ns, shown->event_index);
      out_.lines.push_back({{col.tick_x, cy},
                            {col.call_x, cy},
                            color.with_alpha(color.a / 3),
                            1,
                            LineStyle::Dashed});
      out_.circles.push_back({{col.tick_x, cy}, kTimerTickPx * s_ * 0.6f, color});
      groups.push_back({cy, shown, static_cast<std::size_t>(next - it) - 1});
      it = next;
    }
    // Failed calls are placed first, then the others in time order; the timers' labels fill
    // the rows left (Rank).
    for (const Group& g : groups) {
      const Rgba color = faded(g.shown->failed ? theme_.error : theme_.text, g.shown->at_ns,
                               g.shown->event_index);
      std::string label = g.shown->label;
      if (g.others > 0) label += "  +" + std::to_string(g.others);
      wish(g.shown->failed ? Rank::FailedCall : Rank::Call,
           call_column_wish(col, g.y - frame_.line_height / 2, std::move(label), color,
                            kCallLabelShifts));
    }
  }

  void segments() {
    const SegmentColumn& col = index_.segments();
    const auto begin = std::lower_bound(col.sent_ns.begin(), col.sent_ns.end(),
                                        top_real_ - index_.max_latency_ns());
    const auto end = std::upper_bound(begin, col.sent_ns.end(), bottom_real_);
    std::size_t i = static_cast<std::size_t>(begin - col.sent_ns.begin());
    const std::size_t n = static_cast<std::size_t>(end - col.sent_ns.begin());
    while (i < n) {
      const std::int64_t until = later_by_px(col.sent_ns[i], kMergePx);
      const auto j_it =
          std::lower_bound(col.sent_ns.begin() + static_cast<std::ptrdiff_t>(i) + 1, end, until);
      const std::size_t j = static_cast<std::size_t>(j_it - col.sent_ns.begin());
      const std::size_t count = j - i;
      if (count > kSpreadSegmentsMax) {
        bundle(i, count);
      } else {
        // A few segments sent together (crossing FINs, an old duplicate beside the original)
        // are each drawn: one bundle would hide the point. Segments the other way are drawn
        // at their instants, crossing (the fold gave their flights room); one that would be
        // drawn over an earlier one the same way goes a row lower, so it and its label have
        // their own row.
        for (std::size_t k = i; k < j; ++k) {
          std::size_t row = 0;
          for (std::size_t e = i; e < k; ++e) {
            row += col.from_host[e] == col.from_host[k] && col.to_host[e] == col.to_host[k];
          }
          bool crossing = false;
          for (std::size_t e = i; e < j; ++e) {
            crossing |= col.from_host[e] == col.to_host[k] && col.to_host[e] == col.from_host[k];
          }
          if (col.arrives_ns[k] >= top_real_)
            arrow(k, static_cast<float>(row) * label_gap_, crossing);
        }
      }
      i = j;
    }
  }

  static bool telling(const SegmentEvent& seg, bool selected) {
    return selected || seg.fate == SegmentFate::Dropped || seg.retransmission ||
           seg.segment.flags.rst();
  }

  // A segment's label goes above its arrow, at the middle or nearer either end. One of two
  // arrows crossing (their middles meet) is labelled first by its sender, where the other is not.
  void segment_label(Rank rank, Vec2 from, Vec2 to, std::string label, Rgba color, Rgba plate,
                     bool crossing) {
    constexpr float kAlongArrow[] = {0.5f, 0.3f, 0.7f, 0.15f, 0.85f};
    LabelWish w;
    w.text = std::move(label);
    w.may_cut = true;
    if (crossing && from.y - frame_.line_height >= top_) {
      const bool rightwards = to.x >= from.x;
      const float pad = kTextPadPx * s_;
      w.spots.push_back({{from.x + (rightwards ? pad : -pad),
                          from.y - frame_.line_height - pad / 2},
                         rightwards ? TextAlign::Left : TextAlign::Right,
                         color,
                         plate});
    }
    for (float f : kAlongArrow) {
      const Vec2 at{from.x + (to.x - from.x) * f, from.y + (to.y - from.y) * f};
      if (at.y - frame_.line_height < top_) continue;
      w.spots.push_back({{at.x, at.y - frame_.line_height - kTextPadPx * s_ / 2},
                         TextAlign::Center,
                         color,
                         plate});
    }
    wish(rank, std::move(w));
  }

  Vec2 endpoint_of(std::size_t host, std::int64_t t) const {
    return {layout_.hosts[host].lifeline_x, y(t)};
  }

  void arrow_head(Vec2 from, Vec2 to, Rgba color) {
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
    const float ux = dx / len, uy = dy / len;
    const float hl = kArrowHeadPx * s_;
    const Vec2 base{to.x - ux * hl, to.y - uy * hl};
    out_.triangles.push_back({to,
                              {base.x - uy * hl / 2, base.y + ux * hl / 2},
                              {base.x + uy * hl / 2, base.y - ux * hl / 2},
                              color});
  }

  // Segment i's arrow, `row_dy` pixels below its instants (its row among those sent together);
  // `crossing`: sent with one the other way.
  void arrow(std::size_t i, float row_dy, bool crossing) {
    const SegmentColumn& col = index_.segments();
    const SegmentEvent& seg = *col.event[i];
    const std::int64_t sent = col.sent_ns[i];
    const std::int64_t arrives = col.arrives_ns[i];
    const std::size_t ei = col.event_index[i];
    Vec2 from = endpoint_of(col.from_host[i], sent);
    Vec2 to = endpoint_of(col.to_host[i], arrives);
    from.y += row_dy;
    to.y += row_dy;
    const bool dropped = seg.fate == SegmentFate::Dropped;
    if (dropped) to.x = (from.x + to.x) / 2;  // lost on the way: drawn to the middle
    const bool selected = seg.id == frame_.selected_segment && seg.id != 0;
    Rgba base = seg.segment.flags.rst() ? theme_.reset
                : seg.retransmission    ? theme_.retransmission
                                        : theme_.arrow;
    if (selected) base = theme_.selection;
    const float thickness = (selected ? kSelectedThicknessPx : kArrowThicknessPx) * s_;
    const bool flagged =
        frame_.flagged_segments && std::binary_search(frame_.flagged_segments->begin(),
                                                      frame_.flagged_segments->end(), seg.id);
    if (flagged)
      out_.lines.push_back({from, to, faded(theme_.difference, sent, ei), kDifferenceHaloPx * s_});
    const bool in_flight = frame_.has_cursor && happened(sent, ei) && frame_.cursor_ns < arrives;
    if (in_flight) {
      const float f =
          static_cast<float>(frame_.cursor_ns - sent) / static_cast<float>(arrives - sent);
      const Vec2 at{from.x + (to.x - from.x) * f, from.y + (to.y - from.y) * f};
      out_.lines.push_back(
          {from, at, base, thickness, dropped ? LineStyle::Dashed : LineStyle::Solid});
      out_.lines.push_back({at, to, base.with_alpha(theme_.future_alpha), thickness,
                            dropped ? LineStyle::Dashed : LineStyle::Solid});
      out_.circles.push_back({at, kInFlightDotPx * s_, base});
    } else {
      out_.lines.push_back(
          {from, to, faded(base, sent, ei), thickness, dropped ? LineStyle::Dashed : LineStyle::Solid});
    }
    const std::int64_t end_t = arrives;
    if (dropped) {
      const Rgba mark = faded(theme_.dropped, end_t);
      const float d = kDropMarkPx * s_;
      out_.lines.push_back(
          {{to.x - d, to.y - d}, {to.x + d, to.y + d}, mark, kTimerThicknessPx * s_});
      out_.lines.push_back(
          {{to.x - d, to.y + d}, {to.x + d, to.y - d}, mark, kTimerThicknessPx * s_});
    } else {
      arrow_head(from, to, faded(base, end_t));
    }
    out_.arrows.push_back({seg.id, from, to});

    // The label goes above the arrow, where it does not cover another (see place_segment_labels).
    std::string label = present::segment_label(seg);  // "(retransmit)" included
    if (dropped) label += "  " + std::string(present::tr("LOST"));
    if (flagged) label += "  (" + std::string(present::tr("differs")) + ")";
    // A difference is news.
    const Rank rank = flagged || telling(seg, selected) ? Rank::TellingSegment : Rank::Segment;
    segment_label(rank, from, to, std::move(label),
                  faded(selected ? theme_.selection : theme_.text, sent, ei),
                  faded(flagged ? theme_.difference : theme_.label_plate, sent, ei), crossing);
  }

  void bundle(std::size_t i, std::size_t count) {
    const SegmentColumn& col = index_.segments();
    const Vec2 from = endpoint_of(col.from_host[i], col.sent_ns[i]);
    const Vec2 to = endpoint_of(col.to_host[i], col.arrives_ns[i]);
    out_.lines.push_back(
        {from, to, faded(theme_.bundle, col.sent_ns[i], col.event_index[i]), kBundleThicknessPx * s_});
    out_.arrows.push_back({col.event[i]->id, from, to});
    // Hovered, the stub lists its segments (zoomed in, they are drawn each: segments()).
    std::string listed;
    const std::size_t shown = std::min(count, kBundleTipLines);
    for (std::size_t k = i; k < i + shown; ++k) {
      listed += (listed.empty() ? "" : "\n") + present::segment_label(*col.event[k]);
    }
    if (count > shown) listed += "\n+" + std::to_string(count - shown);
    const float reach = kArrowHeadPx * s_;
    out_.tips.push_back({{std::min(from.x, to.x), std::min(from.y, to.y) - reach,
                          std::max(from.x, to.x), std::max(from.y, to.y) + reach},
                         std::move(listed)});
    optional_text(Rank::Bundle,
                  {{(from.x + to.x) / 2, (from.y + to.y) / 2 - frame_.line_height / 2},
                   TextAlign::Center,
                   theme_.soft_text,
                   theme_.label_plate},
                  std::to_string(count) + " " + std::string(present::tr("segments")));
  }

  void cursor() {
    if (!frame_.has_cursor) return;
    const float cy = y(frame_.cursor_ns);
    if (cy < top_ || cy > bottom_) return;
    out_.lines.push_back({{frame_.origin.x, cy},
                          {frame_.origin.x + frame_.width, cy},
                          theme_.cursor,
                          kCursorThicknessPx * s_});
    // On the ruler just above the line (the ruler's own times there give way), else below it.
    const float right = layout_.ruler_right - kTextPadPx * s_;
    LabelWish w;
    w.text = instant_label(frame_.cursor_ns);
    for (float y : {cy - frame_.line_height - kTextPadPx * s_, cy + kTextPadPx * s_}) {
      w.spots.push_back({{right, y}, TextAlign::Right, theme_.cursor, theme_.label_plate});
    }
    wish(Rank::CursorTime, std::move(w));
  }

  void headers() {
    const float hy = frame_.origin.y + kTextPadPx * s_;
    for (std::size_t h = 0; h < layout_.hosts.size(); ++h) {
      const HostLane& host = index_.hosts()[h];
      std::string name = host.name;
      if (host.overflow_sockets > 0) name += " +" + std::to_string(host.overflow_sockets);
      LabelWish w;
      w.text = std::move(name);
      w.may_cut = true;
      w.spots.push_back(
          {{layout_.hosts[h].lifeline_x, hy}, TextAlign::Center, theme_.text, theme_.label_plate});
      wish(Rank::Header, std::move(w));
    }
  }

  const TimelineIndex& index_;
  const TimelineView& view_;
  const TimelineFrame& frame_;
  const Theme& theme_;
  FrameGeometry& out_;
  LaneLayout layout_;
  float s_;
  float top_ = 0, bottom_ = 0;
  std::int64_t top_real_ = 0, bottom_real_ = 0;
  float label_gap_ = 0;
  TextMeasure measure_;
  std::vector<std::pair<Rank, LabelWish>> wishes_;
  std::vector<PixelRect> band_rects_;  // where the frame's state bands are drawn
};

}  // namespace

double y_of_real(const TimelineIndex& index, const TimelineView& view, const LaneLayout& layout,
                 std::int64_t real_ns) {
  const std::int64_t f = view.compress_idle ? index.fold().fold(real_ns) : real_ns;
  return view.y_of(static_cast<double>(f), layout.content_top);
}

void build_timeline(const TimelineIndex& index, const TimelineView& view,
                    const TimelineFrame& frame, FrameGeometry& out) {
  Builder(index, view, frame, out).build();
  if (frame.hide_future && frame.has_cursor) {
    const LaneLayout layout = layout_lanes(index, frame);
    cut_below(out, static_cast<float>(y_of_real(index, view, layout, frame.cursor_ns)));
  }
}

void fit_lesson(TimelineView& view, const TimelineIndex& index, const TimelineFrame& ladder,
                std::optional<std::int64_t> seen_until, const ConnectionColumns* columns,
                std::optional<ReadableFit> readable) {
  const TimelineView before = view;
  const LaneLayout layout = layout_lanes(index, ladder);
  const float content = ladder.height - (layout.content_top - ladder.origin.y);
  const TimeFold& fold = index.fold();
  const bool c = view.compress_idle;
  auto begin = static_cast<double>(c ? fold.fold(index.begin_ns()) : index.begin_ns());
  auto end = static_cast<double>(c ? fold.fold(index.end_ns()) : index.end_ns());
  if (columns != nullptr && c) {
    // Connection columns: from the earliest column start to the longest column's end.
    begin = static_cast<double>(columns->folded_begin_ns());
    end = static_cast<double>(columns->folded_end_ns());
  }
  if (seen_until) {
    const auto seen = static_cast<double>(c ? fold.fold(*seen_until) : *seen_until);
    end = std::min(end, seen + std::max((seen - begin) * kPredictRoomShare, kPredictRoomMinNs));
  }
  const float margin = ladder.line_height * kFitMarginLines;
  fit_range(view, begin, end, content, margin);
  if (!readable || readable->rows == 0 || columns != nullptr || seen_until) return;
  const double usable = std::max(1.0, static_cast<double>(content) - 2.0 * margin);
  if (usable / static_cast<double>(readable->rows) >= readable->min_row_px) return;
  view.ns_per_px = std::clamp(
      (end - begin) / (static_cast<double>(readable->rows) * readable->min_row_px), kMinNsPerPx,
      kMaxNsPerPx);
  const double cursor =
      static_cast<double>(c ? fold.fold(readable->cursor_ns) : readable->cursor_ns);
  const double first_top = begin - margin * view.ns_per_px;
  const double last_top = std::max(first_top, end + margin * view.ns_per_px -
                                                  static_cast<double>(content) * view.ns_per_px);
  if (before.ns_per_px == view.ns_per_px && before.compress_idle == view.compress_idle) {
    // Already at this zoom: scroll only as far as the cursor needs, so stepping does not jump.
    view.top_ns = before.top_ns;
    keep_visible(view, cursor, content, content * kReadableFollowShare);
  } else {
    view.top_ns = cursor - content * kReadableCursorShare * view.ns_per_px;
  }
  view.top_ns = std::clamp(view.top_ns, first_top, last_top);
}

float average_char_width(const TextMeasure& measure) {
  constexpr std::string_view kSample = "ESTABLISHED-2";  // what band labels look like
  return measure(kSample) / static_cast<float>(kSample.size());
}

}  // namespace tcplab::gui
