#include "worksheet/worksheet_layout.h"

#include <algorithm>

#include "present/call_label.h"
#include "present/segment_label.h"
#include "present/state_name.h"
#include "present/time_text.h"
#include "present/event_sentence.h"
#include "present/translate.h"
#include "scenario/call_args.h"

namespace tcplab::worksheet {

namespace {

using present::fill;
using present::tr;

constexpr double kMargin = 40.0;
constexpr double kTimeColumn = kMargin + 46.0;  // right edge of the time text
constexpr double kFirstLane = 150.0;
constexpr double kLastLane = kPageWidth - 95.0;
constexpr double kRowHeight = 21.0;
constexpr double kBottom = kPageHeight - 50.0;

// Which events get a row: what the class reads off a ladder.
bool shown(const TraceEvent& e) {
  if (holds_alternative<SegmentEvent>(e.body) || holds_alternative<CallEvent>(e.body))
    return true;
  if (const auto* s = get_if<StateEvent>(&e.body)) return !s->endpoint.empty();
  if (const auto* t = get_if<TimerEvent>(&e.body))
    return t->timer == TimerKind::TimeWait && t->action == TimerAction::Armed;
  return false;
}

class Layout {
 public:
  Layout(const Scenario& scenario, const Trace& trace, const WorksheetOptions& options)
      : scenario_(scenario), trace_(trace), options_(options) {
    for (const std::string& host : trace.hosts) {
      if (lanes_.size() == options.max_lanes) break;
      lanes_.push_back(host);
    }
    sheet_.answer_key = options.answer_key;
  }

  Worksheet build() {
    new_page(true);
    const auto& events = trace_.events();
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (!shown(events[i]) || !row_fits(events[i])) continue;
      if (y_ + kRowHeight > kBottom) {
        if (sheet_.pages.size() == options_.max_pages) {
          sheet_.events_left = count_left(i);
          note(fill(tr("... {0} more events are not on this worksheet"),
                    {std::to_string(sheet_.events_left)}));
          break;
        }
        new_page(false);
      }
      y_ += kRowHeight;
      row(events[i]);
    }
    close_lifelines();
    return std::move(sheet_);
  }

 private:
  // A row is drawn when its hosts have lanes.
  bool row_fits(const TraceEvent& e) const {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) return lane(s->from) && lane(s->to);
    if (const auto* st = get_if<StateEvent>(&e.body)) return lane(st->host).has_value();
    if (const auto* c = get_if<CallEvent>(&e.body)) return lane(c->host).has_value();
    if (const auto* t = get_if<TimerEvent>(&e.body)) return lane(t->host).has_value();
    return false;
  }

  std::size_t count_left(std::size_t from) const {
    const auto& events = trace_.events();
    return static_cast<std::size_t>(std::count_if(
        events.begin() + static_cast<std::ptrdiff_t>(from), events.end(),
        [&](const TraceEvent& e) { return shown(e) && row_fits(e); }));
  }

  std::optional<double> lane(const std::string& host) const {
    const auto it = std::find(lanes_.begin(), lanes_.end(), host);
    if (it == lanes_.end()) return std::nullopt;
    const auto k = static_cast<double>(it - lanes_.begin());
    if (lanes_.size() == 1) return (kFirstLane + kLastLane) / 2;
    return kFirstLane + k * (kLastLane - kFirstLane) / static_cast<double>(lanes_.size() - 1);
  }

  Page& page() { return sheet_.pages.back(); }

  void text(double x, Align align, Role role, std::vector<Piece> pieces) {
    for (const Piece& p : pieces)
      if (p.blank) ++sheet_.blanks;
    page().texts.push_back({x, y_, align, role, std::move(pieces)});
  }

  void new_page(bool first) {
    close_lifelines();
    sheet_.pages.emplace_back();
    y_ = kMargin + 10;
    if (first) {
      text(kMargin, Align::Left, Role::Title, {{scenario_.title.in(options_.lang), false}});
      y_ += 20;
      text(kMargin, Align::Left, Role::Subtitle,
           {{std::string(options_.answer_key
                             ? tr("Answer key")
                             : tr("Worksheet: fill in each box (flags, states, return values)")),
             false}});
      if (!options_.answer_key) {
        y_ += 20;
        text(kMargin, Align::Left, Role::Note,
             {{std::string(tr("Name: ____________________    Class: __________")), false}});
      }
    }
    y_ += 28;
    for (const std::string& host : lanes_) {
      std::string header = host;
      if (const HostSpec* spec = scenario_.host(host)) header += "  " + to_string(spec->address);
      text(*lane(host), Align::Centre, Role::Header, {{header, false}});
    }
    text(kTimeColumn, Align::Right, Role::Header, {{std::string(tr("time")), false}});
    lifelines_top_ = y_ + 6;
    y_ += 6;
  }

  void close_lifelines() {
    if (sheet_.pages.empty()) return;
    for (const std::string& host : lanes_) {
      const double x = *lane(host);
      page().lines.push_back({x, lifelines_top_, x, y_ + 8, false, false, true});
    }
  }

  void note(const std::string& words) {
    y_ += kRowHeight;
    text(kMargin, Align::Left, Role::Note, {{words, false}});
  }

  // Text beside a host's lifeline, on the side with room.
  void beside(const std::string& host, std::vector<Piece> pieces) {
    const double x = *lane(host);
    const bool last = lanes_.size() > 1 && host == lanes_.back();
    text(last ? x - 6 : x + 6, last ? Align::Right : Align::Left, Role::Label, std::move(pieces));
  }

  void row(const TraceEvent& e) {
    text(kTimeColumn, Align::Right, Role::Time, {{present::instant_text(e.at), false}});
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      const double from = *lane(s->from);
      const double to = *lane(s->to);
      const bool lost = s->fate == SegmentFate::Dropped;
      const double end = lost ? from + (to - from) * 0.6 : to;
      page().lines.push_back({from, y_ - 2, end, y_ + 6, !lost, lost, false});
      std::vector<Piece> label{{tcpdump_flags(s->segment.flags), true},
                               {" " + present::segment_numbers(*s), false}};
      if (lost) label.push_back({"  " + std::string(tr("lost")), false});
      const double mid = (from + to) / 2;
      page().texts.push_back({mid, y_ - 5, Align::Centre, Role::Label, {}});
      page().texts.back().pieces = label;
      ++sheet_.blanks;
    } else if (const auto* st = get_if<StateEvent>(&e.body)) {
      beside(st->host, {{st->endpoint + ": " + std::string(present::state_name(st->from)) + " → ",
                         false},
                        {std::string(present::state_name(st->to)), true}});
    } else if (const auto* c = get_if<CallEvent>(&e.body)) {
      const std::string call = present::call_text(*c, call_names(scenario_, *c));
      if (c->call == "socket" || c->call == "setsockopt") {
        beside(c->host, {{call + " = " + present::short_call_result(*c), false}});
      } else {
        beside(c->host, {{call + " = ", false}, {present::short_call_result(*c), true}});
      }
    } else if (const auto* t = get_if<TimerEvent>(&e.body)) {
      beside(t->host, {{present::timer_sentence(*t, e.at), false}});
    }
  }

  const Scenario& scenario_;
  const Trace& trace_;
  WorksheetOptions options_;
  std::vector<std::string> lanes_;
  Worksheet sheet_;
  double y_ = 0;
  double lifelines_top_ = 0;
};

}  // namespace

Worksheet layout_worksheet(const Scenario& scenario, const Trace& trace,
                           const WorksheetOptions& options) {
  return Layout(scenario, trace, options).build();
}

}  // namespace tcplab::worksheet
