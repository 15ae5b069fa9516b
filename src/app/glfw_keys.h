#pragma once
// The app's key for a GLFW key code: one table for both platform files (the desktop's GLFW and
// the browser's, where Emscripten reports keys with GLFW's codes).
#include <optional>

#include "gui/views/gui_app.h"

namespace tcplab::gui {

std::optional<AppKey> app_key_for_glfw(int glfw_key);

}  // namespace tcplab::gui
