#include "scenario/ladder_text.h"

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "present/call_label.h"
#include "present/event_sentence.h"
#include "present/segment_label.h"
#include "present/time_text.h"
#include "present/translate.h"
#include "scenario/backend.h"
#include "scenario/call_args.h"
#include "scenario/text_width.h"

namespace tcplab {
namespace {

constexpr std::size_t kTimeWidth = 10;
constexpr std::string_view kLifeline = "│";
constexpr std::string_view kGap = "  ";
// Later than the link latency by more than this, a segment counts as held back by a fault.
constexpr Duration kLateMargin = std::chrono::milliseconds(1);
constexpr std::size_t kHostsNamed = 10;  // an error naming the trace's hosts names this many

std::string repeat(std::string_view piece, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

using present::instant_text;
using present::tr;

// A row of the ladder: text per host column, or one arrow spanning several columns.
struct Row {
  std::string time;
  std::map<std::size_t, std::string> cells;                 // host column -> text
  std::optional<std::pair<std::size_t, std::size_t>> span;  // arrow from column, to column
  std::string arrow;                                        // the arrow's label
  std::string arrow_note;  // after the arrow: why the segment was lost
  bool lost = false;
  std::string aside;  // narration beside the row
};

class LadderBuilder {
 public:
  LadderBuilder(const Scenario& scenario, const Trace& trace, const LadderOptions& options,
                std::ostream& out)
      : scenario_(scenario), trace_(trace), options_(options), out_(out) {
    collect_hosts();
    choose_lanes();
  }

  void build() {
    write_header();
    std::vector<const NarrationStep*> timed;
    for (const auto& n : scenario_.narration) {
      if (n.when.at) timed.push_back(&n);
    }
    std::size_t next_timed = 0;
    std::sort(timed.begin(), timed.end(),
              [](auto* a, auto* b) { return *a->when.at < *b->when.at; });
    for (const TraceEvent& event : trace_.events()) {
      flush_late_arrivals(event.at);
      while (next_timed < timed.size() && kTimeZero + *timed[next_timed]->when.at <= event.at) {
        narration_row(kTimeZero + *timed[next_timed]->when.at, *timed[next_timed]);
        ++next_timed;
      }
      visit([&](const auto& body) { add(event.at, body); }, event.body);
    }
    flush_late_arrivals(Instant::max());
    for (; next_timed < timed.size(); ++next_timed) {
      narration_row(kTimeZero + *timed[next_timed]->when.at, *timed[next_timed]);
    }
    for (const auto& n : scenario_.narration) {
      if (n.when.end && !n.segment_id) narration_row(trace_.end_time(), n);
    }
    if (hidden_hosts() > 0) {
      out_ << "… " << hidden_hosts() << " hosts not drawn, " << left_out_
           << " of their events left out (their segments with a drawn host are in its lane)\n";
    }
  }

 private:
  // Every host the ladder could draw, in the order it would meet them (one pass, no drawing).
  void collect_hosts() {
    std::unordered_set<std::string> seen;
    auto meet = [&](const std::string& host) {
      if (seen.insert(host).second) hosts_.push_back(host);
    };
    for (const auto& h : trace_.hosts) meet(h);
    for (const auto& h : scenario_.hosts) meet(h.name);
    for (const TraceEvent& event : trace_.events()) {
      if (const auto* s = get_if<SegmentEvent>(&event.body)) {
        meet(s->from);
        meet(s->to);
      } else if (const auto* e = get_if<StateEvent>(&event.body)) {
        meet(e->host);
      } else if (const auto* t = get_if<TimerEvent>(&event.body)) {
        if (shown(*t)) meet(t->host);
      } else if (const auto* c = get_if<CallEvent>(&event.body)) {
        meet(c->host);
      } else if (const auto* n = get_if<NoteEvent>(&event.body); n && !n->host.empty()) {
        meet(n->host);
      }
    }
  }

  void choose_lanes() {
    if (options_.max_lanes == 0) throw ScenarioError({}, "the ladder needs at least one lane");
    if (options_.hosts.empty()) {
      lanes_.assign(hosts_.begin(), hosts_.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                         hosts_.size(), options_.max_lanes)));
    } else {
      if (options_.hosts.size() > options_.max_lanes) {
        throw ScenarioError({}, "--hosts names " + std::to_string(options_.hosts.size()) +
                                    " hosts, more than the " + std::to_string(options_.max_lanes) +
                                    " lanes allowed (--lanes, at most " +
                                    std::to_string(kMaxLadderLanes) + ")");
      }
      for (const auto& h : options_.hosts) {
        if (std::find(hosts_.begin(), hosts_.end(), h) == hosts_.end()) {
          std::string known;
          for (std::size_t i = 0; i < hosts_.size() && i < kHostsNamed; ++i)
            known += (i == 0 ? "" : ", ") + hosts_[i];
          if (hosts_.size() > kHostsNamed) known += ", …";
          throw ScenarioError(
              {}, "--hosts: no host '" + h + "' in this trace (its hosts: " + known + ")");
        }
        if (std::find(lanes_.begin(), lanes_.end(), h) == lanes_.end()) lanes_.push_back(h);
      }
    }
    for (std::size_t i = 0; i < lanes_.size(); ++i) lane_index_[lanes_[i]] = i;
  }

