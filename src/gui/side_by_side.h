#pragma once
// Two runs of one lesson on one time axis: the model's on the left, the real kernel's on the
// right, and where they differ (compare_traces). Stepping walks both at once through a merged
// trace: every event of both in time order, hosts and sockets named by side ("client (kernel)"),
// segments renumbered in the order they were sent. Each side keeps its own trace and index for
// its ladder; both indexes fold idle time the same way, so a row of pixels is one instant.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace.h"
#include "gui/timeline_index.h"
#include "scenario/compare_backends.h"

namespace tcplab::gui {

enum class Side { Left, Right };

struct SideView {
  std::string title;  // "Model (linux profile)", "Linux kernel (loopback, own namespace)"
  std::string tag;    // "model", "kernel": the suffix its hosts and sockets get when merged
  Trace trace;
  TimelineIndex index;
  std::vector<std::uint64_t> flagged_segments;  // sorted ids a difference names
  bool completed = true;                        // false: the run stopped at a limit or a Stop
};

// One line of the differences list, placed on the merged timeline.
struct DifferenceRow {
  const Difference* difference = nullptr;
  std::optional<std::int64_t> at_ns;  // the earlier of the two sides' instants, if any
  std::uint64_t merged_segment = 0;   // the segment to select (left's if it has one), 0 if none
};

class SideBySide {
 public:
  // Builds both sides and the merged trace. Not movable: the indexes point into the traces.
  SideBySide(BackendComparison result, std::string left_title, std::string right_title);
  SideBySide(const SideBySide&) = delete;
  SideBySide& operator=(const SideBySide&) = delete;

  const SideView& side(Side s) const { return s == Side::Left ? left_ : right_; }
  const Trace& merged() const { return merged_; }
  const BackendComparison& result() const { return result_; }
  const Comparison& comparison() const { return result_.comparison; }
  const std::vector<DifferenceRow>& rows() const { return rows_; }

  // Segment numbers: a side's own, and the merged trace's.
  std::uint64_t merged_id(Side s, std::uint64_t id) const;
  // The side and own id of a merged segment; nullopt for 0 or an unknown id.
  std::optional<std::pair<Side, std::uint64_t>> side_of(std::uint64_t merged_id) const;
  // The segment the comparison matched with `id` of side `s`, on the other side; 0 if none.
  std::uint64_t partner(Side s, std::uint64_t id) const;
  // What side `s` should draw as selected when `merged_id` is: the segment itself, or its match.
  std::uint64_t selected_on(Side s, std::uint64_t merged_id) const;
  // The side and own name of a merged socket ("client#1 (kernel)" -> Right, "client#1").
  const std::pair<Side, std::string>* own_socket(std::string_view merged_name) const;

 private:
  BackendComparison result_;
  SideView left_, right_;
  Trace merged_;
  std::vector<std::uint64_t> left_to_merged_, right_to_merged_;  // [own id - 1]
  std::vector<std::pair<Side, std::uint64_t>> merged_to_side_;   // [merged id - 1]
  std::vector<DifferenceRow> rows_;
  std::map<std::string, std::pair<Side, std::string>, std::less<>> own_sockets_;
};

// The merged name of a host or socket label of side `tag`: "client" -> "client (kernel)".
std::string tagged(const std::string& name, const std::string& tag);

}  // namespace tcplab::gui
