#include "core/socket_options.h"

namespace tcplab {

namespace {
constexpr std::int64_t kMaxKeepIdle = 32767;      // MAX_TCP_KEEPIDLE, seconds
constexpr std::int64_t kMaxKeepInterval = 32767;  // MAX_TCP_KEEPINTVL, seconds
constexpr std::int64_t kMaxKeepCount = 127;       // MAX_TCP_KEEPCNT
}  // namespace

bool set_socket_option(SocketOptions& options, SocketOption option, std::int64_t value) {
  switch (option) {
    case SocketOption::UserTimeout:
      if (value < 0) return false;
      options.user_timeout = std::chrono::milliseconds(value);
      return true;
    case SocketOption::KeepAlive:
      options.keepalive = value != 0;
      return true;
    case SocketOption::KeepAliveIdle:
      if (value < 1 || value > kMaxKeepIdle) return false;
      options.keepalive_idle = std::chrono::seconds(value);
      return true;
    case SocketOption::KeepAliveInterval:
      if (value < 1 || value > kMaxKeepInterval) return false;
      options.keepalive_interval = std::chrono::seconds(value);
      return true;
    case SocketOption::KeepAliveProbes:
      if (value < 1 || value > kMaxKeepCount) return false;
      options.keepalive_probes = static_cast<int>(value);
      return true;
    case SocketOption::Cork:
      options.cork = value != 0;
      return true;
  }
  return false;
}

std::string_view socket_option_name(SocketOption option) {
  switch (option) {
    case SocketOption::UserTimeout:
      return "TCP_USER_TIMEOUT";
    case SocketOption::KeepAlive:
      return "SO_KEEPALIVE";
    case SocketOption::KeepAliveIdle:
      return "TCP_KEEPIDLE";
    case SocketOption::KeepAliveInterval:
      return "TCP_KEEPINTVL";
    case SocketOption::KeepAliveProbes:
      return "TCP_KEEPCNT";
    case SocketOption::Cork:
      return "TCP_CORK";
  }
  return "";
}

std::optional<SocketOption> socket_option_named(std::string_view name) {
  for (const SocketOption option : kEverySocketOption) {
    if (socket_option_name(option) == name) return option;
  }
  return std::nullopt;
}

bool socket_option_is_flag(SocketOption option) {
  return option == SocketOption::KeepAlive || option == SocketOption::Cork;
}

}  // namespace tcplab
