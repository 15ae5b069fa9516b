#pragma once
// Infers each endpoint's RFC 9293 state from the segments seen on the wire, as an observer
// standing between the hosts would (a capture, or any Trace). It cannot see timers or socket calls,
// so it says where it is unsure:
// - a capture that starts mid-connection: a NoteEvent, then StateEvents with from == to (the
//   assumed state, ESTABLISHED) whose cause ends in "(uncertain: ...)"; the side's state stays
//   uncertain until it sends a SYN, FIN or RST;
// - segments missing (a sequence gap, or an ACK for bytes never seen): a NoteEvent, and both
//   sides uncertain until each sends a SYN, FIN or RST.
// Every cause starts with kInferredCause. Format: docs/trace-format.md.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/trace.h"

namespace tcplab {

inline constexpr std::string_view kInferredCause = "inferred from capture";

// How views name the socket at one address.
struct EndpointName {
  std::string host;   // "client", "10.0.0.1"
  std::string label;  // "client:40000"
};

class StateObserver {
 public:
  // Names for the addresses the observer will see; others are named by their address.
  explicit StateObserver(std::map<SocketAddress, EndpointName> names = {});

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
    TcpState state = TcpState::Closed;
    bool announced = false;  // a StateEvent has been emitted for this side
    std::string uncertain;   // why the state is a guess; empty when it is known
    bool sent_any = false;
    SeqNum isn;
    SeqNum snd_max;  // one past the highest sequence number it was seen to send
    std::optional<SeqNum> fin_seq;
  };
  struct Connection {
    Side a;  // the lower address
    Side b;
  };

  EndpointName name_of(SocketAddress address) const;
  struct Step;  // one observed segment: where it goes and what it is
  void change(const Step& step, Side& side, const Side& peer, TcpState to,
              std::string_view evidence) const;
  void note(const Step& step, const Side& about, const std::string& text) const;
  void start_connection(const Step& step, Side& sender, Side& receiver) const;
  void track_sequence_space(const Step& step, Side& sender, Side& receiver) const;
  void sender_transitions(const Step& step, Side& sender, Side& receiver) const;
  void receiver_transitions(const Step& step, Side& sender, Side& receiver) const;

  std::map<SocketAddress, EndpointName> names_;
  std::map<std::pair<SocketAddress, SocketAddress>, Connection> connections_;
};

}  // namespace tcplab
