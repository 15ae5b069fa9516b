#pragma once
// Why a state changed, in the reader's language: "rcv FIN", "close(): snd FIN", and for what the
// kernel backend or a capture inferred, how it was learnt ("inferred from segment 7: lived less
// than a sock_diag poll"). Made from the typed cause of a StateEvent, never from stored text.
#include <string>

#include "core/trace.h"

namespace tcplab::present {

// The cause alone: "rcv FIN, snd ACK", "close() with 3 unread bytes: snd RST"; "" if unspecified.
std::string state_cause_text(StateCause cause, std::uint32_t count = 0);
// The cause with its source and uncertainty, as the sentences show it in brackets:
// "rcv FIN", "observed via sock_diag", "inferred from capture: rcv FIN (uncertain: capture
// started mid-connection)". "" when there is nothing to say.
std::string state_change_reason(const StateEvent& change);

}  // namespace tcplab::present
