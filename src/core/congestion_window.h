#pragma once
// The sender's congestion window (RFC 5681), counted in segments as Linux counts it (tp->snd_cwnd,
// tp->snd_ssthresh, packets in flight): slow start and congestion avoidance as Reno
// (tcp_reno_cong_avoid), what a timeout does to it (tcp_enter_loss), and whether the window was
// what held the sender back (tcp_cwnd_validate, tcp_is_cwnd_limited).
#include <cstdint>
#include <limits>

#include "core/seq.h"
#include "core/time.h"

namespace tcplab {

class CongestionWindow {
 public:
  // TCP_INFINITE_SSTHRESH: slow start until the first loss.
  static constexpr std::uint32_t kInfiniteSsthresh = 0x7fffffff;

  // tcp_init_transfer -> tcp_init_cwnd: the window the connection starts with. `snd_nxt` opens
  // the first cwnd-usage period.
  void start(std::uint32_t initial_segments, SeqNum snd_nxt);

  std::uint32_t cwnd() const { return cwnd_; }
  std::uint32_t ssthresh() const { return ssthresh_; }
  // tcp_in_slow_start.
  bool in_slow_start() const { return cwnd_ < ssthresh_; }

  // tcp_cwnd_test: how many more segments may leave now; at most half the window in one (TSO)
  // segment, "to ensure we have at least 2 GSO packets in flight".
  std::uint32_t quota(std::uint32_t in_flight) const;

  // tcp_cwnd_validate, after a transmit attempt: remember whether the window held the sender
  // back in this period, or else the most segments it had out.
  void on_transmit(bool cwnd_limited, std::uint32_t packets_out, SeqNum snd_una, SeqNum snd_nxt);
  // tcp_is_cwnd_limited: in slow start the window may grow to twice what was out.
  bool limited() const;

  // tcp_reno_cong_avoid, for an ACK that delivered `acked` segments: slow start adds one segment
  // per segment delivered, up to ssthresh (tcp_slow_start); beyond, one per window's worth
  // (tcp_cong_avoid_ai). Only when the window was what limited the sender.
  void on_delivered(std::uint32_t acked);

  // tcp_enter_loss with tcp_reno_ssthresh: ssthresh = max(cwnd / 2, 2), unless this loss already
  // lowered it (a later RTO of the same episode: `first_timeout` false); cwnd = the segments still
  // in flight (none, once everything is marked lost) + 1.
  void on_timeout(bool first_timeout, std::uint32_t in_flight_after_marking);

  // Fast recovery's proportional rate reduction (RFC 6937; Linux tcp_init_cwnd_reduction,
  // tcp_cwnd_reduction, tcp_end_cwnd_reduction): on entering, ssthresh = max(cwnd / 2, 2);
  // on each ACK, cwnd = in flight + what PRR lets go; on leaving, cwnd = ssthresh.
  void enter_recovery();
  void reduce_in_recovery(std::uint32_t delivered, std::uint32_t in_flight, bool snd_una_advanced,
                          bool newly_lost);
  void on_sent_in_recovery(std::uint32_t segments) { prr_out_ += segments; }
  void end_recovery();

  // tcp_process_tlp_ack: an ACK beyond a probe that was a resend shows a loss the probe repaired;
  // the window is cut once, as in CWR (tcp_init_cwnd_reduction, tcp_end_cwnd_reduction):
  // ssthresh = max(cwnd / 2, 2), cwnd = ssthresh.
  void on_loss_repaired_by_probe();

  // tcp_cwnd_restart, when a write finds the connection idle for `idle` (nothing in flight, no
  // data sent since): ssthresh keeps at least 3/4 of the window (tcp_current_ssthresh), and the
  // window halves once per `rto` idle, no lower than min(initial window, cwnd).
  void restart_after_idle(Duration idle, Duration rto, std::uint32_t initial_segments);

 private:
  std::uint32_t cwnd_ = 0;
  std::uint32_t ssthresh_ = kInfiniteSsthresh;
  std::uint32_t cwnd_cnt_ = 0;  // tp->snd_cwnd_cnt: segments delivered toward the next +1
  std::uint32_t prior_cwnd_ = 0;     // cwnd when recovery began
  std::uint32_t prr_delivered_ = 0;  // segments delivered since (tp->prr_delivered)
  std::uint32_t prr_out_ = 0;        // segments sent since (tp->prr_out)
  // tcp_cwnd_validate's period: until SND.UNA passes usage_seq_.
  bool is_cwnd_limited_ = false;
  std::uint32_t max_packets_out_ = 0;
  SeqNum usage_seq_;
};

// The initial window in segments: the profile's (Linux TCP_INIT_CWND, 10, RFC 6928), or with 0
// RFC 5681 §3.1's by the sender's MSS (4, 3 or 2 segments).
std::uint32_t initial_window_segments(int profile_initial_cwnd, std::uint32_t smss);

}  // namespace tcplab
