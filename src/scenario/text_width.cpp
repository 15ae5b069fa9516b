#include "scenario/text_width.h"

#include <cstdint>

namespace tcplab {
namespace {

struct Decoded {
  char32_t code = 0;
  std::size_t length = 1;
};

// One UTF-8 sequence at the start of `text`; a bad byte decodes as itself, length 1.
Decoded decode(std::string_view text) {
  const auto b0 = static_cast<unsigned char>(text[0]);
  auto continuation = [&](std::size_t i) {
    return i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  auto bits = [&](std::size_t i) {
    return static_cast<char32_t>(static_cast<unsigned char>(text[i]) & 0x3F);
  };
  if (b0 < 0x80) return {b0, 1};
  if ((b0 & 0xE0) == 0xC0 && continuation(1)) return {(char32_t{b0 & 0x1Fu} << 6) | bits(1), 2};
  if ((b0 & 0xF0) == 0xE0 && continuation(1) && continuation(2)) {
    return {(char32_t{b0 & 0x0Fu} << 12) | (bits(1) << 6) | bits(2), 3};
  }
  if ((b0 & 0xF8) == 0xF0 && continuation(1) && continuation(2) && continuation(3)) {
    return {(char32_t{b0 & 0x07u} << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3), 4};
  }
  return {b0, 1};
}

// East Asian Wide and Fullwidth ranges (Unicode UAX #11), the ones Chinese text uses.
bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

bool is_zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || c == 0xFE0F ||
         (c >= 0xFE20 && c <= 0xFE2F);
}

std::size_t width_of(char32_t c) { return is_zero_width(c) ? 0 : is_wide(c) ? 2 : 1; }

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  while (!text.empty()) {
    const Decoded d = decode(text);
    width += width_of(d.code);
    text.remove_prefix(d.length);
  }
  return width;
}

std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  const std::size_t w = display_width(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string truncate_to_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return "";
  std::string out;
  std::size_t used = 0;
  while (!text.empty()) {
    const Decoded d = decode(text);
    const std::size_t w = width_of(d.code);
    if (used + w > width - 1) break;  // keep one column for the ellipsis
    out.append(text.substr(0, d.length));
    used += w;
    text.remove_prefix(d.length);
  }
  return out + "…";
}

}  // namespace tcplab
