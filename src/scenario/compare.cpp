#include "scenario/compare.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace tcplab {

namespace {

struct Item {
  std::string key;   // what must be equal
  std::string text;  // what to show
  // The duration compared for timing: a segment's time since the one before it on its
  // connection, a call's time from issue to return. -1: nothing to compare.
  std::int64_t t = -1;
  Instant at;
  std::uint64_t segment = 0;
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
      : left_(left), right_(right), options_(options) {}

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
        result_.differences.push_back(d);
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

  void check_time(const std::string& subject, const Item& a, const Item& b) {
    if (!options_.compare_timing || a.t < 0 || b.t < 0) return;
    const std::int64_t gap = std::llabs(a.t - b.t);
    const double allowed =
        static_cast<double>(options_.time_tolerance.count()) +
        options_.time_tolerance_fraction * static_cast<double>(std::max(a.t, b.t));
    if (static_cast<double>(gap) <= allowed) return;
    Difference d;
    d.kind = DifferenceKind::Timing;
    d.subject = subject;
    d.left = a.text + " after " + ms(a.t);
    d.right = b.text + " after " + ms(b.t);
    d.left_at = a.at;
    d.right_at = b.at;
    d.left_segment = a.segment;
    d.right_segment = b.segment;
    result_.differences.push_back(d);
  }

  Comparison run() {
    result_.left_name = left_.backend;
    result_.right_name = right_.backend;
    segments();
    set_aside_fin_ack_races();
    states();
    calls();
    return result_;
  }

  // A bare ACK only the right side sent, followed on its connection by the same sender's FIN
  // with the same seq and ack: the delayed ACK of the peer's FIN (one timer tick on Linux) beat
  // the application's close(). Which one wins depends on the machine's load, not on TCP.
  void set_aside_fin_ack_races() {
    auto& diffs = result_.differences;
    for (auto it = diffs.begin(); it != diffs.end();) {
      const SegmentEvent* ack = it->kind == DifferenceKind::Segment && it->left.empty()
                                    ? right_.segment_by_id(it->right_segment)
                                    : nullptr;
      if (ack && is_bare_ack_before_own_fin(*ack)) {
        result_.races.push_back(it->subject + ": " + right_name() + " " + it->right +
                                " (its delayed ACK of the FIN left before close() sent the FIN)");
        it = diffs.erase(it);
      } else {
        ++it;
      }
    }
  }

  bool is_bare_ack_before_own_fin(const SegmentEvent& ack) const {
    if (tcpdump_flags(ack.segment.flags) != "." || ack.segment.payload_len() != 0) return false;
    for (std::uint64_t id = ack.id + 1; id <= right_.segment_count(); ++id) {
      const SegmentEvent* next = right_.segment_by_id(id);
      if (next->segment.src != ack.segment.src || next->segment.dst != ack.segment.dst) continue;
      return next->segment.flags.fin() && next->segment.seq == ack.segment.seq &&
             next->segment.ack == ack.segment.ack;
    }
    return false;
  }

  std::string right_name() const { return right_.backend.empty() ? "right" : right_.backend; }

 private:
  // Segments grouped by connection, each connection named by the sockets that sent on it
  // ("client#3 server#3"): labels follow each host's program order on every backend, while ports,
  // ISNs and the interleaving of independent connections do not.
  std::map<std::string, std::vector<Item>> segment_items(const Trace& t,
                                                         std::vector<std::string>& order) {
    using Pair = std::pair<SocketAddress, SocketAddress>;
    std::map<Pair, int> incarnation;
    std::map<std::pair<Pair, int>, std::vector<std::string>> labels;
    std::vector<std::pair<std::pair<Pair, int>, Item>> items;
    std::map<std::pair<Pair, int>, std::int64_t> last_at;
    for (const auto& e : t.events()) {
      const auto* s = std::get_if<SegmentEvent>(&e.body);
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
      const std::string text = segment_summary(*s) +
                               (s->endpoint.empty() ? "" : " [" + s->endpoint + "]") +
                               (s->fate == SegmentFate::Dropped ? " dropped" : "");
      auto last = last_at.find(key);
      const std::int64_t since = last == last_at.end() ? -1 : to_ns(e.at) - last->second;
      last_at[key] = to_ns(e.at);
      items.push_back({key, {text, text, since, e.at, s->id}});
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
    return out;
  }

  void segments() {
    std::vector<std::string> order;
    auto a = segment_items(left_, order);
    auto b = segment_items(right_, order);
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
      const auto* s = std::get_if<StateEvent>(&e.body);
      if (!s) continue;
      const std::string text(rfc_name(s->to));
      out[s->endpoint].push_back({text, text, -1, e.at, s->segment_id});
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

  std::map<std::string, std::vector<Item>> call_items(const Trace& t) {
    std::map<std::string, std::vector<Item>> out;
    for (const auto& e : t.events()) {
      const auto* c = std::get_if<CallEvent>(&e.body);
      if (!c) continue;
      // socket() and accept() return fds, whose numbers are the process's business: compare
      // success only. Other calls: the result and errno.
      const bool returns_fd = c->call == "socket" || c->call == "accept";
      std::string outcome = c->error != Errno::None ? std::string(errno_name(c->error))
                            : returns_fd            ? (c->result >= 0 ? "ok" : "-1")
                                                    : std::to_string(c->result);
      std::string text = c->call + "() = " + outcome;
      if (!c->data.empty()) text += " \"" + c->data + "\"";
      out[c->step].push_back({text, text, to_ns(e.at) - to_ns(c->issued_at), e.at, 0});
    }
    return out;
  }

  void calls() {
    auto a = call_items(left_);
    auto b = call_items(right_);
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

std::string segment_summary(const SegmentEvent& s) {
  auto initial = [](const std::string& host) {
    return host.empty() ? std::string("?") : host.substr(0, 1);
  };
  std::string out = initial(s.from) + ">" + initial(s.to) + " " + tcpdump_flags(s.segment.flags) +
                    " " + std::to_string(s.rel_seq) + " " + std::to_string(s.rel_ack);
  if (!s.segment.payload.empty()) out += " len " + std::to_string(s.segment.payload.size());
  return out;
}

Comparison compare_traces(const Trace& left, const Trace& right, const CompareOptions& options) {
  return Comparer(left, right, options).run();
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
  for (const auto& race : c.races) out += "race (tolerated) " + race + "\n";
  out += c.agree() ? l + " and " + r + " agree\n"
                   : std::to_string(c.differences.size()) + " difference(s)\n";
  return out;
}

}  // namespace tcplab
