#pragma once
// Draws FrameGeometry with an ImDrawList: the only place the ladder's shapes meet ImGui.
#include <imgui.h>

#include "gui/geometry.h"

namespace tcplab::gui {

ImU32 to_imgui(Rgba c);
inline ImVec2 to_imgui(Vec2 v) { return {v.x, v.y}; }
void draw_geometry(ImDrawList& list, const FrameGeometry& frame);

}  // namespace tcplab::gui
