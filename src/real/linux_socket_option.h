#pragma once
// Where Linux keeps each of the model's SocketOptions: the level and name setsockopt(2) takes.
#include "core/socket_options.h"

namespace tcplab::real {

struct LinuxSocketOption {
  int level = 0;  // SOL_SOCKET or IPPROTO_TCP
  int name = 0;   // SO_KEEPALIVE, TCP_USER_TIMEOUT ...
};

LinuxSocketOption linux_socket_option(SocketOption option);

}  // namespace tcplab::real