  std::size_t hidden_hosts() const { return hosts_.size() - lanes_.size(); }

  std::optional<std::size_t> column_of(const std::string& host) const {
    auto it = lane_index_.find(host);
    if (it == lane_index_.end()) return std::nullopt;
    return it->second;
  }

  // Retransmission timers are armed and cancelled on almost every segment: show them firing.
  bool shown(const TimerEvent& e) const {
    const bool routine = e.timer == TimerKind::DelayedAck ||
                         (e.timer == TimerKind::Retransmit && e.action != TimerAction::Fired);
    return !routine || options_.all_timers;
  }

  // An event of a host without a lane: counted; its narration still gets a row of its own.
  void leave_out(Row& row) {
    ++left_out_;
    if (row.aside.empty()) return;
    row.cells.clear();
    row.span.reset();
    row.arrow.clear();
    row.arrow_note.clear();
    emit(row);
  }

  // "conn" for an endpoint a step's socket()/accept() returned; the endpoint label otherwise.
  std::string socket_name(const std::string& endpoint) const {
    auto it = names_.find(endpoint);
    return it != names_.end() ? it->second : endpoint;
  }

  void attach_narration(Row& row, const std::string& step, std::uint64_t segment_id) {
    for (const auto& n : scenario_.narration) {
      const bool at_step = !step.empty() && n.when.after == step && !narrated_.contains(&n);
      const bool at_segment = segment_id != 0 && n.segment_id && *n.segment_id == segment_id;
      if (!at_step && !at_segment) continue;
      narrated_.insert(&n);
      row.aside += (row.aside.empty() ? "" : " ") + n.text.in(options_.lang);
    }
  }

  void narration_row(Instant at, const NarrationStep& n) {
    Row row;
    row.time = instant_text(at);
    row.aside = n.text.in(options_.lang);
    emit(row);
  }

