// libFuzzer target: any bytes given to the capture reader give a Trace or a PcapImportError,
// never a crash, a hang, a sanitizer report or another exception. Run: scripts/fuzz-pcap.sh
#include <cstddef>
#include <cstdint>
#include <span>

#include "export/jsonl.h"
#include "export/pcap_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  for (bool lenient : {false, true}) {
    tcplab::PcapImportOptions options;
    options.skip_malformed = lenient;
    try {
      const tcplab::PcapImport imported = tcplab::read_pcap_bytes(bytes, "fuzz", options);
      (void)tcplab::to_jsonl(imported.trace);  // whatever was read must also be writable
    } catch (const tcplab::PcapImportError&) {
      // a clear error is the right answer to bad input
    }
  }
  return 0;
}
