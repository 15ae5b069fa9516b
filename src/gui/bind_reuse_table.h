#pragma once
// The SO_REUSEADDR table of a server restart: one row per bind() that met a port an earlier
// socket held, with both sockets' SO_REUSEADDR, what held the port and what bind() returned.
// Read off the trace's typed calls (the scenario's step behind each, never its args text) and
// the model's typed notes (core/call_why.h), so it is the run's own table, not one typed in.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/errno_code.h"
#include "core/port_table.h"
#include "core/trace.h"
#include "scenario/scenario.h"

namespace tcplab::gui {

struct BindReuseRow {
  std::size_t event = 0;  // the bind() call's index in the trace: shown once the cursor is past it
  std::string host;
  SocketAddress local;  // the address bound
  // SO_REUSEADDR of the socket that bound the port before (a TIME-WAIT entry or accepted
  // connection keeps its listener's); nullopt when the trace does not say.
  std::optional<bool> old_reuse;
  bool new_reuse = false;  // SO_REUSEADDR of the socket calling bind()
  BindConflict::Holder holder = BindConflict::Holder::TimeWait;
  std::int64_t result = 0;  // 0, or -1 with `error`
  Errno error = Errno::None;
  bool operator==(const BindReuseRow&) const = default;
};

// Every bind() of `trace` that met a held port, in trace order; `scenario` is the one it ran.
std::vector<BindReuseRow> bind_reuse_rows(const Trace& trace, const Scenario& scenario);
// The rows the class has seen at cursor step `step` (step k: just after event k, 1-based).
std::vector<BindReuseRow> rows_reached(const std::vector<BindReuseRow>& rows, std::size_t step);

}  // namespace tcplab::gui
