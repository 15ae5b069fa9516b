#include "real/trace_builder.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include "real/drop_faults.h"

namespace tcplab::real {

namespace {

// How far past a poll the replay may look for the packets that explain what the poll saw.
constexpr std::int64_t kCaptureSlackNs = 1'000'000;

using Pair = std::pair<SocketAddress, SocketAddress>;  // unordered connection key, smaller first

Pair pair_of(const SocketAddress& a, const SocketAddress& b) {
  return a < b ? Pair{a, b} : Pair{b, a};
}

std::string ms_text(std::int64_t ns) {
  const double ms = static_cast<double>(ns) / 1e6;
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
  return buf;
}

// Incarnations of each connection: a new one starts with each SYN (without ACK) not seen before.
class Incarnations {
 public:
  void add_syn(std::int64_t t, const Segment& s) {
    auto& starts = syns_[pair_of(s.src, s.dst)];
    for (const auto& st : starts) {
      if (st.sender == s.src && st.seq == s.seq) return;  // a retransmitted SYN
    }
    starts.push_back({t, s.src, s.seq});
  }
  int at(const FourTuple& tuple, std::int64_t t) const {
    auto it = syns_.find(pair_of(tuple.local, tuple.remote));
    if (it == syns_.end()) return 0;
    int n = 0;
    for (const auto& st : it->second) n += st.t <= t ? 1 : 0;
    return n;
  }
  // When the SYN that began the incarnation alive at `t` was sent (nullopt: none seen).
  std::optional<std::int64_t> start(const FourTuple& tuple, std::int64_t t) const {
    std::optional<std::int64_t> at;
    auto it = syns_.find(pair_of(tuple.local, tuple.remote));
    if (it == syns_.end()) return at;
    for (const auto& st : it->second) {
      if (st.t <= t) at = st.t;
    }
    return at;
  }

 private:
  struct Start {
    std::int64_t t;
    SocketAddress sender;
    SeqNum seq;
  };
  std::map<Pair, std::vector<Start>> syns_;
};

struct Labeller {
  const Incarnations& incarnations;
  std::map<std::uint64_t, const SocketRecord*> by_inode;
  std::map<std::pair<FourTuple, int>, const SocketRecord*> by_tuple;

  void learn(const FourTuple& tuple, int incarnation, const SocketRecord* s) {
    by_tuple.emplace(std::make_pair(tuple, incarnation), s);
  }
  const SocketRecord* find(const FourTuple& tuple, std::int64_t t, std::uint64_t inode) const {
    if (inode != 0) {
      auto it = by_inode.find(inode);
      if (it != by_inode.end()) return it->second;
    }
    auto it = by_tuple.find({tuple, incarnations.at(tuple, t)});
    return it != by_tuple.end() ? it->second : nullptr;
  }
};

struct Pending {
  std::int64_t t;
  int rank;  // same instant: segments, then states, timers, calls, notes
  EventBody body;
};

// The closing and opening part of RFC 9293's diagram, driven by one endpoint's segments: used only
// to fill in states that lasted less than a poll interval.
struct Replay {
  TcpState state;
  std::optional<SeqNum> fin_end;  // sequence number just past our FIN
  bool rfc1337 = false;

