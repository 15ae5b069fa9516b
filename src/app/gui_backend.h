#pragma once
// The window behind tcplab-gui. Its implementation (gui_backend_glfw.cpp) is the only file in
// tcplab that includes GLFW and OpenGL.
#include <filesystem>
#include <optional>
#include <string>

#include "gui/views/gui_app.h"

namespace tcplab::gui {

struct WindowOptions {
  int width = 1600;
  int height = 1000;
  std::string title = "tcplab";
  // Render this many frames offscreen at width x height, save the last as a PNG, and exit.
  std::optional<std::filesystem::path> screenshot;
  std::optional<std::filesystem::path> imgui_ini;  // window layout; none in screenshot mode
  std::string font_list;                           // contents of assets/fonts.txt, if found
};

// Runs until the window is closed (or the screenshot is written). Returns the exit status.
int run_window(GuiApp& app, const WindowOptions& options);

}  // namespace tcplab::gui
