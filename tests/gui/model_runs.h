#pragma once
// The traces the GUI tests draw, step and table: lessons run on the model, never written by hand.
#include <filesystem>
#include <string>

#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::gui {

inline Trace model_trace(const Scenario& scenario, const RunOptions& options = {}) {
  return ModelBackend().run(scenario, options).trace;
}

// The lesson `id` of this source tree's lessons/ on the model, as `tcplab-gui --lesson ID` runs it.
inline Trace lesson_trace(const std::string& id) {
  const std::filesystem::path dir = std::filesystem::path(TCPLAB_SOURCE_DIR) / "lessons";
  return model_trace(load_lesson_file(resolve_lesson(id, dir)));
}

}  // namespace tcplab::gui
