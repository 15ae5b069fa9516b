#pragma once
// The backends `tcplab --backend NAME` can run a lesson on. A backend that is not part of this
// build is named with the reason, so the user learns why instead of seeing "unknown".
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "packetdrill/script.h"
#include "packetdrill/script_runner.h"
#include "scenario/backend.h"

namespace tcplab {

// A backend that cannot run a lesson here (the kernel: no namespace for its faults ...), each
// reason one sentence; a ScenarioError, so the command line reports it like a bad lesson.
class BackendCannotRun : public ScenarioError {
 public:
  BackendCannotRun(const std::string& what, std::vector<std::string> reasons)
      : ScenarioError({}, what), reasons_(std::move(reasons)) {}
  const std::vector<std::string>& reasons() const { return reasons_; }

 private:
  std::vector<std::string> reasons_;
};

std::vector<std::string> backend_names();  // every name --backend accepts

// The backend called `name`; throws ScenarioError if it is unknown or not built.
std::unique_ptr<Backend> make_backend(const std::string& name);

// Called around each fork() of the kernel backend's sandbox, on the thread running it (the GUI
// parks its frame loop there: see gui/fork_gate.h).
struct ForkCallbacks {
  std::function<void()> before;
  std::function<void()> after;
};

// The kernel backend, with `hooks` around its forks; throws ScenarioError when it is not built.
std::unique_ptr<Backend> make_kernel_backend(const ForkCallbacks& hooks);

// Asks a run of `backend` in progress on another thread to stop now and return what it has
// (the kernel's; the model's runs are too short to need it). Safe before and after the run.
void request_stop(Backend& backend);
// The flag request_stop() sets, for a signal handler (setting it is the request); nullptr for a
// backend whose runs are not stopped that way.
std::atomic<bool>* stop_request(Backend& backend);

// How long a kernel run of `scenario` may last at most (its own limit, or the backend's default
// that lets TIME-WAIT expire), for a progress bar.
Duration kernel_time_limit(const Scenario& scenario, const RunOptions& options);

// Why `backend` cannot run `scenario` here (the kernel: random loss, no netfilter queue ...); empty
// if it can, and always empty for the model.
std::vector<std::string> cannot_run(const Backend& backend, const Scenario& scenario,
                                    const RunOptions& options);

// Runs a packetdrill script on the real kernel in a private namespace; throws ScenarioError when
// the kernel backend is not built, BackendCannotRun when no namespace can be made here.
// `hooks` run around its fork (the GUI parks its frame loop there).
packetdrill::ScriptRun run_script_on_kernel(const packetdrill::Script& script,
                                            const ForkCallbacks& hooks = {});

}  // namespace tcplab