  std::optional<TcpState> next(const Segment& s, bool sent) {
    const TcpFlags f = s.flags;
    if (sent && f.fin()) fin_end = s.seq + s.payload_len() + (f.syn() ? 1u : 0u) + 1u;
    const bool acks_fin = !sent && f.ack() && fin_end && !(s.ack < *fin_end);
    if (f.rst()) {
      if (!sent && state == TcpState::TimeWait && rfc1337) return std::nullopt;
      // A SYN-SENT socket resets an unacceptable ACK and keeps waiting for its SYN-ACK
      // (RFC 9293 §3.10.7.3; tcp_rcv_synsent_state_process's reset_and_undo).
      if (sent && state == TcpState::SynSent) return std::nullopt;
      return state == TcpState::Closed ? std::nullopt : std::optional(TcpState::Closed);
    }
    switch (state) {
      case TcpState::Closed:
        if (sent && f.syn() && !f.ack()) return TcpState::SynSent;
        if (!sent && f.syn() && !f.ack()) return TcpState::SynReceived;
        return std::nullopt;
      case TcpState::SynSent:
        if (!sent && f.syn()) return f.ack() ? TcpState::Established : TcpState::SynReceived;
        return std::nullopt;
      case TcpState::SynReceived:
        if (!sent && f.ack()) return TcpState::Established;
        return std::nullopt;
      case TcpState::Established:
        if (sent && f.fin()) return TcpState::FinWait1;
        if (!sent && f.fin()) return TcpState::CloseWait;
        return std::nullopt;
      case TcpState::FinWait1:
        // A FIN that also ACKs ours: Linux (tcp_rcv_state_process, then tcp_fin) and RFC 9293
        // both pass through FIN-WAIT-2 on the way to TIME-WAIT; the caller asks again.
        if (acks_fin) return TcpState::FinWait2;
        if (!sent && f.fin()) return TcpState::Closing;
        return std::nullopt;
      case TcpState::FinWait2:
        if (!sent && f.fin()) return TcpState::TimeWait;
        return std::nullopt;
      case TcpState::CloseWait:
        if (sent && f.fin()) return TcpState::LastAck;
        return std::nullopt;
      case TcpState::LastAck:
        if (acks_fin) return TcpState::Closed;
        return std::nullopt;
      case TcpState::Closing:
        if (acks_fin) return TcpState::TimeWait;
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }
};

struct EndpointSegment {
  std::int64_t t;
  std::uint64_t id;
  const Segment* segment;
  bool sent;
};

// Sockets sock_diag saw that no program holds: connections the kernel completed (or began: a
// request socket) in a listener's accept queue that were never accept()ed. They get a record of
// their own, so their states and segments are theirs (the model has the same child sockets).
template <typename HostName>
void append_unaccepted_children(const RunRecord& record, const Incarnations& incarnations,
                                const HostName& host_name, std::vector<SocketRecord>& sockets) {
  std::set<std::pair<FourTuple, int>> owned;
  std::map<std::uint64_t, const SocketRecord*> by_inode;
  for (const auto& s : sockets) {
    if (s.tuple) owned.insert({*s.tuple, incarnations.at(*s.tuple, s.tuple_known_ns)});
    if (s.inode) by_inode[s.inode] = &s;
  }
  for (const auto& d : record.diag) {
    if (d.present && d.inode && by_inode.contains(d.inode) && d.tuple.remote.port != 0)
      owned.insert({d.tuple, incarnations.at(d.tuple, d.t_ns)});
  }
  std::vector<DiagChange> diag = record.diag;
  std::stable_sort(diag.begin(), diag.end(),
                   [](const DiagChange& a, const DiagChange& b) { return a.t_ns < b.t_ns; });
  for (const auto& d : diag) {
    if (!d.present || d.inode != 0 || d.tuple.remote.port == 0) continue;
    const int incarnation = incarnations.at(d.tuple, d.t_ns);
    if (!owned.insert({d.tuple, incarnation}).second) continue;
    SocketRecord child;
    child.host = host_name(d.tuple.local.ip);
    child.accepted = true;
    child.tuple = d.tuple;
    child.local = d.tuple.local;
    child.tuple_known_ns = d.t_ns;
    child.created_ns = incarnations.start(d.tuple, d.t_ns).value_or(d.t_ns);
    sockets.push_back(std::move(child));
  }
}

// The model numbers a host's sockets in the order they came to be (core/host.cpp: socket(),
// and a listener's child when the SYN arrives); the programs number socket() and accept() as
// they return. Renumbered as the model does, the same socket has the same label in both traces.
// Returns each program label's new name.
std::map<std::string, std::string> number_as_the_model_does(const Incarnations& incarnations,
                                                            std::vector<SocketRecord>& sockets) {
  std::map<std::string, std::vector<std::pair<std::int64_t, std::size_t>>> born;  // host -> ...
  for (std::size_t i = 0; i < sockets.size(); ++i) {
    const SocketRecord& s = sockets[i];
    std::int64_t at = s.created_ns;
    if (s.accepted && s.tuple)
      at = incarnations.start(*s.tuple, s.tuple_known_ns).value_or(s.created_ns);
    born[s.host].push_back({at, i});
  }
  std::map<std::string, std::string> renamed;
  for (auto& [host, order] : born) {
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t n = 0; n < order.size(); ++n) {
      SocketRecord& s = sockets[order[n].second];
      std::string label = host + "#" + std::to_string(n + 1);
      if (!s.label.empty()) renamed[s.label] = label;
      s.label = std::move(label);
    }
  }
  return renamed;
}

}  // namespace

void build_trace(const Scenario& scenario, const RunRecord& record, const BuildOptions& options,
                 Trace& trace) {
  std::map<Ipv4, std::string> host_of;
  for (const auto& h : scenario.hosts) host_of.emplace(h.address, h.name);
  auto host_name = [&](Ipv4 ip) {
    auto it = host_of.find(ip);
    return it != host_of.end() ? it->second : to_string(ip);
  };

  // Segments in time order (stable), with incarnations.
  std::vector<CapturedPacket> packets = record.packets;
  std::stable_sort(
      packets.begin(), packets.end(),
      [](const CapturedPacket& a, const CapturedPacket& b) { return a.t_ns < b.t_ns; });
  Incarnations incarnations;
  for (const auto& p : packets) {
    if (p.segment.flags.syn() && !p.segment.flags.ack()) incarnations.add_syn(p.t_ns, p.segment);
  }

  // The sockets: the programs', then the children the kernel made for SYNs no program accepted.
  std::vector<SocketRecord> sockets = record.sockets;
  // A connect() that failed never learnt its four-tuple: the SYNs it sent meanwhile tell it, so
  // the RST that refused it is received by it (and its SYN-SENT ends in CLOSED). A socket may
  // connect() again after a failure: each attempt's SYN opens an incarnation that is its own.
  std::vector<std::tuple<std::string, FourTuple, std::int64_t>> attempts;  // label, tuple, SYN
  for (const auto& p : packets) {
    if (!p.segment.flags.syn() || p.segment.flags.ack()) continue;
    for (auto& s : sockets) {
      if (!s.connecting_when(p.segment.dst, p.t_ns) || host_name(p.segment.src.ip) != s.host)
        continue;
      const FourTuple tuple{p.segment.src, p.segment.dst};
      if (!s.tuple) {
        s.tuple = tuple;
        s.tuple_known_ns = p.t_ns;
      }
      attempts.emplace_back(s.label, tuple, p.t_ns);
    }
  }
  append_unaccepted_children(record, incarnations, host_name, sockets);
  const std::map<std::string, std::string> label_as_model =
      number_as_the_model_does(incarnations, sockets);

  // Which socket is which.
  Labeller labeller{incarnations, {}, {}};
  for (const auto& s : sockets) {
    if (s.inode) labeller.by_inode[s.inode] = &s;
    if (s.tuple) labeller.learn(*s.tuple, incarnations.at(*s.tuple, s.tuple_known_ns), &s);
    for (const auto& [label, tuple, syn_at] : attempts)
      if (label == s.label) labeller.learn(tuple, incarnations.at(tuple, syn_at), &s);
  }
  for (const auto& d : record.diag) {
    if (!d.inode || d.tuple.remote.port == 0) continue;
    auto it = labeller.by_inode.find(d.inode);
    if (it != labeller.by_inode.end())
      labeller.learn(d.tuple, incarnations.at(d.tuple, d.t_ns), it->second);
  }
  // Where sock_diag last saw each four-tuple before an instant: present, or gone.
  std::map<FourTuple, std::vector<std::pair<std::int64_t, bool>>> presence;
  for (const auto& d : record.diag) presence[d.tuple].push_back({d.t_ns, d.present});
  for (auto& [tuple, seen] : presence) std::stable_sort(seen.begin(), seen.end());
  auto gone_before = [&presence](const FourTuple& tuple, std::int64_t t) {
    auto it = presence.find(tuple);
    if (it == presence.end()) return false;
    bool gone = false;
    for (const auto& [at, present] : it->second) {
      if (at > t) break;
      gone = !present;
    }
    return gone;
  };
  // When sock_diag last saw the four-tuple's socket alive, before an instant.
  auto last_seen_alive = [&presence](const FourTuple& tuple, std::int64_t t) {
    std::optional<std::int64_t> seen;
    auto it = presence.find(tuple);
    if (it == presence.end()) return seen;
    for (const auto& [at, present] : it->second) {
      if (at > t) break;
      if (present) seen = at;
    }
    return seen;
  };
  // A host answers a segment for no socket with RST (tcp_v4_rcv's no_tcp_socket:
  // tcp_v4_send_reset) — always in reply to one that arrived after the socket was last seen.
  // Without such a segment the RST is the socket's own (an abort in close()), however late its
  // capture time trails the poll that found the socket gone: the order of events decides, not
  // how busy the machine was.
  auto answers_a_segment_for_no_socket = [&](const CapturedPacket& rst) {
    const FourTuple tuple{rst.segment.src, rst.segment.dst};
    const auto alive = last_seen_alive(tuple, rst.t_ns);
    for (const auto& q : record.packets) {
      if (q.segment.src != rst.segment.dst || q.segment.dst != rst.segment.src) continue;
      if (q.t_ns > rst.t_ns || (alive && q.t_ns <= *alive)) continue;
      const bool answered = q.segment.flags.ack()
                                ? rst.segment.seq == q.segment.ack
                                : rst.segment.ack == q.segment.seq + q.segment.seq_len();
      if (answered) return true;
    }
    return false;
  };
  auto sender_of = [&](const CapturedPacket& p) -> const SocketRecord* {
    const FourTuple tuple{p.segment.src, p.segment.dst};
    // A RST for a four-tuple whose socket was already gone, answering a segment that arrived
    // after it: the host's, from no socket, as the model has it.
    if (p.segment.flags.rst() && gone_before(tuple, p.t_ns) && answers_a_segment_for_no_socket(p)) {
      return nullptr;
    }
    if (const SocketRecord* s = labeller.find(tuple, p.t_ns, 0)) return s;
    // A SYN from a connect() that failed: the socket that was connecting there at the time.
    if (p.segment.flags.syn() && !p.segment.flags.ack()) {
      for (const auto& s : sockets) {
        if (s.connecting_when(p.segment.dst, p.t_ns) && host_name(p.segment.src.ip) == s.host) {
          return &s;
        }
      }
    }
    return nullptr;
  };

  // A segments-only trace first: ids, relative numbers, and the drops replayed.
  Trace segments_only;
  std::vector<const SocketRecord*> senders;
  using SentKey = std::tuple<SocketAddress, SocketAddress, std::uint32_t, std::uint8_t, int>;
  std::set<SentKey> sent_before;
  std::map<SentKey, bool> copy_retransmits;
  for (const auto& p : packets) {
    SegmentEvent e;
    e.segment = p.segment;
    e.from = host_name(p.segment.src.ip);
    e.to = host_name(p.segment.dst.ip);
    // No socket sent what the lesson injected (real/lesson_injector.h), as in the model.
    const bool injected = p.fault && p.fault->action == WireAction::Injected;
    const SocketRecord* sender = injected ? nullptr : sender_of(p);
    senders.push_back(sender);
    e.endpoint = sender ? sender->label : "";
    e.arrives_at = instant_from_ns(p.arrives_ns.value_or(p.t_ns));
    // An injected copy is no retransmission of its host's (the model says so too).
    if (p.segment.seq_len() > 0 && !injected) {
      const int inc = incarnations.at({p.segment.src, p.segment.dst}, p.t_ns);
      const auto key = std::make_tuple(p.segment.src, p.segment.dst, p.segment.seq.raw(),
                                       p.segment.flags.bits(), inc);
      // A duplicate's copy is marked as its original was (core/simulator.cpp does the same).
      e.retransmission = p.copy ? copy_retransmits[key] : !sent_before.insert(key).second;
      if (!p.copy) copy_retransmits[key] = e.retransmission;
    }
    // The fault engine's verdicts (real/nfqueue_faults.*): dropped, delayed or a copy.
    if (p.fault) e.fault = p.fault;
    if (p.dropped) e.fate = SegmentFate::Dropped;
    if (p.fault) e.reason = reason_text(e);
    // An RST no socket sent keeps its endpoint empty, as the model's does: the views word it
    // (present::segment_sender), nothing is written here in English.
    segments_only.add_segment(instant_from_ns(p.t_ns), std::move(e));
  }
  const long dropped = mark_dropped(segments_only, scenario, options.faults);
  (void)dropped;

  std::vector<Pending> pending;
  for (std::uint64_t id = 1; id <= segments_only.segment_count(); ++id) {
    const SegmentEvent* s = segments_only.segment_by_id(id);
    pending.push_back({packets[id - 1].t_ns, 0, *s});  // sent then (arrives_at may be later)
  }

  // Each endpoint's segments, sent and received (a dropped segment is sent but never received).
  std::map<std::string, std::vector<EndpointSegment>> endpoint_segments;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const CapturedPacket& p = packets[i];
    const SegmentEvent* s = segments_only.segment_by_id(i + 1);
    if (senders[i])
      endpoint_segments[senders[i]->label].push_back({p.t_ns, i + 1, &p.segment, true});
    if (s->fate == SegmentFate::Dropped) continue;
    const FourTuple at_receiver{p.segment.dst, p.segment.src};
    const std::int64_t arrived = p.arrives_ns.value_or(p.t_ns);
    if (const SocketRecord* r = labeller.find(at_receiver, arrived, 0)) {
      if (r != senders[i])
        endpoint_segments[r->label].push_back({arrived, i + 1, &p.segment, false});
      else
        endpoint_segments[r->label].push_back({arrived, i + 1, &p.segment, false});  // self-connect
    }
  }
  // A held segment is received after segments sent later.
  for (auto& [label, segs] : endpoint_segments) {
    std::stable_sort(segs.begin(), segs.end(),
                     [](const EndpointSegment& a, const EndpointSegment& b) { return a.t < b.t; });
  }

