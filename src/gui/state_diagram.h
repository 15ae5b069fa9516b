#pragma once
// The RFC 9293 §3.3.2 (Figure 5) state diagram as data: where each state sits, the transitions
// with their event / action labels, and what to light up at the cursor.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/trace.h"
#include "gui/geometry.h"
#include "present/state_replay.h"

namespace tcplab::gui {

struct DiagramNode {
  TcpState state;
  Vec2 center;  // in [0, 1] x [0, 1], scaled to the panel
};

struct DiagramEdge {
  std::size_t from_node;
  std::size_t to_node;
  std::string_view label;  // "rcv FIN / snd ACK"
};

// The nodes (CLOSED appears twice, top and bottom, as in the RFC's figure) and edges.
std::span<const DiagramNode> diagram_nodes();
std::span<const DiagramEdge> diagram_edges();
// The node drawn for `state` when reached by a transition from `from` (CLOSED: top or bottom).
std::size_t node_for(TcpState state, std::optional<TcpState> from = std::nullopt);
// The diagram's edge for a transition, or nullopt if the figure has none (a RST, for instance).
std::optional<std::size_t> find_edge(TcpState from, TcpState to);

struct EndpointMark {
  std::string endpoint;  // "client#1"
  std::string host;
  TcpState state = TcpState::Closed;
};

struct DiagramStatus {
  std::vector<EndpointMark> endpoints;    // every socket that exists at the cursor
  std::optional<StateEvent> last_change;  // the transition just taken (at or before the cursor)
};

// The diagram at the replay's step; the second form replays `trace` up to `step` first.
DiagramStatus diagram_status(const present::StateReplay& states);
DiagramStatus diagram_status(const Trace& trace, std::size_t step);

}  // namespace tcplab::gui
