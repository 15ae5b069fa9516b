#pragma once
// A Scenario: hosts, the programs they run (socket calls), faults and checks. It says what
// applications do; segments are consequences. The model and the kernel backend both run it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/text.h"
#include "core/address.h"
#include "core/errno_code.h"
#include "core/fault.h"
#include "core/segment.h"
#include "core/socket_options.h"
#include "core/tcp_state.h"
#include "core/time.h"

namespace tcplab {

// Where something was written, for error messages ("lessons/x.toml:12:5").
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;  // "file:line:col", or "" if unknown
};

// English and Simplified Chinese text of one piece of narration.
struct HostSpec {
  std::string name;  // "client", "server"
  Ipv4 address;      // 127.0.0.1, 127.0.0.2 by default so lessons run on loopback too
};

enum class CallKind {
  Socket,        // fd = socket(AF_INET, SOCK_STREAM, 0)
  SetReuseAddr,  // setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, on)
  SetLinger,     // setsockopt(fd, SOL_SOCKET, SO_LINGER, {onoff, seconds})
  SetNoDelay,    // setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, on)
  SetQuickAck,   // setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, on): 1 sends an owed ACK now
  SetOption,     // setsockopt(fd, level, option, value): SO_KEEPALIVE, TCP_USER_TIMEOUT ...
  Bind,          // bind(fd, address)
  Listen,        // listen(fd, backlog)
  Connect,       // connect(fd, address)   (blocks until established or failed)
  Accept,        // new = accept(fd)       (blocks until a connection is ready)
  Send,          // send(fd, data)
  Recv,          // recv(fd, max)          (blocks until data, end of stream or error)
  Shutdown,      // shutdown(fd, SHUT_WR | SHUT_RD | SHUT_RDWR)
  Close,         // close(fd)
  Exit,          // the process exits: every fd it holds is closed
};

std::string_view call_name(CallKind kind);  // "socket", "setsockopt", "bind" ...

enum class ShutdownHow { Read, Write, Both };

// One socket call in a host's program. Sockets are named by variables ("listener", "conn"), as in
// the program a teacher would write; socket() and accept() assign one.
struct CallSpec {
  CallKind kind = CallKind::Socket;
  std::string socket;               // the variable the call uses (Accept: the listening socket)
  std::string result_var;           // Socket, Accept: the variable that receives the new fd
  SocketAddress address;            // Bind, Connect (Bind: port 0 means an ephemeral port)
  int backlog = 128;                // Listen
  std::string data;                 // Send
  std::uint32_t max_bytes = 65536;  // Recv
  ShutdownHow how = ShutdownHow::Write;  // Shutdown
  bool flag = true;  // SetReuseAddr, SetNoDelay, SetQuickAck: on/off; SetLinger: l_onoff
  int linger_seconds = 0;                // SetLinger: l_linger
  SocketOption option = SocketOption::KeepAlive;  // SetOption
  std::int64_t option_value = 1;  // SetOption: 0/1, seconds (TCP_KEEP*), ms (TCP_USER_TIMEOUT)
  bool nonblocking = false;  // Socket: SOCK_NONBLOCK (connect, accept and recv do not wait)
};

// When a step runs. A step starts once the previous step of the same host has returned, and once
// the step named in `after` (any host) has returned; then it waits `delay`. With `at`, it runs at
// that instant after the start of the scenario instead (still after the previous step returned).
struct Trigger {
  std::optional<Duration> at;
  std::string after;  // label of another step, "" for none
  Duration delay{0};
};

struct Step {
  std::string label;  // unique in the scenario: "server.accept", "client.close"
  CallSpec call;
  Trigger when;
  SourceLocation where;
};

// A run of steps, done `repeat` times in a row (many short connections), `pause` between rounds.
// Inside a repeated phase a label names the step in every round (see step_schedule.h).
struct Phase {
  std::vector<Step> steps;
  int repeat = 1;
  Duration pause{0};
};

// What one host's application does, in order.
struct Program {
  std::string host;
  std::vector<Phase> phases;
};

// A fault as the lesson wrote it (core/fault.h: what it matches and does), and where it was written.
struct FaultSpec : Fault {
  SourceLocation where;
};

// A segment the lesson writes onto the wire itself (lessons/README.md, [[injections]]): an RST with
// a chosen sequence number, an old duplicate, a late ACK. No socket sends it; its receiver judges
// it as any segment. Model: Simulator::inject; kernel: a packet socket on lo (real/script_wire.h).
struct InjectionSpec {
  // When it is written onto the wire: `at` after the scenario's start, or `delay` after the first
  // return of the step named in `after` (the rule steps follow, step_schedule.h).
  Trigger when;
  std::string from;  // the host it claims to come from
  std::optional<std::uint16_t> from_port;
  std::string to;  // the host it is for
  std::optional<std::uint16_t> to_port;  // unset: the port of the latest connection between them
  TcpFlags flags;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  // false (packetdrill's way): seq counts from `from`'s ISN and ack from `to`'s, on the latest
  // connection between the two; true: both are written as given.
  bool absolute = false;
  std::string payload;
  std::uint16_t window = 65535;
  Text description;  // the lesson's words for it (en + zh), shown with the segment
  SourceLocation where;
};

