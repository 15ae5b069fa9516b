#pragma once
// The backends `tcplab --backend NAME` can run a lesson on. A backend that is not part of this
// build is named with the reason, so the user learns why instead of seeing "unknown".
#include <memory>
#include <string>
#include <vector>

#include "scenario/backend.h"

namespace tcplab {

std::vector<std::string> backend_names();  // every name --backend accepts

// The backend called `name`; throws ScenarioError if it is unknown or not built.
std::unique_ptr<Backend> make_backend(const std::string& name);

}  // namespace tcplab
