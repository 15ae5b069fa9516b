#include "gui/views/fonts.h"

#include <filesystem>

#include <imgui.h>

#include "gui/font_finder.h"
#include "gui/label_placer.h"
#include "gui/views/ui_look.h"

namespace tcplab::gui {

namespace {

// Kept alive for the atlas: ImGui reads the ranges when it builds the texture.
std::vector<ImWchar>& range_storage() {
  static std::vector<ImWchar> storage;
  return storage;
}

// A Latin font for when no CJK font exists (DejaVu Sans is on nearly every Debian system).
constexpr const char* kLatinFallback = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

}  // namespace

LoadedFonts load_fonts(const std::vector<std::string>& texts, const std::string& font_list) {
  ImGuiIO& io = ImGui::GetIO();
  LoadedFonts fonts;
  auto candidates = parse_font_list(font_list);
  for (const FontChoice& c : default_cjk_fonts()) candidates.push_back(c);
  const auto exists = [](const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
  };

  std::vector<std::string> all = texts;
  all.emplace_back("中文");     // the language button
  all.emplace_back(kEllipsis);  // the timeline's labels cut short
  auto& ranges = range_storage();
  ranges.clear();
  for (auto [first, last] : glyph_ranges(all)) {
    ranges.push_back(static_cast<ImWchar>(first));
    ranges.push_back(static_cast<ImWchar>(last));
  }
  ranges.push_back(0);

  auto add = [&](const std::string& file, int index, float size) {
    ImFontConfig config;
    config.FontNo = index;
    config.OversampleH = 1;  // CJK atlases get large; sharp enough at these sizes
    return io.Fonts->AddFontFromFileTTF(file.c_str(), size, &config, ranges.data());
  };

  if (auto cjk = find_font(candidates, exists)) {
    fonts.normal = add(cjk->file.string(), cjk->collection_index, kNormalFontPx);
    fonts.presentation = add(cjk->file.string(), cjk->collection_index, kPresentationFontPx);
    fonts.cjk = fonts.normal != nullptr;
    fonts.message = "font: " + cjk->file.string();
  }
  if (!fonts.cjk) {
    fonts.message = std::string(kNoCjkFontMessage);
    if (exists(kLatinFallback)) {
      fonts.normal = add(kLatinFallback, 0, kNormalFontPx);
      fonts.presentation = add(kLatinFallback, 0, kPresentationFontPx);
    }
    if (!fonts.normal) {
      ImFontConfig config;
      config.SizePixels = kNormalFontPx;
      fonts.normal = io.Fonts->AddFontDefault(&config);
      config.SizePixels = kPresentationFontPx;
      fonts.presentation = io.Fonts->AddFontDefault(&config);
    }
  }
  return fonts;
}

}  // namespace tcplab::gui
