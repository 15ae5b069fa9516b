#include "real/drop_faults.h"

#include <cstdlib>
#include <memory>
#include <regex>
#include <sstream>

#include <nftables/libnftables.h>

#include "core/network.h"
#include "real/nfqueue_faults.h"

namespace tcplab::real {

namespace {

std::string fault_name(std::size_t index, const FaultSpec& f) {
  std::string name = "fault " + std::to_string(index + 1);
  if (!f.description.empty()) name += " (" + f.description.en + ")";
  const std::string where = f.where.to_string();
  if (!where.empty()) name = where + ": " + name;
  return name;
}

std::string flag_names(TcpFlags flags) {
  std::string out;
  auto add = [&](TcpFlag f, const char* name) {
    if (!flags.has(f)) return;
    if (!out.empty()) out += '|';
    out += name;
  };
  add(TcpFlag::Fin, "fin");
  add(TcpFlag::Syn, "syn");
  add(TcpFlag::Rst, "rst");
  add(TcpFlag::Psh, "psh");
  add(TcpFlag::Ack, "ack");
  return out;
}

struct NftContext {
  nft_ctx* ctx = nft_ctx_new(NFT_CTX_DEFAULT);
  NftContext() {
    if (ctx) {
      nft_ctx_buffer_output(ctx);
      nft_ctx_buffer_error(ctx);
    }
  }
  ~NftContext() {
    if (ctx) nft_ctx_free(ctx);
  }
  NftContext(const NftContext&) = delete;
  NftContext& operator=(const NftContext&) = delete;
};

}  // namespace

std::vector<std::string> unsupported_faults(const Scenario& scenario,
                                            const std::vector<FaultSpec>& faults,
                                            bool have_namespace) {
  std::vector<std::string> reasons;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const FaultSpec& f = faults[i];
    const std::string name = fault_name(i, f);
    switch (f.action) {
      case FaultAction::Drop:
        break;
      case FaultAction::Delay:
      case FaultAction::Duplicate:
      case FaultAction::Reorder: {
        if (!have_namespace) break;  // said below
        // No netem here (CONFIG_NET_SCH_NETEM unset): a netfilter queue holds the segment.
        const NfqueueAvailability& queue = nfqueue_availability();
        if (queue.available) {
          if (f.delay.count() < 0) reasons.push_back(name + ": delay must be 0 or more");
          break;
        }
        reasons.push_back(name +
                          ": delaying, duplicating or reordering a segment on loopback needs a "
                          "netfilter queue (NFQUEUE) in the run's namespace, which " +
                          (queue.known ? "this kernel refused: " : "could not be checked: ") +
                          queue.detail);
        continue;
      }
      case FaultAction::RandomLoss:
        reasons.push_back(name +
                          ": random loss cannot be replayed exactly on a real kernel (which "
                          "segments were lost would not be known); use the model, or drop "
                          "named segments");
        continue;
    }
    if (!have_namespace) {
      reasons.push_back(name +
                        (f.action == FaultAction::Drop
                             ? ": dropping a segment needs nftables rules"
                             : ": delaying, duplicating or reordering a segment needs a netfilter "
                               "queue") +
                        " in a private network namespace, which could not be made here");
      continue;
    }
    const SegmentMatcher& m = f.match;
    if (!m.from.empty() && !scenario.host(m.from))
      reasons.push_back(name + ": unknown host '" + m.from + "'");
    if (!m.to.empty() && !scenario.host(m.to))
      reasons.push_back(name + ": unknown host '" + m.to + "'");
    if (m.nth < 1 || m.count == 0 || m.count < -1) {
      reasons.push_back(name + ": nth must be 1 or more and count 1 or more (or -1 for all)");
    }
    if (m.nth + std::max(m.count, 0) > 200) {
      reasons.push_back(name + ": counts beyond 200 matches are not supported in kernel mode");
    }
  }
  return reasons;
}

namespace {

// What a fault matches besides the sequence number, as an nft expression.
std::string match_expression(const Scenario& scenario, const SegmentMatcher& m) {
  std::string match = "meta l4proto tcp ";
  if (m.segment_id) return match;  // the Nth segment of the whole trace: every TCP packet counts
  if (const HostSpec* from = scenario.host(m.from))
    match += "ip saddr " + to_string(from->address) + " ";
  if (const HostSpec* to = scenario.host(m.to)) match += "ip daddr " + to_string(to->address) + " ";
  if (m.flags) match += "tcp flags & (fin|syn|rst|psh|ack) == " + flag_names(*m.flags) + " ";
  return match;
}

std::pair<int, int> nth_and_count(const SegmentMatcher& m) {
  if (m.segment_id) return {static_cast<int>(*m.segment_id), 1};
  return {m.nth, m.count};
}

int stage_count(int nth, int count) { return count < 0 ? nth - 1 : nth - 1 + count; }

// Counting with sets whose one element (the protocol number) is added by the packet path: set
// f<i>_<k> holds an element once k matches have been seen. Rules run from the highest stage down,
// so each packet advances the count by exactly one. Each line starts with `lead`.
std::string stage_rules(std::size_t index, const std::string& match, int nth, int count,
                        const std::string& lead) {
  std::ostringstream rules;
  const std::string prefix = "f" + std::to_string(index) + "_";
  const int stages = stage_count(nth, count);
  const std::string comment = " comment \"fault " + std::to_string(index) + "\"";
  if (count < 0) {
    rules << lead << match
          << (nth > 1 ? "ip protocol @" + prefix + std::to_string(nth - 1) + " " : "")
          << "counter drop" << comment << "\n";
  }
  for (int j = stages - 1; j >= 0; --j) {
    rules << lead << match;
    if (j > 0) rules << "ip protocol @" << prefix << j << " ";
    rules << "ip protocol != @" << prefix << (j + 1) << " add @" << prefix << (j + 1)
          << " { ip protocol } ";
    if (j >= nth - 1) rules << "counter drop" << comment;
    rules << "\n";
  }
  return rules.str();
}

}  // namespace

