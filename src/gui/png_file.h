#pragma once
// RGBA images to and from PNG files (libpng), for screenshots and the tests that look at them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tcplab::gui {

struct RgbaImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // row-major, top row first, 4 bytes per pixel
};

// Writes `image`; returns an error sentence or nullopt.
std::optional<std::string> write_png(const std::string& path, const RgbaImage& image);
// Reads a PNG as RGBA (any colour type libpng can expand); nullopt if it cannot.
std::optional<RgbaImage> read_png(const std::string& path);

}  // namespace tcplab::gui
