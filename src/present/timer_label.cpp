#include "present/timer_label.h"

#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab::present {

std::string_view timer_name(TimerKind kind) {
  switch (kind) {
    case TimerKind::Retransmit:
      return tr("retransmit");
    case TimerKind::DelayedAck:
      return tr("delayed ACK");
    case TimerKind::TimeWait:
      return tr("TIME-WAIT");
    case TimerKind::FinWait2:
      return tr("FIN-WAIT-2");
    case TimerKind::Linger:
      return tr("linger");
  }
  return tr("timer");
}

std::string_view timer_action_name(TimerAction action) {
  switch (action) {
    case TimerAction::Armed:
      return tr("armed");
    case TimerAction::Fired:
      return tr("fired");
    case TimerAction::Cancelled:
      return tr("cancelled");
  }
  return "?";
}

// `ss` prints its own words, untranslated: they are what a student sees in a terminal.
std::string_view ss_timer_name(TimerKind kind) {
  switch (kind) {
    case TimerKind::Retransmit:
      return "on";
    case TimerKind::DelayedAck:
      return "delack";
    case TimerKind::TimeWait:
    case TimerKind::FinWait2:  // Linux shows the orphaned FIN-WAIT-2 timer so
      return "timewait";
    case TimerKind::Linger:
      return "linger";
  }
  return "?";
}

std::string timer_span_label(const TimerSpanText& span) {
  std::string out(timer_name(span.kind));
  if (span.kind == TimerKind::Retransmit && span.attempt > 0) {
    out += " #" + std::to_string(span.attempt + 1);
  }
  // A countdown is read at a glance: rounded ("60 s left", not "59.964 s left").
  // TRANSLATORS: {0} the timer's name, {1} the time left until it fires.
  if (span.left) return fill(tr("{0}, {1} left"), {out, rounded_duration_text(*span.left)});
  out += " " + rounded_duration_text(span.length);
  // TRANSLATORS: {0} the timer's name and length ("RTO #2 440 ms").
  if (span.cancelled) out = fill(tr("{0}, cancelled"), {out});
  return out;
}

}  // namespace tcplab::present
