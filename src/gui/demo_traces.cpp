#include "gui/demo_traces.h"

#include <deque>

namespace tcplab::gui {

namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr Duration kLatency = milliseconds(10);
constexpr Duration kRtoInitial = milliseconds(200);  // Linux: TCP_RTO_MIN
constexpr Duration kDelayedAck = milliseconds(40);   // Linux: TCP_DELACK_MIN
constexpr Duration kTimeWait = std::chrono::seconds(60);
constexpr std::uint16_t kWindow = 65483;
constexpr std::uint32_t kClientIsn = 1'000'000;
constexpr std::uint32_t kServerIsn = 5'000'000;

Instant at_ms(double ms) { return instant_from_ns(static_cast<std::int64_t>(ms * 1e6)); }

SocketAddress addr(const char* text) { return *parse_socket_address(text); }

// Writes a trace the way the model records one, event by event, in time order.
class Script {
 public:
  explicit Script(std::vector<std::string> hosts, std::string profile = "linux") {
    trace_.hosts = std::move(hosts);
    trace_.profile = std::move(profile);
  }

  void call(Instant t, const std::string& host, const std::string& name, const std::string& args,
            int fd, std::int64_t result, Errno error = Errno::None, std::string endpoint = {}) {
    CallEvent c;
    c.host = host;
    c.step = host + "." + name;
    c.call = name;
    c.args = args;
    c.fd = fd;
    c.result = result;
    c.error = error;
    c.issued_at = t;
    c.endpoint = std::move(endpoint);
    trace_.add(t, std::move(c));
  }

  void state(Instant t, const std::string& host, const std::string& endpoint, FourTuple tuple,
             TcpState from, TcpState to, const std::string& cause, std::uint64_t segment = 0) {
    trace_.add(t, StateEvent{host, endpoint, tuple, from, to, cause, segment});
  }

  void timer(Instant t, const std::string& host, const std::string& endpoint, TimerKind kind,
             TimerAction action, Instant deadline, int attempt = 0) {
    trace_.add(t, TimerEvent{host, endpoint, kind, action, deadline, attempt});
  }

  void note(Instant t, const std::string& host, const std::string& text) {
    trace_.add(t, NoteEvent{host, text});
  }

  struct Send {
    const char* from_host;
    const char* to_host;
    const char* endpoint;
    SocketAddress src, dst;
    std::uint32_t seq, ack;
    TcpFlags flags;
    std::string payload;
    std::string reason;
    bool dropped = false;
    bool retransmission = false;
    Duration latency = kLatency;
  };
  std::uint64_t send(Instant t, Send s) {
    SegmentEvent e;
    e.segment.src = s.src;
    e.segment.dst = s.dst;
    e.segment.seq = SeqNum(s.seq);
    e.segment.ack = SeqNum(s.flags.ack() ? s.ack : 0);
    e.segment.flags = s.flags;
    e.segment.window = kWindow;
    e.segment.payload = std::move(s.payload);
    e.from = s.from_host;
    e.to = s.to_host;
    e.endpoint = s.endpoint;
    e.fate = s.dropped ? SegmentFate::Dropped : SegmentFate::Delivered;
    e.arrives_at = s.dropped ? t + s.latency / 2 : t + s.latency;
    e.reason = std::move(s.reason);
    e.retransmission = s.retransmission;
    return trace_.add_segment(t, std::move(e));
  }

  Trace take() { return std::move(trace_); }

