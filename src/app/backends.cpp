#include "app/backends.h"

#include "scenario/model_backend.h"

namespace tcplab {

std::vector<std::string> backend_names() { return {"model"}; }

std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "model") {
    return std::make_unique<ModelBackend>();
  }
  std::string known;
  for (const auto& n : backend_names()) known += (known.empty() ? "" : ", ") + n;
  throw ScenarioError({}, "unknown backend '" + name + "' (known: " + known + ")");
}

}  // namespace tcplab
