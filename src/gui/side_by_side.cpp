#include "gui/side_by_side.h"

#include <algorithm>

#include "present/message_text.h"
#include "present/translate.h"

namespace tcplab::gui {

namespace {

void flag(const Comparison& c, SideView& left, SideView& right) {
  for (const Difference& d : c.differences) {
    if (d.left_segment != 0) left.flagged_segments.push_back(d.left_segment);
    if (d.right_segment != 0) right.flagged_segments.push_back(d.right_segment);
  }
  for (SideView* s : {&left, &right}) {
    auto& v = s->flagged_segments;
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
}

// The event with its hosts and sockets named by side; segment references renumbered.
EventBody retagged(const EventBody& body, const std::string& tag,
                   const std::vector<std::uint64_t>& to_merged) {
  auto seg_id = [&to_merged](std::uint64_t id) {
    return id >= 1 && id <= to_merged.size() ? to_merged[id - 1] : 0;
  };
  EventBody out = body;
  if (auto* s = std::get_if<SegmentEvent>(&out)) {
    s->from = tagged(s->from, tag);
    s->to = tagged(s->to, tag);
    s->endpoint = tagged(s->endpoint, tag);
  } else if (auto* st = std::get_if<StateEvent>(&out)) {
    st->host = tagged(st->host, tag);
    st->endpoint = tagged(st->endpoint, tag);
    st->segment_id = seg_id(st->segment_id);
  } else if (auto* t = std::get_if<TimerEvent>(&out)) {
    t->host = tagged(t->host, tag);
    t->endpoint = tagged(t->endpoint, tag);
  } else if (auto* c = std::get_if<CallEvent>(&out)) {
    c->host = tagged(c->host, tag);
    c->endpoint = tagged(c->endpoint, tag);
  } else if (auto* n = std::get_if<NoteEvent>(&out)) {
    n->host = tagged(n->host, tag);
  }
  return out;
}

}  // namespace

std::string tagged(const std::string& name, const std::string& tag) {
  return name.empty() ? name : name + " (" + tag + ")";
}

SideBySide::SideBySide(BackendComparison result, std::string left_title, std::string right_title)
    : result_(std::move(result)) {
  left_.title = std::move(left_title);
  // TRANSLATORS: the suffix that names the model's hosts and sockets side by side: "client
  // (model)".
  left_.tag = present::tr("model");
  left_.trace = result_.model.trace;
  left_.completed = result_.model.completed;
  right_.title = std::move(right_title);
  // TRANSLATORS: the suffix that names the kernel's hosts and sockets side by side: "client
  // (kernel)".
  right_.tag = present::tr("kernel");
  right_.trace = result_.kernel.trace;
  right_.completed = result_.kernel.completed;
  flag(result_.comparison, left_, right_);

  // The merge order: by time, the left side first at equal instants. Segment numbers follow it.
  const auto& le = left_.trace.events();
  const auto& re = right_.trace.events();
  std::vector<std::pair<Side, std::size_t>> order;
  order.reserve(le.size() + re.size());
  for (std::size_t i = 0, j = 0; i < le.size() || j < re.size();) {
    const bool take_left = j == re.size() || (i < le.size() && le[i].at <= re[j].at);
    order.emplace_back(take_left ? Side::Left : Side::Right, take_left ? i++ : j++);
  }
  left_to_merged_.assign(left_.trace.segment_count(), 0);
  right_to_merged_.assign(right_.trace.segment_count(), 0);
  for (const auto& [side, k] : order) {
    const TraceEvent& e = side == Side::Left ? le[k] : re[k];
    const auto* s = get_if<SegmentEvent>(&e.body);
    if (!s || s->id == 0) continue;
    auto& to_merged = side == Side::Left ? left_to_merged_ : right_to_merged_;
    if (s->id > to_merged.size()) continue;
    merged_to_side_.emplace_back(side, s->id);
    to_merged[s->id - 1] = merged_to_side_.size();
  }

  merged_.backend = left_.trace.backend + "+" + right_.trace.backend;
  merged_.profile = left_.trace.profile;
  for (const SideView* v : {&left_, &right_}) {
    for (const auto& h : v->trace.hosts) merged_.hosts.push_back(tagged(h, v->tag));
    // Worded now: a merged warning names its side, and a Message has one pattern.
    for (const auto& w : v->trace.warnings)
      merged_.warnings.push_back(Message::verbatim(v->tag + ": " + present::message_text(w)));
  }
  for (const auto& [side, k] : order) {
    const SideView& v = side == Side::Left ? left_ : right_;
    const TraceEvent& e = v.trace.events()[k];
    EventBody body =
        retagged(e.body, v.tag, side == Side::Left ? left_to_merged_ : right_to_merged_);
    if (const auto* st = get_if<StateEvent>(&e.body); st && !st->endpoint.empty())
      own_sockets_.try_emplace(tagged(st->endpoint, v.tag), side, st->endpoint);
    if (auto* s = std::get_if<SegmentEvent>(&body)) {
      // add_segment numbers afresh and recomputes relative numbers from its own ISN table, which
      // two interleaved connections on the same addresses would confuse: keep the side's own.
      const std::uint32_t rel_seq = s->rel_seq, rel_ack = s->rel_ack;
      const std::uint64_t id = merged_.add_segment(e.at, std::move(*s));
      SegmentEvent* added = merged_.segment_by_id(id);
      added->rel_seq = rel_seq;
      added->rel_ack = rel_ack;
    } else {
      merged_.add(e.at, std::move(body));
    }
  }

  // One fold for both ladders: the merged trace's idle stretches.
  const TimelineIndex merged_index(merged_, fold_policy_for(merged_));
  for (SideView* v : {&left_, &right_}) {
    v->index = TimelineIndex(v->trace, fold_policy_for(v->trace));
    v->index.set_fold(merged_index.fold());
  }

  for (const Difference& d : result_.comparison.differences) {
    DifferenceRow row;
    row.difference = &d;
    if (d.left_at && d.right_at) {
      row.at_ns = std::min(to_ns(*d.left_at), to_ns(*d.right_at));
    } else if (d.left_at) {
      row.at_ns = to_ns(*d.left_at);
    } else if (d.right_at) {
      row.at_ns = to_ns(*d.right_at);
    }
    row.merged_segment = d.left_segment != 0 ? merged_id(Side::Left, d.left_segment)
                                             : merged_id(Side::Right, d.right_segment);
    rows_.push_back(row);
  }
}

std::uint64_t SideBySide::merged_id(Side s, std::uint64_t id) const {
  const auto& map = s == Side::Left ? left_to_merged_ : right_to_merged_;
  return id >= 1 && id <= map.size() ? map[id - 1] : 0;
}

std::optional<std::pair<Side, std::uint64_t>> SideBySide::side_of(std::uint64_t merged_id) const {
  if (merged_id == 0 || merged_id > merged_to_side_.size()) return std::nullopt;
  return merged_to_side_[merged_id - 1];
}

std::uint64_t SideBySide::partner(Side s, std::uint64_t id) const {
  for (const auto& [l, r] : result_.comparison.matched_segments) {
    if (s == Side::Left && l == id) return r;
    if (s == Side::Right && r == id) return l;
  }
  return 0;
}

std::uint64_t SideBySide::selected_on(Side s, std::uint64_t merged_id) const {
  const auto where = side_of(merged_id);
  if (!where) return 0;
  if (where->first == s) return where->second;
  return partner(where->first, where->second);
}

const std::pair<Side, std::string>* SideBySide::own_socket(std::string_view merged_name) const {
  const auto it = own_sockets_.find(merged_name);
  return it == own_sockets_.end() ? nullptr : &it->second;
}

}  // namespace tcplab::gui
