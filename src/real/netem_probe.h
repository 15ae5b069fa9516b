#pragma once
// Whether this kernel has the netem qdisc (delay, duplicate, reorder on loopback). Asked the only
// reliable way: by adding one to lo, in a throwaway network namespace, through rtnetlink.
#include <string>

namespace tcplab::real {

struct NetemAvailability {
  bool known = false;  // false: the probe could not run (no namespace here)
  bool available = false;
  std::string detail;  // what the kernel answered ("Specified qdisc kind is unknown" ...)
};

// Probes once per process (the answer is cached).
const NetemAvailability& netem_availability();

}  // namespace tcplab::real