  // States and timers per socket, from the sock_diag changes.
  std::map<std::string, std::vector<const DiagChange*>> changes_of;
  std::map<std::string, const SocketRecord*> record_of;
  std::vector<DiagChange> diag = record.diag;
  std::stable_sort(diag.begin(), diag.end(),
                   [](const DiagChange& a, const DiagChange& b) { return a.t_ns < b.t_ns; });
  // A change with no inode belongs to the incarnation alive when the poll before saw it.
  std::map<FourTuple, const SocketRecord*> last_owner;
  std::deque<DiagChange> synthetic;  // stable addresses
  for (const auto& d : diag) {
    const SocketRecord* owner = nullptr;
    if (d.present) {
      owner = labeller.find(d.tuple, d.t_ns, d.inode);
    } else {
      auto it = last_owner.find(d.tuple);
      owner = it != last_owner.end() ? it->second : nullptr;
    }
    if (!owner) continue;
    auto prev = last_owner.find(d.tuple);
    if (d.present && prev != last_owner.end() && prev->second && prev->second != owner) {
      // The four-tuple changed hands (a TIME-WAIT taken over by a new connection): the old one is
      // gone.
      DiagChange& gone = synthetic.emplace_back(d);
      gone.present = false;
      changes_of[prev->second->label].push_back(&gone);
    }
    last_owner[d.tuple] = d.present ? owner : nullptr;
    changes_of[owner->label].push_back(&d);
    record_of[owner->label] = owner;
  }

