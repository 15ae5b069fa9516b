#include "present/timer_label.h"

#include <variant>

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
    case TimerKind::Persist:
      return tr("persist");
    case TimerKind::LossProbe:
      return tr("loss probe");
    case TimerKind::Keepalive:
      return tr("keepalive");
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
    case TimerKind::Persist:
      return "persist";
    case TimerKind::LossProbe:  // ICSK_TIME_LOSS_PROBE is shown as the retransmit timer
      return "on";
    case TimerKind::Keepalive:
      return "keepalive";
  }
  return "?";
}

bool is_restart(const TraceEvent& cancelled, const TraceEvent& armed) {
  const auto* c = get_if<TimerEvent>(&cancelled.body);
  const auto* a = get_if<TimerEvent>(&armed.body);
  return c && a && c->action == TimerAction::Cancelled && a->action == TimerAction::Armed &&
         cancelled.at == armed.at && c->endpoint == a->endpoint && c->timer == a->timer;
}

TimerEnding timer_ending_at(const EventLog& events, std::size_t i) {
  const auto* tm = get_if<TimerEvent>(&events[i].body);
  if (!tm || tm->action == TimerAction::Armed) return TimerEnding::Pending;
  if (tm->action == TimerAction::Fired) return TimerEnding::Fired;
  // Other events of the same instant (the ACK it sends) may stand between the two.
  for (std::size_t j = i + 1; j < events.size() && events[j].at == events[i].at; ++j) {
    if (is_restart(events[i], events[j])) return TimerEnding::Restarted;
  }
  return TimerEnding::Cancelled;
}

std::string timer_span_label(const TimerSpanText& span) {
  std::string out(timer_name(span.kind));
  const bool backoff_follows = span.ending == TimerEnding::Fired;
  if (span.kind == TimerKind::Retransmit && (span.attempt > 0 || backoff_follows)) {
    out += " #" + std::to_string(span.attempt + 1);
  }
  // A countdown is read at a glance: rounded ("60 s left", not "59.964 s left").
  // TRANSLATORS: {0} the timer's name, {1} the time left until it fires.
  if (span.left) return fill(tr("{0}, {1} left"), {out, rounded_duration_text(*span.left)});
  out += " " + rounded_duration_text(span.length);
  // TRANSLATORS: {0} the timer's name and length ("RTO #2 440 ms").
  if (span.ending == TimerEnding::Cancelled) out = fill(tr("{0}, cancelled"), {out});
  // TRANSLATORS: {0} the timer's name and length ("TIME-WAIT 60 s"); it was started again.
  if (span.ending == TimerEnding::Restarted) out = fill(tr("{0}, restarted"), {out});
  return out;
}

}  // namespace tcplab::present
