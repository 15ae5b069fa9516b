#pragma once
// Profile knobs the kernel has, applied as per-namespace sysctls (/proc/sys/net/...); the rest are
// reported as not applied, never silently ignored.
#include <string>
#include <utility>
#include <vector>

#include "core/message.h"
#include "core/profile.h"

namespace tcplab::real {

struct KnobPlan {
  std::vector<std::pair<std::string, std::string>> sysctls;  // /proc/sys path, value
  std::vector<std::string> notes;     // "net.ipv4.tcp_fin_timeout = 30 (knob tcp_fin_timeout)"
  std::vector<Message> warnings;      // "knob msl = 30s not applied: ..."
};

// `explicit_knobs`: the knobs the lesson and the options set, by name, in order; `profile` has
// them applied (the values are read from it).
KnobPlan plan_knobs(const std::vector<std::pair<std::string, std::string>>& explicit_knobs,
                    const Profile& profile);

// Writes the sysctls (in the namespace); returns the errors, one per sysctl that failed.
std::vector<Message> apply_sysctls(const KnobPlan& plan);

}  // namespace tcplab::real
