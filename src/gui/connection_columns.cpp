#include "gui/connection_columns.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "gui/timeline_builder.h"

namespace tcplab::gui {

namespace {

// A connection whichever way a segment or a socket looks at it: its two addresses, ordered.
using ConnectionKey = std::pair<SocketAddress, SocketAddress>;
ConnectionKey key_of(const SocketAddress& a, const SocketAddress& b) {
  return a < b ? ConnectionKey{a, b} : ConnectionKey{b, a};
}

}  // namespace

ConnectionColumns::ConnectionColumns(const Trace& trace) {
  const auto& events = trace.events();
  // Pass 1: connections in the order their first segment was sent, and the sockets of each
  // (a socket's four-tuple once it has a peer; a listener has none and joins no column).
  std::map<ConnectionKey, std::size_t> column_of_key;
  std::map<std::string, std::size_t> column_of_socket;
  auto column_of = [&](const ConnectionKey& key) -> std::optional<std::size_t> {
    auto it = column_of_key.find(key);
    if (it == column_of_key.end()) return std::nullopt;
    return it->second;
  };
  for (const TraceEvent& e : events) {
    if (const auto* s = get_if<SegmentEvent>(&e.body)) {
      const ConnectionKey key = key_of(s->segment.src, s->segment.dst);
      if (column_of_key.contains(key)) continue;
      column_of_key.emplace(key, columns_.size());
      auto column = std::make_unique<ConnectionColumn>();
      column->client = s->from;  // the SYN's sender: the side that connected
      column->server = s->to;
      column->offset_ns = to_ns(e.at);
      columns_.push_back(std::move(column));
      if (columns_.size() > kMaxConnectionColumns) {
        columns_.clear();
        return;
      }
    }
  }
  if (columns_.size() < 2) {
    columns_.clear();
    return;
  }
  for (const TraceEvent& e : events) {
    if (const auto* st = get_if<StateEvent>(&e.body)) {
      if (st->tuple.remote.port == 0 || column_of_socket.contains(st->endpoint)) continue;
      if (auto c = column_of(key_of(st->tuple.local, st->tuple.remote)))
        column_of_socket.emplace(st->endpoint, *c);
    }
  }
  // A column starts with its client's first call on the connection's socket (socket(),
  // setsockopt()), so the calls that set it up are in its picture too.
  for (const TraceEvent& e : events) {
    if (const auto* call = get_if<CallEvent>(&e.body)) {
      auto it = column_of_socket.find(call->endpoint);
      if (it == column_of_socket.end()) continue;
      ConnectionColumn& column = *columns_[it->second];
      column.offset_ns = std::min(column.offset_ns, to_ns(e.at));
    }
  }
  for (auto& column : columns_) {
    column->trace.backend = trace.backend;
    column->trace.profile = trace.profile;
    column->trace.hosts = {column->client, column->server};
  }

  // Pass 2: each event into its connection's column, moved back by the column's start.
  std::vector<std::vector<std::uint64_t>> to_column_segment(columns_.size());
  for (std::size_t ei = 0; ei < events.size(); ++ei) {
    const TraceEvent& e = events[ei];
    std::optional<std::size_t> c;
    visit(
        [&](const auto& body) {
          using T = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<T, SegmentEvent>) {
            c = column_of(key_of(body.segment.src, body.segment.dst));
          } else if constexpr (std::is_same_v<T, NoteEvent>) {
            c = std::nullopt;
          } else {
            auto it = column_of_socket.find(body.endpoint);
            if (it != column_of_socket.end()) c = it->second;
          }
        },
        e.body);
    if (!c) continue;
    ConnectionColumn& column = *columns_[*c];
    const Duration shift{column.offset_ns};
    EventBody body = e.body;
    if (auto* s = std::get_if<SegmentEvent>(&body)) {
      s->arrives_at -= shift;
      const std::uint64_t source_id = s->id;
      const std::uint32_t rel_seq = s->rel_seq, rel_ack = s->rel_ack;
      const std::uint64_t id = column.trace.add_segment(e.at - shift, std::move(*s));
      SegmentEvent* added = column.trace.segment_by_id(id);
      added->rel_seq = rel_seq;  // as the whole trace numbered them
      added->rel_ack = rel_ack;
      column.source_segment.push_back(source_id);
      auto& to_column = to_column_segment[*c];
      if (to_column.size() < source_id) to_column.resize(source_id, 0);
      to_column[source_id - 1] = id;
    } else {
      if (auto* st = std::get_if<StateEvent>(&body)) {
        const auto& to_column = to_column_segment[*c];
        st->segment_id = st->segment_id >= 1 && st->segment_id <= to_column.size()
                             ? to_column[st->segment_id - 1]
                             : 0;
      } else if (auto* t = std::get_if<TimerEvent>(&body)) {
        t->deadline -= shift;
      } else if (auto* call = std::get_if<CallEvent>(&body)) {
        call->issued_at -= shift;
        if (call->asked_at) *call->asked_at -= shift;
      }
      column.trace.add(e.at - shift, std::move(body));
    }
    column.source_event.push_back(ei);
  }

