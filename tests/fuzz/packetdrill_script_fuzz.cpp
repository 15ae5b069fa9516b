// libFuzzer target for packetdrill scripts: any input is either parsed (and then run on the
// model, within small limits) or rejected with a ScriptError that carries a line and a column.
// Anything else (a crash, another exception, a hang, a sanitizer report) is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "packetdrill/script_parser.h"
#include "packetdrill/script_runner.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tcplab::packetdrill;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const Script script = parse_script(text, "fuzz.pkt");
    ScriptRunOptions options;
    options.time_limit = std::chrono::seconds(30);  // virtual time: scripts may name a day
    options.event_limit = 20'000;
    run_script_on_model(script, options);
  } catch (const ScriptError& e) {
    if (e.where().line <= 0 || e.where().column <= 0) {
      std::fprintf(stderr, "rejected without a position: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
