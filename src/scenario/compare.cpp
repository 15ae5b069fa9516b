#include "scenario/compare.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "present/segment_label.h"
#include "scenario/delayed_ack_race.h"

namespace tcplab {

namespace {

struct Item {
  std::string key;   // what must be equal
  std::string text;  // what to show
  // The duration compared for timing: from the item's cause to the item. -1: nothing to compare.
  std::int64_t t = -1;
  std::string cause;        // "close() was issued", "the segment it answers arrived" ...
  std::int64_t excuse = 0;  // lateness measured meanwhile (ns): a program's CPU wait, a late timer
  std::string excused_by;   // what that lateness was ("waited 3 ms for a CPU")
  Instant at;
  std::uint64_t segment = 0;
  // A delivered segment's arrival and sender's host: two segments sent each way while the other
  // was still on the link (crossing FINs) have no order to compare.
  std::optional<Instant> arrives;
  std::string from;
};

// Whether `b`, sent after `a` the other way, left before `a` arrived: neither caused the other.
bool crossing(const Item& a, const Item& b) {
  return a.arrives && b.arrives && a.from != b.from && b.at < *a.arrives;
}

// Crossing segments in one order, the same on every backend (by sending host's name): which of
// two simultaneous sends a trace lists first is the scheduler's choice, not TCP's.
void order_crossings(std::vector<Item>& items) {
  for (bool swapped = true; swapped;) {
    swapped = false;
    for (std::size_t i = 0; i + 1 < items.size(); ++i) {
      if (crossing(items[i], items[i + 1]) && items[i + 1].from < items[i].from) {
        std::swap(items[i], items[i + 1]);
        swapped = true;
      }
    }
  }
}

// The calls that put segments on the wire (the others only read or set up).
bool sends_segments(std::string_view call) {
  return call == "connect" || call == "send" || call == "shutdown" || call == "close" ||
         call == "exit";
}

// A capture's clock and the programs' clock are read apart: a segment may carry an instant a
// little before the call that sent it was recorded as issued.
constexpr std::int64_t kClockSkewNs = 1'000'000;

std::string ms(std::int64_t ns);  // "0.024 s"

// What caused each event of one trace, so that timing is judged from cause to effect.
class Causes {
 public:
  struct Cause {
    std::int64_t at = -1;  // -1: no cause found
    std::string what;
    std::int64_t excuse = 0;
    std::string excused_by;
  };

  explicit Causes(const Trace& t) {
    for (const auto& e : t.events()) {
      if (const auto* c = get_if<CallEvent>(&e.body)) {
        if (!sends_segments(c->call)) continue;
        // exit() closes every socket of its host: it is a call on all of them.
        const std::string endpoint = c->call == "exit" ? "" : c->endpoint;
        calls_[{c->host, endpoint}].push_back({to_ns(c->issued_at), c->call, c->cpu_wait.count()});
      } else if (const auto* s = get_if<SegmentEvent>(&e.body)) {
        if (s->fate == SegmentFate::Delivered) arrivals_[s->to].push_back(to_ns(s->arrives_at));
      } else if (const auto* timer = get_if<TimerEvent>(&e.body)) {
        if (timer->timer != TimerKind::Retransmit) continue;
        auto& armed = retransmit_armed_[{timer->host, timer->endpoint}];
        if (timer->action == TimerAction::Armed) {
          armed.push_back({to_ns(e.at), to_ns(timer->deadline), -1});
        } else if (timer->action == TimerAction::Fired && !armed.empty() &&
                   armed.back().fired < 0) {
          armed.back().fired = to_ns(e.at);
        }
      }
    }
    for (auto& [key, calls] : calls_) {
      std::stable_sort(calls.begin(), calls.end(),
                       [](const Sent& a, const Sent& b) { return a.issued < b.issued; });
    }
    for (auto& [host, times] : arrivals_) std::sort(times.begin(), times.end());
  }

