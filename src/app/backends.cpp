#include "app/backends.h"

#include "scenario/model_backend.h"
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
#include "real/kernel_backend.h"
#include "real/script_kernel_runner.h"
#endif

namespace tcplab {

namespace {

#ifdef TCPLAB_HAVE_KERNEL_BACKEND
// The kernel backend says "cannot run here" with its own exception; the command line reports it
// like any other reason a lesson cannot run (exit code 2), naming every cause; the GUI shows the
// model's run with the reasons (BackendCannotRun keeps them).
class KernelBackendForCli final : public Backend {
 public:
  explicit KernelBackendForCli(KernelBackendOptions options = {}) : kernel_(std::move(options)) {}
  std::string name() const override { return kernel_.name(); }
  RunResult run(const Scenario& scenario, const RunOptions& options) override {
    try {
      return kernel_.run(scenario, options);
    } catch (const KernelCannotRun& e) {
      std::string reasons;
      for (const auto& r : e.reasons()) reasons += (reasons.empty() ? "" : "; ") + r;
      throw BackendCannotRun("the kernel cannot run lesson '" + scenario.id + "': " + reasons,
                             e.reasons());
    }
  }

  const KernelBackend& kernel() const { return kernel_; }
  KernelBackend& kernel() { return kernel_; }

 private:
  KernelBackend kernel_;
};
#endif

}  // namespace

std::vector<std::string> backend_names() {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  return {"model", "kernel"};
#else
  return {"model"};
#endif
}

std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "model") return std::make_unique<ModelBackend>();
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  if (name == "kernel") return std::make_unique<KernelBackendForCli>();
#else
  if (name == "kernel") {
    throw ScenarioError({},
                        "the kernel backend is not part of this build (it needs Linux and "
                        "TCPLAB_BUILD_REAL=ON with libpcap-dev, libmnl-dev, libnftables-dev)");
  }
#endif
  std::string known;
  for (const auto& n : backend_names()) known += (known.empty() ? "" : ", ") + n;
  throw ScenarioError({}, "unknown backend '" + name + "' (known: " + known + ")");
}

std::unique_ptr<Backend> make_kernel_backend(const ForkCallbacks& hooks) {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  KernelBackendOptions options;
  options.before_fork = hooks.before;
  options.after_fork = hooks.after;
  return std::make_unique<KernelBackendForCli>(std::move(options));
#else
  (void)hooks;
  return make_backend("kernel");  // says why it is not built
#endif
}

void request_stop(Backend& backend) {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  if (auto* cli = dynamic_cast<KernelBackendForCli*>(&backend)) cli->kernel().request_stop();
  if (auto* kernel = dynamic_cast<KernelBackend*>(&backend)) kernel->request_stop();
#else
  (void)backend;
#endif
}

std::atomic<bool>* stop_request(Backend& backend) {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  if (auto* cli = dynamic_cast<KernelBackendForCli*>(&backend))
    return &cli->kernel().stop_request();
  if (auto* kernel = dynamic_cast<KernelBackend*>(&backend)) return &kernel->stop_request();
#else
  (void)backend;
#endif
  return nullptr;
}

Duration kernel_time_limit(const Scenario& scenario, const RunOptions& options) {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  return options.time_limit.value_or(
      std::min<Duration>(KernelBackendOptions{}.default_time_limit, scenario.time_limit));
#else
  return options.time_limit.value_or(scenario.time_limit);
#endif
}

std::vector<std::string> cannot_run(const Backend& backend, const Scenario& scenario,
                                    const RunOptions& options) {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  if (const auto* cli = dynamic_cast<const KernelBackendForCli*>(&backend)) {
    return cli->kernel().cannot_run(scenario, options);
  }
  if (const auto* kernel = dynamic_cast<const KernelBackend*>(&backend)) {
    return kernel->cannot_run(scenario, options);
  }
#else
  (void)backend;
  (void)scenario;
  (void)options;
#endif
  return {};
}

packetdrill::ScriptRun run_script_on_kernel(const packetdrill::Script& script,
                                            const ForkCallbacks& hooks) {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
  try {
    real::ScriptKernelOptions options;
    options.fork_hooks = {hooks.before, hooks.after};
    return real::run_script_on_kernel(script, options);
  } catch (const KernelCannotRun& e) {
    std::string reasons;
    for (const auto& r : e.reasons()) reasons += (reasons.empty() ? "" : "; ") + r;
    throw BackendCannotRun("the kernel cannot run script '" + script.file + "': " + reasons,
                           e.reasons());
  }
#else
  (void)script;
  (void)hooks;
  make_backend("kernel");  // says why it is not built
  return {};
#endif
}

}  // namespace tcplab
