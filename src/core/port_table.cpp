#include "core/port_table.h"

#include <algorithm>

namespace tcplab {

bool addresses_overlap(Ipv4 a, Ipv4 b) { return a.is_any() || b.is_any() || a == b; }

bool bind_conflicts(SocketAddress wanted, bool wanted_reuse, const PortHolder& holder) {
  if (wanted.port != holder.local.port) return false;
  if (!addresses_overlap(wanted.ip, holder.local.ip)) return false;
  if (wanted_reuse && holder.reuse_address && !holder.listening) return false;
  return true;
}

std::optional<BindConflict> PortTable::bind_conflict(SocketAddress wanted, bool reuse,
                                                     SocketId self) const {
  if (auto it = holders_.find(wanted.port); it != holders_.end()) {
    for (const PortHolder& h : it->second) {
      if (h.socket == self || !bind_conflicts(wanted, reuse, h)) continue;
      BindConflict c;
      c.holder = h.listening ? BindConflict::Holder::Listener : BindConflict::Holder::Connection;
      c.local = h.local;
      if (reuse && h.reuse_address && h.listening)
        c.rule = BindConflict::Rule::ListenerNeverShares;
      else if (!reuse)
        c.rule = BindConflict::Rule::ThisSocketHasNoReuse;
      else
        c.rule = BindConflict::Rule::ThatSocketHasNoReuse;
      return c;
    }
  }
  if (auto it = time_wait_.find(wanted.port); it != time_wait_.end()) {
    for (const TimeWaitCount& count : it->second) {
      if (!addresses_overlap(count.ip, wanted.ip)) continue;
      const std::uint32_t blocking = reuse ? count.without_reuse : count.total;
      if (blocking == 0) continue;
      return BindConflict{BindConflict::Holder::TimeWait, SocketAddress{count.ip, wanted.port},
                          blocking,
                          reuse ? BindConflict::Rule::ThatSocketHasNoReuse
                                : BindConflict::Rule::ThisSocketHasNoReuse};
    }
  }
  return std::nullopt;
}

std::optional<PortShare> PortTable::shared_with(SocketAddress wanted, SocketId self) const {
  if (auto it = time_wait_.find(wanted.port); it != time_wait_.end()) {
    for (const TimeWaitCount& count : it->second) {
      if (count.total == 0 || !addresses_overlap(count.ip, wanted.ip)) continue;
      return PortShare{BindConflict::Holder::TimeWait, SocketAddress{count.ip, wanted.port},
                       count.total};
    }
  }
  if (auto it = holders_.find(wanted.port); it != holders_.end()) {
    for (const PortHolder& h : it->second) {
      if (h.socket == self || !addresses_overlap(h.local.ip, wanted.ip)) continue;
      return PortShare{h.listening ? BindConflict::Holder::Listener
                                   : BindConflict::Holder::Connection,
                       h.local, 1};
    }
  }
  return std::nullopt;
}

bool PortTable::held_by_bind(SocketAddress local) const {
  auto it = holders_.find(local.port);
  if (it == holders_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const PortHolder& h) {
    return !h.by_connect && addresses_overlap(h.local.ip, local.ip);
  });
}

void PortTable::add(const PortHolder& holder) { holders_[holder.local.port].push_back(holder); }

void PortTable::remove(SocketId socket, std::uint16_t port) {
  auto it = holders_.find(port);
  if (it == holders_.end()) return;
  auto& list = it->second;
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const PortHolder& h) { return h.socket == socket; }),
             list.end());
  if (list.empty()) holders_.erase(it);
}

void PortTable::add_time_wait(SocketAddress local, bool reuse) {
  auto& counts = time_wait_[local.port];
  auto it = std::find_if(counts.begin(), counts.end(),
                         [&](const TimeWaitCount& c) { return c.ip == local.ip; });
  if (it == counts.end()) it = counts.insert(counts.end(), TimeWaitCount{local.ip, 0, 0});
  ++it->total;
  if (!reuse) ++it->without_reuse;
}

void PortTable::remove_time_wait(SocketAddress local, bool reuse) {
  auto port_it = time_wait_.find(local.port);
  if (port_it == time_wait_.end()) return;
  auto& counts = port_it->second;
  auto it = std::find_if(counts.begin(), counts.end(),
                         [&](const TimeWaitCount& c) { return c.ip == local.ip; });
  if (it == counts.end()) return;
  --it->total;
  if (!reuse) --it->without_reuse;
  if (it->total == 0) counts.erase(it);
  if (counts.empty()) time_wait_.erase(port_it);
}

}  // namespace tcplab
