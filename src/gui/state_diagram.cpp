#include "gui/state_diagram.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/state_transitions.h"

#include "present/translate.h"

namespace tcplab::gui {

namespace {

enum Node : std::size_t {
  kClosedTop,
  kListen,
  kSynRcvd,
  kSynSent,
  kEstab,
  kFinWait1,
  kClosing,
  kCloseWait,
  kFinWait2,
  kTimeWait,
  kLastAck,
  kClosedBottom,
  kNodeCount
};

constexpr std::array<DiagramNode, kNodeCount> kNodes{{
    {TcpState::Closed, {0.50f, 0.05f}},
    {TcpState::Listen, {0.50f, 0.20f}},
    {TcpState::SynReceived, {0.17f, 0.35f}},
    {TcpState::SynSent, {0.83f, 0.35f}},
    {TcpState::Established, {0.50f, 0.50f}},
    {TcpState::FinWait1, {0.17f, 0.65f}},
    {TcpState::Closing, {0.50f, 0.65f}},
    {TcpState::CloseWait, {0.83f, 0.65f}},
    {TcpState::FinWait2, {0.17f, 0.80f}},
    {TcpState::TimeWait, {0.50f, 0.80f}},
    {TcpState::LastAck, {0.83f, 0.80f}},
    {TcpState::Closed, {0.67f, 0.95f}},
}};

}  // namespace

std::span<const DiagramNode> diagram_nodes() { return kNodes; }
// Figure 5's transitions (core/state_transitions.h), each between the nodes drawn for its states.
std::span<const DiagramEdge> diagram_edges() {
  static const std::vector<DiagramEdge> edges = [] {
    std::vector<DiagramEdge> out;
    for (const StateTransition& t : rfc9293_transitions())
      out.push_back({node_for(t.from), node_for(t.to, t.from), t.event});
    return out;
  }();
  return edges;
}

std::size_t node_for(TcpState state, std::optional<TcpState> from) {
  if (state == TcpState::Closed) {
    const bool from_the_bottom = from && (*from == TcpState::TimeWait ||
                                          *from == TcpState::LastAck || is_synchronized(*from));
    return from_the_bottom ? kClosedBottom : kClosedTop;
  }
  for (std::size_t i = 0; i < kNodes.size(); ++i) {
    if (kNodes[i].state == state) return i;
  }
  return kClosedTop;
}

std::optional<std::size_t> find_edge(TcpState from, TcpState to) {
  const std::size_t a = node_for(from);
  const std::size_t b = node_for(to, from);
  const auto edges = diagram_edges();
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (edges[i].from_node == a && edges[i].to_node == b) return i;
  }
  return std::nullopt;
}

DiagramStatus diagram_status(const present::StateReplay& states) {
  DiagramStatus status;
  if (states.last_change()) status.last_change = *states.last_change();
  for (const present::SocketState* s : states.sockets()) {
    status.endpoints.push_back(EndpointMark{s->endpoint, s->host, s->state});
  }
  // By label, as the node captions list them.
  std::sort(status.endpoints.begin(), status.endpoints.end(),
            [](const EndpointMark& a, const EndpointMark& b) { return a.endpoint < b.endpoint; });
  return status;
}

DiagramStatus diagram_status(const Trace& trace, std::size_t step) {
  present::StateReplay states(trace);
  states.seek(step);
  return diagram_status(states);
}

}  // namespace tcplab::gui