std::string nft_ruleset(const Scenario& scenario, const std::vector<FaultSpec>& faults) {
  std::ostringstream sets;
  std::ostringstream rules;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const FaultSpec& f = faults[i];
    if (f.action != FaultAction::Drop) continue;
    const auto [nth, count] = nth_and_count(f.match);
    for (int k = 1; k <= stage_count(nth, count); ++k) {
      sets << "  set f" << i << "_" << k << " { type inet_proto; flags dynamic; }\n";
    }
    // Faults naming a relative sequence number get their rules once the ISN is known.
    if (f.match.rel_seq && !f.match.segment_id) continue;
    rules << stage_rules(i, match_expression(scenario, f.match), nth, count, "    ");
  }
  std::ostringstream out;
  out << "table inet tcplab {\n"
      << sets.str() << "  chain faults {\n    type filter hook input priority 0; policy accept;\n"
      << rules.str() << "  }\n}\n";
  return out.str();
}

std::string nft_rules_for_isn(const Scenario& scenario, const std::vector<FaultSpec>& faults,
                              const Segment& syn) {
  std::string out;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const FaultSpec& f = faults[i];
    if (f.action != FaultAction::Drop || !f.match.rel_seq || f.match.segment_id) continue;
    const HostSpec* from = scenario.host(f.match.from);
    const HostSpec* to = scenario.host(f.match.to);
    if ((from && from->address != syn.src.ip) || (to && to->address != syn.dst.ip)) continue;
    const std::uint32_t seq = syn.seq.raw() + *f.match.rel_seq;
    const std::string match =
        match_expression(scenario, f.match) + "ip saddr " + to_string(syn.src.ip) + " ip daddr " +
        to_string(syn.dst.ip) + " tcp sport " + std::to_string(syn.src.port) + " tcp dport " +
        std::to_string(syn.dst.port) + " tcp sequence " + std::to_string(seq) + " ";
    const auto [nth, count] = nth_and_count(f.match);
    out += stage_rules(i, match, nth, count, "add rule inet tcplab faults ");
  }
  return out;
}

std::string nft_load(const std::string& ruleset) {
  NftContext nft;
  if (!nft.ctx) return "libnftables: cannot create a context";
  if (nft_run_cmd_from_buffer(nft.ctx, ruleset.c_str()) != 0) {
    std::string error = nft_ctx_get_error_buffer(nft.ctx);
    return "nftables refused the drop rules: " +
           (error.empty() ? std::string("(no message)") : error);
  }
  return "";
}

long nft_dropped_total() {
  NftContext nft;
  if (!nft.ctx) return -1;
  if (nft_run_cmd_from_buffer(nft.ctx, "list table inet tcplab") != 0) return -1;
  const std::string listing = nft_ctx_get_output_buffer(nft.ctx);
  static const std::regex counter(R"(counter packets (\d+) bytes \d+ drop)");
  long total = 0;
  for (auto it = std::sregex_iterator(listing.begin(), listing.end(), counter);
       it != std::sregex_iterator(); ++it) {
    total += std::strtol((*it)[1].str().c_str(), nullptr, 10);
  }
  return total;
}

long mark_dropped(Trace& trace, const Scenario& scenario, const std::vector<FaultSpec>& faults) {
  // The model's own wire decides, counting matches in trace order as the rules did.
  Network wire(0);
  for (const FaultSpec& f : faults)
    if (f.action == FaultAction::Drop) wire.add_fault(to_fault(f, scenario));
  long dropped = 0;
  for (std::uint64_t id = 1; id <= trace.segment_count(); ++id) {
    SegmentEvent* s = trace.segment_by_id(id);
    const WireFate fate = wire.decide({id, &s->segment, &s->from.str(), &s->to.str(), s->rel_seq});
    if (!fate.dropped) continue;
    s->fate = SegmentFate::Dropped;
    s->fault = fate.fault;
    s->reason = reason_text(*s);
    ++dropped;
  }
  return dropped;
}

}  // namespace tcplab::real
