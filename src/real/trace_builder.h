#pragma once
// Turns what a kernel run collected (packets, calls, sock_diag changes) into a Trace: segments
// labelled with the sending socket, dropped ones marked, states per socket (observed, and the
// short-lived ones the polls missed inferred from the segments, saying so), TIME-WAIT and
// retransmit timers, calls and notes, merged in time order.
#include <vector>

#include "core/trace.h"
#include "real/run_record.h"
#include "scenario/scenario.h"

namespace tcplab::real {

struct BuildOptions {
  std::vector<FaultSpec> faults;  // drops applied by nftables, replayed to mark segments
  bool rfc1337 = false;           // a RST received in TIME-WAIT is ignored
  Duration poll_interval{};
};

// Fills `trace`'s events (its backend, hosts and warnings are kept and added to).
void build_trace(const Scenario& scenario, const RunRecord& record, const BuildOptions& options, Trace& trace);

}  // namespace tcplab::real
