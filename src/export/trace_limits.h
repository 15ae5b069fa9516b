#pragma once
// How many events one trace file may bring into memory when it is read (a few hundred MB): the
// JSON-lines reader refuses more (JsonlLimits); the capture reader stops at a quarter as many
// segments, each bringing up to three inferred events with it (PcapImportOptions).
#include <cstddef>

namespace tcplab {

inline constexpr std::size_t kMaxTraceFileEvents = 1'000'000;
inline constexpr std::size_t kMaxCaptureSegments = kMaxTraceFileEvents / 4;

}  // namespace tcplab
