#pragma once
// The Trace: the one contract between backends (model, kernel, capture) and every view.
// A time-ordered list of typed events. Views read traces; they never reach into a backend.
#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "core/call_why.h"
#include "core/compact_string.h"
#include "core/errno_code.h"
#include "core/heap_optional.h"
#include "core/message.h"
#include "core/name.h"
#include "core/segment.h"
#include "core/state_cause.h"
#include "core/tcp_state.h"
#include "core/text.h"
#include "core/time.h"
#include "core/verdict_code.h"

namespace tcplab {

enum class SegmentFate { Delivered, Dropped };

// Where a kernel run's sockets lived (real/sandbox.cpp run_sandboxed); None for model and capture.
enum class Isolation : std::uint8_t { None, PrivateNamespace, HostLoopback };

// What the wire did to a segment (Network::decide), apart from what the receiver made of it.
enum class WireAction : std::uint8_t {
  Dropped,        // a drop fault
  LostAtRandom,   // a random-loss fault
  Delayed,        // a delay fault
  Reordered,      // a reorder fault (held back)
  Duplicated,     // a duplicate fault: this is the original
  DuplicateCopy,  // a duplicate fault: this is the copy it made
  NoRoute,        // no host has the destination address (no fault: lost)
  Injected,       // no socket sent it: the lesson wrote it onto the wire ([[injections]])
};
struct WireFault {
  WireAction action = WireAction::Dropped;
  Text fault;  // the lesson's words for it ("drop the client's last ACK"), or none
};

// What the receiver made of a segment (core/verdict_code.h); the views word it from the fields.
struct ReceiverVerdict {
  Verdict verdict = Verdict::None;
  RejectCode code = RejectCode::None;  // Rejected only
  VerdictCode what = VerdictCode::None;  // the decision itself; None in a trace from elsewhere
  VerdictArgs args;                      // the numbers (and state) the decision's words need

