#pragma once
// What both backends share when they play a script's remote peer: packetdrill's addresses, ports
// and ISN, the segment a `<` line injects, and the check of a `>` line against what the host under
// test sent (flags, sequence range, ack, window when written, options exactly, timing within the
// tolerance). The model's runner and the kernel's runner differ only in how segments get there.
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/address.h"
#include "core/errno_code.h"
#include "core/segment.h"
#include "core/socket_options.h"
#include "core/time.h"
#include "packetdrill/script.h"

namespace tcplab::packetdrill {

// packetdrill's defaults (config.c): the host under test, the remote peer, their ports.
inline constexpr Ipv4 kLocalAddress{0xC0A80001};           // 192.168.0.1
inline constexpr Ipv4 kRemoteAddress{0xC0000201};          // 192.0.2.1 (TEST-NET-1)
inline constexpr std::uint16_t kServerPort = 8080;         // bind() and connect()'s port
inline constexpr std::uint16_t kRemoteClientPort = 40000;  // the script's port when it connects in
// The remote peer's initial sequence number: the script writes sequence numbers relative to it.
inline constexpr std::uint32_t kRemoteIsn = 1'000'000'000;
// packetdrill's time tolerance grows with the gap since the last event (tolerance_percent).
inline constexpr double kTolerancePercent = 12.5;

// "0.210000 s": an instant of the run as reports print it.
std::string seconds_text(Instant t);
// "F. 1:1(0) ack 2 <...>": a script line's segment as written.
std::string packet_text(const PacketSpec& p);
// packetdrill's tolerance for an event `gap` after the previous one: max(tolerance, 12.5% gap).
Duration tolerance_for(const Script& script, Duration gap);

// "write(4, ..., 10)": a call as the script writes it.
std::string call_text(const SyscallSpec& c);
// Whether a call that returned `value` with `error` did what line `c` expects (a number;
// socket()/accept(): any descriptor; `...`: anything; the errno when written); the report if not.
std::optional<std::string> call_result_mismatch(const SyscallSpec& c, std::int64_t value,
                                                Errno error);
// getsockopt(fd, SOL_SOCKET, SO_ERROR, [want], [4]): whether the pending error was `want`.
std::optional<std::string> so_error_mismatch(const SyscallSpec& c, Errno so_error);
// ioctl(fd, SIOCINQ|SIOCOUTQ, [want]): the queue ioctl() names (SIOCOUTQ, TIOCOUTQ: the send
// queue; SIOCINQ, FIONREAD: the receive queue).
bool ioctl_asks_send_queue(const SyscallSpec& c);
// ioctl(fd, SIOCINQ|SIOCOUTQ, [want]): whether the queue held `want` bytes; the report if not.
std::optional<std::string> queued_mismatch(const SyscallSpec& c, std::int64_t queued);
// Whether `word` (SHUT_RD, O_NONBLOCK) appears in an argument.
bool expr_mentions(const Expr& e, std::string_view word);
// The integer inside `[1]`, or a named field (l_onoff=1) inside `{...}`, or the item at
// `position`.
std::optional<std::int64_t> expr_field(const Expr& e, std::initializer_list<std::string_view> names,
                                       std::size_t position);

// When a `>` line's segment must be sent: [start - tolerance, end + tolerance], or any time.
struct ExpectedTime {
  Instant start{};
  Instant end{};
  Duration tolerance{0};
  bool any_time = false;
  Instant latest() const { return end + tolerance; }
};

enum class ExpectOutcome {
  Matched,
  Mismatched,  // flags, sequence range, ack, window or options differ
  Early,       // the right segment, sent before the window opened
  Late,        // the right segment, sent after it closed
};

struct ExpectResult {
  ExpectOutcome outcome = ExpectOutcome::Matched;
  std::string what;  // the report for anything but Matched
};

// "S. 0:0(0) ack 1 win 65535 <mss 1460,...>": a segment as a script line writes it, relative to the
// ISNs.
std::string script_text(const Segment& segment, std::uint32_t own_isn, std::uint32_t peer_isn);

// The remote peer's view of one connection: the host's ISN and ports learned from its first SYN,
// the TS vals it sent (for the ecr of later `<` lines).
class ScriptPeer {
 public:
  // Checks what the host sent at `sent_at` against line `p`, learning the host's ISN from its
  // first SYN (packetdrill does).
  ExpectResult expect(const PacketSpec& p, const Segment& sent, Instant sent_at,
                      const ExpectedTime& when);
  // The segment a `<` line injects: relative numbers made absolute, options typed, the TS ecr
  // mapped to what the host sent (run_packet.c's map_inbound_packet). Throws ScriptError for an
  // ack before the host's ISN is known, or an ecr no `>` line wrote.
  Segment inbound(const Event& e, const PacketSpec& p) const;
  // "S. 0:0(0) ack 1 win 65535 <mss 1460>": a segment the host sent, as a script writes it.
  std::string sent_text(const Segment& s) const;
  // connect() goes to the script's server port.
  void connecting() { remote_port_ = kServerPort; }

 private:
  TcpOptions inbound_options(const Event& e, const PacketSpec& p) const;
  std::optional<std::string> options_mismatch(const Segment& s,
                                              const std::vector<TcpOption>& list);

  std::optional<std::uint32_t> local_isn_;
  std::optional<std::uint16_t> local_port_;   // the host's port (bind(): 8080; connect(): its SYN's)
  std::optional<std::uint16_t> remote_port_;  // the script's port
  std::map<std::uint32_t, std::uint32_t> ts_val_sent_;  // TS val as scripted -> as the host sent
};

// A call's first argument, the script's descriptor, as the backend numbered it (`fds`: script's
// -> backend's; a number never mapped is taken as it is). Throws ScriptError without one.
int backend_fd(const SyscallSpec& c, const std::map<int, int>& fds);
// Argument `i` when the script wrote a number there, else `otherwise`.
std::int64_t integer_arg(const SyscallSpec& c, std::size_t i, std::int64_t otherwise);
// bind()/connect() with `...` for the address (the script's own addresses are implied); throws
// ScriptError at an address written out, which the subset does not take.
void require_any_address(const SyscallSpec& c);

}  // namespace tcplab::packetdrill
