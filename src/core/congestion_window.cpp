#include "core/congestion_window.h"

#include <algorithm>

namespace tcplab {

void CongestionWindow::restart_after_idle(Duration idle, Duration rto,
                                          std::uint32_t initial_segments) {
  if (prior_cwnd_ == 0)  // tcp_current_ssthresh: in Recovery, ssthresh as it is
    ssthresh_ = std::max(ssthresh_, (cwnd_ >> 1) + (cwnd_ >> 2));
  const std::uint32_t restart = std::min(initial_segments, cwnd_);
  std::uint32_t cwnd = cwnd_;
  while ((idle -= rto) > Duration{0} && cwnd > restart) cwnd >>= 1;
  cwnd_ = std::max(cwnd, restart);
  // tp->snd_cwnd_used = 0: a new usage period starts.
  is_cwnd_limited_ = false;
  max_packets_out_ = 0;
}

void CongestionWindow::start(std::uint32_t initial_segments, SeqNum snd_nxt) {
  cwnd_ = initial_segments;
  ssthresh_ = kInfiniteSsthresh;
  cwnd_cnt_ = 0;
  is_cwnd_limited_ = false;
  max_packets_out_ = 0;
  usage_seq_ = snd_nxt;
}

std::uint32_t CongestionWindow::quota(std::uint32_t in_flight) const {
  if (in_flight >= cwnd_) return 0;
  const std::uint32_t half = std::max<std::uint32_t>(cwnd_ >> 1, 1);
  return std::min(half, cwnd_ - in_flight);
}

void CongestionWindow::on_transmit(bool cwnd_limited, std::uint32_t packets_out, SeqNum snd_una,
                                   SeqNum snd_nxt) {
  if (!(snd_una < usage_seq_) || cwnd_limited ||
      (!is_cwnd_limited_ && packets_out > max_packets_out_)) {
    is_cwnd_limited_ = cwnd_limited;
    max_packets_out_ = packets_out;
    usage_seq_ = snd_nxt;
  }
}

bool CongestionWindow::limited() const {
  if (is_cwnd_limited_) return true;
  if (in_slow_start()) return cwnd_ < 2 * max_packets_out_;
  return false;
}

void CongestionWindow::on_delivered(std::uint32_t acked) {
  if (acked == 0 || !limited()) return;
  if (in_slow_start()) {
    // tcp_slow_start: what is left over once ssthresh is reached goes to congestion avoidance.
    const std::uint32_t grown = std::min(cwnd_ + acked, ssthresh_);
    acked -= grown - cwnd_;
    cwnd_ = grown;
    if (acked == 0) return;
  }
  // tcp_cong_avoid_ai(tp, cwnd, acked): +1 per cwnd segments delivered.
  const std::uint32_t w = cwnd_;
  if (cwnd_cnt_ >= w) {
    cwnd_cnt_ = 0;
    ++cwnd_;
  }
  cwnd_cnt_ += acked;
  if (cwnd_cnt_ >= w) {
    const std::uint32_t delta = cwnd_cnt_ / w;
    cwnd_cnt_ -= delta * w;
    cwnd_ += delta;
  }
}

void CongestionWindow::on_timeout(bool first_timeout, std::uint32_t in_flight_after_marking) {
  if (first_timeout) ssthresh_ = std::max<std::uint32_t>(cwnd_ >> 1, 2);
  cwnd_ = in_flight_after_marking + 1;
  cwnd_cnt_ = 0;
}

void CongestionWindow::enter_recovery() {
  prior_cwnd_ = cwnd_;
  ssthresh_ = std::max<std::uint32_t>(cwnd_ >> 1, 2);
  cwnd_cnt_ = 0;
  prr_delivered_ = 0;
  prr_out_ = 0;
}

void CongestionWindow::reduce_in_recovery(std::uint32_t delivered, std::uint32_t in_flight,
                                          bool snd_una_advanced, bool newly_lost) {
  if (delivered == 0 || prior_cwnd_ == 0) return;
  prr_delivered_ += delivered;
  const std::int64_t delta = std::int64_t{ssthresh_} - in_flight;
  std::int64_t sndcnt = 0;
  if (delta < 0) {
    // Above ssthresh: send in proportion to what was delivered (RFC 6937's PRR).
    const std::uint64_t dividend =
        std::uint64_t{ssthresh_} * prr_delivered_ + prior_cwnd_ - 1;
    sndcnt = static_cast<std::int64_t>(dividend / prior_cwnd_) - prr_out_;
  } else {
    // At or below it: slow start back up to it (PRR-SSRB).
    sndcnt = std::max<std::int64_t>(std::int64_t{prr_delivered_} - prr_out_, delivered);
    if (snd_una_advanced && !newly_lost) ++sndcnt;
    sndcnt = std::min(delta, sndcnt);
  }
  // "Force a fast retransmit upon entering fast recovery".
  sndcnt = std::max<std::int64_t>(sndcnt, prr_out_ ? 0 : 1);
  cwnd_ = in_flight + static_cast<std::uint32_t>(std::max<std::int64_t>(sndcnt, 0));
}

void CongestionWindow::end_recovery() {
  if (ssthresh_ < kInfiniteSsthresh) cwnd_ = ssthresh_;
  prior_cwnd_ = 0;
}

void CongestionWindow::on_loss_repaired_by_probe() {
  ssthresh_ = std::max<std::uint32_t>(cwnd_ >> 1, 2);
  cwnd_ = ssthresh_;
  cwnd_cnt_ = 0;
}

std::uint32_t initial_window_segments(int profile_initial_cwnd, std::uint32_t smss) {
  if (profile_initial_cwnd > 0) return static_cast<std::uint32_t>(profile_initial_cwnd);
  // RFC 5681 §3.1 (from RFC 3390).
  if (smss > 2190) return 2;
  if (smss > 1095) return 3;
  return 4;
}

}  // namespace tcplab