 private:
  Trace trace_;
};

const SocketAddress kClient = addr("127.0.0.1:40000");
const SocketAddress kServer = addr("127.0.0.2:5555");
const SocketAddress kAny = addr("0.0.0.0:0");
const FourTuple kClientTuple{kClient, kServer};
const FourTuple kServerTuple{kServer, kClient};
constexpr TcpFlags kSyn = TcpFlag::Syn;
constexpr TcpFlags kSynAck = TcpFlag::Syn | TcpFlag::Ack;
constexpr TcpFlags kAck = TcpFlag::Ack;
constexpr TcpFlags kPshAck = TcpFlag::Psh | TcpFlag::Ack;
constexpr TcpFlags kFinAck = TcpFlag::Fin | TcpFlag::Ack;
constexpr TcpFlags kRstAck = TcpFlag::Rst | TcpFlag::Ack;

Script::Send from_client(std::uint32_t seq, std::uint32_t ack, TcpFlags flags, std::string reason) {
  return {"client", "server", "client#1", kClient, kServer, seq, ack, flags, {}, std::move(reason)};
}
Script::Send from_server(std::uint32_t seq, std::uint32_t ack, TcpFlags flags, std::string reason) {
  return {"server", "client", "server#2", kServer, kClient, seq, ack, flags, {}, std::move(reason)};
}

// Server listening, client connected, "hello" sent and ACKed (delayed). Ends at 100 ms.
void handshake_and_data(Script& s) {
  s.call(at_ms(0), "server", "socket", "", 3, 3);
  s.call(at_ms(0), "server", "bind", "127.0.0.2:5555", 3, 0);
  s.call(at_ms(0), "server", "listen", "128", 3, 0, Errno::None, "server#1");
  s.state(at_ms(0), "server", "server#1", {kServer, kAny}, TcpState::Closed, TcpState::Listen,
          "listen()");
  s.call(at_ms(1), "client", "socket", "", 3, 3);
  s.state(at_ms(1), "client", "client#1", kClientTuple, TcpState::Closed, TcpState::SynSent,
          "connect()");
  const auto syn =
      s.send(at_ms(1), from_client(kClientIsn, 0, kSyn, "SYN to a listener: new connection"));
  s.timer(at_ms(1), "client", "client#1", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(1) + std::chrono::seconds(1));
  s.state(at_ms(11), "server", "server#2", kServerTuple, TcpState::Closed, TcpState::SynReceived,
          "rcv SYN", syn);
  const auto synack = s.send(at_ms(11), from_server(kServerIsn, kClientIsn + 1, kSynAck,
                                                    "SYN,ACK of our SYN: connection established"));
  s.timer(at_ms(11), "server", "server#2", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(11) + std::chrono::seconds(1));
  s.timer(at_ms(21), "client", "client#1", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(1001));
  s.state(at_ms(21), "client", "client#1", kClientTuple, TcpState::SynSent, TcpState::Established,
          "rcv SYN,ACK", synack);
  const auto ack = s.send(at_ms(21), from_client(kClientIsn + 1, kServerIsn + 1, kAck,
                                                 "ACK of our SYN,ACK: connection established"));
  s.call(at_ms(21), "client", "connect", "127.0.0.2:5555", 3, 0, Errno::None, "client#1");
  s.timer(at_ms(31), "server", "server#2", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(1011));
  s.state(at_ms(31), "server", "server#2", kServerTuple, TcpState::SynReceived,
          TcpState::Established, "rcv ACK", ack);
  s.call(at_ms(31), "server", "accept", "", 4, 4, Errno::None, "server#2");
  s.call(at_ms(40), "client", "send", "\"hello\"", 3, 5, Errno::None, "client#1");
  auto data = from_client(kClientIsn + 1, kServerIsn + 1, kPshAck, "5 bytes of data, in order");
  data.payload = "hello";
  s.send(at_ms(40), data);
  s.timer(at_ms(40), "client", "client#1", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(40) + kRtoInitial);
  s.timer(at_ms(50), "server", "server#2", TimerKind::DelayedAck, TimerAction::Armed,
          at_ms(50) + kDelayedAck);
  s.call(at_ms(50), "server", "recv", "", 4, 5, Errno::None, "server#2");
  s.timer(at_ms(90), "server", "server#2", TimerKind::DelayedAck, TimerAction::Fired, at_ms(90));
  s.send(at_ms(90), from_server(kServerIsn + 1, kClientIsn + 6, kAck, "ACK of our data"));
  s.timer(at_ms(100), "client", "client#1", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(240));
}

// The client closes first; the server's FIN follows. Ends with the client's last ACK at 170 ms.
std::uint64_t active_close_by_client(Script& s, bool drop_last_ack) {
  s.call(at_ms(120), "client", "close", "", 3, 0, Errno::None, "client#1");
  s.state(at_ms(120), "client", "client#1", kClientTuple, TcpState::Established, TcpState::FinWait1,
          "close()");
  const auto fin = s.send(at_ms(120), from_client(kClientIsn + 6, kServerIsn + 1, kFinAck,
                                                  "FIN: the client will send no more"));
  s.timer(at_ms(120), "client", "client#1", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(120) + kRtoInitial);
  s.state(at_ms(130), "server", "server#2", kServerTuple, TcpState::Established,
          TcpState::CloseWait, "rcv FIN", fin);
  const auto fin_ack =
      s.send(at_ms(130), from_server(kServerIsn + 1, kClientIsn + 7, kAck, "ACK of our FIN"));
  s.call(at_ms(130), "server", "recv", "", 4, 0, Errno::None, "server#2");
  s.timer(at_ms(140), "client", "client#1", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(320));
  s.state(at_ms(140), "client", "client#1", kClientTuple, TcpState::FinWait1, TcpState::FinWait2,
          "rcv ACK of FIN", fin_ack);
  s.call(at_ms(160), "server", "close", "", 4, 0, Errno::None, "server#2");
  s.state(at_ms(160), "server", "server#2", kServerTuple, TcpState::CloseWait, TcpState::LastAck,
          "close()");
  const auto fin2 = s.send(at_ms(160), from_server(kServerIsn + 1, kClientIsn + 7, kFinAck,
                                                   "FIN in FIN-WAIT-2: TIME-WAIT"));
  s.timer(at_ms(160), "server", "server#2", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(160) + kRtoInitial);
  s.state(at_ms(170), "client", "client#1", kClientTuple, TcpState::FinWait2, TcpState::TimeWait,
          "rcv FIN", fin2);
  auto last =
      from_client(kClientIsn + 7, kServerIsn + 2, kAck,
                  drop_last_ack ? "fault: drop the client's last ACK" : "ACK of our FIN: closed");
  last.dropped = drop_last_ack;
  const auto last_id = s.send(at_ms(170), last);
  s.timer(at_ms(170), "client", "client#1", TimerKind::TimeWait, TimerAction::Armed,
          at_ms(170) + kTimeWait);
  return last_id;
}

}  // namespace

