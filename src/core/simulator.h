#pragma once
// The discrete-event simulator: hosts on a network, a virtual clock, and the trace they write.
// Events run in (time, sequence) order, so events at the same instant run in the order they
// were scheduled (as in ns-3); time never goes backwards; same inputs and seed, same trace.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "core/fault.h"
#include "core/host.h"
#include "core/isn.h"
#include "core/network.h"
#include "core/profile.h"
#include "core/slot_pool.h"
#include "core/trace.h"

namespace tcplab {

struct RunLimits {
  Duration time_limit = std::chrono::hours(1);  // virtual time
  std::uint64_t event_limit = 10'000'000;       // simulator events: deliveries, wakes, actions
  // Events in the trace (its memory): the run stops once it holds this many (none unless set).
  std::uint64_t trace_event_limit = std::numeric_limits<std::uint64_t>::max();
};

enum class RunStatus { Idle, TimeLimit, EventLimit, TraceLimit, Stopped };

// Receives what the simulated hosts send to a peer outside the simulation, when it arrives.
using PeerSink = std::function<void(Instant arrival, const Segment& segment, std::uint64_t id)>;

class Simulator final : public HostEnvironment {
 public:
  Simulator(Profile profile, std::uint64_t seed);
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  Host& add_host(const std::string& name, Ipv4 address);
  // A peer that is not a simulated host (a packetdrill script playing the remote end): segments
  // sent to `address` go to `sink` when they arrive; it sends its own with transmit() under
  // `name`. It gets a lane in the trace like a host.
  void add_external_peer(const std::string& name, Ipv4 address, PeerSink sink);
  Host* host(std::string_view name);
  Host* host_at(Ipv4 address);
  const std::vector<std::unique_ptr<Host>>& hosts() const { return hosts_; }
  const Profile& profile() const { return profile_; }

  Network& network() { return network_; }
  // With recording off (benchmarks), nothing is written to the trace.
  void set_recording(bool on) { recording_ = on; }

  // Schedules `action` (an application's next step) at `when` (not before now).
  void schedule(Instant when, std::function<void()> action);
  // Called after events, e.g. to retry blocked socket calls: once all deliveries and timers due
  // at the current instant have run.
  void set_after_event(std::function<void()> hook) { after_event_ = std::move(hook); }
  // Whether anything happened since the last call, and to which hosts: only a touched host's
  // blocked calls can have completed.
  bool take_activity() {
    const bool any = activity_;
    activity_ = false;
    return any;
  }
  bool touched(const Host& host) const { return touched_[index_of(host)]; }
  void clear_touched() { std::fill(touched_.begin(), touched_.end(), false); }

  Instant now() const { return now_; }
  RunStatus run(const RunLimits& limits);
  // Makes run() return (RunStatus::Stopped) once the current event is done: an external peer
  // that has nothing more to say ends the run there, timers still pending.
  void stop() { stop_requested_ = true; }
  // Whether the trace holds as many events as the running limits allow: applications check it
  // between calls, since a program's steps may run many calls within one simulator event.
  bool trace_full() const { return recording() && trace_.size() >= limits_.trace_event_limit; }
  std::uint64_t events_run() const { return events_run_; }
  // Re-evaluates host timers after an application call changed them.
  void host_changed(Host& host);

  void note(std::string text, std::string host = {});
  // Why `host`'s call `call` ("bind") did what it did, as data (core/call_why.h).
  void note_call(std::string host, std::string call, CallNote why);

  // HostEnvironment: what hosts do to the world.
  std::uint64_t transmit(Instant now, Name from_host, const Segment& segment, Name endpoint,
                         bool retransmission) override;
  // A segment no socket sent, written onto the wire by a lesson ([[injections]]): it travels and
  // is received as any segment from `from_host`; the trace marks it injected, with `words`.
  std::uint64_t inject(Instant now, Name from_host, const Segment& segment, Text words);
  void record(Instant now, EventBody event) override;
  void annotate_segment(std::uint64_t id, ReceiverVerdict verdict) override;
  bool recording() const override { return recording_ || network_.has_faults(); }
  Trace& trace() { return trace_; }
  Trace take_trace() { return std::move(trace_); }

 private:
  enum class EventKind { Deliver, HostWake, Action };
  struct Event {
    Instant at;
    std::uint64_t sequence = 0;
    EventKind kind = EventKind::Deliver;
    std::uint32_t index = 0;  // into deliveries_, hosts_ or actions_
    bool operator>(const Event& o) const { return at != o.at ? at > o.at : sequence > o.sequence; }
  };
  struct Delivery {
    Segment segment;
    std::uint64_t segment_id = 0;
    std::uint32_t host = 0;
  };

  void push(Instant at, EventKind kind, std::uint32_t index);
  void reschedule_wake(std::uint32_t host_index);
  std::uint32_t index_of(const Host& host) const;

  Profile profile_;
  IsnGenerator isn_;
  Network network_;
  Trace trace_;
  bool recording_ = true;
  std::vector<std::unique_ptr<Host>> hosts_;
  struct ExternalPeer {
    Name name;
    Ipv4 address;
    PeerSink sink;
  };
  std::vector<ExternalPeer> peers_;
  bool stop_requested_ = false;
  std::vector<std::optional<Instant>> wake_at_;  // per host: the earliest wake in the queue
  std::vector<bool> touched_;                    // per host: an event reached it

  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
  std::uint64_t next_sequence_ = 0;
  SlotPool<Delivery> deliveries_;
  SlotPool<std::function<void()>> actions_;
  std::function<void()> after_event_;
  bool activity_ = false;

  Instant now_{};
  RunLimits limits_;  // those of the run in progress
  std::uint64_t events_run_ = 0;
  std::uint64_t segments_sent_ = 0;
};

}  // namespace tcplab
