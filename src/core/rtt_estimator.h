#pragma once
// Retransmission timeout from RTT samples (RFC 6298 §2), with Linux's variant as a profile choice.
#include <algorithm>
#include <optional>

#include "core/profile.h"

namespace tcplab {

class RttEstimator {
 public:
  explicit RttEstimator(const Profile& profile) : profile_(&profile), rto_(profile.rto_initial) {}

  // RFC 6298 §2.2 (first sample) and §2.3 (later samples), alpha = 1/8, beta = 1/4.
  void add_sample(Duration rtt) {
    min_rtt_ = min_rtt_ ? std::min(*min_rtt_, rtt) : rtt;  // tcp_update_rtt_min
    if (!srtt_) {
      srtt_ = rtt;
      rttvar_ = rtt / 2;
    } else {
      const Duration error = *srtt_ > rtt ? *srtt_ - rtt : rtt - *srtt_;
      rttvar_ = (3 * rttvar_ + error) / 4;
      srtt_ = (7 * *srtt_ + rtt) / 8;
    }
    if (profile_->rto_formula == RtoFormula::Linux) {
      // tcp_set_rto(): the variance term is floored at rto_min, then added to SRTT.
      rto_ = *srtt_ + std::max(4 * rttvar_, profile_->rto_min);
    } else {
      rto_ = std::max(profile_->rto_min, *srtt_ + 4 * rttvar_);  // RFC 6298 §2.4
    }
    rto_ = std::min(rto_, profile_->rto_max);
  }

  // The timeout after `backoffs` expirations: doubled each time (RFC 6298 §5.5), capped.
  Duration rto(int backoffs) const {
    Duration r = rto_;
    for (int i = 0; i < backoffs && r < profile_->rto_max; ++i) r *= 2;
    return std::min(r, profile_->rto_max);
  }
  std::optional<Duration> srtt() const { return srtt_; }
  std::optional<Duration> min_rtt() const { return min_rtt_; }

 private:
  const Profile* profile_;
  std::optional<Duration> srtt_;
  std::optional<Duration> min_rtt_;
  Duration rttvar_{0};
  Duration rto_;
};

}  // namespace tcplab