  // A listener that lived less than a poll: listen() and the close that ended it say when.
  int listeners_from_calls = 0;
  for (const auto& sock : sockets) {
    if (!sock.listen_returned_ns || !sock.local) continue;
    auto& changes = changes_of[sock.label];
    const bool seen_listening = std::any_of(changes.begin(), changes.end(), [](const auto* d) {
      return d->present && d->state == TcpState::Listen;
    });
    if (seen_listening) continue;
    DiagChange listening;
    listening.t_ns = listening.prev_poll_ns = *sock.listen_returned_ns;
    listening.tuple = FourTuple{*sock.local, SocketAddress{}};
    listening.inode = sock.inode;
    listening.state = TcpState::Listen;
    listening.from_call = StateCause::ListenCalled;
    auto insert_in_time = [&changes](const DiagChange* d) {
      changes.insert(std::find_if(changes.begin(), changes.end(),
                                  [d](const auto* c) { return c->t_ns > d->t_ns; }),
                     d);
    };
    insert_in_time(&synthetic.emplace_back(listening));
    const bool seen_gone =
        std::any_of(changes.begin(), changes.end(), [](const auto* d) { return !d->present; });
    if (sock.closed_ns && !seen_gone) {
      DiagChange gone = listening;
      gone.t_ns = gone.prev_poll_ns = *sock.closed_ns;
      gone.present = false;
      gone.state = TcpState::Closed;
      gone.from_call = StateCause::ListenerClosed;
      insert_in_time(&synthetic.emplace_back(gone));
    }
    record_of[sock.label] = &sock;
    ++listeners_from_calls;
  }

