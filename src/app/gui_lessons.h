#pragma once
// Where tcplab-gui finds its lessons (the lessons/ directory) and how it runs them: the model,
// and the real kernel compared with the model (when this build has the kernel backend).
#include <filesystem>
#include <optional>
#include <vector>

#include "gui/views/gui_app.h"

namespace tcplab::gui {

// Looks for lessons/ in each of `candidates` (first hit wins); the provider lists, loads and runs
// them. Without a lessons directory the provider lists nothing.
LessonProvider lesson_provider(const std::vector<std::filesystem::path>& candidates);

}  // namespace tcplab::gui