  ReceiverVerdict() = default;
  // The one way a receiver states its decision: accepted/rejected and the reject code follow.
  explicit ReceiverVerdict(VerdictCode decision, VerdictArgs numbers = {})
      : verdict(verdict_of(decision)),
        code(reject_code_of(decision)),
        what(decision),
        args(numbers) {}
};

// One transmission of one segment, recorded when it is sent.
struct alignas(8) SegmentEvent {
  std::uint64_t id = 0;  // 1-based segment number in this trace ("drop segment 7")
  Segment segment;
  Name from;      // sending host
  Name to;        // receiving host
  Name endpoint;  // sending socket's label ("client#1"); empty for a bare RST from the host
  Instant arrives_at;    // delivered: arrival; dropped: the instant it was lost
  SegmentFate fate = SegmentFate::Delivered;
  bool retransmission = false;
  HeapOptional<WireFault> fault;  // the fault (or missing route) that acted on it, if any
  ReceiverVerdict verdict;        // filled in on arrival
  // A SYN reopening TIME-WAIT (TCP_TW_SYN): the record's verdict; `verdict` is the listener's.
  HeapOptional<ReceiverVerdict> earlier_verdict;
  // Words from elsewhere: the fault's English for the model (reason_text()); a kernel's or a
  // capture's own ("packet 17"). Views word typed fields themselves (present::segment_reason).
  CompactString reason;
  // Sequence numbers relative to each direction's ISN, as tcpdump and Wireshark show them.
  std::uint32_t rel_seq = 0;
  std::uint32_t rel_ack = 0;
};

// An endpoint moved from one state to another.
struct alignas(8) StateEvent {
  Name host;
  Name endpoint;  // socket label, e.g. "server#2"
  FourTuple tuple;       // local > remote at the time of the change
  TcpState from = TcpState::Closed;
  TcpState to = TcpState::Closed;
  StateCause cause = StateCause::Unspecified;  // rcv FIN, close(), the 2MSL timeout ...
  std::uint64_t segment_id = 0;  // the segment that caused it, 0 if none
  // CloseWithUnreadData: the unread bytes; RetransmissionLimit: the retries;
  // ZeroWindowProbeLimit, KeepaliveTimeout: the probes; UserTimeout: its milliseconds; else 0.
  std::uint32_t cause_count = 0;
  StateSource source = StateSource::Model;     // who saw it: the model, sock_diag, a capture
  Uncertainty uncertainty = Uncertainty::None;  // a capture's inference may be wrong, and why
};

// Persist: the zero-window probe timer (RFC 9293 §3.8.6.1, Linux ICSK_TIME_PROBE0).
// LossProbe: the tail loss probe timer (RFC 8985 §7.2, Linux ICSK_TIME_LOSS_PROBE).
// Keepalive: SO_KEEPALIVE's idle timer (RFC 1122 §4.2.3.6, Linux tcp_keepalive_timer).
enum class TimerKind {
  Retransmit,
  DelayedAck,
  TimeWait,
  FinWait2,
  Linger,
  Persist,
  LossProbe,
  Keepalive,
};
inline constexpr std::size_t kTimerKindCount = static_cast<std::size_t>(TimerKind::Keepalive) + 1;
enum class TimerAction { Armed, Fired, Cancelled };

struct alignas(8) TimerEvent {
  Name host;
  Name endpoint;
  TimerKind timer = TimerKind::Retransmit;
  TimerAction action = TimerAction::Armed;
  Instant deadline;
  int attempt = 0;  // retransmit: how many times it has already fired (backoff exponent)
};

// A socket call an application made, recorded when it returns.
struct alignas(8) CallEvent {
  Name host;
  Name step;  // the scenario step that made the call ("server.bind"), if any
  Name call;  // "bind", "connect", "recv" ...
  Name args;  // "127.0.0.2:5555", "SO_LINGER {1, 0}" (a lesson's few, interned)
  int fd = -1;              // the socket the call was made on (socket()/accept(): the new fd)
  std::int64_t result = 0;  // the return value (-1 on error)
  Errno error = Errno::None;
  Instant issued_at;     // when the call was made; the event's time is when it returned
  Name endpoint;       // label of the socket concerned, if any
  CompactString data;  // recv(): the bytes returned
  // When the lesson asked for it (its `at`, `after` and `delay` were met). The model issues every
  // call then (nullopt: at issued_at); a real program is issued later when its thread waits for
  // a CPU.
  std::optional<Instant> asked_at;
  // A real program only: how long its thread waited for a CPU (the run queue, as the kernel's
  // schedstat counts it) between asked_at and the call's return. Timing that differs by no more
  // than this is the machine's doing, not TCP's.
  Duration cpu_wait{0};

  Instant asked() const { return asked_at.value_or(issued_at); }
};

// A note beside the run. The model's are typed: why a call failed or did what it did (`call`
// and `why`, worded by the views in the reader's language). A kernel run's setup and a
// capture's inferences bring their own words (`text`).
struct alignas(8) NoteEvent {
  Name host;           // empty for the whole scenario
  CompactString text;  // words from elsewhere; empty for a typed note
  Name call{};         // a typed note: the call it explains ("bind")
  CallNote why{};      // a typed note: the reason, as data
};

using EventBody = std::variant<SegmentEvent, StateEvent, TimerEvent, CallEvent, NoteEvent>;

// Which alternative of EventBody a kind of event is (its index()).
template <class Body>
constexpr std::size_t body_kind() {
  if constexpr (std::is_same_v<Body, SegmentEvent>) return 0;
  else if constexpr (std::is_same_v<Body, StateEvent>) return 1;
  else if constexpr (std::is_same_v<Body, TimerEvent>) return 2;
  else if constexpr (std::is_same_v<Body, CallEvent>) return 3;
  else {
    static_assert(std::is_same_v<Body, NoteEvent>, "not a kind of trace event");
    return 4;
  }
}

// A recorded event's body: its kind and where the log keeps it, in one tagged pointer (every
// kind is declared alignas(8), also where pointers are 4 bytes (the web build's wasm32), so the
// low 3 bits are free for the kind). Reads as the EventBody
// variant does, through tcplab::get_if / get / holds_alternative / visit below, and copies out
// as an EventBody.
class EventBodyRef {
 public:
  EventBodyRef() = default;
  template <class Body>
  explicit EventBodyRef(const Body* body)
      : bits_(reinterpret_cast<std::uintptr_t>(body) | body_kind<Body>()) {
    static_assert(alignof(Body) >= 8, "the kind lives in the pointer's low bits");
  }

