#pragma once
// How the panels look this frame: theme, size, language. Presentation mode changes all three.
#include <string>

#include "gui/palette.h"

struct ImFont;

namespace tcplab::gui {

inline constexpr float kNormalFontPx = 18;
inline constexpr float kPresentationFontPx = 30;
inline constexpr float kPresentationScale = kPresentationFontPx / kNormalFontPx;

struct UiLook {
  const Theme* theme = &kLightTheme;
  float scale = 1;              // pixel sizes in the timeline and diagrams
  std::string language = "en";  // narration language: "en" or "zh"
  bool presentation = false;
  bool cjk_font = false;  // a font with Chinese glyphs was loaded
  bool projector_style = false;  // ImGui's colours are the projector theme's (set by GuiApp)
};

}  // namespace tcplab::gui
