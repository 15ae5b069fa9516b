#include "gui/timeline_index.h"

#include <algorithm>
#include <array>
#include <limits>

#include <absl/container/flat_hash_map.h>

#include "present/call_label.h"

namespace tcplab::gui {

namespace {

struct SocketBuild {
  std::uint32_t index = 0;
  bool has_state = false;
  TcpState state = TcpState::Closed;
  std::int64_t state_since = 0;
  std::size_t state_event = 0;
  bool seen_band = false;
  std::int64_t timer_armed[kTimerKindCount] = {};
  std::size_t timer_event[kTimerKindCount] = {};
  std::int64_t timer_deadline[kTimerKindCount] = {};
  int timer_attempt[kTimerKindCount] = {};
  bool timer_pending[kTimerKindCount] = {};
};

std::size_t kind_index(TimerKind kind) { return static_cast<std::size_t>(kind); }

int host_index_or(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

}  // namespace

FoldPolicy fold_policy_for(const Trace& trace) {
  FoldPolicy policy;
  if (trace.backend != "model") policy.min_step = kLoopbackStep;
  return policy;
}

std::vector<RealSpan> crossing_flights(const Trace& trace) {
  struct Flight {
    std::int64_t sent, arrives;
    const std::string* from;
    const std::string* to;
    bool crosses = false;
  };
  std::vector<Flight> flights;
  for (const TraceEvent& e : trace.events()) {
    if (const auto* seg = get_if<SegmentEvent>(&e.body)) {
      if (seg->from == seg->to) continue;  // to itself: nothing to cross
      flights.push_back({to_ns(e.at), to_ns(seg->arrives_at), &seg->from.str(), &seg->to.str()});
    }
  }
  std::stable_sort(flights.begin(), flights.end(),
                   [](const Flight& a, const Flight& b) { return a.sent < b.sent; });
  // Each flight against the others sent at its instant (a bounded look: a burst of thousands of
  // segments one way crosses nothing, and one the other way is found among the first). Flights
  // that merely overlap are drawn crossing already, each sent on its own row.
  constexpr std::size_t kLook = 64;
  for (std::size_t i = 0; i < flights.size(); ++i) {
    Flight& a = flights[i];
    for (std::size_t j = i + 1; j < flights.size() && j - i <= kLook; ++j) {
      Flight& b = flights[j];
      if (b.sent != a.sent) break;
      if (*b.from == *a.to && *b.to == *a.from) a.crosses = b.crosses = true;
    }
  }
  std::vector<RealSpan> spans;
  for (const Flight& f : flights) {
    if (f.crosses) spans.push_back({f.sent, f.arrives});
  }
  return spans;
}

int TimelineIndex::host_index(const std::string& name) const {
  for (std::size_t i = 0; i < hosts_.size(); ++i) {
    if (hosts_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

TimelineIndex::TimelineIndex(const Trace& trace, const FoldPolicy& policy) : trace_(&trace) {
  // Hosts: in the trace's order, then any host named only by events.
  std::vector<std::string> host_names = trace.hosts;
  auto host_of = [&host_names](const std::string& name) -> int {
    if (name.empty()) return -1;
    auto it = std::find(host_names.begin(), host_names.end(), name);
    if (it != host_names.end()) return static_cast<int>(it - host_names.begin());
    host_names.push_back(name);
    return static_cast<int>(host_names.size() - 1);
  };

  // Pass 1: sockets and their lifetimes. Each state and timer event's socket is looked up by
  // its label once, here, and remembered for pass 3 (a second lookup by label, and a set of
  // labels for "closed", were most of the time indexing a million-event trace took).
  constexpr std::uint32_t kNoSocket = std::numeric_limits<std::uint32_t>::max();
  absl::flat_hash_map<std::string, std::uint32_t> socket_ids;
  std::vector<std::uint32_t> socket_of_event(trace.size(), kNoSocket);
  std::vector<bool> closed;  // per socket: its last state change so far is to CLOSED
  auto socket_of = [&](const std::string& label, const std::string& host, std::int64_t t) {
    auto [it, fresh] = socket_ids.try_emplace(label, static_cast<std::uint32_t>(sockets_.size()));
    if (fresh) {
      sockets_.push_back(SocketLane{label, host_of(host), -1, t, t});
      closed.push_back(false);
    }
    SocketLane& s = sockets_[it->second];
    s.last_ns = std::max(s.last_ns, t);
    return it->second;
  };
  std::vector<std::int64_t> activity;
  activity.reserve(trace.size() + trace.segment_count());
  const auto& events = trace.events();
  for (std::size_t ei = 0; ei < events.size(); ++ei) {
    const TraceEvent& e = events[ei];
    const std::int64_t t = to_ns(e.at);
    activity.push_back(t);
    if (const auto* st = get_if<StateEvent>(&e.body)) {
      const std::uint32_t id = socket_of(st->endpoint, st->host, t);
      socket_of_event[ei] = id;
      closed[id] = st->to == TcpState::Closed;
    } else if (const auto* tm = get_if<TimerEvent>(&e.body)) {
      const std::uint32_t id = socket_of(tm->endpoint, tm->host, t);
      socket_of_event[ei] = id;
      if (tm->action == TimerAction::Armed) {
        sockets_[id].last_ns = std::max(sockets_[id].last_ns, to_ns(tm->deadline));
      }
    } else if (const auto* seg = get_if<SegmentEvent>(&e.body)) {
      host_of(seg->from);
      host_of(seg->to);
      activity.push_back(to_ns(seg->arrives_at));
    } else if (const auto* call = get_if<CallEvent>(&e.body)) {
      host_of(call->host);
    }
  }
  std::sort(activity.begin(), activity.end());
  begin_ns_ = activity.empty() ? 0 : activity.front();
  end_ns_ = activity.empty() ? 0 : activity.back();
  // A socket never closed in the trace lives to its end.
  for (std::size_t i = 0; i < sockets_.size(); ++i) {
    if (!closed[i]) sockets_[i].last_ns = std::max(sockets_[i].last_ns, end_ns_);
  }
  fold_ = TimeFold::from_activity(activity, policy, crossing_flights(trace));
  activity.clear();
  activity.shrink_to_fit();

  hosts_.resize(host_names.size());
  for (std::size_t i = 0; i < host_names.size(); ++i) hosts_[i].name = host_names[i];

  // Pass 2: sub-lanes. Sockets take the lowest free slot of their host, by first appearance.
  std::vector<std::vector<std::int64_t>> slot_free_at(hosts_.size());
  for (SocketLane& s : sockets_) {
    if (s.host < 0) continue;
    auto& free_at = slot_free_at[static_cast<std::size_t>(s.host)];
    HostLane& host = hosts_[static_cast<std::size_t>(s.host)];
    int chosen = -1;
    for (std::size_t k = 0; k < free_at.size(); ++k) {
      if (free_at[k] <= s.first_ns) {
        chosen = static_cast<int>(k);
        break;
      }
    }
    if (chosen < 0 && free_at.size() < static_cast<std::size_t>(kMaxSlotsPerHost)) {
      free_at.push_back(0);
      host.slots.emplace_back();
      chosen = static_cast<int>(free_at.size() - 1);
    }
    if (chosen < 0) {
      ++host.overflow_sockets;
      continue;
    }
    s.slot = chosen;
    // A slot is reused only after its previous socket is gone (a strict gap keeps bands apart).
    free_at[static_cast<std::size_t>(chosen)] = s.last_ns + 1;
  }

  // Pass 3: bands, timers, calls, segments.
  std::vector<SocketBuild> build(sockets_.size());
  for (std::uint32_t i = 0; i < build.size(); ++i) build[i].index = i;
  auto slot_of = [this](std::uint32_t socket) -> SlotLane* {
    const SocketLane& s = sockets_[socket];
    if (s.host < 0 || s.slot < 0) return nullptr;
    return &hosts_[static_cast<std::size_t>(s.host)].slots[static_cast<std::size_t>(s.slot)];
  };
  auto close_band = [&](SocketBuild& b, std::int64_t until) {
    if (!b.has_state || b.state == TcpState::Closed) return;
    if (SlotLane* lane = slot_of(b.index)) {
      lane->bands.push_back(
          {b.state_since, until, b.state, b.index, !b.seen_band, b.state_event});
      b.seen_band = true;
    }
  };
  auto close_timer = [&](SocketBuild& b, TimerKind kind, std::int64_t until,
                         present::TimerEnding why) {
    const std::size_t k = kind_index(kind);
    if (!b.timer_pending[k]) return;
    b.timer_pending[k] = false;
    if (SlotLane* lane = slot_of(b.index)) {
      lane->timers[k].push_back(
          {b.timer_armed[k], until, b.timer_deadline[k], kind, why, b.timer_attempt[k], b.index,
           b.timer_event[k]});
    }
  };

  for (std::size_t ei = 0; ei < events.size(); ++ei) {
    const TraceEvent& e = events[ei];
    const std::int64_t t = to_ns(e.at);
    if (const auto* st = get_if<StateEvent>(&e.body)) {
      SocketBuild& b = build[socket_of_event[ei]];
      close_band(b, t);
      b.has_state = true;
      b.state = st->to;
      b.state_since = t;
      b.state_event = ei;
    } else if (const auto* tm = get_if<TimerEvent>(&e.body)) {
      SocketBuild& b = build[socket_of_event[ei]];
      const std::size_t k = kind_index(tm->timer);
      if (tm->action == TimerAction::Armed) {
        // Armed over a running one: the old one was restarted here.
        close_timer(b, tm->timer, t, present::TimerEnding::Restarted);
        b.timer_pending[k] = true;
        b.timer_armed[k] = t;
        b.timer_event[k] = ei;
        b.timer_deadline[k] = to_ns(tm->deadline);
        b.timer_attempt[k] = tm->attempt;
      } else {
        close_timer(b, tm->timer, t, present::timer_ending_at(events, ei));
      }
    } else if (const auto* call = get_if<CallEvent>(&e.body)) {
      const int h = host_index_or(host_names, call->host);
      if (h >= 0) {
        hosts_[static_cast<std::size_t>(h)].calls.push_back(
            {t, present::short_call_label(*call), call->error != Errno::None, ei});
      }
    } else if (const auto* seg = get_if<SegmentEvent>(&e.body)) {
      const int from = host_index_or(host_names, seg->from);
      const int to = host_index_or(host_names, seg->to);
      if (from < 0 || to < 0) continue;
      const std::int64_t arrives = std::max(t, to_ns(seg->arrives_at));
      if (segments_.sent_ns.empty() || segments_.sent_ns.back() != t) ++segment_rows_;
      segments_.sent_ns.push_back(t);
      segments_.arrives_ns.push_back(arrives);
      segments_.from_host.push_back(static_cast<std::uint16_t>(from));
      segments_.to_host.push_back(static_cast<std::uint16_t>(to));
      segments_.event.push_back(seg);
      segments_.event_index.push_back(ei);
      max_latency_ns_ = std::max(max_latency_ns_, arrives - t);
    }
  }
  // Whatever is still open runs to the end of the trace (timers: to their deadline).
  for (SocketBuild& b : build) {
    close_band(b, std::max(end_ns_, b.state_since));
    for (std::size_t k = 0; k < kTimerKindCount; ++k) {
      if (b.timer_pending[k]) {
        close_timer(b, static_cast<TimerKind>(k), std::max(b.timer_deadline[k], b.timer_armed[k]),
                    present::TimerEnding::Pending);
      }
    }
  }
  for (HostLane& host : hosts_) {
    for (SlotLane& slot : host.slots) {
      slot.listen_only = std::all_of(slot.bands.begin(), slot.bands.end(), [](const StateBand& b) {
        return b.state == TcpState::Listen;
      });
      auto by_start = [](const auto& a, const auto& b) { return a.start_ns < b.start_ns; };
      std::stable_sort(slot.bands.begin(), slot.bands.end(), by_start);
      for (auto& timers : slot.timers) std::stable_sort(timers.begin(), timers.end(), by_start);
    }
  }
}

}  // namespace tcplab::gui

namespace tcplab::gui {

std::vector<TcpState> prominent_states(const TimelineIndex& index, double min_share) {
  const TimeFold& fold = index.fold();
  const auto span = static_cast<double>(fold.fold(index.end_ns()) - fold.fold(index.begin_ns()));
  std::array<double, kAllTcpStates.size()> covered{};
  for (const HostLane& host : index.hosts()) {
    for (const SlotLane& slot : host.slots) {
      for (const StateBand& b : slot.bands) {
        covered[static_cast<std::size_t>(b.state)] +=
            static_cast<double>(fold.fold(b.end_ns) - fold.fold(b.start_ns));
      }
    }
  }
  std::vector<TcpState> out;
  for (TcpState s : kAllTcpStates) {
    if (span > 0 && covered[static_cast<std::size_t>(s)] >= min_share * span) out.push_back(s);
  }
  return out;
}

}  // namespace tcplab::gui