  std::size_t index() const { return bits_ & kKindMask; }
  template <class Body>
  const Body* get_if() const {
    return index() == body_kind<Body>() ? static_cast<const Body*>(address()) : nullptr;
  }
  // A copy of the body, as a value.
  EventBody copy() const;
  operator EventBody() const { return copy(); }  // NOLINT(google-explicit-constructor)

 private:
  static constexpr std::uintptr_t kKindMask = 7;
  // The body's address with the kind in its low bits (bodies are 8-byte aligned): a tagged pointer.
  const void* address() const {
    return reinterpret_cast<const void*>(bits_ & ~kKindMask);  // NOLINT(performance-no-int-to-ptr)
  }
  std::uintptr_t bits_ = 0;
};

// The variant's access functions, for a recorded body (called unqualified: `get_if<CallEvent>(
// &e.body)`; on an EventBody the same call finds std::get_if).
template <class Body>
const Body* get_if(const EventBodyRef* body) {
  return body ? body->get_if<Body>() : nullptr;
}
template <class Body>
bool holds_alternative(const EventBodyRef& body) {
  return body.index() == body_kind<Body>();
}
template <class Body>
const Body& get(const EventBodyRef& body) {
  if (const Body* b = body.get_if<Body>()) return *b;
  throw std::bad_variant_access();
}
template <class Visitor>
auto visit(Visitor&& visitor, const EventBodyRef& body)
    -> std::invoke_result_t<Visitor&&, const SegmentEvent&> {
  switch (body.index()) {
    case 0: return std::forward<Visitor>(visitor)(*body.get_if<SegmentEvent>());
    case 1: return std::forward<Visitor>(visitor)(*body.get_if<StateEvent>());
    case 2: return std::forward<Visitor>(visitor)(*body.get_if<TimerEvent>());
    case 3: return std::forward<Visitor>(visitor)(*body.get_if<CallEvent>());
    default: return std::forward<Visitor>(visitor)(get<NoteEvent>(body));
  }
}

inline EventBody EventBodyRef::copy() const {
  return visit([](const auto& b) { return EventBody(b); }, *this);
}

// One event of a trace: when, and what. The log keeps the body in its kind's own array (a
// segment's 168 bytes, a timer's 40), so an event costs its own size, not the largest kind's.
struct TraceEvent {
  Instant at;
  EventBodyRef body;
};

std::string_view to_string(SegmentFate fate);    // "delivered", "dropped"
std::string_view to_string(TimerKind kind);      // "retransmit", "delayed-ack", "time-wait" ...
std::string_view to_string(TimerAction action);  // "armed", "fired", "cancelled"
std::optional<TimerKind> parse_timer_kind(std::string_view text);
std::optional<TimerAction> parse_timer_action(std::string_view text);
std::string_view to_string(WireAction action);  // "dropped", "duplicate-copy", "no-route" ...
std::optional<WireAction> parse_wire_action(std::string_view text);
std::string_view to_string(Verdict verdict);  // "none", "accepted", "rejected"
std::optional<Verdict> parse_verdict(std::string_view text);
std::string_view to_string(RejectCode code);  // "outside-window", "time-wait-outside-window" ...
std::optional<RejectCode> parse_reject_code(std::string_view text);
// Where the rule is written: "RFC 9293 §3.10.7.4", "Linux tcp_timewait_state_process".
std::string_view reject_rule(RejectCode code);
// What the network did, for a fault without the lesson's own words: "dropped by fault", "lost at
// random", "duplicated by the network", "no host has address {0}" ({0}: the destination); ""
// where only the lesson can say (a delay). English, marked for the catalog: views translate it.
std::string_view default_fault_words(WireAction action);
// The fault's words in English (the lesson's, else the default); "" without a fault.
std::string fault_text(const WireFault* fault, const Segment& segment);
inline std::string fault_text(const std::optional<WireFault>& fault, const Segment& segment) {
  return fault_text(fault ? &*fault : nullptr, segment);
}
// The English kept in a trace file's `reason`: the fault's words (the receiver's verdict is a
// code: views word it, present::verdict_text).
std::string reason_text(const SegmentEvent& event);
std::string_view to_string(Isolation isolation);  // "none", "private-namespace", "host-loopback"
std::optional<Isolation> parse_isolation(std::string_view text);

// Records of one kind, in chunks that never move once allocated (an event's header points at
// its body): the first holds 16, each next twice the last, up to kMaxChunk. Few records cost
// little (a lesson's trace), many are never copied as they grow (a million-event run).
template <class Body>
class BodyChunks {
 public:
  static constexpr std::size_t kFirstChunk = 16;
  static constexpr std::size_t kMaxChunk = 2048;

