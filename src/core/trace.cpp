#include "core/trace.h"

#include <stdexcept>

namespace tcplab {

std::string_view to_string(SegmentFate fate) {
  return fate == SegmentFate::Delivered ? "delivered" : "dropped";
}

namespace {
constexpr std::pair<TimerKind, std::string_view> kTimerNames[] = {
    {TimerKind::Retransmit, "retransmit"}, {TimerKind::DelayedAck, "delayed-ack"},
    {TimerKind::TimeWait, "time-wait"},    {TimerKind::FinWait2, "fin-wait-2"},
    {TimerKind::Linger, "linger"},
};
constexpr std::pair<TimerAction, std::string_view> kTimerActions[] = {
    {TimerAction::Armed, "armed"},
    {TimerAction::Fired, "fired"},
    {TimerAction::Cancelled, "cancelled"}};
constexpr std::pair<Isolation, std::string_view> kIsolations[] = {
    {Isolation::None, "none"},
    {Isolation::PrivateNamespace, "private-namespace"},
    {Isolation::HostLoopback, "host-loopback"}};
}  // namespace

std::string_view to_string(TimerKind kind) {
  for (auto [k, name] : kTimerNames)
    if (k == kind) return name;
  return "?";
}
std::string_view to_string(TimerAction action) {
  for (auto [a, name] : kTimerActions)
    if (a == action) return name;
  return "?";
}
std::optional<TimerKind> parse_timer_kind(std::string_view text) {
  for (auto [k, name] : kTimerNames)
    if (name == text) return k;
  return std::nullopt;
}
std::optional<TimerAction> parse_timer_action(std::string_view text) {
  for (auto [a, name] : kTimerActions)
    if (name == text) return a;
  return std::nullopt;
}

std::string_view to_string(Isolation isolation) {
  for (auto [i, name] : kIsolations)
    if (i == isolation) return name;
  return "?";
}
std::optional<Isolation> parse_isolation(std::string_view text) {
  for (auto [i, name] : kIsolations)
    if (name == text) return i;
  return std::nullopt;
}

void Trace::add(Instant at, EventBody body) {
  if (!events_.empty() && at < events_.back().at) {
    throw std::logic_error("trace: event added before the previous one (time went backwards)");
  }
  if (std::holds_alternative<SegmentEvent>(body)) {
    add_segment(at, std::move(std::get<SegmentEvent>(body)));
    return;
  }
  events_.push_back({at, std::move(body)});
}

std::uint64_t Trace::add_segment(Instant at, SegmentEvent event) {
  if (!events_.empty() && at < events_.back().at) {
    throw std::logic_error("trace: segment added before the previous event (time went backwards)");
  }
  const Segment& seg = event.segment;
  const auto forward = std::make_pair(seg.src, seg.dst);
  const auto backward = std::make_pair(seg.dst, seg.src);
  // A SYN starts a new incarnation for its direction; otherwise the first segment seen sets it.
  if (seg.flags.syn() || !isn_.contains(forward)) isn_[forward] = seg.seq;
  event.rel_seq = static_cast<std::uint32_t>(seg.seq.raw() - isn_[forward].raw());
  if (seg.flags.ack()) {
    auto it = isn_.find(backward);
    event.rel_ack = it != isn_.end() ? static_cast<std::uint32_t>(seg.ack.raw() - it->second.raw())
                                     : seg.ack.raw();
  } else {
    event.rel_ack = 0;
  }
  event.id = segment_index_.size() + 1;
  segment_index_.push_back(events_.size());
  const std::uint64_t id = event.id;
  events_.push_back({at, std::move(event)});
  return id;
}

SegmentEvent* Trace::segment_by_id(std::uint64_t id) {
  if (id == 0 || id > segment_index_.size()) return nullptr;
  return &std::get<SegmentEvent>(events_[segment_index_[id - 1]].body);
}
const SegmentEvent* Trace::segment_by_id(std::uint64_t id) const {
  if (id == 0 || id > segment_index_.size()) return nullptr;
  return &std::get<SegmentEvent>(events_[segment_index_[id - 1]].body);
}

}  // namespace tcplab
