#include "present/state_replay.h"

#include <algorithm>

namespace tcplab::present {

StateReplay::StateReplay(const Trace& trace) : trace_(&trace) {}

void StateReplay::count(const std::string& host, TcpState state, std::int32_t delta) {
  if (state == TcpState::Closed) return;
  const auto k = static_cast<std::size_t>(state);
  counts_[k] += delta;
  host_counts_[host][k] += delta;
}

void StateReplay::apply(const TraceEvent& event) {
  now_ = event.at;
  if (const auto* st = get_if<StateEvent>(&event.body)) {
    last_change_ = st;
    // A new socket's first change may name its listener's state as `from` (a connection born
    // in LISTEN): what was counted is what this socket was, never `from`.
    auto it = live_.find(st->endpoint);
    if (it != live_.end()) {
      count(it->second.host, it->second.state, -1);
      if (st->to == TcpState::Closed) {
        live_.erase(it);
        return;
      }
    } else {
      if (st->to == TcpState::Closed) return;
      it = live_.emplace(st->endpoint, SocketState{}).first;
      it->second.endpoint = st->endpoint;
    }
    SocketState& s = it->second;
    if (s.state != st->to || s.host != st->host) s.since = event.at;
    s.host = st->host;
    s.state = st->to;
    s.tuple = st->tuple;
    count(s.host, s.state, +1);
  } else if (const auto* tm = get_if<TimerEvent>(&event.body)) {
    auto it = live_.find(tm->endpoint);
    if (it == live_.end()) return;  // a timer of a socket that is gone (or not yet born)
    auto& pending = it->second.timers[static_cast<std::size_t>(tm->timer)];
    if (tm->action == TimerAction::Armed) {
      pending = tm->deadline;
    } else {
      pending.reset();
    }
  }
}

void StateReplay::advance() {
  if (!trace_ || step_ >= trace_->size()) return;
  apply(trace_->events()[step_]);
  ++step_;
}

void StateReplay::seek(std::size_t step) {
  step = std::min(step, last_step());
  if (step < step_) {
    step_ = 0;
    now_ = kTimeZero;
    live_.clear();
    counts_ = {};
    host_counts_.clear();
    last_change_ = nullptr;
  }
  while (step_ < step) advance();
}

const SocketState* StateReplay::socket(std::string_view endpoint) const {
  auto it = live_.find(std::string(endpoint));
  return it == live_.end() ? nullptr : &it->second;
}

std::vector<const SocketState*> StateReplay::sockets() const {
  std::vector<const SocketState*> out;
  out.reserve(live_.size());
  for (const auto& [label, s] : live_) out.push_back(&s);
  std::sort(out.begin(), out.end(), [](const SocketState* a, const SocketState* b) {
    return a->host != b->host ? a->host < b->host : a->endpoint < b->endpoint;
  });
  return out;
}

StateCounts StateReplay::counts_on(const std::string& host) const {
  auto it = host_counts_.find(host);
  return it == host_counts_.end() ? StateCounts{} : it->second;
}

}  // namespace tcplab::present
