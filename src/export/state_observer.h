#pragma once
// Infers each endpoint's RFC 9293 state from the segments seen on the wire, as an observer
// standing between the hosts would (a capture, or any Trace). It cannot see timers or socket calls,
// so it says where it is unsure:
// - a capture that starts mid-connection: a NoteEvent, then StateEvents with from == to (the
//   assumed state, ESTABLISHED) marked with their Uncertainty; the side's state stays
//   uncertain until it sends a SYN, FIN or RST;
// - segments missing (a sequence gap, or an ACK for bytes never seen): a NoteEvent, and both
//   sides uncertain until each sends a SYN, FIN or RST.
// Every StateEvent it makes has StateSource::Capture. Format: docs/trace-format.md.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/trace.h"

namespace tcplab {

// How views name the socket at one address.
struct EndpointName {
  std::string host;   // "client", "10.0.0.1"
  std::string label;  // "client:40000"
};

// Names the socket at `socket.local` in its connection to `socket.remote`.
using EndpointNamer = std::function<EndpointName(const FourTuple& socket)>;

class StateObserver {
 public:
  // Sockets named by their address ("127.0.0.1", "127.0.0.1:40000").
  StateObserver() = default;
  // Names by address; addresses not in the map are named by their address.
  explicit StateObserver(std::map<SocketAddress, EndpointName> names);
  // Names by connection: two sockets can share an address (a server's accepted sockets).
  explicit StateObserver(EndpointNamer namer) : namer_(std::move(namer)) {}

  // `segment` was seen on the wire at `at`: appends to `out` the state changes and notes it
  // implies, at `at`. When `out` holds the segment (same id), marks it as a retransmission if it
  // repeats sequence space already seen. `segment` may be an event of `out`.
  void observe(Instant at, const SegmentEvent& segment, Trace& out);

  // At the end of the capture: notes for what the wire cannot show (the 2MSL timer's expiry).
  void finish(Trace& trace) const;

  // The inferred state of the socket at `local` talking to `remote`; nullopt if never seen.
  std::optional<TcpState> state_of(SocketAddress local, SocketAddress remote) const;

 private:
  struct Side {
    SocketAddress address;
    SocketAddress peer;
    TcpState state = TcpState::Closed;
    bool announced = false;  // a StateEvent has been emitted for this side
    Uncertainty uncertain = Uncertainty::None;  // why the state is a guess
    bool sent_any = false;
    SeqNum isn;
    SeqNum snd_max;  // one past the highest sequence number it was seen to send
    std::optional<SeqNum> fin_seq;
    // The latest TSval it sent: near enough its peer's TS.Recent, for PAWS (RFC 7323 §5).
    std::optional<std::uint32_t> tsval;
  };
  struct Connection {
    Side a;  // the lower address
    Side b;
  };

  EndpointName name_of(const Side& side) const;
  struct Step;  // one observed segment: where it goes and what it is
  void change(const Step& step, Side& side, const Side& peer, TcpState to, StateCause evidence) const;
  void note(const Step& step, const Side& about, const std::string& text) const;
  void start_connection(const Step& step, Side& sender, Side& receiver) const;
  void track_sequence_space(const Step& step, Side& sender, Side& receiver) const;
  void sender_transitions(const Step& step, Side& sender, Side& receiver) const;
  void receiver_transitions(const Step& step, Side& sender, Side& receiver) const;
  static const char* time_wait_survives_rst(const Segment& rst, const Side& sender,
                                            std::optional<SeqNum> rcv_nxt);

  EndpointNamer namer_;
  std::map<std::pair<SocketAddress, SocketAddress>, Connection> connections_;
};

}  // namespace tcplab
