#include "gui/views/drawn_texts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include <imgui.h>
#include <imgui_internal.h>

namespace tcplab::gui {

namespace {

// A glyph of the font atlas, found again by where its picture sits in the atlas.
struct AtlasGlyph {
  const ImFont* font = nullptr;
  const ImFontGlyph* glyph = nullptr;
};

using GlyphsByUv = std::map<std::pair<float, float>, AtlasGlyph>;

GlyphsByUv glyphs_by_uv() {
  GlyphsByUv map;
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  for (const ImFont* font : atlas.Fonts) {
    for (const ImFontGlyph& g : font->Glyphs) {
      if (g.Visible) map.emplace(std::make_pair(g.U0, g.V0), AtlasGlyph{font, &g});
    }
  }
  return map;
}

void append_utf8(std::string& out, unsigned int c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

PixelRect to_rect(const ImVec4& r) { return {r.x, r.y, r.z, r.w}; }
PixelRect to_rect(const ImRect& r) { return {r.Min.x, r.Min.y, r.Max.x, r.Max.y}; }

// The text being put together from consecutive glyphs of one line.
struct Run {
  LayoutText text;
  const ImFont* font = nullptr;
  float scale = 1;
  float pen_x = 0;     // where the next glyph would start
  float line_top = 0;  // top of the line box
};

constexpr float kSameLinePx = 0.5f;
constexpr float kMaxSpacesInText = 3;  // a wider gap than this many spaces starts another text

}  // namespace

std::vector<LayoutText> drawn_texts(const ImDrawData& data) {
  const GlyphsByUv glyphs = glyphs_by_uv();
  std::vector<LayoutText> out;
  for (int l = 0; l < data.CmdListsCount; ++l) {
    const ImDrawList& list = *data.CmdLists[l];
    const char* owner = list._OwnerName ? list._OwnerName : "";
    const ImGuiWindow* window = list._OwnerName ? ImGui::FindWindowByName(owner) : nullptr;
    const PixelRect panel_rect = window ? to_rect(window->Rect()) : PixelRect{};
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback) continue;
      Run run;
      bool open = false;  // `run` holds glyphs
      auto finish = [&] {
        if (open && window && window->ScrollbarY) {
          // A line half scrolled out of a window with a scrollbar is not cut: the class sees
          // the bar and scrolls to it. What counts is the part in view (a cut across is kept).
          PixelRect& r = run.text.rect;
          r.y0 = std::max(r.y0, run.text.clip.y0);
          r.y1 = std::min(r.y1, run.text.clip.y1);
          if (r.y1 <= r.y0) open = false;  // wholly scrolled away: not drawn for the class
        }
        if (open) out.push_back(std::move(run.text));
        run = Run{};
        open = false;
      };
      // Every shape is a list of triangles; a glyph is two of them, indices (a a+1 a+2 a a+2 a+3),
      // whose first corner sits at a glyph's corner in the font atlas.
      const auto index_at = [&](unsigned int k) {
        return cmd.VtxOffset + list.IdxBuffer[static_cast<int>(cmd.IdxOffset + k)];
      };
      for (unsigned int i = 0; i + 3 <= cmd.ElemCount;) {
        const unsigned int v0 = index_at(i);
        const bool quad = i + 6 <= cmd.ElemCount && index_at(i + 1) == v0 + 1 &&
                          index_at(i + 2) == v0 + 2 && index_at(i + 3) == v0 &&
                          index_at(i + 4) == v0 + 2 && index_at(i + 5) == v0 + 3;
        if (!quad) {
          i += 3;
          continue;
        }
        i += 6;
        const ImDrawVert& a = list.VtxBuffer[static_cast<int>(v0)];
        const ImDrawVert& c = list.VtxBuffer[static_cast<int>(v0 + 2)];
        const auto found = glyphs.find({a.uv.x, a.uv.y});
        if (found == glyphs.end() || c.uv.x != found->second.glyph->U1 ||
            c.uv.y != found->second.glyph->V1) {
          continue;  // a filled rectangle, a line: not a glyph
        }
        const ImFont* font = found->second.font;
        const ImFontGlyph& g = *found->second.glyph;
        const float glyph_h = g.Y1 - g.Y0;
        const float scale = glyph_h > 0 ? (c.pos.y - a.pos.y) / glyph_h : 1;
        const float origin_x = a.pos.x - g.X0 * scale;
        const float line_top = a.pos.y - g.Y0 * scale;
        const float space = font->GetCharAdvance(' ') * scale;
        const bool continues = open && run.font == font && std::abs(run.scale - scale) < 1e-3f &&
                               std::abs(run.line_top - line_top) < kSameLinePx &&
                               origin_x >= run.pen_x - kSameLinePx &&
                               origin_x <= run.pen_x + kMaxSpacesInText * space + kSameLinePx;
        if (!continues) {
          finish();
          open = true;
          run.font = font;
          run.scale = scale;
          run.line_top = line_top;
          run.text.panel = owner;
          run.text.panel_rect = panel_rect;
          run.text.clip = to_rect(cmd.ClipRect);
          run.text.font_px = font->FontSize * scale;
          run.text.rect = {origin_x, line_top, origin_x, line_top + font->FontSize * scale};
        } else if (space > 0) {
          for (long n = std::lround((origin_x - run.pen_x) / space); n > 0; --n) {
            run.text.text += ' ';
          }
        }
        append_utf8(run.text.text, g.Codepoint);
        run.pen_x = origin_x + g.AdvanceX * scale;
        run.text.rect.x1 = run.pen_x;
      }
      finish();
    }
  }
  return out;
}

}  // namespace tcplab::gui
