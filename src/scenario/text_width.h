#pragma once
// Terminal width of UTF-8 text: CJK ideographs and full-width forms take two columns, combining
// marks none. Used to pad the ladder's columns when narration or names are Chinese.
#include <string>
#include <string_view>

namespace tcplab {

// Columns a terminal uses for `text` (invalid UTF-8 bytes count one column each).
std::size_t display_width(std::string_view text);

// `text` padded with spaces on the right to `width` columns (unchanged if already wider).
std::string pad_right(std::string_view text, std::size_t width);

// `text` cut to at most `width` columns, ending in "…" if it was cut.
std::string truncate_to_width(std::string_view text, std::size_t width);

}  // namespace tcplab
