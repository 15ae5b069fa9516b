// libFuzzer target: any text given to read_jsonl gives a Trace or a TraceFormatError; a Trace it
// reads writes back and reads again to the same text. Run: scripts/fuzz-pcap.sh
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "export/jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));  // NOLINT
  try {
    const tcplab::Trace trace = tcplab::read_jsonl(in, "fuzz");
    const std::string once = tcplab::to_jsonl(trace);
    std::istringstream again(once);
    if (tcplab::to_jsonl(tcplab::read_jsonl(again, "fuzz-again")) != once) std::abort();
  } catch (const tcplab::TraceFormatError&) {
  }
  return 0;
}
