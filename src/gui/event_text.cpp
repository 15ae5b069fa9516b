#include "gui/event_text.h"

#include "gui/timeline_builder.h"

namespace tcplab::gui {

namespace {
struct Describe {
  Instant at;
  std::string operator()(const SegmentEvent& s) const {
    std::string out = s.from + " sends " + segment_label(s) + " to " + s.to;
    if (s.retransmission) out += " (a retransmission)";
    if (s.fate == SegmentFate::Dropped) {
      out += ": LOST";
      if (!s.reason.empty()) out += " (" + s.reason + ")";
    } else if (!s.reason.empty()) {
      out += "; on arrival: " + s.reason;
    }
    return out;
  }
  std::string operator()(const StateEvent& s) const {
    return s.endpoint + ": " + std::string(rfc_name(s.from)) + " -> " +
           std::string(rfc_name(s.to)) + " (" + s.cause + ")";
  }
  std::string operator()(const TimerEvent& t) const {
    std::string out = t.endpoint + ": " + std::string(to_string(t.timer)) + " timer " +
                      std::string(to_string(t.action));
    if (t.action == TimerAction::Armed) {
      out += ", fires in " + format_duration(t.deadline - at);
    }
    return out;
  }
  std::string operator()(const CallEvent& c) const {
    std::string out = c.host + ": " + c.call + "(" + c.args + ") = " + std::to_string(c.result);
    if (c.error != Errno::None) {
      out +=
          " " + std::string(errno_name(c.error)) + " (" + std::string(errno_message(c.error)) + ")";
    }
    return out;
  }
  std::string operator()(const NoteEvent& n) const {
    return n.host.empty() ? n.text : n.host + ": " + n.text;
  }
};
}  // namespace

std::string describe_event(const TraceEvent& event) {
  return std::visit(Describe{event.at}, event.body);
}

}  // namespace tcplab::gui
