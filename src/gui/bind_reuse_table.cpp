#include "gui/bind_reuse_table.h"

#include <map>
#include <utility>

namespace tcplab::gui {

namespace {

// A socket's SO_REUSEADDR and the port it bound, while its fd is open.
struct OpenSocket {
  bool reuse = false;
  std::uint16_t bound_port = 0;  // 0: not bound
};

using HostFd = std::pair<std::string, int>;
using HostPort = std::pair<std::string, std::uint16_t>;

// The bind() a typed note after it explains: the call, and its socket's option then.
struct PendingBind {
  std::size_t event = 0;
  const CallEvent* call = nullptr;
  bool reuse = false;
  std::optional<bool> old_reuse;  // the port's, as bound before this call
};

}  // namespace

std::vector<BindReuseRow> bind_reuse_rows(const Trace& trace, const Scenario& scenario) {
  std::vector<BindReuseRow> rows;
  std::map<HostFd, OpenSocket> open;
  // The SO_REUSEADDR each bound port was bound with: what a TIME-WAIT entry or an accepted
  // connection on it keeps after the listener is closed (inet_csk_clone_lock copies sk_reuse).
  std::map<HostPort, bool> bound_with;
  std::map<std::string, PendingBind> last_bind;  // per host
  std::size_t index = 0;
  for (const TraceEvent& e : trace.events()) {
    const std::size_t at = index++;
    if (const auto* call = get_if<CallEvent>(&e.body)) {
      const Step* step = scenario.step(call->step);
      if (!step) continue;
      const HostFd key{call->host, call->fd};
      switch (step->call.kind) {
        case CallKind::Socket:
          if (call->result >= 0) open[key] = OpenSocket{};
          break;
        case CallKind::SetReuseAddr:
          if (call->result == 0) {
            OpenSocket& s = open[key];
            s.reuse = step->call.flag;
            if (s.bound_port != 0) bound_with[{call->host, s.bound_port}] = s.reuse;
          }
          break;
        case CallKind::Bind: {
          OpenSocket& s = open[key];
          const std::uint16_t port = step->call.address.port;
          const auto before = bound_with.find({call->host, port});
          last_bind[call->host] = PendingBind{
              at, call, s.reuse,
              before == bound_with.end() ? std::nullopt : std::optional<bool>(before->second)};
          // Port 0 is an ephemeral port: no restart binds it again by number.
          if (call->result == 0 && port != 0) {
            s.bound_port = port;
            bound_with[{call->host, s.bound_port}] = s.reuse;
          }
          break;
        }
        case CallKind::Close:
          open.erase(key);
          break;
        case CallKind::Exit:
          std::erase_if(open, [&](const auto& entry) { return entry.first.first == call->host; });
          break;
        default:
          break;
      }
      continue;
    }
    const auto* note = get_if<NoteEvent>(&e.body);
    if (!note || note->call != call_name(CallKind::Bind)) continue;
    const auto pending = last_bind.find(note->host);
    if (pending == last_bind.end()) continue;
    const CallNote& why = note->why;
    BindReuseRow row;
    if (why.why == CallWhy::PortHeld && why.conflict) {
      row.holder = why.conflict->holder;
      row.local = why.conflict->local;
    } else if (why.why == CallWhy::PortSharedByReuse && why.shared) {
      row.holder = why.shared->holder;
      row.local = why.shared->local;
    } else {
      continue;
    }
    row.event = pending->second.event;
    row.host = note->host;
    row.new_reuse = pending->second.reuse;
    row.result = pending->second.call->result;
    row.error = pending->second.call->error;
    if (pending->second.old_reuse) {
      row.old_reuse = pending->second.old_reuse;
    } else if (why.why == CallWhy::PortSharedByReuse) {
      row.old_reuse = true;  // sharing needs both (inet_bind_conflict's sk_reuse test)
    } else if (why.conflict->rule == BindConflict::Rule::ThatSocketHasNoReuse) {
      row.old_reuse = false;
    }
    rows.push_back(std::move(row));
    last_bind.erase(pending);
  }
  return rows;
}

std::vector<BindReuseRow> rows_reached(const std::vector<BindReuseRow>& rows, std::size_t step) {
  std::vector<BindReuseRow> seen;
  for (const BindReuseRow& row : rows) {
    if (row.event < step) seen.push_back(row);
  }
  return seen;
}

}  // namespace tcplab::gui
