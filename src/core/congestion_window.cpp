#include "core/congestion_window.h"

#include <algorithm>

namespace tcplab {

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
