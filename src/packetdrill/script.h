#pragma once
// A packetdrill script as tcplab runs it: events in the order written, each with its time and
// its place in the file. Three kinds of event: a TCP segment (`<` injected as if from the remote
// peer, `>` expected from the host under test), a socket call with its expected result, and a
// sysctl command. Times are kept as written (relative ones are resolved while running, as
// packetdrill's adjust_relative_event_times() does).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/segment.h"
#include "core/time.h"
#include "packetdrill/script_error.h"
#include "packetdrill/script_lexer.h"

namespace tcplab::packetdrill {

// When an event happens (parser.y's event_time).
enum class TimeKind {
  Absolute,       // 0.100        seconds since the script started
  Relative,       // +0.100       after the previous event
  Any,            // *            any time (outbound segments only)
  AbsoluteRange,  // 0.1~0.2      somewhere in between (outbound segments only)
  RelativeRange,  // +0.1~+0.2
};

struct EventTime {
  TimeKind kind = TimeKind::Absolute;
  Duration start{0};  // Any: unused
  Duration end{0};    // ranges only
};

// One TCP option in a segment's <...> list, as tcpdump writes it.
struct TcpOption {
  enum class Kind { Nop, Eol, Mss, WindowScale, SackPermitted, Sack, Timestamp };
  Kind kind = Kind::Nop;
  std::uint32_t value = 0;                                      // mss, wscale shift, TS val
  std::uint32_t echo = 0;                                       // TS ecr
  std::vector<std::pair<std::uint32_t, std::uint32_t>> blocks;  // sack left:right ...
};

// "mss 1460", "TS val 100 ecr 0": the option as a script writes it.
std::string to_string(const TcpOption& option);

// `< S. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>`
struct PacketSpec {
  bool inbound = true;  // `<`: the script sends it; `>`: the host under test must
  TcpFlags flags;
  std::uint32_t seq = 0;  // relative to the sender's ISN
  std::uint32_t payload = 0;
  std::optional<std::uint32_t> ack;     // relative to the receiver's ISN (with the ACK flag)
  std::optional<std::uint16_t> window;  // checked on outbound segments only when written
  // The options as written; nullopt for `<...>` (any options: outbound only).
  std::optional<std::vector<TcpOption>> options;
};

// An argument or a result of a socket call (parser.y's expression, the subset scripts use).
struct Expr {
  enum class Kind {
    Ellipsis,  // ...   (any value; for results: whatever the call returns)
    Integer,   // 3, -1, 0x10
    Word,      // SOCK_STREAM, SHUT_WR, O_NONBLOCK
    String,    // "hello"
    List,      // [1]  (a pointer to an int, as setsockopt takes it)
    Braces,    // {l_onoff=1, l_linger=0}
    Binary,    // O_RDWR|O_NONBLOCK, l_onoff=1  (op in `text`)
    Call,      // htons(8080), inet_addr("192.0.2.1")  (name in `text`)
  };
  Kind kind = Kind::Integer;
  std::int64_t integer = 0;
  std::string text;
  std::vector<Expr> items;  // List, Braces, Call: the items; Binary: lhs, rhs
  ScriptPlace where;
};

// "[1]", "O_RDWR|O_NONBLOCK": an expression as written (for messages and the trace).
std::string to_string(const Expr& expr);

// `+0...0.100 read(4, ..., 2000) = 2000`, `close(4) = -1 ECONNRESET (Connection reset by peer)`
struct SyscallSpec {
  std::string name;
  std::vector<Expr> args;
  // A blocking call (`start...end`): when it should return, written as a time (relative to the
  // same base as the start when the start is relative).
  std::optional<Duration> end;
  Expr result;
  std::string errno_name;  // "ECONNRESET", empty when none is expected
  std::string note;        // "(Connection reset by peer)" without the parentheses
  ScriptPlace name_at;     // where the call's name is
};

// A sysctl the script sets (`sysctl -q net.ipv4.tcp_rfc1337=1`), and the tcplab knob it sets.
struct SysctlSetting {
  std::string sysctl;      // "net.ipv4.tcp_rfc1337"
  std::string value;       // "1"
  std::string knob;        // "tcp_rfc1337"
  std::string knob_value;  // the value in the form set_knob() takes ("1", "60s")
};

// A `shell` line: sysctl writes (each mapped to a knob), or packetdrill's defaults.sh (whose
// values the model's linux profile stands for).
struct CommandSpec {
  std::string text;
  std::vector<SysctlSetting> settings;
  bool defaults = false;  // `../common/defaults.sh`
};

struct Event {
  ScriptPlace where;  // the event's time (its line is the script line named in reports)
  EventTime time;
  std::variant<PacketSpec, SyscallSpec, CommandSpec> action;

  const PacketSpec* packet() const { return std::get_if<PacketSpec>(&action); }
  const SyscallSpec* syscall() const { return std::get_if<SyscallSpec>(&action); }
  const CommandSpec* command() const { return std::get_if<CommandSpec>(&action); }
};

// A `--name=value` line.
struct ScriptOption {
  std::string name;
  std::string value;
  ScriptPlace where;
};

struct Script {
  std::string file;
  std::vector<ScriptOption> options;
  std::vector<Event> events;
  std::vector<Comment> comments;  // line comments, in order
  // The first comment's text: packetdrill scripts open with their intent in one line.
  std::string intent() const { return comments.empty() ? std::string() : comments.front().text; }
  // packetdrill's --tolerance_usecs (default 4 ms), if the script sets it.
  Duration tolerance() const;
};

}  // namespace tcplab::packetdrill
