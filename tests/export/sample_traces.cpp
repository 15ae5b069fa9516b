#include "sample_traces.h"

#include <chrono>

namespace tcplab::samples {

namespace {

using namespace std::chrono_literals;

constexpr Duration kLatency = 100us;
constexpr std::uint16_t kWindow = 65535;

class Builder {
 public:
  Builder() {
    trace.backend = "model";
    trace.profile = "linux";
    trace.hosts = {"client", "server"};
  }

  // Sends a segment at `at`; it arrives kLatency later unless dropped.
  std::uint64_t send(Duration at, bool from_client, TcpFlags flags, std::uint32_t seq,
                     std::uint32_t ack, std::string payload = "",
                     SegmentFate fate = SegmentFate::Delivered, std::string reason = "",
                     bool retransmission = false) {
    SegmentEvent e;
    e.segment.src = from_client ? kClient : kServer;
    e.segment.dst = from_client ? kServer : kClient;
    e.segment.seq = SeqNum(seq);
    e.segment.ack = SeqNum(ack);
    e.segment.flags = flags;
    e.segment.window = kWindow;
    e.segment.options = options(at, from_client, flags);
    e.segment.payload = std::move(payload);
    e.from = from_client ? "client" : "server";
    e.to = from_client ? "server" : "client";
    e.endpoint = from_client ? "client#1" : "server#2";
    e.arrives_at = Instant{at + kLatency};
    e.fate = fate;
    e.reason = std::move(reason);
    e.retransmission = retransmission;
    return trace.add_segment(Instant{at}, std::move(e));
  }

  void state(Duration at, bool client, TcpState from, TcpState to, StateCause cause,
             std::uint64_t segment = 0) {
    StateEvent e;
    e.host = client ? "client" : "server";
    e.endpoint = client ? "client#1" : "server#2";
    e.tuple = client ? FourTuple{kClient, kServer} : FourTuple{kServer, kClient};
    e.from = from;
    e.to = to;
    e.cause = cause;
    e.segment_id = segment;
    trace.add(Instant{at}, std::move(e));
  }

  void call(Duration at, bool client, std::string name, std::string args, int fd,
            std::int64_t result, Errno error = Errno::None, std::string data = "") {
    CallEvent e;
    e.host = client ? "client" : "server";
    e.step = e.host + "." + name;
    e.call = std::move(name);
    e.args = std::move(args);
    e.fd = fd;
    e.result = result;
    e.error = error;
    e.issued_at = Instant{at};
    e.endpoint = client ? "client#1" : "server#2";
    e.data = std::move(data);
    trace.add(Instant{at}, std::move(e));
  }

  void timer(Duration at, bool client, TimerKind kind, TimerAction action, Duration deadline,
             int attempt = 0) {
    trace.add(Instant{at},
              TimerEvent{client ? "client" : "server", client ? "client#1" : "server#2", kind,
                         action, Instant{deadline}, attempt});
  }

  // SYN, SYN-ACK, ACK; "hello" each way with its ACK. Ends at 10 ms.
  void handshake_and_data() {
    const TcpFlags ack = TcpFlag::Ack;
    call(0ms, false, "listen", "5555", 3, 0);
    trace.add(Instant{0ms}, NoteEvent{"", "The server listens; the client connects."});
    state(0ms, false, TcpState::Closed, TcpState::Listen, StateCause::ListenCalled);
    const auto syn = send(1ms, true, TcpFlag::Syn, kClientIsn, 0);
    state(1ms, true, TcpState::Closed, TcpState::SynSent, StateCause::ConnectSendsSyn, syn);
    timer(1ms, true, TimerKind::Retransmit, TimerAction::Armed, 1001ms);
    const auto synack =
        send(1ms + kLatency, false, TcpFlag::Syn | TcpFlag::Ack, kServerIsn, kClientIsn + 1);
    state(1ms + kLatency, false, TcpState::Listen, TcpState::SynReceived, StateCause::RcvSynSendsSynAck, syn);
    const auto third = send(1ms + 2 * kLatency, true, ack, kClientIsn + 1, kServerIsn + 1);
    timer(1ms + 2 * kLatency, true, TimerKind::Retransmit, TimerAction::Cancelled, 1001ms);
    state(1ms + 2 * kLatency, true, TcpState::SynSent, TcpState::Established, StateCause::RcvSynAckSendsAck,
          synack);
    call(1ms + 2 * kLatency, true, "connect", "127.0.0.2:5555", 3, 0);
    state(1ms + 3 * kLatency, false, TcpState::SynReceived, TcpState::Established, StateCause::RcvAckOfSyn,
          third);
    send(5ms, true, TcpFlag::Psh | TcpFlag::Ack, kClientIsn + 1, kServerIsn + 1, "hello");
    send(5ms + kLatency, false, ack, kServerIsn + 1, kClientIsn + 6);
    send(6ms, false, TcpFlag::Psh | TcpFlag::Ack, kServerIsn + 1, kClientIsn + 6, "hello\n");
    send(6ms + kLatency, true, ack, kClientIsn + 6, kServerIsn + 7);
    call(7ms, false, "recv", "64", 4, 5, Errno::None, "hello");
  }

  Trace trace;

