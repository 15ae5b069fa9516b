#include "app/backends.h"

#include "scenario/model_backend.h"
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
#include "real/kernel_backend.h"
#endif

namespace tcplab {

std::vector<std::string> backend_names() { return {"model", "kernel"}; }

std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "model") {
    return std::make_unique<ModelBackend>();
  }
  if (name == "kernel") {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
    return std::make_unique<KernelBackend>();
#else
    throw ScenarioError({},
                        "the kernel backend is not part of this build (it needs Linux and "
                        "TCPLAB_BUILD_REAL=ON with libpcap-dev, libmnl-dev, libnftables-dev)");
#endif
  }
  std::string known;
  for (const auto& n : backend_names()) known += (known.empty() ? "" : ", ") + n;
  throw ScenarioError({}, "unknown backend '" + name + "' (known: " + known + ")");
}

std::vector<std::string> cannot_run(const Backend& backend, const Scenario& scenario,
                                    const RunOptions& options) {
#ifdef TCPLAB_HAVE_KERNEL_BACKEND
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

}  // namespace tcplab
