#include "scenario/state_counts.h"

#include <cstdio>

#include "present/state_replay.h"

namespace tcplab {

std::string state_counts_csv(const Trace& trace) {
  std::string out = "t_s,host";
  for (TcpState s : kAllTcpStates) {
    if (s != TcpState::Closed) out += "," + std::string(netstat_name(s));
  }
  out += "\n";
  present::StateReplay replay(trace);
  for (const TraceEvent& event : trace.events()) {
    replay.advance();
    const auto* change = get_if<StateEvent>(&event.body);
    if (!change || change->from == change->to) continue;
    const present::StateCounts counts = replay.counts_on(change->host);
    char time[32];
    std::snprintf(time, sizeof time, "%.6f", static_cast<double>(to_ns(event.at)) / 1e9);
    out += std::string(time) + "," + change->host;
    for (TcpState s : kAllTcpStates) {
      if (s != TcpState::Closed) out += "," + std::to_string(counts[static_cast<std::size_t>(s)]);
    }
    out += "\n";
  }
  return out;
}

}  // namespace tcplab
