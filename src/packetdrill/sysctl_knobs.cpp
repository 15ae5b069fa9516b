#include "packetdrill/sysctl_knobs.h"

#include <array>

namespace tcplab::packetdrill {

namespace {

// How a sysctl's number reads as a knob value.
enum class Unit { Plain, Seconds, Milliseconds };

struct SysctlKnob {
  std::string_view sysctl;
  std::string_view knob;
  Unit unit;
};

constexpr std::array kSysctls{
    SysctlKnob{"net.ipv4.tcp_syn_retries", "tcp_syn_retries", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_syn_linear_timeouts", "tcp_syn_linear_timeouts", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_synack_retries", "tcp_synack_retries", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_retries2", "tcp_retries2", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_orphan_retries", "tcp_orphan_retries", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_fin_timeout", "tcp_fin_timeout", Unit::Seconds},
    SysctlKnob{"net.ipv4.tcp_keepalive_time", "tcp_keepalive_time", Unit::Seconds},
    SysctlKnob{"net.ipv4.tcp_keepalive_intvl", "tcp_keepalive_intvl", Unit::Seconds},
    SysctlKnob{"net.ipv4.tcp_keepalive_probes", "tcp_keepalive_probes", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_rfc1337", "tcp_rfc1337", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_tw_reuse", "tcp_tw_reuse", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_invalid_ratelimit", "tcp_invalid_ratelimit", Unit::Milliseconds},
    SysctlKnob{"net.ipv4.tcp_timestamps", "tcp_timestamps", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_slow_start_after_idle", "tcp_slow_start_after_idle", Unit::Plain},
    SysctlKnob{"net.ipv4.tcp_tw_reuse_delay", "tcp_tw_reuse_delay", Unit::Milliseconds},
    SysctlKnob{"net.ipv4.ip_local_port_range", "ip_local_port_range", Unit::Plain},
    SysctlKnob{"net.core.somaxconn", "somaxconn", Unit::Plain},
};

}  // namespace

std::optional<KnobValue> knob_for_sysctl(std::string_view name, std::string_view value) {
  for (const SysctlKnob& s : kSysctls) {
    if (s.sysctl != name) continue;
    std::string v(value);
    if (s.unit == Unit::Seconds) v += "s";
    if (s.unit == Unit::Milliseconds) v += "ms";
    return KnobValue{std::string(s.knob), v};
  }
  return std::nullopt;
}

}  // namespace tcplab::packetdrill
