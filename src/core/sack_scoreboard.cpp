#include "core/sack_scoreboard.h"

#include <algorithm>

namespace tcplab {

void SackScoreboard::on_sent(SeqNum seq, std::uint32_t len, TcpFlags flags, Instant at) {
  sent_.push_back({seq, len, flags, at});
}

void SackScoreboard::rack_advance(Instant now, const Sent& s) {
  if (s.retransmitted) return;
  // tcp_rack_sent_after: later in time, or sent at the same instant and later in sequence.
  const bool later = !rack_sent_at_ || s.sent_at > *rack_sent_at_ ||
                     (s.sent_at == *rack_sent_at_ && rack_end_ < s.end());
  if (!later) return;
  rack_sent_at_ = s.sent_at;
  rack_end_ = s.end();
  rack_rtt_ = now - s.sent_at;
}

void SackScoreboard::on_cumulative_ack(Instant now, SeqNum snd_una) {
  std::vector<Sent> kept;
  for (const Sent& s : sent_) {
    if (s.end() <= snd_una) {
      if (!s.sacked) rack_advance(now, s);
      continue;
    }
    kept.push_back(s);
  }
  sent_ = std::move(kept);
}

void SackScoreboard::on_sack(Instant now, const SackBlocks& blocks) {
  for (const SackBlock& b : blocks) {
    // A block that ends inside a segment sent as several MSS at once (TSO) splits it, so the part
    // the peer holds is SACKed and the rest can be lost alone (tcp_sacktag_walk's tcp_fragment).
    split_at(b.left);
    split_at(b.right);
    for (Sent& s : sent_) {
      if (s.sacked || s.seq < b.left || b.right < s.end()) continue;
      s.sacked = true;
      s.lost = false;
      rack_advance(now, s);
    }
  }
}

void SackScoreboard::split_at(SeqNum at) {
  for (std::size_t i = 0; i < sent_.size(); ++i) {
    Sent& s = sent_[i];
    if (!(s.seq < at && at < s.end())) continue;
    Sent tail = s;
    tail.seq = at;
    tail.len = static_cast<std::uint32_t>(s.end() - at);
    s.len = static_cast<std::uint32_t>(at - s.seq);
    // PSH and FIN belong to the last byte: they stay with the tail (tcp_fragment).
    constexpr auto kTailOnly =
        static_cast<std::uint8_t>(TcpFlags(TcpFlag::Psh | TcpFlag::Fin).bits());
    s.flags = TcpFlags::from_bits(static_cast<std::uint8_t>(s.flags.bits() & ~kTailOnly));
    sent_.insert(sent_.begin() + static_cast<std::ptrdiff_t>(i) + 1, tail);
    return;
  }
}

int SackScoreboard::sacked_count() const {
  return static_cast<int>(std::count_if(sent_.begin(), sent_.end(),
                                        [](const Sent& s) { return s.sacked; }));
}

namespace {
std::uint32_t pcount(const SackScoreboard::Sent& s, SeqNum snd_una, std::uint32_t mss) {
  const SeqNum from = std::max(s.seq, snd_una);
  if (!(from < s.end())) return 0;
  // The FIN's sequence number is no payload: a FIN alone is one segment.
  const auto len = static_cast<std::uint32_t>(s.end() - from) - (s.flags.fin() ? 1 : 0);
  return mss == 0 || len <= mss ? 1 : (len + mss - 1) / mss;
}
}  // namespace

std::uint32_t SackScoreboard::packets_out(SeqNum snd_una, std::uint32_t mss) const {
  std::uint32_t n = 0;
  for (const Sent& s : sent_) n += pcount(s, snd_una, mss);
  return n;
}

std::uint32_t SackScoreboard::packets_in_flight(SeqNum snd_una, std::uint32_t mss) const {
  std::uint32_t n = 0;
  for (const Sent& s : sent_) {
    if (!s.sacked && (!s.lost || s.retransmitted)) n += pcount(s, snd_una, mss);
  }
  return n;
}

std::uint32_t SackScoreboard::packets_undelivered(SeqNum snd_una, std::uint32_t mss) const {
  std::uint32_t n = 0;
  for (const Sent& s : sent_) {
    if (!s.sacked) n += pcount(s, snd_una, mss);
  }
  return n;
}

bool SackScoreboard::sent_before_rack(const Sent& s) const {
  // Linux's clock sees microseconds between two segments of one burst; the model sends them at
  // one instant, so the one earlier in sequence counts as sent before.
  return rack_sent_at_ && (s.sent_at < *rack_sent_at_ ||
                           (s.sent_at == *rack_sent_at_ && s.end() < rack_end_));
}

int SackScoreboard::mark_lost_sent_before_delivered() {
  int marked = 0;
  for (Sent& s : sent_) {
    if (s.sacked || s.lost || !sent_before_rack(s)) continue;
    s.lost = true;
    ++marked;
  }
  return marked;
}

std::optional<Duration> SackScoreboard::reorder_wait(Instant now, Duration reo_wnd) const {
  std::optional<Duration> wait;
  for (const Sent& s : sent_) {
    if (s.sacked || s.lost || !sent_before_rack(s)) continue;
    const Duration remaining = rack_rtt_ + reo_wnd - (now - s.sent_at);
    if (!wait || remaining > *wait) wait = remaining;
  }
  return wait;
}

int SackScoreboard::mark_head_lost() {
  for (Sent& s : sent_) {
    if (s.sacked) continue;
    if (s.lost) return 0;
    s.lost = true;
    return 1;
  }
  return 0;
}

void SackScoreboard::on_timeout() {
  for (Sent& s : sent_) {
    s.lost = !s.sacked;
    s.retransmitted = false;
  }
}

std::optional<TcpFlags> SackScoreboard::head_flags(SeqNum snd_una, std::uint32_t mss) {
  split_at(snd_una + mss);
  for (const Sent& s : sent_) {
    if (snd_una < s.end()) return s.flags;
  }
  return std::nullopt;
}

void SackScoreboard::on_head_resent(SeqNum snd_una, std::uint32_t mss, Instant at) {
  split_at(snd_una + mss);
  for (Sent& s : sent_) {
    if (!(snd_una < s.end())) continue;
    s.retransmitted = true;
    s.sent_at = at;
    return;
  }
}

bool SackScoreboard::all_in_flight() const {
  return std::none_of(sent_.begin(), sent_.end(),
                      [](const Sent& s) { return s.sacked || s.lost || s.retransmitted; });
}

bool SackScoreboard::holds_fin() const {
  return std::any_of(sent_.begin(), sent_.end(), [](const Sent& s) { return s.flags.fin(); });
}

std::optional<Instant> SackScoreboard::head_sent_at() const {
  if (sent_.empty()) return std::nullopt;
  return sent_.front().sent_at;
}

SackScoreboard::Sent* SackScoreboard::last_for_probe(std::uint32_t mss) {
  if (sent_.empty()) return nullptr;
  const Sent& last = sent_.back();
  const std::uint32_t payload = last.len - (last.flags.fin() ? 1 : 0);
  if (mss > 0 && payload > mss) split_at(last.seq + (payload - 1) / mss * mss);
  return &sent_.back();
}

std::vector<SackScoreboard::Sent*> SackScoreboard::to_retransmit() {
  std::vector<Sent*> out;
  for (Sent& s : sent_) {
    if (s.lost && !s.retransmitted) out.push_back(&s);
  }
  return out;
}

void SackScoreboard::clear() {
  sent_.clear();
  rack_sent_at_.reset();
}

}  // namespace tcplab
