#pragma once
// The receiver's out-of-order queue: bytes that arrived beyond RCV.NXT, held until the hole before
// them is filled (RFC 9293 §3.10.7.4, seventh check: "may be held for later processing"; Linux
// tcp_data_queue_ofo). With SACK it also says what it holds: the blocks of RFC 2018, the most
// recently changed first (§4; Linux tp->selective_acks, tcp_sack_new_ofo_skb).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/seq.h"
#include "core/tcp_options.h"

namespace tcplab {

class ReassemblyQueue {
 public:
  // Holds [seq, seq + data.size()), and the FIN after it when `fin`. Bytes already held are kept
  // as they are; the block that now contains these bytes becomes the most recent one.
  void insert(SeqNum seq, std::string_view data, bool fin);

  // What continues at `rcv_nxt` now (tcp_ofo_queue): its bytes, and whether the peer's FIN
  // follows them. What it returns leaves the queue, and so do blocks now below RCV.NXT
  // (tcp_sack_remove).
  struct InOrder {
    std::string data;
    bool fin = false;
  };
  InOrder take_in_order(SeqNum rcv_nxt);

  bool empty() const { return ranges_.empty(); }

  // The SACK blocks for our next ACK, most recent first, at most `max` (RFC 2018 §4: 3 when the
  // timestamps take 12 of the 40 option bytes, else 4; Linux tcp_established_options).
  std::vector<SackBlock> sack_blocks(std::size_t max) const;

 private:
  struct Range {
    SeqNum left;
    std::string data;
    bool fin = false;       // the peer's FIN follows the last byte
    std::uint64_t touched;  // when this block last changed: larger is more recent
    SeqNum right() const { return left + static_cast<std::uint32_t>(data.size()); }
  };
  std::vector<Range> ranges_;  // in sequence order, disjoint and not adjacent
  std::uint64_t clock_ = 0;
};

}  // namespace tcplab