  void add(Instant at, const SegmentEvent& s) {
    Row row;
    row.time = instant_text(at);
    attach_narration(row, "", s.id);
    const auto from = column_of(s.from);
    const auto to = column_of(s.to);
    if (!from && !to) return leave_out(row);
    const std::string label = present::segment_label(s);
    if (s.fate == SegmentFate::Dropped) {
      row.lost = true;
      row.arrow_note = present::segment_fate_text(s);
    } else if (s.fault && s.fault->action == WireAction::Injected) {
      // No socket sent it: the lesson's words for it (and the receiver's verdict) beside the arrow.
      row.arrow_note = present::segment_reason(s);
    }
    // A segment held back by a fault arrives long after its arrow: mark the arrival too. Only a
    // fault's: on the kernel every segment's link latency is a netfilter queue's, and a loaded
    // machine releases some of them a little late.
    const bool held_by_fault =
        s.fault && (s.fault->action == WireAction::Delayed ||
                    s.fault->action == WireAction::Reordered ||
                    s.fault->action == WireAction::DuplicateCopy);
    const bool late = s.fate == SegmentFate::Delivered && s.from != s.to && held_by_fault &&
                      s.arrives_at - at > scenario_.link.latency + kLateMargin;
    if (late) {
      row.arrow_note = std::string(tr("delayed: arrives at")) + " " + instant_text(s.arrives_at);
      if (to) {
        Row arrival;
        arrival.time = instant_text(s.arrives_at);
        const std::string reason = present::segment_reason(s);
        arrival.cells[*to] = "⤷ " + std::string(tr("late arrival of")) + " " + label + " (" +
                             std::string(tr("sent at")) + " " + instant_text(at) + ")" +
                             (reason.empty() ? "" : ": " + reason);
        late_.emplace(s.arrives_at, std::move(arrival));
      }
    }
    if (from && to && s.from != s.to) {
      row.span = {*from, *to};
      row.arrow = label;
    } else {
      // A socket connected to itself comes back to its column; a peer without a lane is named.
      const std::string mark = row.lost ? "✗ " : "";
      const std::string cell = s.from == s.to ? (row.lost ? "✗ " : "↺ ") + label
                               : from         ? mark + "→ " + s.to + ": " + label
                                              : mark + "← " + s.from + ": " + label;
      row.cells[from ? *from : *to] = cell + (row.arrow_note.empty() ? "" : "  " + row.arrow_note);
    }
    emit(row);
    // Beside the arrow, not in it: option lists are longer than a lane is wide.
    if (options_.segment_options && !s.segment.options.empty()) {
      Row options_row;
      options_row.aside = present::segment_options(s);
      emit(options_row);
    }
  }

  void flush_late_arrivals(Instant until) {
    while (!late_.empty() && late_.begin()->first <= until) {
      emit(late_.begin()->second);
      late_.erase(late_.begin());
    }
  }

  void add(Instant at, const StateEvent& e) {
    Row row;
    row.time = instant_text(at);
    const auto column = column_of(e.host);
    if (!column) return leave_out(row);
    row.cells[*column] = present::state_change_sentence(e, socket_name(e.endpoint));
    emit(row);
  }

  void add(Instant at, const TimerEvent& e) {
    if (!shown(e)) return;
    Row row;
    row.time = instant_text(at);
    const std::string text = "⏱ " + present::timer_sentence(e, at, socket_name(e.endpoint));
    const auto column = column_of(e.host);
    if (!column) return leave_out(row);
    row.cells[*column] = text;
    emit(row);
  }

  void add(Instant at, const CallEvent& call) {
    if (const Step* step = scenario_.step(call.step);
        step && !call.endpoint.empty() && !step->call.result_var.empty()) {
      names_[call.endpoint] = step->call.result_var;
    }
    Row row;
    row.time = instant_text(at);
    attach_narration(row, call.step, 0);
    const auto column = column_of(call.host);
    if (!column) return leave_out(row);
    row.cells[*column] = present::call_label(call, call_names(scenario_, call));
    emit(row);
  }

  void add(Instant at, const NoteEvent& note) {
    Row row;
    row.time = instant_text(at);
    if (note.host.empty()) {
      row.aside = "ℹ " + present::note_text(note);
    } else if (const auto column = column_of(note.host)) {
      row.cells[*column] = "ℹ " + present::note_text(note);
    } else {
      return leave_out(row);
    }
    emit(row);
  }

  std::size_t column_start(std::size_t column) const {
    return kTimeWidth + kGap.size() + column * (options_.column_width + kGap.size());
  }
  std::size_t table_width() const { return column_start(lanes_.size()); }

