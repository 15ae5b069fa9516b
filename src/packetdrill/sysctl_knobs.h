#pragma once
// The sysctls a script may set and the profile knobs of tcplab's model they stand for
// (net.ipv4.tcp_fin_timeout = 30 is the knob tcp_fin_timeout = 30s).
#include <optional>
#include <string>
#include <string_view>

namespace tcplab::packetdrill {

struct KnobValue {
  std::string knob;
  std::string value;  // as set_knob() takes it
};

// The knob for sysctl `name` set to `value`; nullopt when the model has no such knob.
std::optional<KnobValue> knob_for_sysctl(std::string_view name, std::string_view value);

}  // namespace tcplab::packetdrill
