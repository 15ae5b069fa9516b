#pragma once
// Who holds which local port on a host, and Linux's rules for sharing one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "core/address.h"

namespace tcplab {

using SocketId = std::uint32_t;

// A socket holding a local address, as the bind rules see it.
struct PortHolder {
  SocketId socket = 0;
  SocketAddress local;
  bool reuse_address = false;  // SO_REUSEADDR
  bool listening = false;
  bool by_connect = false;  // the port was picked by connect(), not by bind()
};

// inet_bind_conflict() for bind() (relax = true, no SO_REUSEPORT): two sockets may share a
// port when both set SO_REUSEADDR and the one already there is not listening; otherwise not.
// Addresses overlap when equal or when either is the wildcard 0.0.0.0.
bool bind_conflicts(SocketAddress wanted, bool wanted_reuse, const PortHolder& holder);
inline bool bind_conflicts_with_time_wait(bool wanted_reuse, bool time_wait_reuse) {
  // A TIME-WAIT entry is never listening: it yields only when both sides set SO_REUSEADDR.
  return !(wanted_reuse && time_wait_reuse);
}
bool addresses_overlap(Ipv4 a, Ipv4 b);

// What a bind() collides with (inet_bind_conflict / inet_csk_bind_conflict), as data.
struct BindConflict {
  enum class Holder : std::uint8_t { Listener, Connection, TimeWait };
  // Which side's missing SO_REUSEADDR (or the listener) forbids sharing the port.
  enum class Rule : std::uint8_t {
    ListenerNeverShares,
    ThisSocketHasNoReuse,
    ThatSocketHasNoReuse
  };
  Holder holder = Holder::Connection;
  SocketAddress local;      // the address held
  std::uint32_t count = 1;  // how many TIME-WAIT entries block (1 for a socket)
  Rule rule = Rule::ThisSocketHasNoReuse;
  bool operator==(const BindConflict&) const = default;
};

// What a successful bind() shares its port with, because both sides set SO_REUSEADDR and
// the one already there is not listening (inet_bind_conflict's sk_reuse test): the lesson's
// point in a server restart.
struct PortShare {
  BindConflict::Holder holder = BindConflict::Holder::TimeWait;  // a Connection or TimeWait
  SocketAddress local;      // the address shared
  std::uint32_t count = 1;  // TIME-WAIT entries sharing it (1 for a socket)
  bool operator==(const PortShare&) const = default;
};

class PortTable {
 public:
  // nullopt when `wanted` may be bound; otherwise what holds it.
  std::optional<BindConflict> bind_conflict(SocketAddress wanted, bool reuse, SocketId self) const;
  // For a bind() with no conflict: who else holds the port all the same (TIME-WAIT first, the
  // case a restarted server meets); nullopt when nobody does.
  std::optional<PortShare> shared_with(SocketAddress wanted, SocketId self) const;
  // True when bind() (not connect()) holds the port on an overlapping address: connect() never
  // picks such a port as its ephemeral port (__inet_hash_connect skips bind buckets).
  bool held_by_bind(SocketAddress local) const;

  void add(const PortHolder& holder);
  void remove(SocketId socket, std::uint16_t port);

  // TIME-WAIT entries hold their port too, with the SO_REUSEADDR of the socket they came from.
  void add_time_wait(SocketAddress local, bool reuse);
  void remove_time_wait(SocketAddress local, bool reuse);

 private:
  struct TimeWaitCount {
    Ipv4 ip;
    std::uint32_t total = 0;
    std::uint32_t without_reuse = 0;
  };
  absl::flat_hash_map<std::uint16_t, std::vector<PortHolder>> holders_;
  absl::flat_hash_map<std::uint16_t, std::vector<TimeWaitCount>> time_wait_;  // by port
};

}  // namespace tcplab
