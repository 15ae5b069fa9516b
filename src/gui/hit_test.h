#pragma once
// Which segment arrow a click landed on, from the arrows the last frame drew.
#include <cstdint>
#include <optional>

#include "gui/geometry.h"

namespace tcplab::gui {

inline constexpr float kHitTolerancePx = 6;

// Distance from p to the segment a-b.
float distance_to_segment(Vec2 p, Vec2 a, Vec2 b);
// The id of the arrow nearest to `point` within `tolerance_px`, if any.
std::optional<std::uint64_t> hit_segment(const FrameGeometry& frame, Vec2 point,
                                         float tolerance_px = kHitTolerancePx);

}  // namespace tcplab::gui