  // The later of its issue and the last segment that reached its host before it returned (what
  // woke a blocking call).
  Cause of_call(const CallEvent& c, Instant returned) const {
    Cause cause{to_ns(c.issued_at), "it was issued", c.cpu_wait.count(),
                c.cpu_wait.count() > 0
                    ? "its program waited " + ms(c.cpu_wait.count()) + " for a CPU"
                    : ""};
    if (const std::int64_t late = timers_late_during(c, to_ns(returned)); late > 0) {
      cause.excuse += late;
      cause.excused_by += (cause.excused_by.empty() ? "" : "; ") +
                          std::string("its retransmit timers fired ") + ms(late) +
                          " after their deadlines";
    }
    if (auto it = arrivals_.find(c.host); it != arrivals_.end()) {
      auto after = std::upper_bound(it->second.begin(), it->second.end(), to_ns(returned));
      if (after != it->second.begin() && *std::prev(after) > cause.at) {
        cause.at = *std::prev(after);
        cause.what = "a segment reached " + c.host;
      }
    }
    return cause;
  }

  // Segments must be asked in trace order: the last segment each way and each transmission are
  // remembered as they go by.
  Cause of_segment(const SegmentEvent& s, Instant at) {
    const std::int64_t t = to_ns(at);
    const auto direction = std::make_pair(s.segment.src, s.segment.dst);
    const auto transmission =
        std::make_tuple(s.segment.src, s.segment.dst, s.segment.seq.raw(), s.segment.flags.bits());
    Cause cause;
    auto sent_before = transmissions_.find(transmission);
    if (s.retransmission && sent_before != transmissions_.end()) {
      cause = {sent_before->second, "the transmission it repeats", 0, ""};
      // A loaded machine runs a kernel's timers late (softirqs wait for a CPU): what the timer
      // was due to decide is judged, and its lateness excused.
      if (const std::int64_t late = timer_lateness(s.from, s.endpoint, t); late > 0) {
        cause.excuse = late;
        cause.excused_by = "its retransmit timer fired " + ms(late) + " after its deadline";
      }
    } else {
      // What it answers is what had reached its sender: the latest arrival the other way (a
      // segment still on the link cannot have caused it). Counted from that arrival, so a link
      // that delivered late (a loaded machine's netfilter queue) does not count against it.
      if (auto answered = arrived_.find({s.segment.dst, s.segment.src});
          answered != arrived_.end()) {
        std::int64_t latest = -1;
        for (const std::int64_t a : answered->second) {
          if (a <= t) latest = std::max(latest, a);
        }
        if (latest >= 0) cause = {latest, "the segment it answers arrived", 0, ""};
      }
      for (const std::string& endpoint : {s.endpoint.str(), std::string()}) {
        const Sent* call = last_call(s.from, endpoint, t);
        if (call && call->issued > cause.at)
          cause = {
              call->issued, call->call + "() was issued", call->cpu_wait,
              call->cpu_wait > 0 ? "its program waited " + ms(call->cpu_wait) + " for a CPU" : ""};
      }
    }
    if (s.fate == SegmentFate::Delivered) arrived_[direction].push_back(to_ns(s.arrives_at));
    transmissions_[transmission] = t;
    return cause;
  }

 private:
  // How long after its deadline the retransmit timer armed last before `t` fired (0: on time).
  std::int64_t timer_lateness(const std::string& host, const std::string& endpoint,
                              std::int64_t t) const {
    auto it = retransmit_armed_.find({host, endpoint});
    if (it == retransmit_armed_.end()) return 0;
    std::int64_t due = -1;
    for (const RetransmitTimer& timer : it->second) {
      if (timer.armed < t) due = timer.deadline;
    }
    return due < 0 ? 0 : std::max<std::int64_t>(0, t - due);
  }

  // How late, in all, the call's endpoint's retransmit timers fired while it was pending. Each
  // timer is armed from the firing of the one before (RFC 6298 §5.5), so a loaded machine's late
  // timer wheel pushes a blocking connect()'s ETIMEDOUT back by the sum.
  std::int64_t timers_late_during(const CallEvent& c, std::int64_t returned) const {
    auto it = retransmit_armed_.find({c.host, c.endpoint});
    if (it == retransmit_armed_.end()) return 0;
    const std::int64_t issued = to_ns(c.issued_at) - kClockSkewNs;
    const RetransmitTimer* last = nullptr;
    std::int64_t late = 0;
    for (const RetransmitTimer& timer : it->second) {
      if (timer.armed < issued || timer.armed > returned) continue;
      last = &timer;
      if (timer.fired >= 0 && timer.fired <= returned)
        late += std::max<std::int64_t>(0, timer.fired - timer.deadline);
    }
    // A call that timed out returned from its last timer's firing (tcp_write_err), which a trace
    // sees only as the return itself.
    if (c.error == Errno::TimedOut && last && last->fired < 0)
      late += std::max<std::int64_t>(0, returned - last->deadline);
    return late;
  }

