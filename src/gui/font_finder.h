#pragma once
// Finding a font with Chinese glyphs at run time, and the glyph ranges the lessons need.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcplab::gui {

struct FontChoice {
  std::filesystem::path file;
  int collection_index = 0;  // which face of a .ttc (Noto Sans CJK: 2 is Simplified Chinese)
};

// Candidates as "path" or "path#index", one per line, '#' lines are comments (assets/fonts.txt).
std::vector<FontChoice> parse_font_list(std::string_view text);
// The built-in candidates (Noto Sans CJK SC, WenQuanYi Micro Hei and Zen Hei, Droid Sans Fallback).
std::vector<FontChoice> default_cjk_fonts();
// The first candidate that exists.
std::optional<FontChoice> find_font(
    const std::vector<FontChoice>& candidates,
    const std::function<bool(const std::filesystem::path&)>& exists);

// What to tell the user when no CJK font is found.
inline constexpr std::string_view kNoCjkFontMessage =
    "No font with Chinese characters was found, so Chinese narration cannot be shown. "
    "Install one with: sudo apt-get install fonts-noto-cjk (or fonts-wqy-microhei).";

// Decodes UTF-8 (invalid bytes are skipped) into code points.
std::vector<char32_t> utf8_code_points(std::string_view text);
// Sorted, merged [first, last] pairs covering every non-ASCII code point in `texts`, plus Basic
// Latin and Latin-1: the glyphs to bake into the font atlas. Terminated by nothing (caller adds 0).
std::vector<std::pair<char32_t, char32_t>> glyph_ranges(const std::vector<std::string>& texts);

}  // namespace tcplab::gui
