#pragma once
// The lesson's connections as columns: each connection's own lifeline pair (its client on the
// left, the host it connected to on the right), every column starting at its own first event,
// all on one time scale. A polite close and an SO_LINGER-0 abort made one after the other then
// stand side by side, their FIN and RST on the same rows (lessons/README.md, [view] columns).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/trace.h"
#include "gui/geometry.h"
#include "gui/timeline_frame.h"
#include "gui/timeline_index.h"
#include "gui/timeline_view.h"

namespace tcplab::gui {

inline constexpr float kColumnGapPx = 14;         // between two columns (and side by side's halves)
inline constexpr float kColumnTitleLines = 1.4f;  // a column's title above its ladder
// More connections than this (port exhaustion opens thousands) are drawn by host.
inline constexpr std::size_t kMaxConnectionColumns = 4;

struct ConnectionColumn {
  std::string client, server;  // the lesson's host names: who sent the SYN, who answered
  std::int64_t offset_ns = 0;  // the column's first event, drawn at the top of every column
  Trace trace;                 // the connection's events, shifted back by offset_ns
  TimelineIndex index;
  std::vector<std::size_t> source_event;      // [column event] -> the whole trace's event index
  std::vector<std::uint64_t> source_segment;  // [column segment id - 1] -> the whole trace's id
};

class ConnectionColumns {
 public:
  // Splits `trace` by connection (the four-tuple of its segments and socket states); listeners
  // and notes belong to no column. Fewer than two connections, or more than
  // kMaxConnectionColumns: empty().
  explicit ConnectionColumns(const Trace& trace);
  ConnectionColumns(const ConnectionColumns&) = delete;
  ConnectionColumns& operator=(const ConnectionColumns&) = delete;

  bool empty() const { return columns_.size() < 2; }  // then the ladder is drawn by host
  const std::vector<std::unique_ptr<ConnectionColumn>>& columns() const { return columns_; }
  // Folded instants of the earliest and latest activity over every column, for "fit".
  std::int64_t folded_begin_ns() const { return folded_begin_ns_; }
  std::int64_t folded_end_ns() const { return folded_end_ns_; }
  // The column's title: "abort → server".
  static std::string title(const ConnectionColumn& column);

 private:
  std::vector<std::unique_ptr<ConnectionColumn>> columns_;
  std::int64_t folded_begin_ns_ = 0, folded_end_ns_ = 0;
};

// One column's frame within the whole timeline's: its place, and the cursor moved into its time.
TimelineFrame column_frame(const TimelineFrame& whole, const ConnectionColumn& column,
                           std::size_t at, std::size_t count);

// Every column's ladder side by side in `whole`, each under its title; arrows name the whole
// trace's segments.
void build_columns(const ConnectionColumns& columns, const TimelineView& view,
                   const TimelineFrame& whole, FrameGeometry& out);

}  // namespace tcplab::gui