 private:
  // The options Linux sends (docs/linux-facts.md): all four on a SYN, timestamps on every later
  // segment; a RST answering a segment has none. TSval is milliseconds plus a per-side offset.
  TcpOptions options(Duration at, bool from_client, TcpFlags flags) {
    TcpOptions o;
    if (flags.rst() && !flags.ack()) return o;
    const auto ms = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(at).count());
    const std::uint32_t val = ms + (from_client ? 7000u : 90000u);
    o.timestamps = TcpTimestamps{val, flags.syn() && !flags.ack() ? 0u : last_tsval_[!from_client]};
    last_tsval_[from_client] = val;
    if (flags.syn()) {
      o.mss = 65495;
      o.sack_permitted = true;
      o.window_scale = 7;
    }
    return o;
  }
  std::uint32_t last_tsval_[2] = {0, 0};  // [0] the server's, [1] the client's
};

constexpr std::uint32_t kClientFin = kClientIsn + 6;
constexpr std::uint32_t kServerFin = kServerIsn + 7;

}  // namespace

Trace four_way_close() {
  Builder b;
  b.handshake_and_data();
  const TcpFlags finack = TcpFlag::Fin | TcpFlag::Ack;
  b.call(10ms, true, "close", "", 3, 0);
  const auto fin1 = b.send(10ms, true, finack, kClientFin, kServerFin);
  b.state(10ms, true, TcpState::Established, TcpState::FinWait1, StateCause::CloseSendsFin, fin1);
  b.send(10ms + kLatency, false, TcpFlag::Ack, kServerFin, kClientFin + 1);
  b.state(10ms + kLatency, false, TcpState::Established, TcpState::CloseWait, StateCause::RcvFin, fin1);
  b.state(10ms + 2 * kLatency, true, TcpState::FinWait1, TcpState::FinWait2, StateCause::RcvAckOfFin,
          fin1 + 1);
  b.call(12ms, false, "close", "", 4, 0);
  const auto fin2 = b.send(12ms, false, finack, kServerFin, kClientFin + 1);
  b.state(12ms, false, TcpState::CloseWait, TcpState::LastAck, StateCause::CloseSendsFin, fin2);
  const auto last = b.send(12ms + kLatency, true, TcpFlag::Ack, kClientFin + 1, kServerFin + 1);
  b.state(12ms + kLatency, true, TcpState::FinWait2, TcpState::TimeWait, StateCause::RcvFinSendsAck, fin2);
  b.timer(12ms + kLatency, true, TimerKind::TimeWait, TimerAction::Armed, 60012ms + kLatency);
  b.state(12ms + 2 * kLatency, false, TcpState::LastAck, TcpState::Closed, StateCause::RcvAckOfFin, last);
  return std::move(b.trace);
}

Trace lost_last_ack() {
  Builder b;
  b.handshake_and_data();
  const TcpFlags finack = TcpFlag::Fin | TcpFlag::Ack;
  const auto fin1 = b.send(10ms, true, finack, kClientFin, kServerFin);
  b.send(10ms + kLatency, false, TcpFlag::Ack, kServerFin, kClientFin + 1);
  b.state(10ms + kLatency, false, TcpState::Established, TcpState::CloseWait, StateCause::RcvFin, fin1);
  b.send(12ms, false, finack, kServerFin, kClientFin + 1);
  b.timer(12ms, false, TimerKind::Retransmit, TimerAction::Armed, 212ms);
  b.send(12ms + kLatency, true, TcpFlag::Ack, kClientFin + 1, kServerFin + 1, "",
         SegmentFate::Dropped, "fault: drop the client's last ACK");
  b.timer(212ms, false, TimerKind::Retransmit, TimerAction::Fired, 212ms, 0);
  b.send(212ms, false, finack, kServerFin, kClientFin + 1, "", SegmentFate::Delivered,
         "retransmitted FIN: re-ACKed from TIME-WAIT", true);
  b.send(212ms + kLatency, true, TcpFlag::Ack, kClientFin + 1, kServerFin + 1);
  return std::move(b.trace);
}

Trace rst_close() {
  Builder b;
  b.handshake_and_data();
  b.call(10ms, true, "setsockopt", "SO_LINGER {1, 0}", 3, 0);
  b.call(11ms, true, "close", "", 3, 0);
  const auto rst = b.send(11ms, true, TcpFlag::Rst | TcpFlag::Ack, kClientFin, kServerFin);
  b.state(11ms, true, TcpState::Established, TcpState::Closed, StateCause::CloseWithLingerZero,
          rst);
  b.state(11ms + kLatency, false, TcpState::Established, TcpState::Closed, StateCause::RcvRstConnectionReset, rst);
  b.call(13ms, false, "recv", "64", 4, -1, Errno::ConnectionReset);
  return std::move(b.trace);
}

Trace refused() {
  Builder b;
  b.send(1ms, true, TcpFlag::Syn, kClientIsn, 0);
  b.send(1ms + kLatency, false, TcpFlag::Rst | TcpFlag::Ack, 0, kClientIsn + 1, "",
         SegmentFate::Delivered, "no socket: answered with RST");
  b.call(1ms + 2 * kLatency, true, "connect", "127.0.0.2:5555", 3, -1, Errno::ConnectionRefused);
  return std::move(b.trace);
}

}  // namespace tcplab::samples
