#pragma once
// The window behind tcplab-gui. Its implementations are the only files in tcplab that include
// GLFW and OpenGL: gui_backend_glfw.cpp (the desktop) and gui_backend_web.cpp (a browser).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gui/views/gui_app.h"

namespace tcplab::gui {

// One offscreen picture: the app is made ready (step, mode), a frame of width x height is drawn
// until it settles, then saved as a PNG and/or a layout report (every text drawn, as JSON).
struct ScreenshotShot {
  std::function<void()> prepare;  // may be empty
  int width = 1600;
  int height = 1000;
  std::optional<std::filesystem::path> png;
  std::optional<std::filesystem::path> layout;
};

struct WindowOptions {
  int width = 1600;
  int height = 1000;
  std::string title = "tcplab";
  // Render this many frames offscreen at width x height, save the last as a PNG, and exit.
  std::optional<std::filesystem::path> screenshot;
  std::optional<std::filesystem::path> layout;  // with screenshot: the layout report too
  // Instead of one screenshot: these, one after the other, in one process (a test's matrix).
  std::vector<ScreenshotShot> shots;
  std::optional<std::filesystem::path> imgui_ini;  // window layout; none in screenshot mode
  std::string font_list;                           // contents of assets/fonts.txt, if found
  // The characters the font atlas must hold, when the platform knows them (the browser's font is
  // cut to them; it rasterises the Chinese ones when the page first shows Chinese); otherwise
  // the app's texts_needing_glyphs(), which reads every lesson.
  std::optional<std::string> glyphs;
  std::function<void()> extra_ui;     // the platform's own ImGui widgets, after the app's
  std::function<void()> after_frame;  // called after each frame is drawn
};

// Runs until the window is closed (or the screenshot is written). Returns the exit status.
// In a browser it returns at once, the page's frame loop running on (options are kept).
int run_window(GuiApp& app, const WindowOptions& options);

}  // namespace tcplab::gui
