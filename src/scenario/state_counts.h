#pragma once
// Sockets per state over time, per host: the model's version of seed 004's
// `netstat -n | awk '/^tcp/ {++state[$NF]} END {...}'`, as CSV ready for a chart.
#include <string>

#include "core/trace.h"

namespace tcplab {

// One row each time a host's counts change: "t_s,host,LISTEN,SYN_SENT,...,TIME_WAIT".
// Columns use netstat's state names; CLOSED is not counted (a closed socket is gone).
std::string state_counts_csv(const Trace& trace);

}  // namespace tcplab