  Body& push(Body&& body) {
    if (chunks_.empty() || chunks_.back().size() == chunks_.back().capacity()) {
      const std::size_t n =
          chunks_.empty() ? kFirstChunk : std::min(chunks_.back().capacity() * 2, kMaxChunk);
      chunks_.emplace_back().reserve(n);
    }
    return chunks_.back().emplace_back(std::move(body));
  }

 private:
  std::vector<std::vector<Body>> chunks_;
};

// The trace's events: a 16-byte header each (when, and a tagged pointer to the body), in
// fixed-size chunks, and each kind's bodies in their own chunks. Appending never moves what is
// recorded already, and a small event does not pay for the biggest kind (a 184-byte variant per
// event made the page faults of a fresh log a third of recording). Reads like a const vector.
class EventLog {
 public:
  static constexpr std::size_t kChunkBits = 12;
  static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;  // events per chunk

  EventLog() = default;
  EventLog(const EventLog& other) { *this = other; }
  EventLog& operator=(const EventLog& other) {
    if (this == &other) return *this;
    *this = EventLog();
    for (const TraceEvent& e : other) push_back(e.at, e.body.copy());
    return *this;
  }
  // Moving moves the chunks' buffers: every header still points at its body.
  EventLog(EventLog&&) noexcept = default;
  EventLog& operator=(EventLog&&) noexcept = default;
  ~EventLog() = default;

  // The standard containers' name, so the chunked store reads as one.
  class const_iterator {  // NOLINT(readability-identifier-naming)
   public:
    using iterator_category = std::random_access_iterator_tag;
    using iterator_concept = std::random_access_iterator_tag;
    using value_type = TraceEvent;
    using difference_type = std::ptrdiff_t;
    using pointer = const TraceEvent*;
    using reference = const TraceEvent&;

