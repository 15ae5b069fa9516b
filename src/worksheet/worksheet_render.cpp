#include "worksheet/worksheet_render.h"

#include <cmath>
#include <memory>
#include <stdexcept>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

namespace tcplab::worksheet {

namespace {

// Sans families with both Latin and CJK glyphs first; fontconfig falls back from there.
constexpr const char* kFamilies = "Noto Sans CJK SC, WenQuanYi Micro Hei, DejaVu Sans, sans-serif";
constexpr double kBlankPad = 5.0;
constexpr double kBlankMinWidth = 34.0;

double font_size(Role role) {
  switch (role) {
    case Role::Title:
      return 17;
    case Role::Subtitle:
      return 11.5;
    case Role::Header:
      return 10;
    case Role::Time:
      return 8;
    case Role::Label:
    case Role::Note:
      return 8.5;
  }
  return 9;
}

struct PangoLayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, PangoLayoutDeleter>;

LayoutPtr make_layout(cairo_t* cr, Role role, const std::string& text) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  PangoFontDescription* font = pango_font_description_from_string(kFamilies);
  pango_font_description_set_absolute_size(font, font_size(role) * PANGO_SCALE);
  if (role == Role::Title || role == Role::Header)
    pango_font_description_set_weight(font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  return layout;
}

double width_of(PangoLayout* layout) {
  int w = 0;
  int h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

double baseline_of(PangoLayout* layout) {
  return static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
}

// A piece's width on the page: a blank is as wide as its answer, and never too narrow to write in.
double piece_width(cairo_t* cr, Role role, const Piece& piece) {
  const LayoutPtr l = make_layout(cr, role, piece.text);
  const double w = width_of(l.get());
  return piece.blank ? std::max(w + 2 * kBlankPad, kBlankMinWidth) : w;
}

void draw_text(cairo_t* cr, const TextItem& item, bool answers) {
  double total = 0;
  for (const Piece& p : item.pieces) total += piece_width(cr, item.role, p);
  double x = item.x;
  if (item.align == Align::Centre) x -= total / 2;
  if (item.align == Align::Right) x -= total;
  for (const Piece& p : item.pieces) {
    const LayoutPtr l = make_layout(cr, item.role, p.text);
    const double w = piece_width(cr, item.role, p);
    const double top = item.y - baseline_of(l.get());
    if (p.blank) {
      int lw = 0;
      int lh = 0;
      pango_layout_get_size(l.get(), &lw, &lh);
      const double h = static_cast<double>(lh) / PANGO_SCALE;
      // White under the box, so a blank on an arrow stays readable.
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_rectangle(cr, x, top - 1.5, w, h + 3);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
      cairo_set_line_width(cr, 0.7);
      cairo_stroke(cr);
      if (answers) {
        cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);  // the key's answers in red
        cairo_move_to(cr, x + (w - width_of(l.get())) / 2, top);
        pango_cairo_show_layout(cr, l.get());
      }
    } else {
      const bool grey = item.role == Role::Time || item.role == Role::Note;
      cairo_set_source_rgb(cr, grey ? 0.35 : 0.0, grey ? 0.35 : 0.0, grey ? 0.35 : 0.0);
      cairo_move_to(cr, x, top);
      pango_cairo_show_layout(cr, l.get());
    }
    x += w;
  }
}

void draw_line(cairo_t* cr, const LineItem& line) {
  if (line.lifeline) {
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.8);
  } else {
    cairo_set_source_rgb(cr, line.lost ? 0.75 : 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.0);
  }
  cairo_move_to(cr, line.x1, line.y1);
  cairo_line_to(cr, line.x2, line.y2);
  cairo_stroke(cr);
  const double angle = std::atan2(line.y2 - line.y1, line.x2 - line.x1);
  if (line.arrow) {
    constexpr double kHead = 6.0;
    cairo_move_to(cr, line.x2, line.y2);
    cairo_line_to(cr, line.x2 - kHead * std::cos(angle - 0.4), line.y2 - kHead * std::sin(angle - 0.4));
    cairo_line_to(cr, line.x2 - kHead * std::cos(angle + 0.4), line.y2 - kHead * std::sin(angle + 0.4));
    cairo_close_path(cr);
    cairo_fill(cr);
  }
  if (line.lost) {  // a cross where it was lost
    constexpr double kArm = 4.0;
    cairo_move_to(cr, line.x2 - kArm, line.y2 - kArm);
    cairo_line_to(cr, line.x2 + kArm, line.y2 + kArm);
    cairo_move_to(cr, line.x2 - kArm, line.y2 + kArm);
    cairo_line_to(cr, line.x2 + kArm, line.y2 - kArm);
    cairo_stroke(cr);
  }
}

void draw_page(cairo_t* cr, const Page& page, bool answers) {
  for (const LineItem& line : page.lines) draw_line(cr, line);
  for (const TextItem& text : page.texts) draw_text(cr, text, answers);
}

std::string finish(cairo_surface_t* surface, cairo_t* cr, const std::string& path) {
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return "cannot write " + path + ": " + cairo_status_to_string(status);
  return "";
}

}  // namespace

std::string write_pdf(const Worksheet& sheet, const std::string& path) {
  cairo_surface_t* surface = cairo_pdf_surface_create(path.c_str(), kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    return "cannot write " + path + ": " + why;
  }
  cairo_t* cr = cairo_create(surface);
  for (const Page& page : sheet.pages) {
    draw_page(cr, page, sheet.answer_key);
    cairo_show_page(cr);
  }
  return finish(surface, cr, path);
}

std::string write_svg(const Worksheet& sheet, std::size_t page, const std::string& path) {
  if (page >= sheet.pages.size()) return "the worksheet has no page " + std::to_string(page + 1);
  cairo_surface_t* surface = cairo_svg_surface_create(path.c_str(), kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    return "cannot write " + path + ": " + why;
  }
  cairo_t* cr = cairo_create(surface);
  draw_page(cr, sheet.pages[page], sheet.answer_key);
  return finish(surface, cr, path);
}

std::vector<std::string> write_pdf_and_key(const Scenario& scenario, const Trace& trace,
                                           const std::string& lang, const std::string& stem) {
  std::vector<std::string> written;
  for (const bool key : {false, true}) {
    WorksheetOptions options;
    options.lang = lang;
    options.answer_key = key;
    const std::string path = stem + (key ? "-key.pdf" : ".pdf");
    const std::string error = write_pdf(layout_worksheet(scenario, trace, options), path);
    if (!error.empty()) throw std::runtime_error(error);
    written.push_back(path);
  }
  return written;
}

}  // namespace tcplab::worksheet
