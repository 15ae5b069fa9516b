#include "support/trace_text.h"

#include <cstdio>
#include <variant>

#include "present/message_text.h"
#include "present/segment_label.h"

namespace tcplab {
void PrintTo(const Message& message, std::ostream* out) {
  *out << '"' << present::message_text(message) << '"';
  if (!message.is_verbatim()) *out << " (pattern \"" << message.pattern << "\")";
}
}  // namespace tcplab

namespace tcplab::testing {

namespace {
std::string ms(Instant t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%10.3fms", static_cast<double>(to_ns(t)) / 1e6);
  return buf;
}
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
}  // namespace

std::string describe(const TraceEvent& event) {
  return ms(event.at) + " " +
         visit(Overloaded{
                        [](const SegmentEvent& e) {
                          return "SEG #" + std::to_string(e.id) + " " + e.from + ">" + e.to + " " +
                                 tcpdump_flags(e.segment.flags) + " " + std::to_string(e.rel_seq) +
                                 ":" + std::to_string(e.rel_ack) + " len " +
                                 std::to_string(e.segment.payload_len()) +
                                 (e.retransmission ? " RETX" : "") + " " +
                                 std::string(to_string(e.fate)) + " [" +
                                 present::segment_reason(e) + "]";
                        },
                        [](const StateEvent& e) {
                          return "STATE " + e.endpoint + " " + std::string(rfc_name(e.from)) +
                                 " -> " + std::string(rfc_name(e.to)) + " (" +
                                 std::string(state_cause_key(e.cause)) + ")";
                        },
                        [](const TimerEvent& e) {
                          return "TIMER " + e.endpoint + " " + std::string(to_string(e.timer)) +
                                 " " + std::string(to_string(e.action)) + " deadline " +
                                 ms(e.deadline);
                        },
                        [](const CallEvent& e) {
                          std::string s = "CALL " + e.host + " " + e.call + "(" + e.args +
                                          ") = " + std::to_string(e.result);
                          if (e.error != Errno::None) s += " " + std::string(errno_name(e.error));
                          return s + " [" + e.step + " " + e.endpoint + "]";
                        },
                        [](const NoteEvent& e) { return "NOTE " + e.host + ": " + e.text; },
                    },
                    event.body);
}

std::string describe(const Trace& trace) {
  std::string out;
  for (const auto& e : trace.events()) out += describe(e) + "\n";
  for (const auto& w : trace.warnings) out += "WARNING " + present::message_text(w) + "\n";
  return out;
}

std::vector<std::string> warning_texts(const Trace& trace) {
  std::vector<std::string> out;
  for (const auto& w : trace.warnings) out.push_back(present::message_text(w));
  return out;
}

std::string segment_summary(const Trace& trace) {
  std::string out;
  for (const auto& e : trace.events()) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      out += s->from + ">" + s->to + " " + tcpdump_flags(s->segment.flags) + " " +
             std::to_string(s->rel_seq) + ":" + std::to_string(s->rel_ack) +
             (s->fate == SegmentFate::Dropped ? " dropped" : "") + "\n";
    }
  }
  return out;
}

}  // namespace tcplab::testing
