#pragma once
// What a receiver made of a segment, in the reader's language: "ACK of our FIN", "out of order:
// expected seq 1001, got 1501; duplicate ACK sent". Made from the trace's typed verdict
// (core/verdict_code.h), never from stored text.
#include <string>

#include "core/trace.h"

namespace tcplab::present {

// The verdict's words for `segment` (the segment it was made about: a verdict about "no socket"
// names its destination); "" for VerdictCode::None.
std::string verdict_text(const ReceiverVerdict& verdict, const Segment& segment);

}  // namespace tcplab::present