    const_iterator() = default;
    const_iterator(const EventLog* log, std::size_t index) : log_(log), index_(index) {}
    reference operator*() const { return (*log_)[index_]; }
    pointer operator->() const { return &(*log_)[index_]; }
    reference operator[](difference_type n) const { return *(*this + n); }
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator t = *this;
      ++index_;
      return t;
    }
    const_iterator& operator--() {
      --index_;
      return *this;
    }
    const_iterator operator--(int) {
      const_iterator t = *this;
      --index_;
      return t;
    }
    const_iterator& operator+=(difference_type n) {
      index_ = static_cast<std::size_t>(static_cast<difference_type>(index_) + n);
      return *this;
    }
    const_iterator& operator-=(difference_type n) { return *this += -n; }
    friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
    friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
    friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.index_ == b.index_;
    }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) {
      return a.index_ <=> b.index_;
    }

   private:
    const EventLog* log_ = nullptr;
    std::size_t index_ = 0;
  };
  using iterator = const_iterator;
  using value_type = TraceEvent;
  using size_type = std::size_t;

  const TraceEvent& operator[](std::size_t i) const {
    return chunks_[i >> kChunkBits][i & (kChunkSize - 1)];
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const TraceEvent& front() const { return (*this)[0]; }
  const TraceEvent& back() const { return (*this)[size_ - 1]; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

  void push_back(Instant at, EventBody body) {
    std::visit([&](auto& b) { emplace_back(at, std::move(b)); }, body);
  }
  // Stores the body in its kind's chunks and appends its header; returns the stored body.
  template <class Body>
  Body& emplace_back(Instant at, Body body) {
    Body& stored = bodies<Body>().push(std::move(body));
    if (chunks_.empty() || chunks_.back().size() == kChunkSize) {
      chunks_.emplace_back();
      // The first chunk grows as a vector does (a lesson's trace is a few hundred events);
      // later ones are allocated whole, once.
      if (chunks_.size() > 1) chunks_.back().reserve(kChunkSize);
    }
    chunks_.back().push_back(TraceEvent{at, EventBodyRef(&stored)});
    ++size_;
    return stored;
  }
  // The recorded body of event i, to fill in what is learnt later (a segment's verdict).
  template <class Body>
  Body* mutable_body(std::size_t i) {
    // The log owns the body; the header only points at it as const.
    return const_cast<Body*>((*this)[i].body.template get_if<Body>());  // NOLINT
  }

 private:
  template <class Body>
  BodyChunks<Body>& bodies() {
    return std::get<BodyChunks<Body>>(bodies_);
  }

  std::vector<std::vector<TraceEvent>> chunks_;
  std::size_t size_ = 0;
  std::tuple<BodyChunks<SegmentEvent>, BodyChunks<StateEvent>, BodyChunks<TimerEvent>,
             BodyChunks<CallEvent>, BodyChunks<NoteEvent>>
      bodies_;
};

class Trace {
 public:
  // Which backend produced it ("model", "kernel", "capture") and under which profile.
  std::string backend = "model";
  std::string profile;
  std::vector<std::string> hosts;     // in the order views draw them
  // What the reader must know about the run: where it stopped, what was not applied or seen.
  std::vector<Message> warnings;
  Isolation isolation = Isolation::None;
  // HostLoopback: why there is no private namespace (asked for, or unshare() refused and why).
  std::string isolation_reason;
  // A kernel run: the kernel's release as uname -r gives it ("6.1.0-18-amd64"); "" otherwise.
  std::string kernel_release;
  // A run saved as a recording (tcplab record): the day it ran, "YYYY-MM-DD" (UTC); "" otherwise.
  std::string recorded_on;

  // Appends an event; time must not go backwards (the simulator guarantees it).
  void add(Instant at, EventBody body);
  // Appends a segment, assigning its id and relative seq/ack. Returns the id.
  std::uint64_t add_segment(Instant at, SegmentEvent event);
  SegmentEvent* segment_by_id(std::uint64_t id);
  const SegmentEvent* segment_by_id(std::uint64_t id) const;

  const EventLog& events() const { return events_; }
  std::size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  Instant end_time() const { return events_.empty() ? kTimeZero : events_.back().at; }
  std::size_t segment_count() const { return segment_index_.size(); }

 private:
  EventLog events_;
  std::vector<std::size_t> segment_index_;  // id-1 -> index in events_
  // ISN per direction (sender address, receiver address), reset by each new SYN.
  // A hash map: with tens of thousands of connections an ordered map's lookups were a tenth of
  // recording a segment. Only looked up, never iterated: its order decides nothing.
  absl::flat_hash_map<std::pair<SocketAddress, SocketAddress>, SeqNum> isn_;
};

}  // namespace tcplab
