#pragma once
// The lesson's drops as nftables rules on the input hook of the namespace (the capture on lo has
// already seen the packet there, so the trace shows it sent and then lost), and the same counting
// replayed on the captured segments to mark which ones were dropped.
#include <string>
#include <vector>

#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab::real {

// Why each fault cannot run on this kernel ("fault 3 (random-loss ...): cannot be replayed ...");
// empty if all can.
std::vector<std::string> unsupported_faults(const Scenario& scenario,
                                            const std::vector<FaultSpec>& faults,
                                            bool have_namespace);

// The nftables ruleset (table inet tcplab) that drops exactly what `faults` name.
std::string nft_ruleset(const Scenario& scenario, const std::vector<FaultSpec>& faults);

// Faults that name a relative sequence number need the direction's ISN: given the SYN (or SYN-ACK)
// that sets it, the "add rule" commands that drop what they name on that connection ("" if none).
std::string nft_rules_for_isn(const Scenario& scenario, const std::vector<FaultSpec>& faults,
                              const Segment& syn);

// Loads a ruleset with libnftables; "" or nft's error text.
std::string nft_load(const std::string& ruleset);
// The packets the drop rules' counters counted, in total; -1 if they could not be read.
long nft_dropped_total();

// Marks the segments of `trace` that `faults` dropped (fate Dropped, reason the fault's
// fault), counting matches in trace order as the rules did. Returns how many.
long mark_dropped(Trace& trace, const Scenario& scenario, const std::vector<FaultSpec>& faults);

}  // namespace tcplab::real
