#pragma once
// Profiles: every knob on which the RFCs and Linux differ, in one object passed to the model.
// A lesson picks a profile by name and may override any knob with `set_knob`.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace tcplab {

using namespace std::chrono_literals;

// How the retransmission timeout is computed from the RTT estimate.
enum class RtoFormula {
  Rfc6298,  // RTO = max(rto_min, SRTT + 4*RTTVAR)         (RFC 6298 §2)
  Linux,    // RTO = SRTT + max(rto_min, 4*RTTVAR)          (tcp_set_rto: rttvar floored at rto_min)
};

// Fields grouped by what they govern, in the README's order, not packed: a run holds one or two.
struct Profile {  // NOLINT(clang-analyzer-optin.performance.Padding)
  std::string name;

  // TIME-WAIT: 2*MSL (RFC 9293 §3.4.2) unless a fixed length is given (Linux: TCP_TIMEWAIT_LEN).
  Duration msl = 120s;
  std::optional<Duration> time_wait_fixed;

  // Retransmission (RFC 6298) and its limits.
  Duration rto_initial = 1s;
  Duration rto_min = 1s;
  Duration rto_max = 120s;
  RtoFormula rto_formula = RtoFormula::Rfc6298;
  int syn_retries = 6;     // net.ipv4.tcp_syn_retries
  // net.ipv4.tcp_syn_linear_timeouts (Linux 6.5 and later, default 4): the first N SYN resends
  // keep the initial RTO instead of doubling it, and add N to the SYN resends allowed
  // (tcp_retransmit_timer, tcp_write_timeout). 0: every resend doubles, as RFC 6298 §5.5 says.
  int syn_linear_timeouts = 0;
  // Linux also stops resending a SYN once the time since the first one reaches what
  // tcp_syn_retries resends would take doubling from the initial RTO (retransmits_timed_out,
  // tcp_model_timeout): 3 s for 1 retry, 127 s for 6. RFC 9293 counts only.
  bool retries_timed_by_clock = false;
  // Linux's TCP_TIMEOUT_MIN, 2 jiffies: 8 ms with CONFIG_HZ = 250 (a kernel built with HZ = 1000
  // has 2 ms). A SYN-SENT socket that receives an unacceptable ACK before any resend sends its
  // SYN again this soon (tcp_rcv_synsent_state_process). Zero: it waits for its RTO, as in
  // RFC 9293 §3.10.7.3.
  Duration timeout_min = 0ns;
  // One tick of Linux's timer wheel (1/CONFIG_HZ: 4 ms at HZ = 250): RACK's reordering timer is
  // rounded up to whole ticks (tcp_rack_mark_lost: usecs_to_jiffies). Zero: exact, as RFC 8985.
  Duration jiffy = 0ns;
  int synack_retries = 5;  // net.ipv4.tcp_synack_retries
  // net.ipv4.tcp_retries2 (data or FIN while the socket is open) and tcp_orphan_retries (0 means
  // 8 on Linux). With retries_timed_by_clock (Linux) each is a time: what that many RTO doublings
  // from TCP_RTO_MIN take, counted from the first resend (write_timeout.h); else a count.
  int data_retries = 15;
  int orphan_retries = 8;
  // Keep-alive (RFC 1122 §4.2.3.6: off unless asked for, an idle time of at least two hours):
  // net.ipv4.tcp_keepalive_time, tcp_keepalive_intvl, tcp_keepalive_probes, which a socket's
  // TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT override.
  Duration keepalive_time = std::chrono::hours(2);
  Duration keepalive_interval = std::chrono::seconds(75);
  int keepalive_probes = 9;

  // Delayed ACK (RFC 1122 §4.2.3.2); zero means every segment is ACKed at once.
  Duration delayed_ack = 0ns;
  // The delay before the connection has received any data. Linux's delayed-ACK timeout (ato)
  // is set to 40 ms by the first data segment; until then a FIN is ACKed at the next timer tick.
  Duration delayed_ack_before_data = 0ns;
  // The longest an ACK may wait (Linux TCP_DELACK_MAX, 200 ms; RFC 1122 §4.2.3.2: under 0.5 s).
  Duration delayed_ack_max = 500ms;
  // Quick-ACK mode (Linux tcp_incr_quickack, TCP_MAX_QUICKACKS = 16): the first data segments of a
  // connection, up to this many (and half the window's worth), are ACKed at once. 0: none.
  int quickacks = 0;
  // Pingpong (interactive) mode (net.ipv4.tcp_pingpong_thresh, 1 in Linux 6.x): this many answers
  // sent within the ATO of the peer's data make the connection interactive, and the peer's data is
  // then ACKed late, hoping an answer carries the ACK (tcp_event_data_sent). 0: never.
  int pingpong_thresh = 0;

  // Nagle's algorithm (RFC 896; RFC 9293 §3.7.4 "SHOULD implement"): a segment smaller than the
  // MSS waits while sent data is unacknowledged, unless the socket set TCP_NODELAY. The RFC holds
  // it while any data is in flight; Minshall's variant (Linux tcp_minshall_check) only while the
  // last *small* segment sent is unacknowledged, so full segments in flight do not hold it.
  bool nagle = true;
  bool nagle_minshall = false;

  // TSO/GSO: one segment handed to the device carries up to this many MSS of a write, as Linux
  // builds them (tcp_write_xmit sizes each at tcp_tso_segs(): tcp_tso_autosize from the pacing
  // rate and min RTT, at least net.ipv4.tcp_min_tso_segs = 2) and a device with TSO (packetdrill's
  // tun) passes them on whole; such a segment always carries PSH (__tcp_transmit_skb). 1: every
  // segment at most one MSS, as a wire without TSO shows them.
  int tso_segs = 1;

