#include "core/reassembly.h"

#include <algorithm>

namespace tcplab {

void ReassemblyQueue::insert(SeqNum seq, std::string_view data, bool fin) {
  Range merged{seq, std::string(data), fin, ++clock_};
  std::vector<Range> kept;
  for (Range& r : ranges_) {
    // Apart: neither overlaps nor touches the new bytes.
    if (r.right() < merged.left || merged.right() < r.left) {
      kept.push_back(std::move(r));
      continue;
    }
    // Join the two into one block (tcp_sack_extend, tcp_sack_maybe_coalesce); bytes held first
    // stay, the new segment fills around them.
    const SeqNum left = std::min(r.left, merged.left);
    const SeqNum right = std::max(r.right(), merged.right());
    std::string bytes(static_cast<std::size_t>(right - left), '\0');
    bytes.replace(static_cast<std::size_t>(merged.left - left), merged.data.size(), merged.data);
    bytes.replace(static_cast<std::size_t>(r.left - left), r.data.size(), r.data);
    merged.fin = (merged.fin && merged.right() == right) || (r.fin && r.right() == right);
    merged.left = left;
    merged.data = std::move(bytes);
  }
  kept.push_back(std::move(merged));
  std::sort(kept.begin(), kept.end(),
            [](const Range& a, const Range& b) { return a.left < b.left; });
  ranges_ = std::move(kept);
}

ReassemblyQueue::InOrder ReassemblyQueue::take_in_order(SeqNum rcv_nxt) {
  InOrder out;
  std::vector<Range> kept;
  for (Range& r : ranges_) {
    if (r.right() <= rcv_nxt && !(r.fin && r.right() == rcv_nxt)) continue;  // all had already
    if (r.left <= rcv_nxt) {
      // Continues at RCV.NXT: deliver what lies beyond it.
      out.data += r.data.substr(static_cast<std::size_t>(rcv_nxt - r.left));
      out.fin = r.fin;
      rcv_nxt = r.right();
      continue;
    }
    kept.push_back(std::move(r));
  }
  ranges_ = std::move(kept);
  return out;
}

std::vector<SackBlock> ReassemblyQueue::sack_blocks(std::size_t max) const {
  std::vector<const Range*> by_recency;
  for (const Range& r : ranges_) by_recency.push_back(&r);
  std::sort(by_recency.begin(), by_recency.end(),
            [](const Range* a, const Range* b) { return a->touched > b->touched; });
  std::vector<SackBlock> blocks;
  for (const Range* r : by_recency) {
    if (blocks.size() == max) break;
    blocks.push_back({r->left, r->right() + (r->fin ? 1 : 0)});  // a FIN takes a number (end_seq)
  }
  return blocks;
}

}  // namespace tcplab
