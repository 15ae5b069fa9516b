#pragma once
// The errors a socket call can report; errno_name() gives the <errno.h> name. The model has no OS
// headers, so it carries its own list; the kernel backend maps real errno values onto it.
#include <optional>
#include <string_view>

namespace tcplab {

enum class Errno {
  None,
  AddressInUse,  // EADDRINUSE: bind(): address in use (a listener, a connection or a TIME-WAIT
                 // entry)
  AddressNotAvailable,  // EADDRNOTAVAIL: connect(): no ephemeral port left for this destination
  ConnectionRefused,    // ECONNREFUSED: connect(): the peer answered the SYN with RST
  ConnectionReset,      // ECONNRESET: recv()/send(): the connection was reset by the peer
  BrokenPipe,           // EPIPE: send(): the write side is shut down
  NotConnected,         // ENOTCONN: recv()/send()/shutdown() on an unconnected socket
  TimedOut,             // ETIMEDOUT: retransmissions exhausted
  InvalidArgument,      // EINVAL: a call not valid in this socket's state (listen() twice, bind()
                        // twice)
  AlreadyConnected,     // EISCONN: connect() on a connected socket
  BadDescriptor,        // EBADF: an fd that is not open
  WouldBlock,           // EAGAIN: a non-blocking call would block
  AlreadyInProgress,    // EALREADY: connect() while a connect is in progress
  InProgress,           // EINPROGRESS: a non-blocking connect() has sent its SYN
};

std::string_view errno_name(Errno e);     // "EADDRINUSE"; "" for None
std::string_view errno_message(Errno e);  // strerror()'s text: "Address already in use"
std::optional<Errno> parse_errno(std::string_view name);

}  // namespace tcplab