Trace demo_four_way_close() {
  Script s({"client", "server"});
  handshake_and_data(s);
  const auto last = active_close_by_client(s, false);
  s.timer(at_ms(180), "server", "server#2", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(360));
  s.state(at_ms(180), "server", "server#2", kServerTuple, TcpState::LastAck, TcpState::Closed,
          "rcv ACK of FIN", last);
  s.call(at_ms(200), "server", "close", "", 3, 0, Errno::None, "server#1");
  s.state(at_ms(200), "server", "server#1", {kServer, kAny}, TcpState::Listen, TcpState::Closed,
          "close()");
  s.timer(at_ms(60170), "client", "client#1", TimerKind::TimeWait, TimerAction::Fired,
          at_ms(60170));
  s.state(at_ms(60170), "client", "client#1", kClientTuple, TcpState::TimeWait, TcpState::Closed,
          "TIME-WAIT timer expired (60 s)");
  return s.take();
}

Trace demo_lost_last_ack() {
  Script s({"client", "server"});
  handshake_and_data(s);
  active_close_by_client(s, true);
  s.timer(at_ms(360), "server", "server#2", TimerKind::Retransmit, TimerAction::Fired, at_ms(360));
  auto again = from_server(kServerIsn + 1, kClientIsn + 7, kFinAck,
                           "FIN again in TIME-WAIT: re-ACK and restart the 60 s timer");
  again.retransmission = true;
  const auto fin_again = s.send(at_ms(360), again);
  s.timer(at_ms(360), "server", "server#2", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(360) + 2 * kRtoInitial, 1);
  s.timer(at_ms(370), "client", "client#1", TimerKind::TimeWait, TimerAction::Armed,
          at_ms(370) + kTimeWait);
  const auto reack = s.send(
      at_ms(370), from_client(kClientIsn + 7, kServerIsn + 2, kAck, "ACK of our FIN: closed"));
  (void)fin_again;
  s.timer(at_ms(380), "server", "server#2", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(760));
  s.state(at_ms(380), "server", "server#2", kServerTuple, TcpState::LastAck, TcpState::Closed,
          "rcv ACK of FIN", reack);
  s.timer(at_ms(60370), "client", "client#1", TimerKind::TimeWait, TimerAction::Fired,
          at_ms(60370));
  s.state(at_ms(60370), "client", "client#1", kClientTuple, TcpState::TimeWait, TcpState::Closed,
          "TIME-WAIT timer expired (60 s)");
  return s.take();
}

