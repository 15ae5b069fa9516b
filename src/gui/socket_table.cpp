#include "gui/socket_table.h"

#include <optional>

#include "present/time_text.h"
#include "present/timer_label.h"
#include "present/translate.h"

namespace tcplab::gui {

namespace {
std::string peer_text(SocketAddress a) {
  if (a.ip.is_any() && a.port == 0) return "0.0.0.0:*";
  return to_string(a);
}

// The most urgent pending timer, as `ss -o` shows it: "timewait, 42 s left".
std::string timer_text(const present::SocketState& s, Instant now) {
  std::optional<std::size_t> soonest;
  for (std::size_t k = 0; k < s.timers.size(); ++k) {
    if (s.timers[k] && (!soonest || *s.timers[k] < *s.timers[*soonest])) soonest = k;
  }
  if (!soonest) return "";
  return present::fill(present::tr("{0}, {1} left"),
                       {present::ss_timer_name(static_cast<TimerKind>(*soonest)),
                        present::rounded_duration_text(*s.timers[*soonest] - now)});
}
}  // namespace

std::vector<SocketRow> sockets_at(const present::StateReplay& states) {
  std::vector<SocketRow> rows;
  rows.reserve(states.socket_count());
  for (const present::SocketState* s : states.sockets()) {
    rows.push_back({s->host, s->endpoint, s->state, to_string(s->tuple.local),
                    peer_text(s->tuple.remote), timer_text(*s, states.now()), to_ns(s->since)});
  }
  return rows;
}

std::vector<SocketRow> sockets_at(const Trace& trace, std::size_t step) {
  present::StateReplay states(trace);
  states.seek(step);
  return sockets_at(states);
}

}  // namespace tcplab::gui
