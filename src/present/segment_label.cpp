#include "present/segment_label.h"

#include "present/translate.h"
#include "present/verdict_text.h"

namespace tcplab::present {

std::string segment_numbers(const SegmentEvent& s) {
  const std::uint32_t len = s.segment.payload_len();
  std::string text = std::string(tr("seq")) + " " + std::to_string(s.rel_seq);
  if (len > 0) text += ":" + std::to_string(s.rel_seq + len);
  if (s.segment.flags.ack()) text += " " + std::string(tr("ack")) + " " + std::to_string(s.rel_ack);
  if (len > 0) text += " " + std::string(tr("len")) + " " + std::to_string(len);
  if (s.retransmission) text += tr(" (retransmit)");
  return text;
}

std::string segment_label(const SegmentEvent& s) {
  return tcpdump_flags(s.segment.flags) + " " + segment_numbers(s);
}

std::string segment_options(const SegmentEvent& s) {
  if (s.segment.options.empty()) return "";
  // TRANSLATORS: the word tcpdump prints before a segment's option list.
  return std::string(tr("options")) + " [" + tcpdump_options(s.segment.options) + "]";
}

std::string segment_summary(const SegmentEvent& s) {
  auto initial = [](const std::string& host) {
    return host.empty() ? std::string("?") : host.substr(0, 1);
  };
  std::string out = initial(s.from) + ">" + initial(s.to) + " " + tcpdump_flags(s.segment.flags) +
                    " " + std::to_string(s.rel_seq) + " " + std::to_string(s.rel_ack);
  // Untranslated: compare matches segments on this text.
  if (!s.segment.payload.empty()) out += " len " + std::to_string(s.segment.payload.size());
  return out;
}

namespace {
// The fault's words in the reader's language: the lesson's own, else what the network did
// (core's fault_text() in the reader's language).
std::string fault_words(const SegmentEvent& s) {
  if (!s.fault) return "";
  const WireFault& f = *s.fault;
  const std::string& lesson_words = f.fault.in(language());
  if (f.action != WireAction::NoRoute && !lesson_words.empty()) return lesson_words;
  const std::string_view words = default_fault_words(f.action);
  return words.empty() ? "" : fill(tr(words), {to_string(s.segment.dst.ip)});
}
}  // namespace

std::string segment_sender(const SegmentEvent& s) {
  if (!s.endpoint.empty()) return s.from + " (" + s.endpoint + ")";
  // TRANSLATORS: {0} the host a segment the lesson wrote onto the wire claims to come from.
  if (s.fault && s.fault->action == WireAction::Injected)
    return fill(tr("{0} (injected: no socket sent it)"), {s.from});
  // TRANSLATORS: {0} the host that sent an RST from no socket.
  if (s.segment.flags.rst()) return fill(tr("{0} (the host: no socket)"), {s.from});
  return s.from;
}

std::string segment_reason(const SegmentEvent& s) {
  // A trace with typed fields (the model's, a kernel run's faults) is worded from them, in the
  // reader's language; a capture or a kernel's own words ("packet 17") have no typed fields, nor
  // has a verdict written before verdicts were codes (its words are in `reason`).
  const bool old_verdict = s.verdict.verdict != Verdict::None && s.verdict.what == VerdictCode::None;
  const bool typed = !old_verdict && (s.fault || s.verdict.verdict != Verdict::None);
  if (!typed) return s.reason;
  std::string text = fault_words(s);
  auto add = [&text](const std::string& part) {
    if (part.empty()) return;
    text += text.empty() ? part : "; " + part;
  };
  if (s.earlier_verdict) add(verdict_text(*s.earlier_verdict, s.segment));
  add(verdict_text(s.verdict, s.segment));
  return text;
}

std::string segment_fate_text(const SegmentEvent& s) {
  const std::string reason = segment_reason(s);
  if (s.fate == SegmentFate::Dropped) {
    // TRANSLATORS: {0} why the segment was lost.
    return reason.empty() ? std::string(tr("lost")) : fill(tr("lost: {0}"), {reason});
  }
  // TRANSLATORS: {0} what the receiver did with the segment.
  return reason.empty() ? "" : fill(tr("on arrival: {0}"), {reason});
}

}  // namespace tcplab::present
