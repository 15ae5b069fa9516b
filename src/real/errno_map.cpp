#include "real/errno_map.h"

#include <cerrno>

namespace tcplab::real {

std::optional<Errno> to_model_errno(int system_errno) {
  switch (system_errno) {
    case 0:
      return Errno::None;
    case EADDRINUSE:
      return Errno::AddressInUse;
    case EADDRNOTAVAIL:
      return Errno::AddressNotAvailable;
    case ECONNREFUSED:
      return Errno::ConnectionRefused;
    case ECONNRESET:
      return Errno::ConnectionReset;
    case EPIPE:
      return Errno::BrokenPipe;
    case ENOTCONN:
      return Errno::NotConnected;
    case ETIMEDOUT:
      return Errno::TimedOut;
    case EINVAL:
      return Errno::InvalidArgument;
    case EISCONN:
      return Errno::AlreadyConnected;
    case EBADF:
      return Errno::BadDescriptor;
    case EAGAIN:
      return Errno::WouldBlock;
    case EALREADY:
      return Errno::AlreadyInProgress;
    case EINPROGRESS:
      return Errno::InProgress;
    default:
      return std::nullopt;
  }
}

}  // namespace tcplab::real
