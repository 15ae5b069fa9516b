#pragma once
// The sandbox: a forked child in a fresh private network namespace (and user namespace when not
// root) with only `lo`, brought up. Whatever the run creates — sockets, nftables rules, sysctls,
// threads — lives in that child and dies with it. The child's answer comes back over a pipe.
#include <atomic>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "core/time.h"
#include "core/trace.h"

namespace tcplab::real {

// PrivateNamespace: unshare(CLONE_NEWNET) (+ CLONE_NEWUSER when not root); else the host's lo.
using tcplab::Isolation;

struct SandboxOutcome {
  enum class Status {
    Finished,          // the body ran and returned its payload
    NamespaceRefused,  // the namespace could not be made; `message` says why and how to allow it
    Crashed,           // the child died without an answer
    Killed,            // the hard time limit or a stop request killed it
  };
  Status status = Status::Crashed;
  std::string payload;  // run_sandboxed's text answer (empty for run_sandboxed_streamed)
  std::string message;
};

// In the child, once the body's work is done: writes the answer to the pipe as a stream.
using AnswerWriter = std::function<void(std::ostream& out)>;
// In the parent, as the answer arrives: reads it all (to EOF); throws on an answer it cannot read.
using AnswerReader = std::function<void(std::istream& in)>;

// Called in the parent just before and just after fork(): a multi-threaded caller (the GUI) parks
// its other threads there, so none holds a lock the child would need (fork copies only the
// calling thread, and any lock another thread held stays held in the child forever).
struct ForkHooks {
  std::function<void()> before;
  std::function<void()> after;
};

// Runs `body` in a forked child isolated as asked. `body` gets a file descriptor that becomes
// readable when the parent asks the run to stop early (`stop` set). The child is killed after
// `hard_limit` whatever it is doing, and when the parent process dies.
SandboxOutcome run_sandboxed(Isolation isolation,
                             const std::function<std::string(int stop_fd)>& body,
                             Duration hard_limit, const std::atomic<bool>* stop = nullptr,
                             const ForkHooks& hooks = {});

// The same, the answer streamed: `body` returns the writer of its answer (its exceptions before
// that are the run's failure), and `reader` reads the answer while the child writes it (the
// hard limit and `stop` still apply). Finished only when the reader read the whole answer and
// the child then exited with status 0; a child that died mid-write is Crashed, its message saying
// how it died and where the answer broke off.
SandboxOutcome run_sandboxed_streamed(Isolation isolation,
                                      const std::function<AnswerWriter(int stop_fd)>& body,
                                      const AnswerReader& reader, Duration hard_limit,
                                      const std::atomic<bool>* stop = nullptr,
                                      const ForkHooks& hooks = {});

// Why unprivileged namespaces are refused here, read from the switches that decide it, with the
// command that allows them; "" when no switch says no.
std::string namespace_policy_explanation();

}  // namespace tcplab::real