Trace demo_linger_rst() {
  Script s({"client", "server"});
  handshake_and_data(s);
  s.call(at_ms(110), "client", "setsockopt", "SO_LINGER {1, 0}", 3, 0, Errno::None, "client#1");
  s.call(at_ms(120), "client", "close", "", 3, 0, Errno::None, "client#1");
  s.state(at_ms(120), "client", "client#1", kClientTuple, TcpState::Established, TcpState::Closed,
          "close() with SO_LINGER {1, 0}: abort");
  const auto rst = s.send(at_ms(120), from_client(kClientIsn + 6, kServerIsn + 1, kRstAck,
                                                  "RST in window: connection reset"));
  s.state(at_ms(130), "server", "server#2", kServerTuple, TcpState::Established, TcpState::Closed,
          "rcv RST", rst);
  s.call(at_ms(130), "server", "recv", "", 4, -1, Errno::ConnectionReset, "server#2");
  return s.take();
}

Trace demo_server_restart() {
  Script s({"client", "server"});
  handshake_and_data(s);
  s.call(at_ms(120), "server", "close", "", 4, 0, Errno::None, "server#2");
  s.state(at_ms(120), "server", "server#2", kServerTuple, TcpState::Established, TcpState::FinWait1,
          "close()");
  const auto fin = s.send(at_ms(120), from_server(kServerIsn + 1, kClientIsn + 6, kFinAck,
                                                  "FIN: the server will send no more"));
  s.timer(at_ms(120), "server", "server#2", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(120) + kRtoInitial);
  s.call(at_ms(120), "server", "close", "", 3, 0, Errno::None, "server#1");
  s.state(at_ms(120), "server", "server#1", {kServer, kAny}, TcpState::Listen, TcpState::Closed,
          "close()");
  s.state(at_ms(130), "client", "client#1", kClientTuple, TcpState::Established,
          TcpState::CloseWait, "rcv FIN", fin);
  const auto ack =
      s.send(at_ms(130), from_client(kClientIsn + 6, kServerIsn + 2, kAck, "ACK of our FIN"));
  s.call(at_ms(130), "client", "recv", "", 3, 0, Errno::None, "client#1");
  s.call(at_ms(135), "client", "close", "", 3, 0, Errno::None, "client#1");
  s.state(at_ms(135), "client", "client#1", kClientTuple, TcpState::CloseWait, TcpState::LastAck,
          "close()");
  const auto fin2 = s.send(at_ms(135), from_client(kClientIsn + 6, kServerIsn + 2, kFinAck,
                                                   "FIN in FIN-WAIT-2: TIME-WAIT"));
  s.timer(at_ms(135), "client", "client#1", TimerKind::Retransmit, TimerAction::Armed,
          at_ms(135) + kRtoInitial);
  s.timer(at_ms(140), "server", "server#2", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(320));
  s.state(at_ms(140), "server", "server#2", kServerTuple, TcpState::FinWait1, TcpState::FinWait2,
          "rcv ACK of FIN", ack);
  s.state(at_ms(145), "server", "server#2", kServerTuple, TcpState::FinWait2, TcpState::TimeWait,
          "rcv FIN", fin2);
  const auto last = s.send(
      at_ms(145), from_server(kServerIsn + 2, kClientIsn + 7, kAck, "ACK of our FIN: closed"));
  s.timer(at_ms(145), "server", "server#2", TimerKind::TimeWait, TimerAction::Armed,
          at_ms(145) + kTimeWait);
  s.timer(at_ms(155), "client", "client#1", TimerKind::Retransmit, TimerAction::Cancelled,
          at_ms(335));
  s.state(at_ms(155), "client", "client#1", kClientTuple, TcpState::LastAck, TcpState::Closed,
          "rcv ACK of FIN", last);
  // The server is restarted at 1 s: its port is still held by the TIME-WAIT entry.
  s.call(at_ms(1000), "server", "socket", "", 3, 3);
  s.call(at_ms(1000), "server", "bind", "127.0.0.2:5555", 3, -1, Errno::AddressInUse);
  s.note(at_ms(1000), "server",
         "bind() conflicts with the TIME-WAIT entry 127.0.0.2:5555 > 127.0.0.1:40000");
  s.call(at_ms(1000), "server", "close", "", 3, 0);
  s.call(at_ms(1100), "server", "socket", "", 3, 3);
  s.call(at_ms(1100), "server", "setsockopt", "SO_REUSEADDR 1", 3, 0);
  s.call(at_ms(1100), "server", "bind", "127.0.0.2:5555", 3, 0);
  s.call(at_ms(1100), "server", "listen", "128", 3, 0, Errno::None, "server#3");
  s.state(at_ms(1100), "server", "server#3", {kServer, kAny}, TcpState::Closed, TcpState::Listen,
          "listen()");
  s.timer(at_ms(60145), "server", "server#2", TimerKind::TimeWait, TimerAction::Fired,
          at_ms(60145));
  s.state(at_ms(60145), "server", "server#2", kServerTuple, TcpState::TimeWait, TcpState::Closed,
          "TIME-WAIT timer expired (60 s)");
  return s.take();
}

