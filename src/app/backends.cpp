#include "app/backends.h"

#ifdef TCPLAB_HAVE_MODEL_BACKEND
#include "scenario/model_backend.h"
#endif

namespace tcplab {

std::vector<std::string> backend_names() { return {"model"}; }

std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "model") {
#ifdef TCPLAB_HAVE_MODEL_BACKEND
    return std::make_unique<ModelBackend>();
#else
    throw ScenarioError({},
                        "the model backend is not built into this tcplab yet "
                        "(src/scenario/model_backend.cpp is missing)");
#endif
  }
  std::string known;
  for (const auto& n : backend_names()) known += (known.empty() ? "" : ", ") + n;
  throw ScenarioError({}, "unknown backend '" + name + "' (known: " + known + ")");
}

}  // namespace tcplab
