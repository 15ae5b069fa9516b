#include "core/errno_code.h"

namespace tcplab {

namespace {
struct ErrnoText {
  Errno e;
  std::string_view name, message;
};
constexpr ErrnoText kErrnos[] = {
    {Errno::None, "", "Success"},
    {Errno::AddressInUse, "EADDRINUSE", "Address already in use"},
    {Errno::AddressNotAvailable, "EADDRNOTAVAIL", "Cannot assign requested address"},
    {Errno::ConnectionRefused, "ECONNREFUSED", "Connection refused"},
    {Errno::ConnectionReset, "ECONNRESET", "Connection reset by peer"},
    {Errno::BrokenPipe, "EPIPE", "Broken pipe"},
    {Errno::NotConnected, "ENOTCONN", "Transport endpoint is not connected"},
    {Errno::TimedOut, "ETIMEDOUT", "Connection timed out"},
    {Errno::InvalidArgument, "EINVAL", "Invalid argument"},
    {Errno::AlreadyConnected, "EISCONN", "Transport endpoint is already connected"},
    {Errno::BadDescriptor, "EBADF", "Bad file descriptor"},
    {Errno::WouldBlock, "EAGAIN", "Resource temporarily unavailable"},
    {Errno::AlreadyInProgress, "EALREADY", "Operation already in progress"},
};
}  // namespace

std::string_view errno_name(Errno e) { return kErrnos[static_cast<int>(e)].name; }
std::string_view errno_message(Errno e) { return kErrnos[static_cast<int>(e)].message; }

std::optional<Errno> parse_errno(std::string_view name) {
  for (const auto& t : kErrnos) {
    if (!t.name.empty() && t.name == name) return t.e;
  }
  return std::nullopt;
}

}  // namespace tcplab
