#include "scenario/state_counts.h"

#include <array>
#include <cstdio>
#include <map>

namespace tcplab {

std::string state_counts_csv(const Trace& trace) {
  std::string out = "t_s,host";
  for (TcpState s : kAllTcpStates) {
    if (s != TcpState::Closed) out += "," + std::string(netstat_name(s));
  }
  out += "\n";
  std::map<std::string, std::map<std::string, TcpState>> states;  // host -> endpoint -> state
  for (const TraceEvent& event : trace.events()) {
    const auto* change = std::get_if<StateEvent>(&event.body);
    if (!change || change->from == change->to) continue;
    auto& host = states[change->host];
    if (change->to == TcpState::Closed) host.erase(change->endpoint);
    else host[change->endpoint] = change->to;
    std::array<int, kAllTcpStates.size()> counts{};
    for (const auto& [endpoint, state] : host) ++counts[static_cast<std::size_t>(state)];
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