Trace demo_many_connections(std::size_t connections) {
  constexpr Duration kHop = microseconds(50);
  constexpr Duration kPeriod = milliseconds(2);
  constexpr std::uint16_t kFirstPort = 32768;
  constexpr std::uint16_t kPortCount = 28232;
  Script s({"client", "server"});
  s.call(kTimeZero, "server", "listen", "128", 3, 0, Errno::None, "server#0");
  s.state(kTimeZero, "server", "server#0", {kServer, kAny}, TcpState::Closed, TcpState::Listen,
          "listen()");
  struct Expiry {
    Instant at;
    std::string endpoint;
    FourTuple tuple;
  };
  std::deque<Expiry> expiries;
  for (std::size_t k = 0; k < connections; ++k) {
    const Instant t0 = kTimeZero + kPeriod * static_cast<std::int64_t>(k + 1);
    while (!expiries.empty() && expiries.front().at <= t0) {
      const Expiry& x = expiries.front();
      s.timer(x.at, "client", x.endpoint, TimerKind::TimeWait, TimerAction::Fired, x.at);
      s.state(x.at, "client", x.endpoint, x.tuple, TcpState::TimeWait, TcpState::Closed,
              "TIME-WAIT timer expired (60 s)");
      expiries.pop_front();
    }
    const std::string c = "client#" + std::to_string(k + 1);
    const std::string sv = "server#" + std::to_string(k + 1);
    SocketAddress local = kClient;
    local.port = static_cast<std::uint16_t>(kFirstPort + k % kPortCount);
    const FourTuple ct{local, kServer}, st{kServer, local};
    const auto isn_c = static_cast<std::uint32_t>(kClientIsn + k * 7919);
    const std::uint32_t isn_s = kServerIsn;
    auto seg = [&](Instant t, bool client_sends, std::uint32_t seq, std::uint32_t ack, TcpFlags f) {
      Script::Send x{client_sends ? "client" : "server",
                     client_sends ? "server" : "client",
                     client_sends ? c.c_str() : sv.c_str(),
                     client_sends ? local : kServer,
                     client_sends ? kServer : local,
                     seq,
                     ack,
                     f,
                     {},
                     {},
                     false,
                     false,
                     kHop};
      if (f == kPshAck) x.payload = "GET";
      return s.send(t, std::move(x));
    };
    Instant t = t0;
    s.state(t, "client", c, ct, TcpState::Closed, TcpState::SynSent, "connect()");
    seg(t, true, isn_c, 0, kSyn);
    t += kHop;
    s.state(t, "server", sv, st, TcpState::Closed, TcpState::SynReceived, "rcv SYN");
    seg(t, false, isn_s, isn_c + 1, kSynAck);
    t += kHop;
    s.state(t, "client", c, ct, TcpState::SynSent, TcpState::Established, "rcv SYN,ACK");
    seg(t, true, isn_c + 1, isn_s + 1, kAck);
    seg(t, true, isn_c + 1, isn_s + 1, kPshAck);
    t += kHop;
    s.state(t, "server", sv, st, TcpState::SynReceived, TcpState::Established, "rcv ACK");
    seg(t, false, isn_s + 1, isn_c + 4, kAck);
    t += kHop;
    s.state(t, "client", c, ct, TcpState::Established, TcpState::FinWait1, "close()");
    seg(t, true, isn_c + 4, isn_s + 1, kFinAck);
    t += kHop;
    s.state(t, "server", sv, st, TcpState::Established, TcpState::CloseWait, "rcv FIN");
    seg(t, false, isn_s + 1, isn_c + 5, kAck);
    s.state(t, "server", sv, st, TcpState::CloseWait, TcpState::LastAck, "close()");
    seg(t, false, isn_s + 1, isn_c + 5, kFinAck);
    t += kHop;
    s.state(t, "client", c, ct, TcpState::FinWait1, TcpState::TimeWait, "rcv FIN");
    seg(t, true, isn_c + 5, isn_s + 2, kAck);
    s.timer(t, "client", c, TimerKind::TimeWait, TimerAction::Armed, t + kTimeWait);
    expiries.push_back({t + kTimeWait, c, ct});
    t += kHop;
    s.state(t, "server", sv, st, TcpState::LastAck, TcpState::Closed, "rcv ACK of FIN");
  }
  for (const Expiry& x : expiries) {
    s.timer(x.at, "client", x.endpoint, TimerKind::TimeWait, TimerAction::Fired, x.at);
    s.state(x.at, "client", x.endpoint, x.tuple, TcpState::TimeWait, TcpState::Closed,
            "TIME-WAIT timer expired (60 s)");
  }
  return s.take();
}

std::vector<std::string> demo_names() {
  return {"four-way-close", "lost-last-ack", "linger-rst", "server-restart", "many-connections"};
}

std::optional<Trace> demo_by_name(std::string_view name) {
  constexpr std::size_t kDemoConnections = 2000;
  if (name == "four-way-close") return demo_four_way_close();
  if (name == "lost-last-ack") return demo_lost_last_ack();
  if (name == "linger-rst") return demo_linger_rst();
  if (name == "server-restart") return demo_server_restart();
  if (name == "many-connections") return demo_many_connections(kDemoConnections);
  return std::nullopt;
}

}  // namespace tcplab::gui
