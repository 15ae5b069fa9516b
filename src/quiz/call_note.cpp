#include "quiz/call_note.h"

#include <variant>

namespace tcplab::quiz {

const NoteEvent* note_after_call(const Trace& trace, std::size_t call_step) {
  const TraceEvent& event = trace.events()[call_step];
  const auto& call = get<CallEvent>(event.body);
  for (std::size_t i = call_step + 1; i < trace.events().size(); ++i) {
    const TraceEvent& next = trace.events()[i];
    if (next.at != event.at) break;
    const auto* note = get_if<NoteEvent>(&next.body);
    if (note && !note->why.empty() && note->host == call.host && note->call == call.call)
      return note;
  }
  return nullptr;
}

}  // namespace tcplab::quiz
