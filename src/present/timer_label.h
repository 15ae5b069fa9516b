#pragma once
// A timer as views name it ("TIME-WAIT", "retransmit"), as `ss -o` prints it, and the label of
// its bracket on the timeline ("TIME-WAIT, 60 s left").
#include <optional>
#include <string>
#include <string_view>

#include "core/trace.h"

namespace tcplab::present {

// "retransmit", "delayed ACK", "TIME-WAIT", "FIN-WAIT-2", "linger".
std::string_view timer_name(TimerKind kind);
// "armed", "fired", "cancelled".
std::string_view timer_action_name(TimerAction action);
// `ss -o`'s word for a pending timer: "on", "delack", "timewait", "linger".
std::string_view ss_timer_name(TimerKind kind);

// The timeline's label for a timer that ran from armed to ended: "TIME-WAIT 60 s",
// "retransmit #2 1 s, cancelled"; `left` (the cursor inside it): "TIME-WAIT, 42 s left".
// `attempt` is TimerEvent::attempt (how often it fired before); shown from the second.
struct TimerSpanText {
  TimerKind kind = TimerKind::Retransmit;
  int attempt = 0;
  Duration length{0};  // from armed to its deadline
  bool cancelled = false;
  std::optional<Duration> left;  // the cursor is inside the span: this long to the deadline
};
std::string timer_span_label(const TimerSpanText& span);

}  // namespace tcplab::present
