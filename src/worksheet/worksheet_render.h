#pragma once
// Draws a worksheet (worksheet_layout.h) with cairo, its text laid out by pango so Chinese and
// English share a line: every page into one PDF, or one page into an SVG.
#include <string>
#include <vector>

#include "worksheet/worksheet_layout.h"

namespace tcplab::worksheet {

// "" on success, else what went wrong, naming the file.
std::string write_pdf(const Worksheet& sheet, const std::string& path);
// The worksheet of a run and its answer key as <stem>.pdf and <stem>-key.pdf in `lang` (the GUI's
// File menu). Returns the files written; throws std::runtime_error naming a file it could not.
std::vector<std::string> write_pdf_and_key(const Scenario& scenario, const Trace& trace,
                                           const std::string& lang, const std::string& stem);
// Writes page `page` (0-based) of the sheet.
std::string write_svg(const Worksheet& sheet, std::size_t page, const std::string& path);

}  // namespace tcplab::worksheet
