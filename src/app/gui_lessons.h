#pragma once
// Where tcplab-gui finds its lessons (the lessons/ directory) and how it runs them: the model,
// and the real kernel compared with the model (when this build has the kernel backend).
#include <filesystem>
#include <optional>
#include <vector>

#include "gui/views/gui_app.h"

namespace tcplab::gui {

// The provider lists, loads and runs the lessons of `dir` (find_lessons_dir()), and finds their
// kernel recordings in recordings/ beside it; without a lessons directory it lists nothing.
LessonProvider lesson_provider(const std::optional<std::filesystem::path>& dir);

}  // namespace tcplab::gui
