#include "gui/segment_details.h"

#include "present/event_sentence.h"
#include "present/segment_label.h"
#include "present/time_text.h"
#include "present/translate.h"

namespace tcplab::gui {

std::vector<DetailRow> segment_details(const Trace& trace, const SegmentEvent& e) {
  const Segment& s = e.segment;
  std::vector<DetailRow> rows;
  // The event time of a segment is its send time.
  Instant sent = e.arrives_at;
  for (const TraceEvent& ev : trace.events()) {
    if (const auto* seg = get_if<SegmentEvent>(&ev.body); seg && seg->id == e.id) {
      sent = ev.at;
      break;
    }
  }
  const bool dropped = e.fate == SegmentFate::Dropped;
  using present::fill;
  using present::tr;
  // TRANSLATORS: {0} a raw sequence or acknowledgment number, {1} the same relative to the ISN.
  auto relative = [](std::uint32_t raw, std::uint32_t rel) {
    return fill(tr("{0}  (relative {1})"), {std::to_string(raw), std::to_string(rel)});
  };
  rows.push_back({tr("segment"), "#" + std::to_string(e.id) + "  " + present::segment_label(e)});
  rows.push_back({tr("sent by"), present::segment_sender(e)});
  rows.push_back({tr("to"), e.to});
  rows.push_back({tr("four-tuple"), to_string(s.src) + " > " + to_string(s.dst)});
  rows.push_back({tr("flags"), tcpdump_flags(s.flags)});
  rows.push_back({tr("seq"), relative(s.seq.raw(), e.rel_seq)});
  rows.push_back({tr("ack"), s.flags.ack() ? relative(s.ack.raw(), e.rel_ack)
                                           : std::string(tr("(no ACK flag)"))});
  rows.push_back({tr("window"), std::to_string(s.window)});
  // TRANSLATORS: {0} the payload's length in bytes.
  rows.push_back({tr("length"), fill(tr("{0} bytes"), {std::to_string(s.payload_len())}) +
                                    (s.payload.empty() ? "" : "  \"" + s.payload + "\"")});
  rows.push_back({tr("sent at"), present::instant_text(sent)});
  rows.push_back({dropped ? tr("lost at") : tr("arrives at"), present::instant_text(e.arrives_at)});
  rows.push_back({tr("fate"), std::string(dropped ? tr("dropped") : tr("delivered")) +
                                  (e.retransmission ? tr(", a retransmission") : "")});
  if (const std::string reason = present::segment_reason(e); !reason.empty()) {
    rows.push_back({dropped ? tr("why lost") : tr("on arrival"), reason});
  }
  for (const TraceEvent& ev : trace.events()) {
    const auto* st = get_if<StateEvent>(&ev.body);
    if (st && st->segment_id == e.id && e.id != 0) {
      rows.push_back({tr("caused"), present::state_change_sentence(*st)});
    }
  }
  return rows;
}

}  // namespace tcplab::gui
