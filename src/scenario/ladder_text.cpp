#include "scenario/ladder_text.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "scenario/text_width.h"

namespace tcplab {
namespace {

constexpr std::size_t kTimeWidth = 10;
constexpr std::string_view kLifeline = "│";
constexpr std::string_view kGap = "  ";
// Later than the link latency by more than this, a segment counts as held back by a fault.
constexpr Duration kLateMargin = std::chrono::milliseconds(1);

std::string repeat(std::string_view piece, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += piece;
  return out;
}

std::string time_text(Instant t) {
  return t == kTimeZero ? std::string("0 s") : format_duration(t - kTimeZero);
}

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
  LadderBuilder(const Scenario& scenario, const Trace& trace, const LadderOptions& options)
      : scenario_(scenario), trace_(trace), options_(options) {
    hosts_ = trace.hosts;
    for (const auto& h : scenario.hosts) {
      if (std::find(hosts_.begin(), hosts_.end(), h.name) == hosts_.end()) hosts_.push_back(h.name);
    }
  }

  std::string build() {
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
      std::visit([&](const auto& body) { add(event.at, body); }, event.body);
    }
    flush_late_arrivals(Instant::max());
    for (; next_timed < timed.size(); ++next_timed) {
      narration_row(kTimeZero + *timed[next_timed]->when.at, *timed[next_timed]);
    }
    for (const auto& n : scenario_.narration) {
      if (n.when.end && !n.segment_id) narration_row(trace_.end_time(), n);
    }
    return render();
  }

 private:
  std::size_t column_of(const std::string& host) {
    auto it = std::find(hosts_.begin(), hosts_.end(), host);
    if (it != hosts_.end()) return static_cast<std::size_t>(it - hosts_.begin());
    hosts_.push_back(host);
    return hosts_.size() - 1;
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
    row.time = time_text(at);
    row.aside = n.text.in(options_.lang);
    rows_.push_back(std::move(row));
  }

  void add(Instant at, const SegmentEvent& s) {
    Row row;
    row.time = time_text(at);
    std::string label = segment_label(s);
    if (s.fate == SegmentFate::Dropped) {
      row.lost = true;
      row.arrow_note = "lost" + (s.reason.empty() ? std::string() : ": " + s.reason);
    }
    if (s.from == s.to) {
      // A socket connected to itself: the segment comes back to the same column.
      row.cells[column_of(s.from)] =
          (row.lost ? "✗ " : "↺ ") + label + (row.arrow_note.empty() ? "" : "  " + row.arrow_note);
    } else {
      row.span = {column_of(s.from), column_of(s.to)};
      row.arrow = label;
    }
    // A segment held back by a fault arrives long after its arrow: mark the arrival too.
    const bool late = s.fate == SegmentFate::Delivered && s.from != s.to &&
                      s.arrives_at - at > scenario_.link.latency + kLateMargin;
    if (late) {
      row.arrow_note = "delayed: arrives at " + time_text(s.arrives_at);
      Row arrival;
      arrival.time = time_text(s.arrives_at);
      arrival.cells[column_of(s.to)] = "⤷ late arrival of " + label + " (sent at " + time_text(at) +
                                       ")" + (s.reason.empty() ? "" : ": " + s.reason);
      late_.emplace(s.arrives_at, std::move(arrival));
    }
    attach_narration(row, "", s.id);
    rows_.push_back(std::move(row));
  }

  void flush_late_arrivals(Instant until) {
    while (!late_.empty() && late_.begin()->first <= until) {
      rows_.push_back(std::move(late_.begin()->second));
      late_.erase(late_.begin());
    }
  }

  void add(Instant at, const StateEvent& e) {
    Row row;
    row.time = time_text(at);
    row.cells[column_of(e.host)] = socket_name(e.endpoint) + ": " + std::string(rfc_name(e.from)) +
                                   " → " + std::string(rfc_name(e.to)) +
                                   (e.cause.empty() ? "" : " (" + e.cause + ")");
    rows_.push_back(std::move(row));
  }

