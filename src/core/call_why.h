#pragma once
// Why a socket call did what it did, as data: the model states the reason, the trace keeps it as
// a note after the call, and the views word it in the reader's language
// (present::call_why_text). No sentence is made in core.
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/address.h"
#include "core/port_table.h"

namespace tcplab {

enum class CallWhy : std::uint8_t {
  None,
  AlreadyBound,            // bind(): EINVAL, the socket is bound already (inet_bind_sk)
  NotAnAddressOfThisHost,  // bind(): EADDRNOTAVAIL; `address` (inet_addr_valid_or_nonlocal)
  NoFreeEphemeralPort,     // bind(port 0): EADDRINUSE, every port of the range is held
  PortHeld,                // bind()/listen(): EADDRINUSE; `conflict` (inet_csk_bind_conflict)
  SocketConnected,         // listen(): EINVAL, the socket is connected
  SocketListening,         // connect(): EISCONN, the socket is listening
  FourTupleInUse,          // connect(): EADDRNOTAVAIL; `tuple` is a live connection's
  FourTupleInTimeWait,     // connect(): EADDRNOTAVAIL; `tuple` is in TIME-WAIT, not reusable
  NoFreeLocalPort,  // connect(): EADDRNOTAVAIL; ports first..last to tuple.remote, `count` in TW
  NoConnectInProgress,  // a connect() result asked for with none under way: EINVAL
  NotListening,         // accept(): EINVAL
  SendingSideShutDown,  // send(): EPIPE after shutdown(SHUT_WR) or close()
  LingerZeroAbort,      // close() with SO_LINGER {1, 0}: RST, no TIME-WAIT (tcp_disconnect)
  UnreadDataReset,      // close() with `count` bytes unread: RST (tcp_close, RFC 9293 §3.10.4)
  PortSharedByReuse,    // bind() = 0 on a port `shared` holds: both set SO_REUSEADDR
};

struct CallNote {
  CallWhy why = CallWhy::None;
  std::optional<BindConflict> conflict = std::nullopt;  // PortHeld
  std::optional<PortShare> shared = std::nullopt;       // PortSharedByReuse
  SocketAddress address{};               // NotAnAddressOfThisHost
  FourTuple tuple{};                     // FourTupleIn*, NoFreeLocalPort (its remote end)
  std::uint32_t first = 0, last = 0;     // NoFreeLocalPort: the ephemeral range
  std::uint32_t count = 0;               // NoFreeLocalPort: held by TIME-WAIT; UnreadDataReset
  bool empty() const { return why == CallWhy::None; }
  bool operator==(const CallNote&) const = default;
};

// The name a trace file writes ("port-held"), and back; nullopt for an unknown name.
std::string_view to_string(CallWhy why);
std::optional<CallWhy> parse_call_why(std::string_view name);
// The same for a bind conflict's parts: "time-wait", "this-socket-has-no-reuse" ...
std::string_view to_string(BindConflict::Holder holder);
std::optional<BindConflict::Holder> parse_conflict_holder(std::string_view name);
std::string_view to_string(BindConflict::Rule rule);
std::optional<BindConflict::Rule> parse_conflict_rule(std::string_view name);

}  // namespace tcplab
