#include "core/ack_timing.h"

#include <algorithm>

namespace tcplab {

namespace {
constexpr std::uint32_t kMssDefault = 536;  // TCP_MSS_DEFAULT (RFC 9293 §3.7.1)
constexpr std::uint32_t kMinMss = 88;       // TCP_MIN_MSS
constexpr int kMaxQuickAcksAfterGap = 16;   // TCP_MAX_QUICKACKS, whatever the profile's start
}  // namespace

AckTiming::AckTiming(const Profile& profile)
    : profile_(&profile),
      // tcp_initialize_rcv_mss: min(advmss, rcv_wnd / 2, TCP_MSS_DEFAULT), at least TCP_MIN_MSS.
      rcv_mss_(std::max(kMinMss, std::min({std::uint32_t{profile.mss},
                                           std::uint32_t{profile.window} / 2, kMssDefault}))) {}

void AckTiming::incr_quickack(std::uint16_t rcv_wnd, int max_quickacks) {
  // tcp_incr_quickack: half the window in segments of rcv_mss, at least 2, at most the limit.
  int quickacks = static_cast<int>(rcv_wnd / (2 * rcv_mss_));
  if (quickacks == 0) quickacks = 2;
  quickacks = std::min(quickacks, max_quickacks);
  if (quickacks > quick_) quick_ = quickacks;
}

void AckTiming::enter_quickack_mode(std::uint16_t rcv_wnd) {
  // tcp_enter_quickack_mode: quick ACKs again, not interactive, the ATO back to its minimum.
  incr_quickack(rcv_wnd, kMaxQuickAcksAfterGap);
  exit_pingpong();
  ato_ = profile_->delayed_ack;
}

void AckTiming::measure_rcv_mss(std::uint32_t len, std::uint32_t header_len, bool psh) {
  const std::uint32_t lss = last_seg_size_;
  last_seg_size_ = 0;
  if (len >= rcv_mss_) {
    // A segment of at least the size seen so far: the peer's segments are this big.
    rcv_mss_ = std::min<std::uint32_t>(len, profile_->mss);
    // A full segment with PSH ends a write: ACK it when the application reads it all.
    if (psh) pushed_ = true;
    return;
  }
  // A shorter one: if two in a row have the same size (and look like full segments of a
  // smaller MSS), that is the peer's MSS; otherwise it is a push (the end of a write).
  const std::uint32_t with_header = len + header_len;
  if (with_header >= kMssDefault + 20 || (with_header >= kMinMss + 20 && !psh)) {
    last_seg_size_ = len;
    if (len == lss) {
      rcv_mss_ = len;
      return;
    }
  }
  if (pushed_) pushed2_ = true;
  pushed_ = true;
}

void AckTiming::on_data_received(Instant now, std::uint32_t len, std::uint32_t header_len, bool psh,
                                 std::uint16_t rcv_wnd, Duration rto) {
  scheduled_ = true;  // inet_csk_schedule_ack
  measure_rcv_mss(len, header_len, psh);
  const Duration ato_min = profile_->delayed_ack;  // TCP_ATO_MIN
  if (ato_ == Duration{0}) {
    // The first data: start the delayed-ACK engine in quick-ACK mode.
    incr_quickack(rcv_wnd, profile_->quickacks);
    ato_ = ato_min;
  } else if (last_receive_) {
    const Duration m = now - *last_receive_;  // time since the previous data
    if (m <= ato_min / 2) {
      ato_ = ato_ / 2 + ato_min / 2;  // data comes fast: ATO towards its minimum
    } else if (m < ato_) {
      ato_ = std::min(ato_ / 2 + m, rto);  // ATO follows the gaps between segments
    } else if (m > rto) {
      // A long silence: the sender may be restarting; ACK its first segments at once.
      incr_quickack(rcv_wnd, profile_->quickacks);
    }
  }
  last_receive_ = now;
}

void AckTiming::on_data_sent(Instant now) {
  // tcp_event_data_sent (tcp_pingpong_thresh = 1: enter pingpong mode; above 1: count answers,
  // each the first data sent since data was received).
  const bool answer = last_receive_ && ato_ > Duration{0} && now - *last_receive_ < ato_;
  if (profile_->pingpong_thresh > 1) {
    if (answer && (!last_send_ || *last_send_ < *last_receive_) && pingpong_ < 255) ++pingpong_;
  } else if (profile_->pingpong_thresh == 1 && answer) {
    enter_pingpong();
  }
  last_send_ = now;
}

void AckTiming::on_ack_sent() {
  // tcp_dec_quickack_mode: an ACK of new data uses one quick ACK; the last one resets the ATO.
  if (quick_ > 0) {
    const int pkts = scheduled_ ? 1 : 0;
    if (pkts >= quick_) {
      quick_ = 0;
      ato_ = profile_->delayed_ack;
    } else {
      quick_ -= pkts;
    }
  }
  // inet_csk_clear_xmit_timer(ICSK_TIME_DACK): nothing owed, no push remembered.
  scheduled_ = false;
  now_ = false;
  pushed_ = false;
  pushed2_ = false;
}

bool AckTiming::ack_now() const {
  if (!delays()) return true;
  // __tcp_ack_snd_check: quick-ACK mode; or more than one full segment unacknowledged (RFC 1122
  // §4.2.3.2) *and* a window that would grow. The model's window is fixed, as the kernel's is at
  // the start of a connection (no autotuning yet): two full segments wait unread, and the ACK
  // leaves when the application reads them (ack_after_read), as Linux 6.18 did here.
  return in_quickack_mode() || now_;
}

std::optional<Instant> AckTiming::delayed_ack_deadline(Instant now, std::optional<Instant> armed,
                                                       std::optional<Duration> srtt) const {
  // tcp_send_delayed_ack. Before any data the ATO is 0: the timer is due at the next tick.
  Duration ato = ato_ > Duration{0} ? ato_ : profile_->delayed_ack_before_data;
  const Duration delack_min = profile_->delayed_ack;  // TCP_DELACK_MIN
  if (ato > delack_min) {
    // A slow peer: the wait is bounded by 200 ms when interactive or pushed (TCP_DELACK_MAX),
    // else HZ/2, and by the RTT measured (never below TCP_DELACK_MIN).
    Duration max_ato = in_pingpong() || pushed_ ? profile_->delayed_ack_max : Duration{500ms};
    if (srtt) max_ato = std::min(max_ato, std::max(*srtt, delack_min));
    ato = std::min(ato, max_ato);
  }
  ato = std::min(ato, profile_->delayed_ack_max);  // icsk_delack_max
  Instant deadline = now + ato;
  if (armed) {
    // The timer is about to expire anyway: send the ACK now.
    if (*armed <= now + ato / 4) return std::nullopt;
    // Never push an earlier deadline later.
    deadline = std::min(deadline, *armed);
  }
  return deadline;
}

void AckTiming::on_delayed_ack_timer(Duration rto) {
  if (!in_pingpong()) {
    ato_ = std::min(ato_ * 2, rto);  // "Delayed ACK missed: inflate ATO."
  } else {
    exit_pingpong();  // "Delayed ACK missed: leave pingpong mode and deflate ATO."
    ato_ = profile_->delayed_ack;
  }
}

bool AckTiming::ack_after_read(std::uint32_t unacked, std::size_t copied,
                               std::size_t unread) const {
  if (!scheduled_) return false;
  // tcp_cleanup_rbuf: the once-per-two-segments ACK was not sent yet, or this read emptied the
  // buffer after a short segment (two of them, or one outside pingpong mode).
  return unacked > rcv_mss_ ||
         (copied > 0 && (pushed2_ || (pushed_ && !in_pingpong())) && unread == 0);
}

}  // namespace tcplab
