#pragma once
// The options a program sets on a TCP socket that change what its connection does
// (setsockopt(2) at SOL_SOCKET and IPPROTO_TCP, tcp(7)). An accepted socket starts with its
// listener's (sk_clone_lock copies the listener's socket), a connecting one with its own.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace tcplab {

// The options setsockopt() sets one at a time (TCP_NODELAY, SO_LINGER, SO_REUSEADDR have calls
// of their own).
enum class SocketOption : std::uint8_t {
  UserTimeout,        // TCP_USER_TIMEOUT, milliseconds (RFC 5482)
  KeepAlive,          // SO_KEEPALIVE, 0 or 1
  KeepAliveIdle,      // TCP_KEEPIDLE, seconds
  KeepAliveInterval,  // TCP_KEEPINTVL, seconds
  KeepAliveProbes,    // TCP_KEEPCNT
  Cork,               // TCP_CORK, 0 or 1
};

inline constexpr std::array<SocketOption, 6> kEverySocketOption = {
    SocketOption::UserTimeout,       SocketOption::KeepAlive,       SocketOption::KeepAliveIdle,
    SocketOption::KeepAliveInterval, SocketOption::KeepAliveProbes, SocketOption::Cork};

struct SocketOptions {
  // TCP_USER_TIMEOUT: how long sent data may stay unacknowledged (and the peer silent to
  // keepalive probes) before the connection is given up with ETIMEDOUT; zero: off.
  Duration user_timeout{0};
  // SO_KEEPALIVE: probe an idle connection. The three TCP_KEEP* options override the sysctls
  // tcp_keepalive_time, tcp_keepalive_intvl and tcp_keepalive_probes when set.
  bool keepalive = false;
  std::optional<Duration> keepalive_idle;
  std::optional<Duration> keepalive_interval;
  std::optional<int> keepalive_probes;
  // TCP_CORK: segments smaller than the MSS wait until the cork is removed (or the persist
  // timer sends them, Linux's 200 ms ceiling).
  bool cork = false;
};

}  // namespace tcplab

namespace tcplab {

// setsockopt(option, value) on `options`; false when Linux refuses the value with EINVAL
// (tcp_sock_set_user_timeout: negative; TCP_KEEPIDLE and TCP_KEEPINTVL: 1 to 32767 s;
// TCP_KEEPCNT: 1 to 127).
bool set_socket_option(SocketOptions& options, SocketOption option, std::int64_t value);

// The option's name as setsockopt(2) spells it ("TCP_USER_TIMEOUT"), and the option a name
// spells, if it is one of these.
std::string_view socket_option_name(SocketOption option);
std::optional<SocketOption> socket_option_named(std::string_view name);
// Whether the option is on/off (SO_KEEPALIVE, TCP_CORK) rather than a number.
bool socket_option_is_flag(SocketOption option);

}  // namespace tcplab
