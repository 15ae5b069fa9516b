#pragma once
// lo as the wire of a packetdrill script, inside the run's private network namespace. The host
// under test is 192.168.0.1 (an address added to lo); the remote peer, 192.0.2.0/24, is a route
// through lo with no socket behind it: what the host sends there is captured on lo and then
// dropped by the kernel (forwarding is off in a new namespace, so no ICMP comes back), and the
// script's segments are written onto lo by one AF_PACKET socket, as a tun device would deliver
// them to packetdrill's kernel. The route's MTU is 1500 (MSS 1460), lo's stays 64 KB (a script may
// inject larger segments, as into a tun device), and TSO is on as on packetdrill's tun device, so
// the capture sees a TSO super-segment whole (several MSS-sized segments' worth, one TCP header),
// as packetdrill does.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/segment.h"

namespace tcplab::real {

// Sets lo up for a script in the current namespace: the address, the route (MTU 1500), TSO and
// GSO on, GRO off. Returns what could not be done (empty when all was); each item one sentence.
std::vector<std::string> prepare_script_wire();

// A segment seen on lo, with the kernel's timestamp (CLOCK_MONOTONIC ns).
struct WireSegment {
  std::int64_t t_ns = 0;
  Segment segment;
  bool from_host = false;  // sent by the host under test (192.168.0.1); else injected
};

class ScriptWire {
 public:
  ScriptWire() = default;
  ~ScriptWire();
  ScriptWire(const ScriptWire&) = delete;
  ScriptWire& operator=(const ScriptWire&) = delete;

  // Opens the packet socket on lo with kernel timestamps. Returns "" or why it cannot.
  std::string open();
  // Writes `segment` onto lo as an IPv4 packet (the shared codec builds it, checksums included);
  // returns "" or the error.
  std::string inject(const Segment& segment);
  // The next segment seen on lo (either direction, one copy each), waiting until the monotonic
  // instant `deadline_ns` at most.
  std::optional<WireSegment> next(std::int64_t deadline_ns);

 private:
  int fd_ = -1;
  int ifindex_ = 0;
  std::int64_t realtime_minus_monotonic_ = 0;
  std::uint16_t ip_id_ = 0;
};

}  // namespace tcplab::real
