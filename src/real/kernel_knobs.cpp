#include "real/kernel_knobs.h"

#include <algorithm>
#include <fstream>
#include <map>

#include <unistd.h>

namespace tcplab::real {

namespace {

std::string seconds_text(Duration d) {
  const auto s = std::chrono::ceil<std::chrono::seconds>(d).count();
  return std::to_string(s);
}

std::string dotted(const std::string& path) {
  std::string name = path.substr(std::string("/proc/sys/").size());
  for (char& c : name) c = c == '/' ? '.' : c;
  return name;
}

// Why a knob has no kernel counterpart: the whole warning, {0} the knob's name and {1} its value.
const std::map<std::string, const char*, std::less<>>& fixed_in_kernel() {
  static const std::map<std::string, const char*, std::less<>> kReasons = {
      {"msl",
       N_("knob {0} = {1} not applied: Linux has no MSL setting; TIME-WAIT is fixed at 60 s "
          "(TCP_TIMEWAIT_LEN)")},
      {"time_wait",
       N_("knob {0} = {1} not applied: TIME-WAIT is fixed at 60 s in Linux (TCP_TIMEWAIT_LEN), "
          "not a sysctl")},
      {"rto_initial", N_("knob {0} = {1} not applied: the initial RTO is fixed at 1 s "
                         "(TCP_TIMEOUT_INIT)")},
      {"rto_formula",
       N_("knob {0} = {1} not applied: the kernel always computes the RTO its own way")},
      {"delayed_ack", N_("knob {0} = {1} not applied: delayed ACK timing is the kernel's own "
                         "(TCP_DELACK_MIN/MAX), not a sysctl")},
      {"rst_on_close_with_unread_data",
       N_("knob {0} = {1} not applied: Linux always sends RST on close() with unread data")},
      {"challenge_ack",
       N_("knob {0} = {1} not applied: Linux always sends RFC 5961 challenge ACKs (rate limited "
          "by tcp_challenge_ack_limit)")},
      {"time_wait_accepts_new_syn",
       N_("knob {0} = {1} not applied: Linux always lets a SYN with a higher sequence number "
          "reopen a TIME-WAIT four-tuple")},
      {"isn_keyed_hash",
       N_("knob {0} = {1} not applied: Linux always uses keyed-hash ISNs (RFC 6528)")},
      {"timeout_min",
       N_("knob {0} = {1} not applied: TCP_TIMEOUT_MIN is 2 jiffies, fixed when the kernel was "
          "built (CONFIG_HZ; 8 ms at 250)")},
      {"mss", N_("knob {0} = {1} not applied: the kernel takes its MSS from the route's MTU "
                 "(loopback: 65536 - 40 = 65495)")},
      {"nagle", N_("knob {0} = {1} not applied: Linux always applies Nagle's algorithm; a socket "
                   "turns it off with TCP_NODELAY")},
      {"delayed_ack_max", N_("knob {0} = {1} not applied: the longest delayed ACK is "
                             "TCP_DELACK_MAX, 200 ms, not a sysctl")},
      {"quickacks", N_("knob {0} = {1} not applied: quick-ACK mode's limit is TCP_MAX_QUICKACKS, "
                       "16, not a sysctl")},
      {"nagle_minshall", N_("knob {0} = {1} not applied: Linux always uses Minshall's variant of "
                            "Nagle (tcp_minshall_check)")},
      {"initial_cwnd", N_("knob {0} = {1} not applied: the initial congestion window is "
                          "TCP_INIT_CWND, 10 segments, unless a route sets initcwnd")},
      {"tso_segs", N_("knob {0} = {1} not applied: Linux sizes its TSO segments itself "
                      "(tcp_tso_autosize: from the pacing rate and the RTT, at least 2 MSS)")},
  };
  return kReasons;
}

}  // namespace

KnobPlan plan_knobs(const std::vector<std::pair<std::string, std::string>>& explicit_knobs,
                    const Profile& profile) {
  KnobPlan plan;
  std::map<std::string, bool> done;
  for (const auto& [name, value] : explicit_knobs) {
    if (done[name]) continue;
    done[name] = true;
    std::string path;
    std::string text;
    if (name == "tcp_fin_timeout") {
      path = "/proc/sys/net/ipv4/tcp_fin_timeout";
      text = seconds_text(profile.fin_wait2_timeout);
      if (profile.fin_wait2_timeout % std::chrono::seconds(1) != Duration{0}) {
        plan.warnings.push_back(
            {N_("knob tcp_fin_timeout = {0} rounded up to {1} s: the kernel counts it in whole "
                "seconds"),
             {value, text}});
      }
    } else if (name == "ip_local_port_range") {
      path = "/proc/sys/net/ipv4/ip_local_port_range";
      text = std::to_string(profile.ephemeral_low) + " " + std::to_string(profile.ephemeral_high);
    } else if (name == "tcp_tw_reuse") {
      path = "/proc/sys/net/ipv4/tcp_tw_reuse";
      text = std::to_string(profile.tw_reuse);
    } else if (name == "tcp_tw_reuse_delay") {
      path = "/proc/sys/net/ipv4/tcp_tw_reuse_delay";
      text = std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(profile.tw_reuse_delay).count());
    } else if (name == "tcp_invalid_ratelimit") {
      path = "/proc/sys/net/ipv4/tcp_invalid_ratelimit";
      text = std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(profile.invalid_ratelimit).count());
    } else if (name == "tcp_rfc1337") {
      path = "/proc/sys/net/ipv4/tcp_rfc1337";
      text = profile.rfc1337 ? "1" : "0";
    } else if (name == "tcp_syn_retries") {
      path = "/proc/sys/net/ipv4/tcp_syn_retries";
      text = std::to_string(profile.syn_retries);
    } else if (name == "tcp_syn_linear_timeouts") {
      path = "/proc/sys/net/ipv4/tcp_syn_linear_timeouts";
      text = std::to_string(profile.syn_linear_timeouts);
    } else if (name == "tcp_synack_retries") {
      path = "/proc/sys/net/ipv4/tcp_synack_retries";
      text = std::to_string(profile.synack_retries);
    } else if (name == "tcp_retries2") {
      path = "/proc/sys/net/ipv4/tcp_retries2";
      text = std::to_string(profile.data_retries);
    } else if (name == "tcp_orphan_retries") {
      path = "/proc/sys/net/ipv4/tcp_orphan_retries";
      text = std::to_string(profile.orphan_retries);
    } else if (name == "tcp_keepalive_time" || name == "tcp_keepalive_intvl") {
      // Whole seconds, as the sysctls count them.
      path = "/proc/sys/net/ipv4/" + name;
      text = std::to_string(std::chrono::ceil<std::chrono::seconds>(
                                name == "tcp_keepalive_time" ? profile.keepalive_time
                                                             : profile.keepalive_interval)
                                .count());
    } else if (name == "tcp_keepalive_probes") {
      path = "/proc/sys/net/ipv4/tcp_keepalive_probes";
      text = std::to_string(profile.keepalive_probes);
    } else if (name == "rto_min") {
      // Newer kernels (6.x) have it per namespace, in microseconds; older ones only per route.
      path = "/proc/sys/net/ipv4/tcp_rto_min_us";
      text = std::to_string(
          std::chrono::duration_cast<std::chrono::microseconds>(profile.rto_min).count());
    } else if (name == "rto_max") {
      path = "/proc/sys/net/ipv4/tcp_rto_max_ms";
      text = std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(profile.rto_max).count());
    } else if (name == "tcp_timestamps") {
      path = "/proc/sys/net/ipv4/tcp_timestamps";
      text = profile.timestamps ? "1" : "0";
    } else if (name == "tcp_sack") {
      path = "/proc/sys/net/ipv4/tcp_sack";
      text = profile.sack ? "1" : "0";
    } else if (name == "tcp_window_scaling") {
      path = "/proc/sys/net/ipv4/tcp_window_scaling";
      text = profile.window_scaling ? "1" : "0";
    } else if (name == "tcp_rmem_max") {
      // min and default as Linux sets them (the default no larger than the maximum).
      path = "/proc/sys/net/ipv4/tcp_rmem";
      text = "4096 " + std::to_string(std::min(131072, profile.rmem_max)) + " " +
             std::to_string(profile.rmem_max);
    } else if (name == "tcp_slow_start_after_idle") {
      path = "/proc/sys/net/ipv4/tcp_slow_start_after_idle";
      text = profile.slow_start_after_idle ? "1" : "0";
    } else if (name == "tail_loss_probe") {
      path = "/proc/sys/net/ipv4/tcp_early_retrans";
      text = profile.tail_loss_probe ? "3" : "0";
    } else if (name == "tcp_pingpong_thresh") {
      path = "/proc/sys/net/ipv4/tcp_pingpong_thresh";
      text = std::to_string(profile.pingpong_thresh);
    } else if (name == "somaxconn") {
      path = "/proc/sys/net/core/somaxconn";
      text = std::to_string(profile.listen_backlog_max);
    } else {
      const auto& fixed = fixed_in_kernel();
      auto it = fixed.find(name);
      plan.warnings.push_back(
          {it != fixed.end() ? it->second
                             : N_("knob {0} = {1} not applied: the kernel has no such setting"),
           {name, value}});
      continue;
    }
    if (access(path.c_str(), F_OK) != 0) {
      plan.warnings.push_back(
          {N_("knob {0} = {1} not applied: this kernel has no {2}"), {name, value, dotted(path)}});
      continue;
    }
    plan.sysctls.emplace_back(path, text);
    std::string note = dotted(path);
    note += " = " + text;
    note += " (knob " + name + ")";
    plan.notes.push_back(std::move(note));
  }
  return plan;
}

void add_model_congestion_control(KnobPlan& plan) {
  const std::string path = "/proc/sys/net/ipv4/tcp_congestion_control";
  if (access(path.c_str(), F_OK) != 0) return;
  plan.sysctls.emplace_back(path, "reno");
  plan.notes.push_back(dotted(path) + " = reno (the model's congestion control)");
}

std::vector<Message> apply_sysctls(const KnobPlan& plan) {
  std::vector<Message> errors;
  for (const auto& [path, value] : plan.sysctls) {
    std::ofstream out(path);
    out << value << '\n';
    out.flush();
    if (!out) errors.push_back({N_("could not set {0} = {1} ({2})"), {dotted(path), value, path}});
  }
  return errors;
}

}  // namespace tcplab::real
