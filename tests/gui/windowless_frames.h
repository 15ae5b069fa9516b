#pragma once
// Frames of a GuiApp without a window: ImGui's own context with its default font, for tests of
// what a frame does (the app's panels, exports) rather than of what it looks like.
#include <imgui.h>

#include "gui/views/gui_app.h"

namespace tcplab::gui {

class WindowlessFrames {
 public:
  WindowlessFrames() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = {1280, 720};
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~WindowlessFrames() { ImGui::DestroyContext(); }
  WindowlessFrames(const WindowlessFrames&) = delete;
  WindowlessFrames& operator=(const WindowlessFrames&) = delete;
  void frame(GuiApp& app) {
    ImGui::GetIO().DeltaTime = 1.0f / 60;
    ImGui::NewFrame();
    app.frame(1.0 / 60);
    ImGui::Render();
  }
};

}  // namespace tcplab::gui
