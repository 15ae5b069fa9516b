#pragma once
// The typed note the model writes right after a call (core/call_why.h): why it returned what it
// did. The questions tell calls apart by it, and the reveal words it.
#include <cstddef>

#include "core/trace.h"

namespace tcplab::quiz {

// The note after the call at `call_step`, at the same instant and for the same host and call;
// nullptr when the model wrote none (a kernel's or a capture's trace never has one).
const NoteEvent* note_after_call(const Trace& trace, std::size_t call_step);

}  // namespace tcplab::quiz
