#include "present/call_why_text.h"

#include "present/translate.h"

namespace tcplab::present {

namespace {

// What holds the port: "1 connection in TIME-WAIT on 127.0.0.2:5551".
std::string holder_text(BindConflict::Holder holder, SocketAddress held, std::uint32_t count) {
  std::string what;
  const std::string local = to_string(held);
  switch (holder) {
    case BindConflict::Holder::Listener:
      // TRANSLATORS: {0} the address held.
      what = fill(tr("a listening socket on {0}"), {local});
      break;
    case BindConflict::Holder::Connection:
      // TRANSLATORS: {0} the address held.
      what = fill(tr("a connection on {0}"), {local});
      break;
    case BindConflict::Holder::TimeWait:
      // TRANSLATORS: {0} how many TIME-WAIT entries, {1} the address they hold.
      what = fill(count == 1 ? tr("{0} connection in TIME-WAIT on {1}")
                             : tr("{0} connections in TIME-WAIT on {1}"),
                  {std::to_string(count), local});
      break;
  }
  return what;
}

// Whose missing option forbids sharing it: " (this socket has no SO_REUSEADDR)".
std::string rule_text(const BindConflict& conflict) {
  const bool time_wait = conflict.holder == BindConflict::Holder::TimeWait;
  switch (conflict.rule) {
    case BindConflict::Rule::ListenerNeverShares:
      return tr(" (SO_REUSEADDR never shares with a listener)");
    case BindConflict::Rule::ThisSocketHasNoReuse:
      return tr(" (this socket has no SO_REUSEADDR)");
    case BindConflict::Rule::ThatSocketHasNoReuse:
      return time_wait ? tr(" (their socket had no SO_REUSEADDR)")
                       : tr(" (that socket has no SO_REUSEADDR)");
  }
  return "";
}

}  // namespace

std::string call_why_text(const CallNote& n, const std::string& host) {
  switch (n.why) {
    case CallWhy::None: return "";
    case CallWhy::AlreadyBound: return tr("socket is already bound");
    case CallWhy::NotAnAddressOfThisHost:
      // TRANSLATORS: {0} an IP address, {1} the host's name.
      return fill(tr("{0} is not an address of host {1}"), {to_string(n.address.ip), host});
    case CallWhy::NoFreeEphemeralPort: return tr("no free port in the ephemeral range");
    case CallWhy::PortHeld:
      // TRANSLATORS: {0} what holds the port ("1 connection in TIME-WAIT on 127.0.0.2:5551"),
      // {1} whose missing SO_REUSEADDR forbids sharing it (" (this socket has no ...)").
      return n.conflict ? fill(tr("held by {0}{1}"),
                               {holder_text(n.conflict->holder, n.conflict->local,
                                            n.conflict->count),
                                rule_text(*n.conflict)})
                        : "";
    case CallWhy::SocketConnected: return tr("socket is connected");
    case CallWhy::SocketListening: return tr("socket is listening");
    case CallWhy::FourTupleInUse:
      // TRANSLATORS: {0} a four-tuple ("127.0.0.1:40000 > 127.0.0.2:5555").
      return fill(tr("four-tuple {0} is in use"), {to_string(n.tuple)});
    case CallWhy::FourTupleInTimeWait:
      // TRANSLATORS: {0} a four-tuple ("127.0.0.1:40000 > 127.0.0.2:5555").
      // connect() may take a TIME-WAIT four-tuple only when that connection used timestamps.
      return fill(tr("four-tuple {0} is in TIME-WAIT without timestamps (no PAWS to keep its old "
                     "segments out)"),
                  {to_string(n.tuple)});
    case CallWhy::NoFreeLocalPort: {
      // TRANSLATORS: {0}-{1} the ephemeral port range, {2} the address connected to.
      std::string text = fill(tr("no free local port in {0}-{1} for {2}"),
                              {std::to_string(n.first), std::to_string(n.last),
                               to_string(n.tuple.remote)});
      // TRANSLATORS: {0} how many of the range's ports TIME-WAIT entries hold.
      if (n.count > 0) text += fill(tr(" ({0} held by TIME-WAIT)"), {std::to_string(n.count)});
      return text;
    }
    case CallWhy::NoConnectInProgress: return tr("no connect() in progress");
    case CallWhy::NotListening: return tr("socket is not listening");
    case CallWhy::SendingSideShutDown: return tr("the sending side is shut down");
    case CallWhy::LingerZeroAbort: return tr("SO_LINGER {1, 0}: connection aborted with RST");
    case CallWhy::UnreadDataReset:
      // TRANSLATORS: {0} how many bytes the application never read.
      return fill(tr("{0} unread bytes discarded: connection reset"), {std::to_string(n.count)});
    case CallWhy::PortSharedByReuse:
      // TRANSLATORS: {0} what else holds the port ("1 connection in TIME-WAIT on 127.0.0.2:5551").
      return n.shared ? fill(tr("shared with {0}: both sockets set SO_REUSEADDR"),
                             {holder_text(n.shared->holder, n.shared->local, n.shared->count)})
                      : "";
  }
  return "";
}

}  // namespace tcplab::present
