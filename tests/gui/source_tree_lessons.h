#pragma once
// The shipped lessons from the source tree, run on the model: what the GUI's lesson list offers,
// for tests that drive a whole GuiApp.
#include <filesystem>
#include <string>

#include "gui/views/gui_app.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::gui {

inline LessonProvider source_tree_lessons() {
  LessonProvider provider;
  const std::filesystem::path dir = TCPLAB_SOURCE_DIR "/lessons";
  provider.load = [dir](const std::string& id) {
    return load_lesson_file(resolve_lesson(id, dir));
  };
  provider.run = [](const Scenario& scenario, const RunOptions& options) {
    return ModelBackend().run(scenario, options);
  };
  return provider;
}

}  // namespace tcplab::gui
