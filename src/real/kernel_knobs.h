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

// The model's congestion control is Reno (RFC 5681; Linux tcp_reno_cong_avoid): the namespace is
// told to use it too (net.ipv4.tcp_congestion_control = reno; a new namespace inherits the host's,
// often bbr, which paces and grows its window its own way). Appended when the kernel has the sysctl.
void add_model_congestion_control(KnobPlan& plan);
// Writes the sysctls (in the namespace); returns the errors, one per sysctl that failed.
std::vector<Message> apply_sysctls(const KnobPlan& plan);

}  // namespace tcplab::real
