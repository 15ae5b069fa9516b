#include "core/trace.h"

#include <stdexcept>

// Marks the network's default words for the catalog (po/extract.sh); the views translate them.
#define N_(msgid) msgid

namespace tcplab {

std::string_view to_string(SegmentFate fate) {
  return fate == SegmentFate::Delivered ? "delivered" : "dropped";
}

namespace {
constexpr std::pair<TimerKind, std::string_view> kTimerNames[] = {
    {TimerKind::Retransmit, "retransmit"}, {TimerKind::DelayedAck, "delayed-ack"},
    {TimerKind::TimeWait, "time-wait"},    {TimerKind::FinWait2, "fin-wait-2"},
    {TimerKind::Linger, "linger"},         {TimerKind::Persist, "persist"},
    {TimerKind::LossProbe, "loss-probe"},
    {TimerKind::Keepalive, "keepalive"},
};
constexpr std::pair<TimerAction, std::string_view> kTimerActions[] = {
    {TimerAction::Armed, "armed"},
    {TimerAction::Fired, "fired"},
    {TimerAction::Cancelled, "cancelled"}};
constexpr std::pair<Isolation, std::string_view> kIsolations[] = {
    {Isolation::None, "none"},
    {Isolation::PrivateNamespace, "private-namespace"},
    {Isolation::HostLoopback, "host-loopback"}};
constexpr std::pair<WireAction, std::string_view> kWireActions[] = {
    {WireAction::Dropped, "dropped"},       {WireAction::LostAtRandom, "lost-at-random"},
    {WireAction::Delayed, "delayed"},       {WireAction::Reordered, "reordered"},
    {WireAction::Duplicated, "duplicated"}, {WireAction::DuplicateCopy, "duplicate-copy"},
    {WireAction::NoRoute, "no-route"},     {WireAction::Injected, "injected"}};
constexpr std::pair<Verdict, std::string_view> kVerdicts[] = {
    {Verdict::None, "none"}, {Verdict::Accepted, "accepted"}, {Verdict::Rejected, "rejected"}};
struct RejectName {
  RejectCode code;
  std::string_view name;
  std::string_view rule;
};
constexpr RejectName kRejectCodes[] = {
    {RejectCode::None, "none", ""},
    {RejectCode::NoSocket, "no-socket", "RFC 9293 §3.10.7.1"},
    {RejectCode::ListenerRst, "listener-rst", "RFC 9293 §3.10.7.2"},
    {RejectCode::ListenerAck, "listener-ack", "RFC 9293 §3.10.7.2"},
    {RejectCode::ListenerNotSyn, "listener-not-syn", "RFC 9293 §3.10.7.2"},
    {RejectCode::ListenQueueFull, "listen-queue-full", "Linux tcp_conn_request"},
    {RejectCode::NotForThisState, "not-for-this-state", "RFC 9293 §3.10.7"},
    {RejectCode::SynSentUnacceptableAck, "syn-sent-unacceptable-ack", "RFC 9293 §3.10.7.3"},
    {RejectCode::SynSentRstWithoutAck, "syn-sent-rst-without-ack", "RFC 9293 §3.10.7.3"},
    {RejectCode::SynSentNoSynNoRst, "syn-sent-no-syn-no-rst", "RFC 9293 §3.10.7.3"},
    {RejectCode::OutsideWindow, "outside-window", "RFC 9293 §3.10.7.4"},
    {RejectCode::RstNotAtRcvNxt, "rst-not-at-rcv-nxt", "RFC 5961 §3.2"},
    {RejectCode::SynInWindow, "syn-in-window", "RFC 5961 §4.2"},
    {RejectCode::NoAckBit, "no-ack-bit", "RFC 9293 §3.10.7.4"},
    {RejectCode::SynReceivedBadAck, "syn-received-bad-ack", "RFC 9293 §3.10.7.4"},
    {RejectCode::AckOfUnsentData, "ack-of-unsent-data", "RFC 9293 §3.10.7.4"},
    {RejectCode::OutOfOrder, "out-of-order", "RFC 9293 §3.10.7.4"},
    {RejectCode::DataAfterFin, "data-after-fin", "RFC 9293 §3.10.7.4"},
    {RejectCode::TimeWaitRstIgnored, "time-wait-rst-ignored", "RFC 1337"},
    {RejectCode::TimeWaitOutsideWindow, "time-wait-outside-window",
     "Linux tcp_timewait_state_process"},
    {RejectCode::TimeWaitNoListener, "time-wait-no-listener", "Linux tcp_v4_rcv"},
    {RejectCode::TimeWaitPaws, "time-wait-paws", "RFC 7323 §5"},
    {RejectCode::Paws, "paws", "RFC 7323 §5"}};
}  // namespace

std::string_view to_string(WireAction action) {
  for (auto [a, name] : kWireActions)
    if (a == action) return name;
  return "?";
}
std::optional<WireAction> parse_wire_action(std::string_view text) {
  for (auto [a, name] : kWireActions)
    if (name == text) return a;
  return std::nullopt;
}
std::string_view to_string(Verdict verdict) {
  for (auto [v, name] : kVerdicts)
    if (v == verdict) return name;
  return "?";
}
std::optional<Verdict> parse_verdict(std::string_view text) {
  for (auto [v, name] : kVerdicts)
    if (name == text) return v;
  return std::nullopt;
}
std::string_view to_string(RejectCode code) {
  for (const RejectName& r : kRejectCodes)
    if (r.code == code) return r.name;
  return "?";
}
std::optional<RejectCode> parse_reject_code(std::string_view text) {
  for (const RejectName& r : kRejectCodes)
    if (r.name == text) return r.code;
  return std::nullopt;
}
std::string_view reject_rule(RejectCode code) {
  for (const RejectName& r : kRejectCodes)
    if (r.code == code) return r.rule;
  return "";
}

std::string_view default_fault_words(WireAction action) {
  switch (action) {
    case WireAction::NoRoute: return N_("no host has address {0}");
    case WireAction::Dropped: return N_("dropped by fault");
    case WireAction::LostAtRandom: return N_("lost at random");
    case WireAction::DuplicateCopy: return N_("duplicated by the network");
    case WireAction::Injected: return N_("injected by the lesson");
    case WireAction::Delayed:
    case WireAction::Reordered:
    case WireAction::Duplicated:
      return "";
  }
  return "";
}

std::string fault_text(const WireFault* fault, const Segment& segment) {
  if (!fault) return "";
  // A missing route is the network's fact, whatever a lesson says.
  if (fault->action != WireAction::NoRoute && !fault->fault.en.empty()) return fault->fault.en;
  std::string words(default_fault_words(fault->action));
  if (const auto at = words.find("{0}"); at != std::string::npos) {
    words.replace(at, 3, to_string(segment.dst.ip));
  }
  return words;
}

std::string reason_text(const SegmentEvent& event) {
  return fault_text(event.fault ? &*event.fault : nullptr, event.segment);
}

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
  events_.push_back(at, std::move(body));
}