  // One fold for every column, so a row of pixels is one instant after each column's start.
  std::vector<std::int64_t> activity;
  for (auto& column : columns_) {
    for (const TraceEvent& e : column->trace.events()) {
      activity.push_back(to_ns(e.at));
      if (const auto* s = get_if<SegmentEvent>(&e.body))
        activity.push_back(to_ns(s->arrives_at));
    }
  }
  std::sort(activity.begin(), activity.end());
  std::vector<RealSpan> crossing;
  for (auto& column : columns_) {
    const auto spans = crossing_flights(column->trace);
    crossing.insert(crossing.end(), spans.begin(), spans.end());
  }
  const TimeFold fold = TimeFold::from_activity(activity, fold_policy_for(trace), crossing);
  for (auto& column : columns_) {
    column->index = TimelineIndex(column->trace, fold_policy_for(column->trace));
    column->index.set_fold(fold);
  }
  if (!activity.empty()) {
    folded_begin_ns_ = fold.fold(activity.front());
    folded_end_ns_ = fold.fold(activity.back());
  }
}

std::string ConnectionColumns::title(const ConnectionColumn& column) {
  return column.client + " → " + column.server;
}

TimelineFrame column_frame(const TimelineFrame& whole, const ConnectionColumn& column,
                           std::size_t at, std::size_t count) {
  TimelineFrame f = whole;
  const float gap = kColumnGapPx * whole.scale;
  const float width =
      (whole.width - gap * static_cast<float>(count - 1)) / static_cast<float>(count);
  const float title_h = whole.line_height * kColumnTitleLines;
  f.origin.x = whole.origin.x + static_cast<float>(at) * (width + gap);
  f.origin.y = whole.origin.y + title_h;
  f.width = width;
  f.height = whole.height - title_h;
  f.cursor_ns = whole.cursor_ns - column.offset_ns;
  // Of the column's events, those before the whole trace's cursor step have happened.
  f.cursor_step = static_cast<std::size_t>(
      std::lower_bound(column.source_event.begin(), column.source_event.end(), whole.cursor_step) -
      column.source_event.begin());
  f.selected_segment = 0;
  for (std::size_t k = 0; k < column.source_segment.size(); ++k) {
    if (column.source_segment[k] == whole.selected_segment && whole.selected_segment != 0)
      f.selected_segment = k + 1;
  }
  f.flagged_segments = nullptr;
  return f;
}

void build_columns(const ConnectionColumns& columns, const TimelineView& view,
                   const TimelineFrame& whole, FrameGeometry& out) {
  out.clear();
  FrameGeometry one;
  const auto& all = columns.columns();
  for (std::size_t c = 0; c < all.size(); ++c) {
    const ConnectionColumn& column = *all[c];
    const TimelineFrame f = column_frame(whole, column, c, all.size());
    build_timeline(column.index, view, f, one);
    for (ArrowHit& a : one.arrows) {
      a.segment_id = a.segment_id >= 1 && a.segment_id <= column.source_segment.size()
                         ? column.source_segment[a.segment_id - 1]
                         : 0;
    }
    one.texts.push_back({{f.origin.x + f.width / 2, whole.origin.y},
                         ConnectionColumns::title(column),
                         whole.theme->text,
                         TextAlign::Center,
                         whole.theme->label_plate});
    out.rects.insert(out.rects.end(), one.rects.begin(), one.rects.end());
    out.lines.insert(out.lines.end(), one.lines.begin(), one.lines.end());
    out.triangles.insert(out.triangles.end(), one.triangles.begin(), one.triangles.end());
    out.circles.insert(out.circles.end(), one.circles.begin(), one.circles.end());
    out.texts.insert(out.texts.end(), one.texts.begin(), one.texts.end());
    out.arrows.insert(out.arrows.end(), one.arrows.begin(), one.arrows.end());
    out.tips.insert(out.tips.end(), one.tips.begin(), one.tips.end());
    if (c + 1 < all.size()) {
      // A rule between two columns, so they read as two pictures.
      const float x = f.origin.x + f.width + kColumnGapPx * whole.scale / 2;
      out.lines.push_back({{x, whole.origin.y},
                           {x, whole.origin.y + whole.height},
                           whole.theme->grid,
                           2 * whole.scale});
    }
  }
}

}  // namespace tcplab::gui