  int inferred_states = 0;
  std::vector<Message> unexplained;
  for (const auto& [label, changes] : changes_of) {
    const SocketRecord* sock = record_of[label];
    const auto& segs = endpoint_segments[label];
    std::size_t next_seg = 0;
    Replay replay{TcpState::Closed, std::nullopt, options.rfc1337};
    TcpState cur = TcpState::Closed;
    FourTuple tuple{};
    DiagTimer timer = DiagTimer::None;
    std::int64_t tw_deadline = 0;
    TimerKind wait_kind = TimerKind::TimeWait;
    std::int64_t rto_deadline = 0;
    std::int64_t rto_armed = 0;
    int retransmits = 0;
    std::int64_t last_resent = -1;  // the last retransmission counted as a firing
    std::int64_t previous_change_ns = -1;  // the poll that saw this socket's change before
    auto emit_state = [&](std::int64_t t, TcpState from, TcpState to, StateSource source,
                          StateCause cause, std::uint64_t seg) {
      StateEvent ev;
      ev.host = sock->host;
      ev.endpoint = label;
      ev.tuple = tuple;
      ev.from = from;
      ev.to = to;
      ev.cause = cause;
      ev.source = source;
      ev.segment_id = seg;
      pending.emplace_back(t, 1, std::move(ev));
    };
    auto emit_timer = [&](std::int64_t t, TimerKind kind, TimerAction action, std::int64_t deadline,
                          int attempt) {
      TimerEvent ev;
      ev.host = sock->host;
      ev.endpoint = label;
      ev.timer = kind;
      ev.action = action;
      ev.deadline = instant_from_ns(deadline);
      ev.attempt = attempt;
      pending.emplace_back(t, 2, std::move(ev));
    };
    for (const DiagChange* d : changes) {
      if (d->present) tuple = d->tuple;
      const TcpState target = d->present ? d->state : TcpState::Closed;
      std::int64_t changed_at = d->t_ns;
      if (target != cur) {
        // Replay the segments since the last change to find what happened between the polls.
        std::vector<std::tuple<std::int64_t, TcpState, TcpState, std::uint64_t>> path;
        Replay trial = replay;
        trial.state = cur;
        struct Match {
          std::size_t path_length;
          std::size_t next_segment;
          std::optional<SeqNum> fin_end;
        };
        std::optional<Match> match;
        std::size_t k = next_seg;
        for (; k < segs.size(); ++k) {
          // A packet's capture time can trail the state it caused by a little (the kernel changes
          // state, then the packet crosses lo): look a little past the poll while still short.
          if (segs[k].t > d->t_ns + kCaptureSlackNs) break;
          // Reached what the poll saw: later segments may have come after the dump read this
          // socket, so they are left for the next change.
          if (trial.state == target && (segs[k].t > d->prev_poll_ns || segs[k].t > d->t_ns)) break;
          // One segment can move the state twice (FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT).
          for (int step = 0; step < 2; ++step) {
            auto n = trial.next(*segs[k].segment, segs[k].sent);
            if (!n) break;
            path.emplace_back(segs[k].t, trial.state, *n, segs[k].id);
            trial.state = *n;
            // The dump can read the socket between the two moves of one segment (F. acking our
            // FIN: FIN-WAIT-2, then TIME-WAIT): a match whose next change replays this segment.
            if (step == 0 && trial.state == target) match = Match{path.size(), k, trial.fin_end};
          }
          if (trial.state == target && !path.empty()) {
            match = Match{path.size(), k + 1, trial.fin_end};
          }
        }
        if (trial.state != target && match) {
          // The replay went past what the poll saw (the dump read this socket before the last
          // segments): keep the path up to where it matched, the rest is for the next change.
          path.resize(match->path_length);
          k = match->next_segment;
          trial.state = target;
          trial.fin_end = match->fin_end;
        }
        if (!path.empty() && trial.state == target) {
          for (std::size_t i = 0; i < path.size(); ++i) {
            const auto& [t, from, to, seg] = path[i];
            const bool last = i + 1 == path.size();
            inferred_states += last ? 0 : 1;
            emit_state(std::max(t, last ? d->prev_poll_ns : t), from, to,
                       last ? StateSource::SockDiag : StateSource::SockDiagShortLived,
                       StateCause::Unspecified, seg);
          }
          changed_at = std::max(std::get<0>(path.back()), d->prev_poll_ns);
        } else {
          if (path.size() > 1 || (!path.empty() && trial.state != target)) {
            unexplained.push_back(
                {N_("{0} went from {1} to {2} between two polls: the states in between were too "
                    "short to see and could not be inferred"),
                 {label, std::string(rfc_name(cur)), std::string(rfc_name(target))}});
          }
          std::uint64_t seg = 0;
          for (std::size_t i = next_seg; i < k; ++i) seg = segs[i].id;
          emit_state(d->t_ns, cur, target,
                     d->from_call ? StateSource::SockDiagShortLived : StateSource::SockDiag,
                     d->from_call.value_or(StateCause::Unspecified), seg);
        }
        next_seg = k;
        replay.state = target;
        if (trial.fin_end) replay.fin_end = trial.fin_end;
        cur = target;
      }

      // Timers. sock_diag shows one timer at a time: TIME-WAIT's, or the retransmit timer.
      const DiagTimer now_timer = d->present ? d->timer : DiagTimer::None;
      // An orphaned FIN-WAIT-2 socket lives as a TIME-WAIT record with the TIME-WAIT timer
      // running for tcp_fin_timeout: that is the FIN-WAIT-2 timer.
      const TimerKind now_wait_kind =
          d->present && d->state == TcpState::FinWait2 ? TimerKind::FinWait2 : TimerKind::TimeWait;
      const bool wait_restarted = timer == DiagTimer::TimeWait &&
                                  now_timer == DiagTimer::TimeWait && now_wait_kind != wait_kind;
      const int now_retrans = d->retransmits;
      // Retransmissions this socket sent since the poll before (the timer fired for each).
      // Since the change seen before, not the poll before: a tail loss probe (tcp_send_loss_probe)
      // changes nothing sock_diag records, and the polls between saw no change.
      std::vector<std::int64_t> resent;
      std::vector<std::int64_t> resent_later;  // captured after this poll
      for (const auto& s : segs) {
        if (!s.sent || s.t <= previous_change_ns || s.t <= last_resent) continue;
        const SegmentEvent* ev = segments_only.segment_by_id(s.id);
        if (!ev || !ev->retransmission) continue;
        (s.t > d->t_ns ? resent_later : resent).push_back(s.t);
      }
      // The kernel's counter says how many were sent before this poll (icsk_retransmits): the
      // capture's clock (pcap's, made monotonic) can put one a little after it.
      const std::size_t counted = d->present && now_retrans > retransmits
                                      ? static_cast<std::size_t>(now_retrans - retransmits)
                                      : 0;
      for (std::size_t i = 0; resent.size() < counted && i < resent_later.size(); ++i)
        resent.push_back(resent_later[i]);
      if (!resent.empty()) last_resent = resent.back();
      if (timer == DiagTimer::TimeWait && (now_timer != DiagTimer::TimeWait || wait_restarted)) {
        const bool expired = d->t_ns + 1'500'000'000 >= tw_deadline;
        emit_timer(wait_restarted ? changed_at : d->t_ns, wait_kind,
                   expired ? TimerAction::Fired : TimerAction::Cancelled, tw_deadline, 0);
      }
      if (timer == DiagTimer::Retransmit) {
        // Each retransmission seen is a firing; after the last one the timer was armed again
        // with twice the timeout (backoff) until what the poll shows now.
        int attempt = retransmits;
        std::int64_t deadline = rto_deadline;
        std::int64_t length = rto_deadline - rto_armed;
        for (std::int64_t fired_at : resent) {
          emit_timer(fired_at, TimerKind::Retransmit, TimerAction::Fired, deadline, attempt);
          ++attempt;
          length *= 2;
          deadline = fired_at + length;
          if (now_timer != DiagTimer::Retransmit || fired_at != resent.back()) {
            emit_timer(fired_at, TimerKind::Retransmit, TimerAction::Armed, deadline, attempt);
          }
        }
        if (now_timer != DiagTimer::Retransmit) {
          emit_timer(changed_at, TimerKind::Retransmit, TimerAction::Cancelled, deadline, attempt);
        }
      }
      // The same TIME-WAIT with a later deadline: a retransmitted FIN restarted its timer.
      const std::int64_t new_wait_deadline = d->t_ns + std::int64_t{d->expires_ms} * 1'000'000;
      if (timer == DiagTimer::TimeWait && now_timer == DiagTimer::TimeWait && !wait_restarted &&
          new_wait_deadline - tw_deadline > 100'000'000) {
        std::int64_t restarted_at = d->t_ns;
        for (const auto& s : segs) {
          if (!s.sent && s.segment->flags.fin() && s.t > d->prev_poll_ns && s.t <= d->t_ns)
            restarted_at = s.t;
        }
        tw_deadline = new_wait_deadline;
        emit_timer(restarted_at, wait_kind, TimerAction::Armed, tw_deadline, 0);
      }
      if (now_timer == DiagTimer::TimeWait && (timer != DiagTimer::TimeWait || wait_restarted)) {
        tw_deadline = d->t_ns + std::int64_t{d->expires_ms} * 1'000'000;
        wait_kind = now_wait_kind;
        emit_timer(changed_at, wait_kind, TimerAction::Armed, tw_deadline, 0);
      }
      if (now_timer == DiagTimer::Retransmit &&
          (timer != DiagTimer::Retransmit || !resent.empty())) {
        rto_deadline = d->t_ns + std::int64_t{d->expires_ms} * 1'000'000;
        rto_armed = resent.empty() ? std::min(changed_at, d->t_ns) : resent.back();
        emit_timer(resent.empty() ? rto_armed : resent.back(), TimerKind::Retransmit,
                   TimerAction::Armed, rto_deadline,
                   std::max(now_retrans, retransmits + static_cast<int>(resent.size())));
      }
      timer = now_timer;
      retransmits = now_retrans;
      previous_change_ns = d->t_ns;
    }
  }
  // Sockets whose whole life fell between two polls (a busy machine can stall the poller for
  // milliseconds): their states come from their segments alone.
  for (const auto& [label, segs] : endpoint_segments) {
    if (changes_of.contains(label) || segs.empty()) continue;
    const SocketRecord* sock = nullptr;
    for (const auto& r : sockets) {
      if (r.label == label) sock = &r;
    }
    if (!sock) continue;
    Replay trial{TcpState::Closed, std::nullopt, options.rfc1337};
    for (const auto& seg : segs) {
      const FourTuple tuple = seg.sent ? FourTuple{seg.segment->src, seg.segment->dst}
                                       : FourTuple{seg.segment->dst, seg.segment->src};
      for (int step = 0; step < 2; ++step) {
        auto n = trial.next(*seg.segment, seg.sent);
        if (!n) break;
        StateEvent ev;
        ev.host = sock->host;
        ev.endpoint = label;
        ev.tuple = tuple;
        ev.from = trial.state;
        ev.to = *n;
        ev.source = StateSource::NeverSeenBySockDiag;
        ev.segment_id = seg.id;
        pending.push_back({seg.t, 1, ev});
        trial.state = *n;
        ++inferred_states;
      }
    }
  }
  if (inferred_states > 0) {
    trace.warnings.push_back({N_("{0} state(s) lasted less than a sock_diag poll (every {1}) and "
                                 "were inferred from the captured segments; their cause says so"),
                              {std::to_string(inferred_states),
                               ms_text(options.poll_interval.count())}});
  }
  if (listeners_from_calls > 0) {
    trace.warnings.push_back({N_("{0} listener(s) lived less than a sock_diag poll: LISTEN and "
                                 "CLOSED come from the listen() and close() calls; their cause "
                                 "says so"),
                              {std::to_string(listeners_from_calls)}});
  }
  for (auto& u : unexplained) trace.warnings.push_back(std::move(u));

  // Calls and notes.
  for (std::size_t i = 0; i < record.calls.size(); ++i) {
    CallEvent call = record.calls[i];
    if (auto it = label_as_model.find(call.endpoint); it != label_as_model.end())
      call.endpoint = it->second;
    pending.push_back({record.call_returned_ns[i], 3, std::move(call)});
  }
  for (const auto& [t, note] : record.notes) pending.push_back({t, 4, note});

  std::stable_sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    return a.t != b.t ? a.t < b.t : a.rank < b.rank;
  });
  for (auto& p : pending) {
    const Instant at = instant_from_ns(std::max<std::int64_t>(p.t, 0));
    if (holds_alternative<SegmentEvent>(p.body)) {
      trace.add_segment(at, get<SegmentEvent>(std::move(p.body)));
    } else {
      trace.add(at, std::move(p.body));
    }
  }
}

}  // namespace tcplab::real
