#pragma once
// One trace event as a sentence for the class: "server#2: ESTABLISHED -> CLOSE-WAIT (rcv FIN)".
// The lesson panel shows it under the narration; without a lesson it is the narration.
#include <string>

#include "core/trace.h"

namespace tcplab::gui {

std::string describe_event(const TraceEvent& event);

}  // namespace tcplab::gui
