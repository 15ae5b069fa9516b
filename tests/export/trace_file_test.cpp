#include "export/trace_file.h"

#include <gtest/gtest.h>

#include "export/jsonl.h"
#include "sample_traces.h"
#include "test_files.h"

namespace tcplab {
namespace {

TEST(TraceFile, FormatFollowsTheFileName) {
  EXPECT_EQ(format_for_path("a.jsonl"), TraceFileFormat::JsonLines);
  EXPECT_EQ(format_for_path("A.PCAP"), TraceFileFormat::Pcap);
  EXPECT_EQ(format_for_path("x.pcapng"), TraceFileFormat::Pcap);
  EXPECT_EQ(format_for_path("notes.txt"), std::nullopt);
}

TEST(TraceFile, OpensJsonLinesAndCapturesByContentNotName) {
  const Trace trace = samples::lost_last_ack();
  const std::string jsonl = testing::temp_path("saved.pcap");  // misleading name on purpose
  save_trace_file(trace, jsonl, TraceFileFormat::JsonLines);
  EXPECT_EQ(to_jsonl(open_trace_file(jsonl)), to_jsonl(trace));

  const std::string pcap = testing::temp_path("saved.jsonl");
  save_trace_file(trace, pcap, TraceFileFormat::Pcap);
  const Trace captured = open_trace_file(pcap);
  EXPECT_EQ(captured.backend, "capture");
  EXPECT_EQ(captured.segment_count(), trace.segment_count() - 1);  // the dropped ACK left out
}

TEST(TraceFile, MissingFileIsAClearError) {
  try {
    open_trace_file("/nonexistent/t.jsonl");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/t.jsonl: cannot open: No such file or directory");
  }
}

}  // namespace
}  // namespace tcplab
