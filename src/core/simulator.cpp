#include "core/simulator.h"

#include <stdexcept>

namespace tcplab {

Simulator::Simulator(Profile profile, std::uint64_t seed)
    : profile_(std::move(profile)), isn_(seed * 0x9E3779B97F4A7C15ull + 1), network_(seed) {
  trace_.backend = "model";
  trace_.profile = profile_.name;
}

Host& Simulator::add_host(const std::string& name, Ipv4 address) {
  if (host(name)) throw std::invalid_argument("host '" + name + "' exists already");
  if (host_at(address)) {
    throw std::invalid_argument("address " + to_string(address) + " belongs to another host");
  }
  hosts_.push_back(std::make_unique<Host>(name, address, profile_, isn_, *this));
  wake_at_.emplace_back();
  touched_.push_back(true);
  trace_.hosts.push_back(name);
  return *hosts_.back();
}

void Simulator::add_external_peer(const std::string& name, Ipv4 address, PeerSink sink) {
  if (host(name)) throw std::invalid_argument("host '" + name + "' exists already");
  if (host_at(address)) {
    throw std::invalid_argument("address " + to_string(address) + " belongs to another host");
  }
  peers_.push_back({name, address, std::move(sink)});
  trace_.hosts.push_back(name);
}

Host* Simulator::host(std::string_view name) {
  for (auto& h : hosts_)
    if (h->name() == name) return h.get();
  return nullptr;
}

Host* Simulator::host_at(Ipv4 address) {
  for (auto& h : hosts_)
    if (h->address() == address) return h.get();
  return nullptr;
}

std::uint32_t Simulator::index_of(const Host& host) const {
  for (std::uint32_t i = 0; i < hosts_.size(); ++i)
    if (hosts_[i].get() == &host) return i;
  throw std::logic_error("host not in this simulator");
}

void Simulator::push(Instant at, EventKind kind, std::uint32_t index) {
  if (at < now_) throw std::logic_error("simulator: event scheduled in the past");
  queue_.push({at, next_sequence_++, kind, index});
}

void Simulator::schedule(Instant when, std::function<void()> action) {
  push(std::max(when, now_), EventKind::Action, actions_.put(std::move(action)));
}

void Simulator::host_changed(Host& host) { reschedule_wake(index_of(host)); }

void Simulator::reschedule_wake(std::uint32_t i) {
  const auto deadline = hosts_[i]->next_deadline();
  if (!deadline) return;
  if (wake_at_[i] && *wake_at_[i] <= *deadline) return;  // an earlier wake is queued already
  wake_at_[i] = std::max(*deadline, now_);
  push(*wake_at_[i], EventKind::HostWake, i);
}

std::uint64_t Simulator::transmit(Instant now, Name from_host, const Segment& segment,
                                  Name endpoint, bool retransmission) {
  Host* receiver = host_at(segment.dst.ip);
  const ExternalPeer* outside = nullptr;
  for (const ExternalPeer& p : peers_)
    if (!receiver && p.address == segment.dst.ip) outside = &p;
  static const Name kNowhere("?");
  const Name to = receiver ? receiver->name_handle() : outside ? outside->name : kNowhere;

  std::uint64_t id = ++segments_sent_;
  std::uint32_t rel_seq = 0;
  if (recording()) {
    SegmentEvent event;
    event.segment = segment;
    event.from = from_host;
    event.to = to;
    event.endpoint = endpoint;
    event.retransmission = retransmission;
    event.arrives_at = now + network_.latency();
    id = trace_.add_segment(now, std::move(event));
    rel_seq = trace_.segment_by_id(id)->rel_seq;
  }
  WireFate fate;
  if (network_.has_faults()) {
    fate = network_.decide({id, &segment, &from_host.str(), &to.str(), rel_seq});
  }
  SegmentEvent* recorded = recording() ? trace_.segment_by_id(id) : nullptr;
  if (!receiver && !outside) {
    fate.dropped = true;
    fate.fault = WireFault{WireAction::NoRoute, {}};
  }
  if (fate.dropped) {
    if (recorded) {
      recorded->fate = SegmentFate::Dropped;
      recorded->fault = std::move(fate.fault);
      recorded->reason = reason_text(*recorded);
      recorded->arrives_at = now + network_.latency() / 2;  // lost on the way
    }
    return id;
  }
  const Instant arrival = now + network_.latency() + fate.extra_delay;
  if (recorded) {
    recorded->arrives_at = arrival;
    recorded->fault = fate.fault;
    recorded->reason = reason_text(*recorded);
  }
  if (outside) {
    // Handed over on arrival, as a delivery would be.
    const std::size_t peer = static_cast<std::size_t>(outside - peers_.data());
    push(arrival, EventKind::Action, actions_.put([this, peer, segment, id] {
      peers_[peer].sink(now_, segment, id);
    }));
    return id;
  }
  const std::uint32_t to_index = index_of(*receiver);
  push(arrival, EventKind::Deliver, deliveries_.put({segment, id, to_index}));
  if (fate.duplicated) {
    std::uint64_t copy_id = ++segments_sent_;
    if (recording()) {
      SegmentEvent copy;
      copy.segment = segment;
      copy.from = from_host;
      copy.to = to;
      copy.endpoint = endpoint;
      copy.retransmission = retransmission;
      copy.arrives_at = arrival + fate.duplicate_delay;
      copy.fault = WireFault{WireAction::DuplicateCopy, fate.fault ? fate.fault->fault : Text{}};
      copy.reason = reason_text(copy);
      copy_id = trace_.add_segment(now, std::move(copy));
    }
    push(arrival + fate.duplicate_delay, EventKind::Deliver,
         deliveries_.put({segment, copy_id, to_index}));
  }
  return id;
}

std::uint64_t Simulator::inject(Instant now, Name from_host, const Segment& segment,
                                Text words) {
  const std::uint64_t id = transmit(now, from_host, segment, Name{}, false);
  SegmentEvent* recorded = recording() ? trace_.segment_by_id(id) : nullptr;
  // A drop (or no route) says what became of it; otherwise the trace says where it came from.
  if (recorded && recorded->fate == SegmentFate::Delivered) {
    recorded->fault = WireFault{WireAction::Injected, std::move(words)};
    recorded->reason = reason_text(*recorded);
  }
  return id;
}

void Simulator::record(Instant now, EventBody event) {
  if (!recording()) return;
  trace_.add(now, std::move(event));
}

void Simulator::annotate_segment(std::uint64_t id, ReceiverVerdict verdict) {
  if (!recording()) return;
  SegmentEvent* e = trace_.segment_by_id(id);
  if (!e || verdict.what == VerdictCode::None) return;
  if (e->verdict.verdict != Verdict::None) e->earlier_verdict = std::move(e->verdict);
  e->verdict = verdict;
}

void Simulator::note(std::string text, std::string host) {
  record(now_, NoteEvent{std::move(host), std::move(text), {}, {}});
}

void Simulator::note_call(std::string host, std::string call, CallNote why) {
  record(now_, NoteEvent{std::move(host), {}, std::move(call), std::move(why)});
}

RunStatus Simulator::run(const RunLimits& limits) {
  limits_ = limits;
  const Instant end = kTimeZero + limits.time_limit;
  stop_requested_ = false;
  while (!queue_.empty()) {
    if (stop_requested_) return RunStatus::Stopped;
    const Event ev = queue_.top();
    if (ev.at > end) return RunStatus::TimeLimit;
    if (events_run_ >= limits.event_limit) return RunStatus::EventLimit;
    if (trace_full()) return RunStatus::TraceLimit;
    queue_.pop();
    now_ = ev.at;  // never backwards: push() refuses the past
    ++events_run_;
    switch (ev.kind) {
      case EventKind::Deliver: {
        const Delivery d = deliveries_.take(ev.index);
        hosts_[d.host]->receive(now_, d.segment, d.segment_id);
        activity_ = true;
        touched_[d.host] = true;
        reschedule_wake(d.host);
        break;
      }
      case EventKind::HostWake: {
        if (wake_at_[ev.index] == ev.at) wake_at_[ev.index].reset();
        hosts_[ev.index]->on_timers(now_);
        activity_ = true;
        touched_[ev.index] = true;
        reschedule_wake(ev.index);
        break;
      }
      case EventKind::Action: {
        const std::function<void()> action = actions_.take(ev.index);
        action();
        activity_ = true;
        std::fill(touched_.begin(), touched_.end(), true);
        for (std::uint32_t i = 0; i < hosts_.size(); ++i) reschedule_wake(i);
        break;
      }
    }
    // Applications react once the kernel has done everything due at this instant: two segments
    // arriving together are both processed before the woken program runs (softirq first).
    const bool kernel_work_now =
        !queue_.empty() && queue_.top().at == now_ && queue_.top().kind != EventKind::Action;
    if (after_event_ && !kernel_work_now) after_event_();
  }
  return RunStatus::Idle;
}

}  // namespace tcplab
