#pragma once
// Draws FrameGeometry with an ImDrawList: the only place the ladder's shapes meet ImGui.
#include <imgui.h>

#include "gui/geometry.h"

namespace tcplab::gui {

ImU32 to_imgui(Rgba c);
// An opaque colour as ImGui's widgets take it (TextColored, PushStyleColor, ColorButton).
inline ImVec4 to_imvec4(Rgba c) { return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1}; }
inline ImVec2 to_imgui(Vec2 v) { return {v.x, v.y}; }
void draw_geometry(ImDrawList& list, const FrameGeometry& frame);

}  // namespace tcplab::gui
