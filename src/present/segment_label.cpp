#include "present/segment_label.h"

#include "present/translate.h"

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

std::string segment_reason(const SegmentEvent& s) {
  // The model's reason is reason_text() of the typed fields; a kernel's or a capture's has words
  // of its own ("packet 17") and may have no typed fields at all.
  return s.reason.empty() ? reason_text(s) : s.reason;
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
