#include "real/linux_socket_option.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace tcplab::real {

LinuxSocketOption linux_socket_option(SocketOption option) {
  switch (option) {
    case SocketOption::UserTimeout:
      return {IPPROTO_TCP, TCP_USER_TIMEOUT};
    case SocketOption::KeepAlive:
      return {SOL_SOCKET, SO_KEEPALIVE};
    case SocketOption::KeepAliveIdle:
      return {IPPROTO_TCP, TCP_KEEPIDLE};
    case SocketOption::KeepAliveInterval:
      return {IPPROTO_TCP, TCP_KEEPINTVL};
    case SocketOption::KeepAliveProbes:
      return {IPPROTO_TCP, TCP_KEEPCNT};
    case SocketOption::Cork:
      return {IPPROTO_TCP, TCP_CORK};
  }
  return {IPPROTO_TCP, 0};
}

}  // namespace tcplab::real
