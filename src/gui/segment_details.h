#pragma once
// The inspector's view of one segment: its full header and what happened to it, as label/value
// rows ready to print.
#include <string>
#include <utility>
#include <vector>

#include "core/trace.h"

namespace tcplab::gui {

struct DetailRow {
  std::string label;
  std::string value;
};

std::vector<DetailRow> segment_details(const Trace& trace, const SegmentEvent& segment);

}  // namespace tcplab::gui
