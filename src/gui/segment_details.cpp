#include "gui/segment_details.h"

#include "present/event_sentence.h"
#include "present/segment_label.h"
#include "present/time_text.h"

namespace tcplab::gui {

std::vector<DetailRow> segment_details(const Trace& trace, const SegmentEvent& e) {
  const Segment& s = e.segment;
  std::vector<DetailRow> rows;
  // The event time of a segment is its send time.
  Instant sent = e.arrives_at;
  for (const TraceEvent& ev : trace.events()) {
    if (const auto* seg = std::get_if<SegmentEvent>(&ev.body); seg && seg->id == e.id) {
      sent = ev.at;
      break;
    }
  }
  const bool dropped = e.fate == SegmentFate::Dropped;
  rows.push_back({"segment", "#" + std::to_string(e.id) + "  " + present::segment_label(e)});
  rows.push_back({"sent by", e.from + (e.endpoint.empty() ? "" : " (" + e.endpoint + ")")});
  rows.push_back({"to", e.to});
  rows.push_back({"four-tuple", to_string(s.src) + " > " + to_string(s.dst)});
  rows.push_back({"flags", tcpdump_flags(s.flags)});
  rows.push_back(
      {"seq", std::to_string(s.seq.raw()) + "  (relative " + std::to_string(e.rel_seq) + ")"});
  rows.push_back({"ack", s.flags.ack() ? std::to_string(s.ack.raw()) + "  (relative " +
                                             std::to_string(e.rel_ack) + ")"
                                       : "(no ACK flag)"});
  rows.push_back({"window", std::to_string(s.window)});
  rows.push_back({"length", std::to_string(s.payload_len()) + " bytes" +
                                (s.payload.empty() ? "" : "  \"" + s.payload + "\"")});
  rows.push_back({"sent at", present::instant_text(sent)});
  rows.push_back({dropped ? "lost at" : "arrives at", present::instant_text(e.arrives_at)});
  rows.push_back(
      {"fate", std::string(to_string(e.fate)) + (e.retransmission ? ", a retransmission" : "")});
  if (const std::string reason = present::segment_reason(e); !reason.empty()) {
    rows.push_back({dropped ? "why lost" : "on arrival", reason});
  }
  for (const TraceEvent& ev : trace.events()) {
    const auto* st = std::get_if<StateEvent>(&ev.body);
    if (st && st->segment_id == e.id && e.id != 0) {
      rows.push_back({"caused", present::state_change_sentence(*st)});
    }
  }
  return rows;
}

}  // namespace tcplab::gui
