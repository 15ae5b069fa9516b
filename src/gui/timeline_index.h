#pragma once
// The timeline's index of a Trace, built once per trace: hosts and their socket sub-lanes, state
// bands, timer spans, socket calls and segments, each sorted by time so a frame can find what is
// visible with lower_bound instead of walking the whole trace.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/trace.h"
#include "gui/time_fold.h"
#include "present/timer_label.h"

namespace tcplab::gui {

// At most this many sockets of one host get their own sub-lane at the same time; more (the
// port-exhaustion lesson has thousands) are left to the sockets-per-state chart.
inline constexpr int kMaxSlotsPerHost = 4;

struct StateBand {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  TcpState state = TcpState::Closed;
  std::uint32_t socket = 0;      // index into TimelineIndex::sockets
  bool first_of_socket = false;  // the socket's first band: its label is written there
  std::size_t start_event = 0;   // the trace event that entered the state
};

struct TimerSpan {
  std::int64_t start_ns = 0;  // armed
  std::int64_t end_ns = 0;    // fired, cancelled, re-armed, or the deadline if the trace ends first
  std::int64_t deadline_ns = 0;
  TimerKind kind = TimerKind::Retransmit;
  present::TimerEnding ending = present::TimerEnding::Pending;
  int attempt = 0;
  std::uint32_t socket = 0;
  std::size_t start_event = 0;  // the trace event that armed it
};

struct SocketLane {
  std::string label;  // "client#1"
  int host = 0;
  int slot = -1;  // sub-lane, -1 if the host had too many sockets at once
  std::int64_t first_ns = 0;
  std::int64_t last_ns = 0;
};

struct CallMark {
  std::int64_t at_ns = 0;
  std::string label;  // "bind() = -1 EADDRINUSE"
  bool failed = false;
  std::size_t event_index = 0;
};

struct SlotLane {
  std::vector<StateBand> bands;                    // sorted, disjoint
  std::vector<TimerSpan> timers[kTimerKindCount];  // per TimerKind, each sorted and disjoint
  bool listen_only = true;                         // every band is LISTEN: drawn as a narrow lane
};

struct HostLane {
  std::string name;
  std::vector<SlotLane> slots;
  std::vector<CallMark> calls;  // sorted by time
  std::size_t overflow_sockets = 0;
};

// Segments as parallel arrays (sorted by send time) so culling touches only what it needs.
struct SegmentColumn {
  std::vector<std::int64_t> sent_ns;
  std::vector<std::int64_t> arrives_ns;
  std::vector<std::uint16_t> from_host;
  std::vector<std::uint16_t> to_host;
  std::vector<const SegmentEvent*> event;
  std::vector<std::size_t> event_index;  // its place in the trace's events
  std::size_t size() const { return sent_ns.size(); }
};

class TimelineIndex {
 public:
  TimelineIndex() = default;
  // The trace must outlive the index (segments are referenced, not copied).
  TimelineIndex(const Trace& trace, const FoldPolicy& policy);

  const Trace* trace() const { return trace_; }
  const std::vector<HostLane>& hosts() const { return hosts_; }
  const std::vector<SocketLane>& sockets() const { return sockets_; }
  const SegmentColumn& segments() const { return segments_; }
  const TimeFold& fold() const { return fold_; }
  std::int64_t max_latency_ns() const { return max_latency_ns_; }
  // The rows the segments need: their distinct send instants (the trace is in time order).
  std::size_t segment_rows() const { return segment_rows_; }
  std::int64_t begin_ns() const { return begin_ns_; }
  std::int64_t end_ns() const {
    return end_ns_;
  }  // last activity (an arrival may follow the last event)
  int host_index(const std::string& name) const;
  // Two ladders drawn on one time axis (side by side) fold idle time the same way: both take
  // the fold of their merged trace.
  void set_fold(TimeFold fold) { fold_ = std::move(fold); }

 private:
  const Trace* trace_ = nullptr;
  std::vector<HostLane> hosts_;
  std::vector<SocketLane> sockets_;
  SegmentColumn segments_;
  TimeFold fold_;
  std::int64_t max_latency_ns_ = 0;
  std::size_t segment_rows_ = 0;
  std::int64_t begin_ns_ = 0;
  std::int64_t end_ns_ = 0;
};

// How a trace's time is folded for drawing: idle stretches squeezed; and, for what the kernel
// or a capture recorded (loopback delivers in microseconds), bursts spread to a readable step.
inline constexpr Duration kLoopbackStep = std::chrono::milliseconds(4);
FoldPolicy fold_policy_for(const Trace& trace);

// The flights of segments that cross another in the trace: sent at the same instant as a segment
// the other way between the same two hosts (simultaneous close's FINs, and their ACKs). The fold
// gives each room (FoldPolicy::crossing_flight) so they are drawn as the X they are.
std::vector<RealSpan> crossing_flights(const Trace& trace);

}  // namespace tcplab::gui

namespace tcplab::gui {

// States whose bands, summed over every sub-lane, cover at least `min_share` of the trace's
// folded length: the ones a fitted picture of the trace shows as clear blocks of colour.
std::vector<TcpState> prominent_states(const TimelineIndex& index, double min_share);

}  // namespace tcplab::gui
