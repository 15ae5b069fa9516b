#pragma once
// The lesson's link latency, and delay, duplicate and reorder faults, without netem: every TCP packet that reaches the
// namespace's input hook is queued (NFQUEUE, through nft_compat's xt target: this kernel has no
// nft `queue` statement) to a thread of the sandboxed child, which matches the lesson's faults
// exactly as the model does (core/network.cpp Network::decide) and gives each packet its verdict:
// accept now, drop, or hold and accept later (after the link's latency, plus a fault's delay). A duplicate's copy is sent again later through a
// raw socket, marked so that the queue rule lets it through. The capture on lo has seen each
// packet before the input hook, so the trace keeps its send instant and the verdict's instant
// becomes its arrival.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/message.h"
#include "core/network.h"
#include "core/trace.h"
#include "real/run_record.h"
#include "scenario/scenario.h"

namespace tcplab::real {

// Whether `faults` need the queue (delay, duplicate or reorder). Drops alone stay nftables rules.
bool needs_nfqueue(const std::vector<FaultSpec>& faults);

// What the engine did with one packet (monotonic ns, relative to the run's origin at the end).
struct QueuedFate {
  Segment segment;
  std::int64_t queued_ns = 0;   // read from the queue (the capture saw it just before)
  std::int64_t verdict_ns = 0;  // accepted (arrival) or dropped
  bool dropped = false;
  bool copy = false;  // a duplicate's copy, sent through the raw socket at verdict_ns
  // Still held when the run ended: never delivered (the queue dropped it); verdict_ns is when it
  // was due, as the model records a segment in flight at the end.
  bool cut = false;
  std::optional<WireFault> fault;
  std::size_t original = 0;  // a copy: the index of its original's fate
};

struct NfqueueAvailability {
  bool known = false;  // false: the probe could not run (no namespace here)
  bool available = false;
  std::string detail;  // why not
};
// Whether a namespace of this kernel can queue packets to its own thread (probed once, cached).
const NfqueueAvailability& nfqueue_availability();

// libnetfilter_queue's callback (void* for its types, which only the .cpp includes).
int nfqueue_callback_trampoline(void* queue, void* message, void* packet, void* self);

class NfqueueFaults {
 public:
  // `latency`: every accepted segment is held that long before its fault's extra delay (the
  // lesson's link, one way, as the model's Network adds it); 0 for loopback's instant delivery.
  NfqueueFaults(const Scenario& scenario, std::vector<FaultSpec> faults,
                Duration latency = Duration{0});
  ~NfqueueFaults();
  NfqueueFaults(const NfqueueFaults&) = delete;
  NfqueueFaults& operator=(const NfqueueFaults&) = delete;

  // Loads the queue rule in this namespace, binds the queue and starts the thread. "" or why not.
  std::string start();
  // Stops the thread: packets still held are dropped (their fate is `cut`). Returns every fate,
  // in the order the verdicts were given, with times made relative to `origin_ns`.
  std::vector<QueuedFate> stop(std::int64_t origin_ns);

 private:
  struct Held {
    std::uint32_t packet_id = 0;  // the queue's id; 0 for a copy to send
    std::int64_t due_ns = 0;
    std::size_t fate = 0;  // index in fates_
    std::string bytes;     // a copy's IP packet
  };
  void loop();
  void on_packet(std::uint32_t packet_id, const unsigned char* data, std::size_t size);
  void release_due(std::int64_t now_ns, bool run_ended);
  void send_copy(const Held& held);
  friend int nfqueue_callback_trampoline(void*, void*, void*, void*);

  const Scenario& scenario_;
  Duration latency_;
  Network network_;  // the model's fault decisions, counted as the model counts them
  std::vector<std::pair<std::pair<SocketAddress, SocketAddress>, SeqNum>> isn_;
  std::uint64_t segments_ = 0;  // the trace's segment ids (a copy takes the next one)
  std::vector<QueuedFate> fates_;
  std::vector<Held> held_;
  void* handle_ = nullptr;  // nfq_handle
  void* queue_ = nullptr;   // nfq_q_handle
  int raw_fd_ = -1;
  int wake_[2] = {-1, -1};
  std::string error_;
  std::thread thread_;
};

// Puts the engine's fates on the captured packets: a held packet's arrival, a dropped one, and a
// duplicate's copy (captured when it was sent again) moved to its original's send instant with
// its own arrival. Returns warnings for fates no captured packet matched.
std::vector<Message> apply_queued_fates(std::vector<CapturedPacket>& packets,
                                            const std::vector<QueuedFate>& fates);

}  // namespace tcplab::real
