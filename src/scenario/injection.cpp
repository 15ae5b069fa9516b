#include "scenario/injection.h"

#include <optional>

namespace tcplab {

namespace {

// The latest connection between the two ends, as its SYNs showed it.
struct SeenConnection {
  SocketAddress from;  // the injection's sender side
  SocketAddress to;    // its receiver side
  std::optional<SeqNum> from_isn;
  std::optional<SeqNum> to_isn;
};

bool port_fits(const std::optional<std::uint16_t>& wanted, std::uint16_t port) {
  return !wanted || *wanted == port;
}

std::optional<SeenConnection> latest_connection(const InjectionSpec& spec, Ipv4 from_ip,
                                                Ipv4 to_ip, const std::vector<Segment>& seen) {
  std::optional<SeenConnection> latest;
  for (const Segment& s : seen) {
    if (!s.flags.syn()) continue;
    const bool sent_by_from = s.src.ip == from_ip && s.dst.ip == to_ip &&
                              port_fits(spec.from_port, s.src.port) &&
                              port_fits(spec.to_port, s.dst.port);
    const bool sent_by_to = s.src.ip == to_ip && s.dst.ip == from_ip &&
                            port_fits(spec.to_port, s.src.port) &&
                            port_fits(spec.from_port, s.dst.port);
    if (!sent_by_from && !sent_by_to) continue;
    const SocketAddress from_side = sent_by_from ? s.src : s.dst;
    const SocketAddress to_side = sent_by_from ? s.dst : s.src;
    // A SYN without ACK opens a new incarnation (RFC 9293 §3.5); a SYN-ACK completes the one open.
    const bool same = latest && latest->from == from_side && latest->to == to_side;
    if (!s.flags.ack() || !same) latest = SeenConnection{from_side, to_side, {}, {}};
    (sent_by_from ? latest->from_isn : latest->to_isn) = s.seq;
  }
  return latest;
}

}  // namespace

std::variant<Segment, std::string> resolve_injection(const InjectionSpec& spec,
                                                     const Scenario& scenario,
                                                     const std::vector<Segment>& seen,
                                                     Duration due) {
  const HostSpec* from = scenario.host(spec.from);
  const HostSpec* to = scenario.host(spec.to);
  if (!from || !to) {
    return "injection between unknown hosts '" + spec.from + "' and '" + spec.to + "'";
  }
  Segment segment;
  segment.flags = spec.flags;
  segment.window = spec.window;
  segment.payload = spec.payload;
  if (spec.absolute && spec.from_port && spec.to_port) {
    segment.src = {from->address, *spec.from_port};
    segment.dst = {to->address, *spec.to_port};
    segment.seq = SeqNum(spec.seq);
    segment.ack = SeqNum(spec.ack);
    return segment;
  }
  const std::optional<SeenConnection> c = latest_connection(spec, from->address, to->address, seen);
  const std::string ends = spec.from + (spec.from_port ? ":" + std::to_string(*spec.from_port) : "") +
                           " and " + spec.to +
                           (spec.to_port ? ":" + std::to_string(*spec.to_port) : "");
  if (!c) {
    return "injection at " + format_duration(due) + ": no connection between " + ends +
           " has been seen by then (its four-tuple comes from their SYNs; or give both ports and "
           "absolute = true)";
  }
  segment.src = c->from;
  segment.dst = c->to;
  if (spec.absolute) {
    segment.seq = SeqNum(spec.seq);
    segment.ack = SeqNum(spec.ack);
    return segment;
  }
  // Without the ACK flag the ack field means nothing and is written as given (0: as Linux's RST).
  const bool needs_to_isn = spec.flags.ack();
  if (!c->from_isn || (needs_to_isn && !c->to_isn)) {
    const std::string& side = !c->from_isn ? spec.from : spec.to;
    return "injection at " + format_duration(due) + ": " + side +
           " has sent no SYN on the connection " + to_string(FourTuple{c->from, c->to}) +
           ", so there is no ISN to count relative numbers from (write absolute = true)";
  }
  segment.seq = *c->from_isn + spec.seq;
  segment.ack = needs_to_isn ? *c->to_isn + spec.ack : SeqNum(spec.ack);
  return segment;
}

bool same_wire_segment(const Segment& a, const Segment& b) {
  return a.src == b.src && a.dst == b.dst && a.seq == b.seq && a.ack == b.ack &&
         a.flags == b.flags && a.payload == b.payload;
}

}  // namespace tcplab
