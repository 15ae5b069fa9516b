#pragma once
// Runs a packetdrill script on the real Linux kernel, unprivileged: in a private user+net
// namespace made for the run (sandbox.*), lo is the wire (script_wire.*). The host under test is
// the kernel's socket at 192.168.0.1, making the script's calls on one syscall thread (packetdrill
// has one); the remote peer is the script: `<` lines are written onto lo at their times, `>` lines
// are matched (script_expect.*, the model's own matcher) against what the socket sends. The first
// failure is reported with its line and what the kernel sent instead. Timing is judged causally:
// a segment or a call that comes late while this run's threads waited for a CPU (schedstat) is
// said so, not called a timing failure.
#include "core/time.h"
#include "packetdrill/script.h"
#include "packetdrill/script_runner.h"
#include "real/sandbox.h"

namespace tcplab::real {

struct ScriptKernelOptions {
  // The longest the script may run (a `*` line waits at most this long).
  Duration time_limit = std::chrono::seconds(60);
  // Around the fork of the run's child: a caller with other threads (the GUI's frame loop) parks
  // them so that no lock they hold is copied held into the child.
  ForkHooks fork_hooks;
};

// Throws ScriptError for a script that cannot run as written (an ack before the host sent a SYN
// ...), KernelCannotRun when no private namespace can be made here, std::runtime_error when the
// run itself failed.
packetdrill::ScriptRun run_script_on_kernel(const packetdrill::Script& script,
                                            const ScriptKernelOptions& options = {});

}  // namespace tcplab::real
