#include "gui/font_finder.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace tcplab::gui {

std::vector<FontChoice> parse_font_list(std::string_view text) {
  std::vector<FontChoice> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    FontChoice choice;
    const auto hash = line.rfind('#');
    if (hash != std::string_view::npos) {
      int index = 0;
      const auto tail = line.substr(hash + 1);
      const auto [p, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), index);
      if (ec == std::errc{} && p == tail.data() + tail.size()) {
        choice.collection_index = index;
        line = line.substr(0, hash);
      }
    }
    choice.file = std::string(line);
    out.push_back(choice);
  }
  return out;
}

std::vector<FontChoice> default_cjk_fonts() {
  constexpr int kNotoSimplifiedChinese = 2;
  return {
      {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", kNotoSimplifiedChinese},
      {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0},
      {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0},
      {"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0},
  };
}

std::optional<FontChoice> find_font(
    const std::vector<FontChoice>& candidates,
    const std::function<bool(const std::filesystem::path&)>& exists) {
  for (const FontChoice& c : candidates) {
    if (exists(c.file)) return c;
  }
  return std::nullopt;
}

std::vector<char32_t> utf8_code_points(std::string_view text) {
  std::vector<char32_t> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      extra = 1;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      extra = 2;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      extra = 3;
      cp = b0 & 0x07;
    } else {
      ++i;
      continue;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size()) break;  // truncated at the end
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok) {
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

std::vector<std::pair<char32_t, char32_t>> glyph_ranges(const std::vector<std::string>& texts) {
  constexpr char32_t kLatinFirst = 0x20;
  constexpr char32_t kLatin1Last = 0xFF;
  constexpr char32_t kBmpLast = 0xFFFF;  // ImGui's default 16-bit ImWchar
  std::set<char32_t> points;
  for (const std::string& t : texts) {
    for (char32_t cp : utf8_code_points(t)) {
      if (cp > kLatin1Last && cp <= kBmpLast) points.insert(cp);
    }
  }
  std::vector<std::pair<char32_t, char32_t>> ranges{{kLatinFirst, kLatin1Last}};
  for (char32_t cp : points) {
    if (ranges.back().second + 1 == cp) {
      ranges.back().second = cp;
    } else {
      ranges.emplace_back(cp, cp);
    }
  }
  return ranges;
}

}  // namespace tcplab::gui