  std::string arrow_text(const Row& row) const {
    const auto [from, to] = *row.span;
    const std::size_t left = std::min(from, to);
    const std::size_t right = std::max(from, to);
    const std::size_t width = column_start(right) - column_start(left) + 1;
    const std::string label = " " + row.arrow + " ";
    const std::size_t label_width = display_width(label);
    const std::size_t fill = width > label_width + 3 ? width - label_width - 3 : 1;
    // Lost segments stop half-way with ✗, as a teacher draws them on the board.
    std::string body;
    if (from <= to) {
      body = "├─" + label + repeat("─", fill);
      if (row.lost)
        body = "├─" + label + repeat("─", fill / 2) + "✗";
      else
        body += "▶";
    } else {
      body = "◀" + repeat("─", fill) + label + "─┤";
      if (row.lost) {
        const std::size_t gap = fill - fill / 2;
        body = (gap > 1 ? "│" + repeat(" ", gap - 1) : repeat(" ", gap)) + "✗" +
               repeat("─", fill / 2) + label + "─┤";
      }
    }
    return body;
  }

  std::string render_row(const Row& row) const {
    std::string line =
        pad_right(
            std::string(kTimeWidth - std::min(kTimeWidth, display_width(row.time)), ' ') + row.time,
            kTimeWidth) +
        std::string(kGap);
    std::size_t used = display_width(line);
    for (std::size_t c = 0; c < lanes_.size(); ++c) {
      const std::size_t start = column_start(c);
      if (used > start || (c > 0 && used == start)) continue;  // a cell ran over: this one yields
      line.append(start - used, ' ');
      used = start;
      std::string text;
      if (row.span && std::min(row.span->first, row.span->second) == c) {
        text = arrow_text(row) + (row.arrow_note.empty() ? "" : "  " + row.arrow_note);
      } else if (auto it = row.cells.find(c); it != row.cells.end()) {
        text = std::string(kLifeline) + " " + it->second;
      } else {
        text = std::string(kLifeline);
      }
      line += text;
      used += display_width(text);
    }
    if (!row.aside.empty()) {
      const std::size_t aside_start = table_width() + 2;
      line.append(used + 2 <= aside_start ? aside_start - used : 2, ' ');
      line += "» " + row.aside;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  }

  void emit(const Row& row) { out_ << render_row(row) << '\n'; }

  void write_header() {
    if (hidden_hosts() > 0) {
      out_ << hosts_.size() << " hosts: "
           << (options_.hosts.empty() ? "the first " + std::to_string(lanes_.size()) +
                                            " are drawn as lanes (--lanes N, up to " +
                                            std::to_string(kMaxLadderLanes) + ")"
                                      : "the " + std::to_string(lanes_.size()) +
                                            " given to --hosts are drawn as lanes")
           << ", " << hidden_hosts()
           << " are not: pick them with --hosts A,B; --format jsonl has every event\n";
    }
    // The time column's title, right-aligned over the times ("time" is four columns wide).
    const std::string time_title{tr("time")};
    const std::size_t title_width = display_width(time_title);
    std::string header = std::string(kTimeWidth - std::min(title_width, kTimeWidth), ' ') +
                         time_title + std::string(kGap);
    for (std::size_t c = 0; c < lanes_.size(); ++c) {
      std::string name = lanes_[c];
      if (const HostSpec* h = scenario_.host(lanes_[c])) name += " " + to_string(h->address);
      header = pad_right(header, column_start(c)) + truncate_to_width(name, options_.column_width);
    }
    out_ << header << '\n' << repeat("─", table_width()) << '\n';
  }

  const Scenario& scenario_;
  const Trace& trace_;
  const LadderOptions& options_;
  std::ostream& out_;
  std::vector<std::string> hosts_;  // every host, in the order the ladder meets them
  std::vector<std::string> lanes_;  // the hosts drawn, left to right
  std::unordered_map<std::string, std::size_t> lane_index_;
  std::size_t left_out_ = 0;  // events of hosts without a lane
  std::map<std::string, std::string> names_;
  std::set<const NarrationStep*> narrated_;
  std::multimap<Instant, Row> late_;  // arrival rows of delayed segments, by arrival time
};

}  // namespace

void write_ladder(const Scenario& scenario, const Trace& trace, const LadderOptions& options,
                  std::ostream& out) {
  LadderBuilder(scenario, trace, options, out).build();
}

std::string render_ladder(const Scenario& scenario, const Trace& trace,
                          const LadderOptions& options) {
  std::ostringstream out;
  write_ladder(scenario, trace, options, out);
  return out.str();
}

}  // namespace tcplab
