#include "core/errno_code.h"

namespace tcplab {

// Marks strerror()'s text for the message catalog's extraction (po/extract.sh); core stays
// English, present::call_result_text() translates it.
#define N_(msgid) msgid

namespace {
struct ErrnoText {
  Errno e;
  std::string_view name, message;
};
constexpr ErrnoText kErrnos[] = {
    {Errno::None, "", N_("Success")},
    {Errno::AddressInUse, "EADDRINUSE", N_("Address already in use")},
    {Errno::AddressNotAvailable, "EADDRNOTAVAIL", N_("Cannot assign requested address")},
    {Errno::ConnectionRefused, "ECONNREFUSED", N_("Connection refused")},
    {Errno::ConnectionReset, "ECONNRESET", N_("Connection reset by peer")},
    {Errno::BrokenPipe, "EPIPE", N_("Broken pipe")},
    {Errno::NotConnected, "ENOTCONN", N_("Transport endpoint is not connected")},
    {Errno::TimedOut, "ETIMEDOUT", N_("Connection timed out")},
    {Errno::InvalidArgument, "EINVAL", N_("Invalid argument")},
    {Errno::AlreadyConnected, "EISCONN", N_("Transport endpoint is already connected")},
    {Errno::BadDescriptor, "EBADF", N_("Bad file descriptor")},
    {Errno::WouldBlock, "EAGAIN", N_("Resource temporarily unavailable")},
    {Errno::AlreadyInProgress, "EALREADY", N_("Operation already in progress")},
    {Errno::InProgress, "EINPROGRESS", N_("Operation now in progress")},
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
