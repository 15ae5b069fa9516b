#pragma once
// Loads the GUI's fonts into ImGui's atlas: a CJK font found at run time (with only the glyphs
// the lessons and the UI use), at a normal and a presentation size; ImGui's own font otherwise.
#include <string>
#include <vector>

struct ImFont;

namespace tcplab::gui {

struct LoadedFonts {
  ImFont* normal = nullptr;
  ImFont* presentation = nullptr;
  bool cjk = false;
  std::string message;  // what was loaded, or what to install
};

// `texts`: every string that will be drawn with non-Latin characters (lesson narration in zh).
// `font_list`: the contents of assets/fonts.txt ("" for the built-in candidates).
// Must run before the renderer builds the font texture.
LoadedFonts load_fonts(const std::vector<std::string>& texts, const std::string& font_list);

}  // namespace tcplab::gui
