#include "gui/socket_table.h"

#include <algorithm>
#include <map>
#include <optional>

namespace tcplab::gui {

std::string ss_timer_name(TimerKind kind) {
  switch (kind) {
    case TimerKind::Retransmit:
      return "on";
    case TimerKind::DelayedAck:
      return "delack";
    case TimerKind::TimeWait:
      return "timewait";
    case TimerKind::FinWait2:
      return "timewait";  // Linux shows the orphaned FIN-WAIT-2 timer so
    case TimerKind::Linger:
      return "linger";
  }
  return "?";
}

namespace {
std::string peer_text(SocketAddress a) {
  if (a.ip.is_any() && a.port == 0) return "0.0.0.0:*";
  return to_string(a);
}
}  // namespace

std::vector<SocketRow> sockets_at(const Trace& trace, std::size_t step) {
  struct Live {
    SocketRow row;
    std::optional<TimerEvent> timer;  // the most urgent pending one
    std::map<TimerKind, Instant> pending;
  };
  std::map<std::string, Live> live;
  const auto& events = trace.events();
  const std::size_t n = std::min(step, events.size());
  for (std::size_t i = 0; i < n; ++i) {
    const TraceEvent& e = events[i];
    if (const auto* st = std::get_if<StateEvent>(&e.body)) {
      if (st->to == TcpState::Closed) {
        live.erase(st->endpoint);
        continue;
      }
      Live& l = live[st->endpoint];
      l.row.host = st->host;
      l.row.endpoint = st->endpoint;
      l.row.state = st->to;
      l.row.local = to_string(st->tuple.local);
      l.row.peer = peer_text(st->tuple.remote);
      l.row.since_ns = to_ns(e.at);
    } else if (const auto* tm = std::get_if<TimerEvent>(&e.body)) {
      auto it = live.find(tm->endpoint);
      if (it == live.end()) continue;
      if (tm->action == TimerAction::Armed) {
        it->second.pending[tm->timer] = tm->deadline;
      } else {
        it->second.pending.erase(tm->timer);
      }
    }
  }
  const std::int64_t now = n == 0 ? 0 : to_ns(events[n - 1].at);
  std::vector<SocketRow> rows;
  rows.reserve(live.size());
  for (auto& [label, l] : live) {
    if (!l.pending.empty()) {
      auto soonest =
          std::min_element(l.pending.begin(), l.pending.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      l.row.timer = ss_timer_name(soonest->first) + ", " +
                    format_duration(Duration{to_ns(soonest->second) - now}) + " left";
    }
    rows.push_back(std::move(l.row));
  }
  std::sort(rows.begin(), rows.end(), [](const SocketRow& a, const SocketRow& b) {
    return a.host != b.host ? a.host < b.host : a.endpoint < b.endpoint;
  });
  return rows;
}

}  // namespace tcplab::gui