  void add(Instant at, const TimerEvent& e) {
    // Retransmission timers are armed and cancelled on almost every segment: show them firing.
    const bool routine = e.timer == TimerKind::DelayedAck ||
                         (e.timer == TimerKind::Retransmit && e.action != TimerAction::Fired);
    if (routine && !options_.all_timers) return;
    Row row;
    row.time = time_text(at);
    std::string text = "⏱ " + socket_name(e.endpoint) + " " + std::string(to_string(e.timer)) +
                       " " + std::string(to_string(e.action));
    if (e.action == TimerAction::Armed) text += ", due " + time_text(e.deadline);
    if (e.timer == TimerKind::Retransmit && e.attempt > 0)
      text += " (#" + std::to_string(e.attempt) + ")";
    row.cells[column_of(e.host)] = text;
    rows_.push_back(std::move(row));
  }

  void add(Instant at, const CallEvent& call) {
    if (const Step* step = scenario_.step(call.step);
        step && !call.endpoint.empty() && !step->call.result_var.empty()) {
      names_[call.endpoint] = step->call.result_var;
    }
    Row row;
    row.time = time_text(at);
    row.cells[column_of(call.host)] = call_label(scenario_, call);
    attach_narration(row, call.step, 0);
    rows_.push_back(std::move(row));
  }

  void add(Instant at, const NoteEvent& note) {
    Row row;
    row.time = time_text(at);
    if (note.host.empty())
      row.aside = "ℹ " + note.text;
    else
      row.cells[column_of(note.host)] = "ℹ " + note.text;
    rows_.push_back(std::move(row));
  }

  std::size_t column_start(std::size_t column) const {
    return kTimeWidth + kGap.size() + column * (options_.column_width + kGap.size());
  }
  std::size_t table_width() const { return column_start(hosts_.size()); }

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
    for (std::size_t c = 0; c < hosts_.size(); ++c) {
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

  std::string render() const {
    std::string out;
    std::string header = std::string(kTimeWidth - 4, ' ') + "time" + std::string(kGap);
    for (std::size_t c = 0; c < hosts_.size(); ++c) {
      std::string name = hosts_[c];
      if (const HostSpec* h = scenario_.host(hosts_[c])) name += " " + to_string(h->address);
      header = pad_right(header, column_start(c)) + truncate_to_width(name, options_.column_width);
    }
    out += header + "\n";
    out += repeat("─", table_width()) + "\n";
    for (const Row& row : rows_) out += render_row(row) + "\n";
    return out;
  }

  const Scenario& scenario_;
  const Trace& trace_;
  const LadderOptions& options_;
  std::vector<std::string> hosts_;
  std::vector<Row> rows_;
  std::map<std::string, std::string> names_;
  std::set<const NarrationStep*> narrated_;
  std::multimap<Instant, Row> late_;  // arrival rows of delayed segments, by arrival time
};

}  // namespace

std::string segment_label(const SegmentEvent& s) {
  const std::uint32_t len = s.segment.payload_len();
  std::string text = tcpdump_flags(s.segment.flags) + " seq " + std::to_string(s.rel_seq);
  if (len > 0) text += ":" + std::to_string(s.rel_seq + len);
  if (s.segment.flags.ack()) text += " ack " + std::to_string(s.rel_ack);
  if (len > 0) text += " len " + std::to_string(len);
  if (s.retransmission) text += " (retransmit)";
  return text;
}

std::string call_label(const Scenario& scenario, const CallEvent& call) {
  const Step* step = scenario.step(call.step);
  // The socket (CallEvent::fd, never in args) reads better as the lesson's variable name.
  std::string args = call.args;
  if (step && !step->call.socket.empty()) {
    args = step->call.socket + (args.empty() ? "" : ", " + args);
  }
  std::string text = call.call + "(" + args + ") = " + std::to_string(call.result);
  if (call.error != Errno::None) {
    text += " " + std::string(errno_name(call.error)) + " (" +
            std::string(errno_message(call.error)) + ")";
  }
  if (call.error == Errno::None && step && !step->call.result_var.empty()) {
    text += " → " + step->call.result_var;
  }
  if (!call.data.empty()) text += " \"" + call.data + "\"";
  return text;
}

std::string render_ladder(const Scenario& scenario, const Trace& trace,
                          const LadderOptions& options) {
  return LadderBuilder(scenario, trace, options).build();
}

}  // namespace tcplab
