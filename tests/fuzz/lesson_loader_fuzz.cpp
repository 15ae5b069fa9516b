// libFuzzer target for the lesson loader: any input either loads or is rejected with a
// ScenarioError that carries a line and column. Anything else (a crash, another exception, a
// hang, a sanitizer report) is a bug.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

#include "scenario/lesson_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    tcplab::parse_lesson(text, "fuzz.toml");
  } catch (const tcplab::ScenarioError& e) {
    if (e.where().line <= 0 || e.where().column <= 0) {
      std::fprintf(stderr, "rejected without a position: %s\n", e.what());
      std::abort();
    }
  }
  return 0;
}