struct LinkSpec {
  Duration latency = std::chrono::milliseconds(10);  // one way, every pair of hosts
};

// What a check looks at, at a point in the scenario. Evaluated on the Trace, so the same checks
// judge the model's and the kernel's runs.
enum class CheckKind {
  State,         // socket `socket` of `host` is in `state` (or gone) at the check point
  CallResult,    // step `step` returned `result` / failed with `error`
  SegmentCount,  // number of segments matching `match` (up to the check point) is `count`
  FlagSequence,  // the flags of segments matching `match`, in order, are `flags`
  NoState,       // no socket of `host` passed through `state` (e.g. no TIME-WAIT after a RST)
  StateCount,    // number of sockets of `host` in `state` at the check point is `count`
  WasInState,    // a socket of `host` (or the one in `socket`) passed through `state` by then
  Isn,  // each connection in `socket` that reopened a four-tuple chose its ISN above the old
        // incarnation's SND.NXT (by exactly `isn_plus`, if given: Linux's 65537 on tcp_tw_reuse)
};

struct CheckPoint {
  std::optional<Duration> at;  // an instant
  std::string after;           // a step label: just after it returned
  bool end = false;            // the end of the run
  Duration delay{0};           // with `after`: this long after the step returned
};

struct CheckSpec {
  CheckKind kind = CheckKind::State;
  CheckPoint when;
  std::string host;
  std::string socket;             // State: which socket (the variable that held it)
  std::optional<TcpState> state;  // State: nullopt means "gone" (no socket, no TIME-WAIT entry)
  std::string step;               // CallResult
  std::optional<std::int64_t> result;
  std::optional<Errno> error;
  // CallResult on a repeated step: each round's outcome in order, "ok" or an errno name.
  std::vector<std::string> outcomes;
  SegmentMatcher match;  // SegmentCount, FlagSequence (from, to, flags, rel_seq; nth/count are a fault's)
  // SegmentCount, FlagSequence: only segments that were dropped (true) or delivered (false).
  std::optional<bool> dropped;
  std::optional<int> count;     // SegmentCount: exactly this many; StateCount
  std::optional<int> at_least;  // SegmentCount: this many or more (a race may add some)
  // FlagSequence: the flags in order; with several, any one of them (a race decides which).
  std::vector<std::vector<std::string>> sequences;
  // CallResult: how long the last call blocked (returned minus made), e.g. a lingering close().
  std::optional<Duration> blocked_at_least;
  std::optional<Duration> blocked_at_most;
  std::optional<std::uint32_t> isn_plus;  // Isn: new ISN - old SND.NXT, exactly
  Text description;  // what the check teaches ("the client ends in TIME-WAIT")
  SourceLocation where;
};

// Narration: shown when the run reaches the point.
struct NarrationStep {
  CheckPoint when;                          // at a step label, an instant, or the end
  std::optional<std::uint64_t> segment_id;  // or when segment N is sent
  Text text;
  SourceLocation where;
};

// A question the lesson asks in predict mode (lessons/README.md, [[questions]]): before a step's
// call, or before segment N goes on the wire; the teacher's words and choices, and which is right.
struct LessonQuestion {
  std::string before;                       // a step label: asked just before its call
  std::optional<std::uint64_t> segment_id;  // or: just before segment N is sent
  Text text;
  std::vector<Text> choices;  // 2 to 4
  std::size_t answer = 0;     // index into choices
  Text why;                   // shown with the answer; may be empty
  SourceLocation where;
};

// How the GUI's timeline draws the lesson (its [view] table): one lifeline per host, or each
// connection in its own column from its own start (lessons/README.md, "The view").
enum class TimelineColumns { Host, Connection };

struct Scenario {
  std::string id;
  Text title;
  Text summary;
  std::string profile = "linux";
  std::map<std::string, std::string> knobs;  // overrides, by knob name (see core/profile.h)
  std::vector<HostSpec> hosts;
  std::vector<Program> programs;
  std::vector<FaultSpec> faults;
  std::vector<InjectionSpec> injections;
  LinkSpec link;
  std::vector<CheckSpec> checks;
  std::vector<NarrationStep> narration;
  std::vector<LessonQuestion> questions;
  Duration time_limit = std::chrono::minutes(10);  // virtual time a run may cover
  std::uint64_t event_limit = 5'000'000;
  std::uint64_t seed = 1;
  std::string kernel_note;  // why the kernel cannot run (part of) this lesson, if it cannot
  TimelineColumns columns = TimelineColumns::Host;
  std::string source_file;

  const HostSpec* host(std::string_view name) const;
  const Step* step(std::string_view label) const;
};

// The fault as the core network applies it (Network::decide); throws ScenarioError, naming the
// fault's place in the lesson, for an unknown host or bad flags.
Fault to_fault(const FaultSpec& spec, const Scenario& scenario);

}  // namespace tcplab