  // The tail loss probe (RFC 8985 §7; Linux net.ipv4.tcp_early_retrans = 3, the default): with
  // SACK, 2*SRTT after the last segment sent with no ACK, send new data or the last segment again
  // (tcp_schedule_loss_probe, tcp_send_loss_probe). Off: the RTO alone, as RFC 6298.
  bool tail_loss_probe = false;

  // The congestion window a connection starts with, in segments (RFC 5681 §3.1 IW): Linux's
  // TCP_INIT_CWND, 10 (RFC 6928; tcp_init_cwnd). 0: RFC 5681's by the MSS (4, 3 or 2 segments).
  int initial_cwnd = 0;

  // Slow start after idle (RFC 5681 §4.1; Linux net.ipv4.tcp_slow_start_after_idle = 1): a write
  // after more than one RTO with nothing sent and nothing in flight halves the window once per
  // RTO idle, down to the initial window (tcp_slow_start_after_idle_check, tcp_cwnd_restart).
  bool slow_start_after_idle = false;

  // A handshake whose SYN (or SYN,ACK) was resent after a timeout starts with a window of one
  // segment (RFC 6298 §5.7). Linux wants more than one resend, and keeps the initial window when
  // the ACK echoes the first one's timestamp: the timeout was spurious (tcp_init_transfer:
  // total_retrans > 1 && undo_marker; tcp_try_undo_spurious_syn).
  int handshake_resends_for_one_segment = 1;
  bool undo_spurious_handshake_timeout = false;

  // How long an orphaned FIN-WAIT-2 socket lives (net.ipv4.tcp_fin_timeout); 0 = forever.
  Duration fin_wait2_timeout = 0ns;

  // close() with unread data sends RST instead of FIN (RFC 9293 §3.10.4 allows it; Linux does it).
  bool rst_on_close_with_unread_data = false;
  // RFC 5961 §3.2: an in-window RST that is not exactly RCV.NXT gets a challenge ACK.
  bool challenge_ack = true;
  // RFC 1337: a socket in TIME-WAIT ignores RST instead of being killed by it (tcp_rfc1337).
  bool rfc1337 = false;
  // A SYN with a higher sequence number may open a new incarnation over TIME-WAIT (RFC 6191 spirit,
  // Linux tcp_timewait_state_process's TCP_TW_SYN).
  bool time_wait_accepts_new_syn = true;
  // At most one ACK per this long for a bare ACK or SYN outside the window (an ACK loop's
  // segments): Linux's tcp_invalid_ratelimit (500 ms); 0 answers every one, as RFC 9293 does.
  Duration invalid_ratelimit = 0ms;

  // Ports and reuse.
  std::uint16_t ephemeral_low = 32768;  // net.ipv4.ip_local_port_range
  std::uint16_t ephemeral_high = 60999;
  int tw_reuse = 0;                  // net.ipv4.tcp_tw_reuse: 0 off, 1 on, 2 loopback only
  Duration tw_reuse_delay = 1000ms;  // net.ipv4.tcp_tw_reuse_delay

  // Initial sequence numbers: RFC 6528's clock plus keyed hash of the four-tuple.
  bool isn_keyed_hash = true;
  Duration isn_clock_tick = 4us;  // RFC 6528: M is a 4 us timer (Linux: 64 ns)

  std::uint16_t window = 65535;

  // Options on the SYN (RFC 9293 §3.7.1, RFC 7323, RFC 2018). The RFC profile sends the MSS option
  // only, as RFC 9293 §3.7.1 requires ("SHOULD send an MSS option in every SYN"); Linux sends all
  // four (tcp_syn_options) unless a sysctl turns one off.
  std::uint16_t mss = 1460;     // our MSS option: Ethernet; Linux over loopback 65536 - 40 = 65495
  bool timestamps = false;      // net.ipv4.tcp_timestamps (RFC 7323 §3)
  bool sack = false;            // net.ipv4.tcp_sack (RFC 2018 SACK-permitted)
  bool window_scaling = false;  // net.ipv4.tcp_window_scaling (RFC 7323 §2)
  // net.ipv4.tcp_rmem's maximum: Linux picks its window-scale shift so this fits
  // (tcp_select_initial_window: ilog2(space) - 15).
  int rmem_max = 6291456;
  int listen_backlog_max = 4096;  // net.core.somaxconn

  Duration time_wait_length() const { return time_wait_fixed ? *time_wait_fixed : 2 * msl; }
};

Profile rfc9293_profile();
Profile linux_profile();
// The profile named `name` ("rfc9293" or "linux"), or nullopt.
std::optional<Profile> profile_by_name(std::string_view name);
std::vector<std::string> profile_names();

// One knob, as the command line and lessons name it.
struct KnobInfo {
  std::string name;  // "msl", "time_wait", "rto_min", "tcp_tw_reuse" ...
  std::string description;
  std::string value_kind;  // "duration", "integer", "bool", "port range"
};
const std::vector<KnobInfo>& knob_list();

// Sets knob `name` from text ("30s", "200ms", "1", "true", "40000-40009"). On failure returns a
// sentence saying what was wrong; on success returns nullopt.
std::optional<std::string> set_knob(Profile& profile, std::string_view name,
                                    std::string_view value);
// The knob's current value as text, in the form set_knob accepts.
std::optional<std::string> get_knob(const Profile& profile, std::string_view name);

// "200ms", "1.5s", "60s", "2min", "500us", "0": a duration as lessons write it.
std::optional<Duration> parse_duration(std::string_view text);

}  // namespace tcplab
