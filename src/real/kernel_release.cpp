#include "real/kernel_release.h"

#include <sys/utsname.h>

namespace tcplab::real {

std::string kernel_release() {
  utsname name{};
  if (uname(&name) != 0) return "";
  return name.release;
}

}  // namespace tcplab::real