  struct RetransmitTimer {
    std::int64_t armed;
    std::int64_t deadline;
    std::int64_t fired;  // -1: not seen firing (cancelled, or ended by the call's return)
  };

  struct Sent {
    std::int64_t issued;
    std::string call;
    std::int64_t cpu_wait;
  };

  const Sent* last_call(const std::string& host, const std::string& endpoint,
                        std::int64_t t) const {
    auto it = calls_.find({host, endpoint});
    if (it == calls_.end()) return nullptr;
    auto after = std::upper_bound(it->second.begin(), it->second.end(), t + kClockSkewNs,
                                  [](std::int64_t v, const Sent& c) { return v < c.issued; });
    return after == it->second.begin() ? nullptr : &*std::prev(after);
  }

  std::map<std::pair<std::string, std::string>, std::vector<Sent>> calls_;  // (host, endpoint)
  std::map<std::string, std::vector<std::int64_t>> arrivals_;               // host -> instants
  // (host, endpoint) -> each retransmit timer, in trace order.
  std::map<std::pair<std::string, std::string>, std::vector<RetransmitTimer>> retransmit_armed_;
  // Each direction's arrivals so far, in the order they were sent.
  std::map<std::pair<SocketAddress, SocketAddress>, std::vector<std::int64_t>> arrived_;
  std::map<std::tuple<SocketAddress, SocketAddress, std::uint32_t, std::uint8_t>, std::int64_t>
      transmissions_;
};

// Longest common subsequence of keys: the pairs (i, j) matched, in order.
std::vector<std::pair<std::size_t, std::size_t>> align(const std::vector<Item>& a,
                                                       const std::vector<Item>& b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  if (n * m > 25'000'000) {
    // Too long for the table: match position by position.
    for (std::size_t i = 0; i < std::min(n, m); ++i) {
      if (a[i].key == b[i].key) pairs.emplace_back(i, i);
    }
    return pairs;
  }
  std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = a[i].key == b[j].key ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n && j < m) {
    if (a[i].key == b[j].key) {
      pairs.emplace_back(i, j);
      ++i;
      ++j;
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

std::string ms(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(ns) / 1e9);
  return buf;
}

class Comparer {
 public:
  Comparer(const Trace& left, const Trace& right, const CompareOptions& options)
      : left_(left), right_(right), options_(options), left_causes_(left), right_causes_(right) {}

  // Aligns two sequences and records what is only on one side, and timing beyond tolerance.
  void diff(DifferenceKind kind, const std::string& subject, const std::vector<Item>& a,
            const std::vector<Item>& b, bool record_pairs = false) {
    const auto pairs = align(a, b);
    std::size_t i = 0;
    std::size_t j = 0;
    auto flush_until = [&](std::size_t ai, std::size_t bj) {
      // Unmatched runs side by side: pair them up as "differs", the rest as one-sided.
      while (i < ai || j < bj) {
        Difference d;
        d.kind = kind;
        d.subject = subject;
        if (i < ai) {
          d.left = a[i].text;
          d.left_at = a[i].at;
          d.left_segment = a[i].segment;
          ++i;
        }
        if (j < bj) {
          d.right = b[j].text;
          d.right_at = b[j].at;
          d.right_segment = b[j].segment;
          ++j;
        }
        add(d);
      }
    };
    for (const auto& [pi, pj] : pairs) {
      flush_until(pi, pj);
      if (record_pairs) result_.matched_segments.emplace_back(a[pi].segment, b[pj].segment);
      check_time(subject, a[pi], b[pj]);
      i = pi + 1;
      j = pj + 1;
    }
    flush_until(a.size(), b.size());
  }

  void add(Difference d) {
    if (result_.differences.size() < options_.max_differences) {
      result_.differences.push_back(std::move(d));
    } else {
      ++result_.differences_not_kept;
    }
  }

  void check_time(const std::string& subject, const Item& a, const Item& b) {
    if (!options_.compare_timing || a.t < 0 || b.t < 0) return;
    const std::int64_t gap = std::llabs(a.t - b.t);
    const double allowed =
        static_cast<double>(options_.time_tolerance.count()) +
        options_.time_tolerance_fraction * static_cast<double>(std::max(a.t, b.t));
    if (static_cast<double>(gap) <= allowed) return;
    auto said = [](const Item& i) { return i.text + ", " + ms(i.t) + " after " + i.cause; };
    if (static_cast<double>(gap) <= allowed + static_cast<double>(a.excuse + b.excuse)) {
      std::string why;
      for (const Item* i : {&a, &b}) {
        if (i->excused_by.empty()) continue;
        why += (why.empty() ? "" : "; ") + (i == &a ? left_name() : right_name()) + ": " +
               i->excused_by;
      }
      result_.explained.push_back(subject + ": " + left_name() + " " + said(a) + ", " +
                                  right_name() + " " + said(b) +
                                  "; explained by measured lateness (" + why + ")");
      return;
    }
    Difference d;
    d.kind = DifferenceKind::Timing;
    d.subject = subject;
    d.left = said(a);
    d.right = said(b);
    d.left_at = a.at;
    d.right_at = b.at;
    d.left_segment = a.segment;
    d.right_segment = b.segment;
    add(d);
  }

  Comparison run() {
    result_.left_name = left_.backend;
    result_.right_name = right_.backend;
    segments();
    set_aside_fin_ack_races();
    states();
    calls();
    result_.right_delays = scheduling_delays(right_);
    const SchedulingDelays left_delays = scheduling_delays(left_);
    const bool right_worse = result_.right_delays.worst() >= left_delays.worst();
    const SchedulingDelays& worst = right_worse ? result_.right_delays : left_delays;
    if (!result_.agree() && !result_.races.empty()) {
      // The race changes what follows it: the bare ACK and the FIN left together, and a loaded
      // machine can even deliver them in the other order (from two CPUs' backlogs), so that the
      // peer in TIME-WAIT answers the late ACK and is reset.
      result_.not_judgeable = right_name() + "'s delayed ACK raced its application's close() " +
                              std::to_string(result_.races.size()) +
                              " time(s) (listed below as tolerated races): the differences may "
                              "follow from that race, which the machine's load decides, not TCP";
    } else if (!result_.agree() && worst.worst() > options_.judgeable_delay) {
      result_.not_judgeable = (right_worse ? right_name() : left_name()) + "'s programs " +
                              format_scheduling_delays(worst) + ", more than the " +
                              ms(options_.judgeable_delay.count()) +
                              " this comparison can judge: the differences may be the machine's "
                              "load reordering the lesson's races, not TCP";
    }
    return result_;
  }

  // A bare ACK only the right side sent that raced its sender's close() (delayed_ack_race.h):
  // which one wins depends on the machine's load, not on TCP.
  void set_aside_fin_ack_races() {
    const std::vector<DelayedAckRace> races = delayed_ack_races(right_);
    auto& diffs = result_.differences;
    for (auto it = diffs.begin(); it != diffs.end();) {
      const DelayedAckRace* race = it->kind == DifferenceKind::Segment && it->left.empty()
                                       ? race_of(races, it->right_segment)
                                       : nullptr;
      if (race) {
        result_.races.push_back(it->subject + ": " + right_name() + " " + it->right +
                                (race->order == AckRaceOrder::AckBeforeFin
                                     ? " (its delayed ACK of the FIN left before close() sent "
                                       "the FIN)"
                                     : " (its delayed ACK of the FIN, built before close() sent "
                                       "the FIN, arrived after it)"));
        it = diffs.erase(it);
      } else {
        ++it;
      }
    }
  }

  std::string right_name() const { return right_.backend.empty() ? "right" : right_.backend; }
  std::string left_name() const { return left_.backend.empty() ? "left" : left_.backend; }

 private:
  // Segments grouped by connection, each connection named by the sockets that sent on it
  // ("client#3 server#3"): labels follow each host's program order on every backend, while ports,
  // ISNs and the interleaving of independent connections do not.
  std::map<std::string, std::vector<Item>> segment_items(const Trace& t, Causes& causes,
                                                         std::vector<std::string>& order) {
    using Pair = std::pair<SocketAddress, SocketAddress>;
    std::map<Pair, int> incarnation;
    std::map<std::pair<Pair, int>, std::vector<std::string>> labels;
    std::vector<std::pair<std::pair<Pair, int>, Item>> items;
    for (const auto& e : t.events()) {
      const auto* s = get_if<SegmentEvent>(&e.body);
      if (!s) continue;
      const Pair pair = s->segment.src < s->segment.dst ? Pair{s->segment.src, s->segment.dst}
                                                        : Pair{s->segment.dst, s->segment.src};
      if (s->segment.flags.syn() && !s->segment.flags.ack() && s->rel_seq == 0 &&
          !s->retransmission) {
        ++incarnation[pair];
      }
      const auto key = std::make_pair(pair, incarnation[pair]);
      auto& names = labels[key];
      if (!s->endpoint.empty() &&
          std::find(names.begin(), names.end(), s->endpoint) == names.end()) {
        names.push_back(s->endpoint);
      }
      // What segments are matched on (present/segment_label.h), with the sending socket's label
      // and its options without timestamp values (each side's clock is its own).
      const std::string options = tcp_options_key(s->segment.options);
      const std::string text = present::segment_summary(*s) +
                               (options.empty() ? "" : " <" + options + ">") +
                               (s->endpoint.empty() ? "" : " [" + s->endpoint + "]") +
                               (s->fate == SegmentFate::Dropped ? " dropped" : "") +
                               (s->fault && s->fault->action == WireAction::Injected ? " injected"
                                                                                      : "");
      const Causes::Cause cause = causes.of_segment(*s, e.at);
      const std::int64_t since = cause.at < 0 ? -1 : to_ns(e.at) - cause.at;
      std::optional<Instant> arrives;
      if (s->fate == SegmentFate::Delivered) arrives = s->arrives_at;
      items.push_back({key,
                       {text, text, since, cause.what, cause.excuse, cause.excused_by, e.at, s->id,
                        arrives, s->from}});
    }
    std::map<std::string, std::vector<Item>> out;
    for (auto& [key, item] : items) {
      auto names = labels[key];
      std::sort(names.begin(), names.end());
      std::string name = "connection";
      for (const auto& n : names) name += " " + n;
      if (!out.contains(name)) order.push_back(name);
      out[name].push_back(std::move(item));
    }
    for (auto& [name, connection] : out) order_crossings(connection);
    return out;
  }

  void segments() {
    std::vector<std::string> order;
    auto a = segment_items(left_, left_causes_, order);
    auto b = segment_items(right_, right_causes_, order);
    for (const auto& [name, items] : a) result_.left_segments += items.size();
    for (const auto& [name, items] : b) result_.right_segments += items.size();
    std::vector<std::string> seen;
    for (const auto& name : order) {
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
      seen.push_back(name);
      diff(DifferenceKind::Segment, name, a[name], b[name], true);
    }
  }

  std::map<std::string, std::vector<Item>> state_items(const Trace& t) {
    std::map<std::string, std::vector<Item>> out;
    for (const auto& e : t.events()) {
      const auto* s = get_if<StateEvent>(&e.body);
      if (!s) continue;
      const std::string text(rfc_name(s->to));
      out[s->endpoint].push_back({text, text, -1, "", 0, "", e.at, s->segment_id, {}, {}});
    }
    return out;
  }

  void states() {
    auto a = state_items(left_);
    auto b = state_items(right_);
    std::vector<std::string> endpoints;
    for (const auto& [name, items] : a) endpoints.push_back(name);
    for (const auto& [name, items] : b) {
      if (!a.contains(name)) endpoints.push_back(name);
    }
    std::sort(endpoints.begin(), endpoints.end());
    for (const auto& name : endpoints) {
      // States are compared in order only: the segments' timing already says when things
      // happened (and the kernel's states are polled).
      diff(DifferenceKind::State, name, a[name], b[name]);
    }
  }

  std::map<std::string, std::vector<Item>> call_items(const Trace& t, const Causes& causes) {
    std::map<std::string, std::vector<Item>> out;
    for (const auto& e : t.events()) {
      const auto* c = get_if<CallEvent>(&e.body);
      if (!c) continue;
      // socket() and accept() return fds, whose numbers are the process's business: compare
      // success only. Other calls: the result and errno.
      const bool returns_fd = c->call == "socket" || c->call == "accept";
      std::string outcome = c->error != Errno::None ? std::string(errno_name(c->error))
                            : returns_fd            ? (c->result >= 0 ? "ok" : "-1")
                                                    : std::to_string(c->result);
      std::string text = c->call + "() = " + outcome;
      if (!c->data.empty()) text += " \"" + c->data + "\"";
      const Causes::Cause cause = causes.of_call(*c, e.at);
      out[c->step].push_back({text, text, to_ns(e.at) - cause.at, cause.what, cause.excuse,
                              cause.excused_by, e.at, 0, {}, {}});
    }
    return out;
  }

  void calls() {
    auto a = call_items(left_, left_causes_);
    auto b = call_items(right_, right_causes_);
    std::vector<std::string> steps;
    for (const auto& [name, items] : a) steps.push_back(name);
    for (const auto& [name, items] : b) {
      if (!a.contains(name)) steps.push_back(name);
    }
    for (const auto& step : steps) diff(DifferenceKind::Call, "step " + step, a[step], b[step]);
  }

  const Trace& left_;
  const Trace& right_;
  CompareOptions options_;
  Comparison result_;
  // Built once per side; segment_items() asks each side's segments once, in trace order.
  Causes left_causes_;
  Causes right_causes_;
};

}  // namespace

std::string_view to_string(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::Segment:
      return "segment";
    case DifferenceKind::State:
      return "state";
    case DifferenceKind::Call:
      return "call";
    case DifferenceKind::Timing:
      return "timing";
  }
  return "?";
}

Comparison compare_traces(const Trace& left, const Trace& right, const CompareOptions& options) {
  return Comparer(left, right, options).run();
}

SchedulingDelays scheduling_delays(const Trace& trace) {
  SchedulingDelays out;
  for (const auto& e : trace.events()) {
    const auto* c = get_if<CallEvent>(&e.body);
    if (!c) continue;
    ++out.calls;
    if (const Duration late = c->issued_at - c->asked(); late > out.worst_late) {
      out.worst_late = late;
      out.late_step = c->step;
    }
    if (c->cpu_wait > out.worst_cpu_wait) {
      out.worst_cpu_wait = c->cpu_wait;
      out.cpu_wait_step = c->step;
    }
  }
  return out;
}

std::string format_scheduling_delays(const SchedulingDelays& d) {
  std::string out;
  if (d.worst_late > Duration{0})
    out = "were issued up to " + ms(d.worst_late.count()) + " late (" + d.late_step + ")";
  if (d.worst_cpu_wait > Duration{0}) {
    out += (out.empty() ? "" : " and ") + std::string("waited for a CPU up to ") +
           ms(d.worst_cpu_wait.count()) + " in one call (" + d.cpu_wait_step + ")";
  }
  return out;
}

std::string format_comparison(const Comparison& c) {
  std::string out;
  const std::string l = c.left_name.empty() ? "left" : c.left_name;
  const std::string r = c.right_name.empty() ? "right" : c.right_name;
  out += "segments: " + std::to_string(c.left_segments) + " in " + l + ", " +
         std::to_string(c.right_segments) + " in " + r + ", " +
         std::to_string(c.matched_segments.size()) + " alike\n";
  for (const auto& d : c.differences) {
    out += std::string(to_string(d.kind)) + " " + d.subject + ": ";
    if (d.kind == DifferenceKind::Timing) {
      out += l + " " + d.left + ", " + r + " " + d.right;
    } else {
      out += l + " " + (d.left.empty() ? "(nothing)" : d.left) + " | " + r + " " +
             (d.right.empty() ? "(nothing)" : d.right);
    }
    out += "\n";
  }
  if (c.differences_not_kept > 0) {
    out += "... and " + std::to_string(c.differences_not_kept) +
           " more difference(s), not listed (at most " + std::to_string(c.differences.size()) +
           " are kept)\n";
  }
  for (const auto& race : c.races) out += "race (tolerated) " + race + "\n";
  for (const auto& e : c.explained) out += "timing (explained by CPU waits) " + e + "\n";
  if (c.right_delays.calls > 0) {
    const std::string delays = format_scheduling_delays(c.right_delays);
    out += r + "'s programs made " + std::to_string(c.right_delays.calls) + " call(s)" +
           (delays.empty() ? ", none late" : " and " + delays) + "\n";
  }
  const std::size_t differences = c.differences.size() + c.differences_not_kept;
  if (c.agree()) {
    out += l + " and " + r + " agree\n";
  } else if (!c.judgeable()) {
    out += std::to_string(differences) + " difference(s), not judged: " + c.not_judgeable + "\n";
  } else {
    out += std::to_string(differences) + " difference(s)\n";
  }
  return out;
}

}  // namespace tcplab