std::uint64_t Trace::add_segment(Instant at, SegmentEvent event) {
  if (!events_.empty() && at < events_.back().at) {
    throw std::logic_error("trace: segment added before the previous event (time went backwards)");
  }
  const Segment& seg = event.segment;
  const auto forward = std::make_pair(seg.src, seg.dst);
  const auto backward = std::make_pair(seg.dst, seg.src);
  // A SYN starts a new incarnation for its direction; otherwise the first segment seen sets it.
  // One lookup per direction: with tens of thousands of connections the map's lookups were a
  // tenth of recording a segment.
  const auto isn = isn_.try_emplace(forward, seg.seq).first;
  if (seg.flags.syn()) isn->second = seg.seq;
  event.rel_seq = static_cast<std::uint32_t>(seg.seq.raw() - isn->second.raw());
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
  events_.emplace_back(at, std::move(event));
  return id;
}

SegmentEvent* Trace::segment_by_id(std::uint64_t id) {
  if (id == 0 || id > segment_index_.size()) return nullptr;
  return events_.mutable_body<SegmentEvent>(segment_index_[id - 1]);
}
const SegmentEvent* Trace::segment_by_id(std::uint64_t id) const {
  if (id == 0 || id > segment_index_.size()) return nullptr;
  return get_if<SegmentEvent>(&events_[segment_index_[id - 1]].body);
}

}  // namespace tcplab
