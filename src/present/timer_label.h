#pragma once
// A timer as views name it ("TIME-WAIT", "retransmit"), as `ss -o` prints it, and the label of
// its bracket on the timeline ("TIME-WAIT, 60 s left").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace.h"

namespace tcplab::present {

// "retransmit", "delayed ACK", "TIME-WAIT", "FIN-WAIT-2", "linger".
std::string_view timer_name(TimerKind kind);
// "armed", "fired", "cancelled".
std::string_view timer_action_name(TimerAction action);
// `ss -o`'s word for a pending timer: "on", "delack", "timewait", "linger".
std::string_view ss_timer_name(TimerKind kind);

// How one arming of a timer ended, as a teacher tells it.
enum class TimerEnding {
  Pending,    // still running when the trace ends
  Fired,      // it expired
  Cancelled,  // stopped for good
  Restarted,  // stopped and armed again at once (TIME-WAIT ACKing a retransmitted FIN)
};

// Linux restarts a timer by stopping and re-arming it (inet_twsk_reschedule), and the model
// records the two as a Cancelled then an Armed event at the same instant. `cancelled` is a
// restart when `armed` is that Armed event: same instant, same socket, same timer.
bool is_restart(const TraceEvent& cancelled, const TraceEvent& armed);
// How the timer stopped by events[i] (a Cancelled or Fired TimerEvent) ended: a Cancelled
// followed, at the same instant, by its own re-arming is Restarted.
TimerEnding timer_ending_at(const EventLog& events, std::size_t i);

// The timeline's label for a timer that ran from armed to ended: "TIME-WAIT 60 s",
// "retransmit #2 1 s, cancelled", "TIME-WAIT 60 s, restarted"; `left` (the cursor inside it):
// "TIME-WAIT, 42 s left". `attempt` is TimerEvent::attempt (how often it fired before); the
// number is shown from the second, and on a first one that fired (a second will follow), so
// the backoff reads "retransmit #1 220 ms", "retransmit #2 440 ms".
struct TimerSpanText {
  TimerKind kind = TimerKind::Retransmit;
  int attempt = 0;
  Duration length{0};  // from armed to its deadline
  TimerEnding ending = TimerEnding::Pending;
  std::optional<Duration> left;  // the cursor is inside the span: this long to the deadline
};
std::string timer_span_label(const TimerSpanText& span);

}  // namespace tcplab::present
