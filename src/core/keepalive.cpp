#include "core/keepalive.h"

namespace tcplab {

KeepaliveTimes keepalive_times(const SocketOptions& options, const Profile& profile) {
  return {options.keepalive_idle.value_or(profile.keepalive_time),
          options.keepalive_interval.value_or(profile.keepalive_interval),
          options.keepalive_probes.value_or(profile.keepalive_probes)};
}

KeepaliveDecision keepalive_decide(bool busy, Duration idle_for, int probes_out,
                                   const KeepaliveTimes& times, Duration user_timeout) {
  if (busy) return {KeepaliveStep::Wait, times.idle};
  if (idle_for < times.idle) return {KeepaliveStep::Wait, times.idle - idle_for};
  const bool user_timeout_passed =
      user_timeout > Duration{0} && idle_for >= user_timeout && probes_out > 0;
  const bool probes_exhausted = user_timeout <= Duration{0} && probes_out >= times.probes;
  if (user_timeout_passed || probes_exhausted) return {KeepaliveStep::GiveUp, Duration{0}};
  return {KeepaliveStep::Probe, times.interval};
}

}  // namespace tcplab
