#pragma once
// Comparing two traces of the same scenario (the model's and the kernel's): where they differ in
// segments (flags, relative seq/ack, length, order, sender), in the states each endpoint went
// through, in call results and errno, and in timing beyond a tolerance. Ephemeral ports and ISNs
// are normalised away (segments are compared by host, socket label and relative numbers). Used by
// `tcplab compare` and by the GUI's side-by-side view.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/trace.h"

namespace tcplab {

struct CompareOptions {
  // Timing is judged causally, never in instants from the start (a late program would shift
  // everything after it): each segment's time since its cause (the call that sent it, the
  // arrival of the peer's segment it answers, or the transmission a retransmission repeats), and
  // each call's time from issue (or the last segment that reached its host meanwhile) to return.
  // Those durations must agree within this much...
  Duration time_tolerance = std::chrono::milliseconds(20);
  // ... plus this fraction of the longer one (a 60 s wait may be off by more than a 1 ms one) ...
  double time_tolerance_fraction = 0.02;
  // ... plus the time the programs concerned measured waiting for a CPU (CallEvent::cpu_wait):
  // a difference within that is explained by the machine's load and listed apart, not counted.
  bool compare_timing = true;
  // A kernel whose programs were late (asked_at to issued_at) or waited for a CPU by more than
  // this can reorder a lesson's races (Linux's shortest timer a lesson races is the 40 ms delayed
  // ACK): differences found then are reported as not judgeable instead of as TCP's.
  Duration judgeable_delay = std::chrono::milliseconds(10);
  // At most this many differences are kept (the rest are counted): a runaway lesson must not
  // print millions of lines.
  std::size_t max_differences = 1000;
};

// The worst scheduling delays a trace's programs measured (all zero for the model).
struct SchedulingDelays {
  std::size_t calls = 0;
  Duration worst_late{0};  // issued_at - asked_at
  std::string late_step;
  Duration worst_cpu_wait{0};  // CallEvent::cpu_wait
  std::string cpu_wait_step;
  Duration worst() const { return std::max(worst_late, worst_cpu_wait); }
};
SchedulingDelays scheduling_delays(const Trace& trace);
// "calls issued up to 0.004 s late (client.close), waited for a CPU up to 0.006 s
// (server.recv)", or "" when no call was late.
std::string format_scheduling_delays(const SchedulingDelays& delays);

enum class DifferenceKind {
  Segment,  // a segment only one side sent, or sent differently
  State,    // an endpoint's states differ
  Call,     // a call's result or errno differs, or only one side made it
  Timing,   // the same event, at instants further apart than the tolerance
};

std::string_view to_string(DifferenceKind kind);  // "segment", "state", "call", "timing"

struct Difference {
  DifferenceKind kind = DifferenceKind::Segment;
  std::string subject;  // "connection client#1 server#2", "client#1", "step client.connect"
  std::string left;     // what the left trace has ("s>c . 1 2 [server#2]"), "" if nothing
  std::string right;    // what the right trace has, "" if nothing
  // For views: the segments concerned (0 if none) and the instants on each side.
  std::uint64_t left_segment = 0;
  std::uint64_t right_segment = 0;
  std::optional<Instant> left_at;
  std::optional<Instant> right_at;
};

struct Comparison {
  std::string left_name;   // "model"
  std::string right_name;  // "kernel"
  std::vector<Difference> differences;
  // Segments matched one to one (left id, right id), in order: the side-by-side view joins them.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> matched_segments;
  std::size_t left_segments = 0;
  std::size_t right_segments = 0;
  // Known timing races of the right side (the kernel), explained and not counted as differences:
  // a delayed ACK of the peer's FIN that left just before the application's close() sent its own
  // FIN with the same numbers (four segments where the model, reacting at once, sends three).
  std::vector<std::string> races;
  // Timing differences within what the programs' measured CPU waits explain, one line each.
  std::vector<std::string> explained;
  std::size_t differences_not_kept = 0;  // beyond CompareOptions::max_differences
  SchedulingDelays right_delays;         // what the right side's (the kernel's) programs measured
  // Non-empty when the right side's programs were so late that its differences may be the
  // machine's, not TCP's: why, in one sentence.
  std::string not_judgeable;

  bool agree() const { return differences.empty() && differences_not_kept == 0; }
  bool judgeable() const { return not_judgeable.empty(); }
};

Comparison compare_traces(const Trace& left, const Trace& right,
                          const CompareOptions& options = {});

// A readable report, one difference per line, ending with a verdict line.
std::string format_comparison(const Comparison& comparison);

}  // namespace tcplab
