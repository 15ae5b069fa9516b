#include "packetdrill/script_expect.h"

#include <algorithm>
#include <cstdio>


namespace tcplab::packetdrill {

namespace {

// The kind the shared codec lays out for an option the script writes.
TcpOptionKind wire_kind(TcpOption::Kind k) {
  switch (k) {
    case TcpOption::Kind::Nop:
      return TcpOptionKind::Nop;
    case TcpOption::Kind::Eol:
      return TcpOptionKind::End;
    case TcpOption::Kind::Mss:
      return TcpOptionKind::Mss;
    case TcpOption::Kind::WindowScale:
      return TcpOptionKind::WindowScale;
    case TcpOption::Kind::SackPermitted:
      return TcpOptionKind::SackPermitted;
    case TcpOption::Kind::Sack:
      return TcpOptionKind::Sack;
    case TcpOption::Kind::Timestamp:
      return TcpOptionKind::Timestamps;
  }
  return TcpOptionKind::End;
}

}  // namespace

std::string seconds_text(Instant t) {
  const std::int64_t us = to_ns(t) / 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%06lld s", static_cast<long long>(us / 1'000'000),
                static_cast<long long>(us % 1'000'000));
  return buf;
}

std::string packet_text(const PacketSpec& p) {
  std::string s = p.flags.bits() == 0 ? "-" : tcpdump_flags(p.flags);
  s += " " + std::to_string(p.seq) + ":" + std::to_string(p.seq + p.payload) + "(" +
       std::to_string(p.payload) + ")";
  if (p.ack) s += " ack " + std::to_string(*p.ack);
  if (p.window) s += " win " + std::to_string(*p.window);
  if (!p.options) return s + " <...>";
  std::string list;
  for (const TcpOption& o : *p.options) list += (list.empty() ? "" : ",") + to_string(o);
  return list.empty() ? s : s + " <" + list + ">";
}

Duration tolerance_for(const Script& script, Duration gap) {
  const auto scaled = Duration(static_cast<std::int64_t>(
      static_cast<double>(std::max(gap, Duration{0}).count()) * kTolerancePercent / 100.0));
  return std::max(script.tolerance(), scaled);
}

std::string script_text(const Segment& s, std::uint32_t own_isn, std::uint32_t peer_isn) {
  const std::uint32_t seq = s.seq.raw() - own_isn;
  std::string text = s.flags.bits() == 0 ? "-" : tcpdump_flags(s.flags);
  text += " " + std::to_string(seq) + ":" + std::to_string(seq + s.payload_len()) + "(" +
          std::to_string(s.payload_len()) + ")";
  if (s.flags.ack()) text += " ack " + std::to_string(s.ack.raw() - peer_isn);
  text += " win " + std::to_string(s.window);
  if (!s.options.empty()) text += " <" + tcpdump_options(s.options) + ">";
  return text;
}

std::string call_text(const SyscallSpec& c) {
  std::string s = c.name + "(";
  for (std::size_t i = 0; i < c.args.size(); ++i) s += (i ? ", " : "") + to_string(c.args[i]);
  return s + ")";
}

std::optional<std::string> call_result_mismatch(const SyscallSpec& c, std::int64_t value,
                                                Errno error) {
  const bool makes_fd = c.name == "socket" || c.name == "accept";
  // The result: a number (socket()/accept(): any descriptor), or `...` for anything.
  bool ok = true;
  if (c.result.kind == Expr::Kind::Integer) {
    if (makes_fd && c.result.integer >= 0) {
      ok = error == Errno::None;
    } else {
      ok = value == c.result.integer;
    }
  }
  if (ok && !c.errno_name.empty()) ok = errno_name(error) == c.errno_name;
  if (ok && c.errno_name.empty() && error != Errno::None && c.result.kind != Expr::Kind::Ellipsis)
    ok = false;
  if (ok) return std::nullopt;
  const std::string got =
      std::to_string(value) + (error == Errno::None ? "" : " " + std::string(errno_name(error)));
  const std::string want = to_string(c.result) + (c.errno_name.empty() ? "" : " " + c.errno_name);
  return call_text(c) + " returned " + got + "; the script expects " + want;
}

std::optional<std::string> so_error_mismatch(const SyscallSpec& c, Errno so_error) {
  if (c.args.size() <= 3) return std::nullopt;
  // The value written into [..]: 0 or an errno name.
  const Expr& want = c.args[3].kind == Expr::Kind::List && !c.args[3].items.empty()
                         ? c.args[3].items[0]
                         : c.args[3];
  const std::string got = so_error == Errno::None ? "0" : std::string(errno_name(so_error));
  const std::string expect = want.kind == Expr::Kind::Integer ? std::to_string(want.integer)
                             : want.kind == Expr::Kind::Word  ? want.text
                                                              : got;
  if (got == expect) return std::nullopt;
  return call_text(c) + " reported SO_ERROR " + got + "; the script expects " + expect;
}

bool ioctl_asks_send_queue(const SyscallSpec& c) {
  return c.args.size() > 1 && (expr_mentions(c.args[1], "SIOCOUTQ") || expr_mentions(c.args[1], "TIOCOUTQ"));
}

std::optional<std::string> queued_mismatch(const SyscallSpec& c, std::int64_t queued) {
  if (c.args.size() < 3) return std::nullopt;
  const Expr& want = c.args[2].kind == Expr::Kind::List && !c.args[2].items.empty()
                         ? c.args[2].items[0]
                         : c.args[2];
  if (want.kind != Expr::Kind::Integer || want.integer == queued) return std::nullopt;
  const std::string queue = ioctl_asks_send_queue(c) ? "bytes not yet acknowledged in the send queue"
                                                     : "bytes in the receive queue";
  return call_text(c) + " found " + std::to_string(queued) + " " + queue +
         "; the script expects " + std::to_string(want.integer);
}

bool expr_mentions(const Expr& e, std::string_view word) {
  if (e.kind == Expr::Kind::Word) return e.text == word;
  return std::any_of(e.items.begin(), e.items.end(),
                     [word](const Expr& i) { return expr_mentions(i, word); });
}

std::optional<std::int64_t> expr_field(const Expr& e, std::initializer_list<std::string_view> names,
                                       std::size_t position) {
  if (e.kind == Expr::Kind::Integer) return e.integer;
  for (std::size_t i = 0; i < e.items.size(); ++i) {
    const Expr& item = e.items[i];
    if (item.kind == Expr::Kind::Binary && item.text == "=" && item.items.size() == 2) {
      for (auto n : names)
        if (item.items[0].text == n && item.items[1].kind == Expr::Kind::Integer)
          return item.items[1].integer;
    } else if (item.kind == Expr::Kind::Integer && i == position) {
      return item.integer;
    }
  }
  return std::nullopt;
}

std::string ScriptPeer::sent_text(const Segment& s) const {
  return script_text(s, local_isn_.value_or(0), kRemoteIsn);
}

ExpectResult ScriptPeer::expect(const PacketSpec& p, const Segment& s, Instant sent_at,
                                const ExpectedTime& when) {
  if (s.flags.syn() && !local_isn_) {
    local_isn_ = s.seq.raw() - p.seq;  // packetdrill learns the local ISN from the SYN
    local_port_ = s.src.port;
    remote_port_ = s.dst.port;
  }
  const std::uint32_t own = local_isn_.value_or(0);
  const std::string got = sent_text(s);
  const std::string at = " at " + seconds_text(sent_at);
  auto mismatch = [&](const std::string& what) {
    return ExpectResult{ExpectOutcome::Mismatched,
                        "expected " + packet_text(p) + " (" + what + "); the host sent " + got + at};
  };
  if (s.flags != p.flags)
    return mismatch("flags " + (p.flags.bits() == 0 ? std::string("-") : tcpdump_flags(p.flags)));
  if (s.seq.raw() - own != p.seq || s.payload_len() != p.payload) return mismatch("sequence range");
  if (p.flags.ack() && s.ack.raw() - kRemoteIsn != p.ack.value_or(0)) return mismatch("ack");
  if (p.window && s.window != *p.window) return mismatch("window");
  if (p.options) {
    if (auto what = options_mismatch(s, *p.options)) return mismatch(*what);
  }
  if (when.any_time) return {};
  const bool early = sent_at < when.start - when.tolerance;
  if (early || sent_at > when.latest()) {
    return {early ? ExpectOutcome::Early : ExpectOutcome::Late,
            "expected " + packet_text(p) + " at " + seconds_text(when.start) + " (within " +
                format_duration(when.tolerance) + "); the host sent it" + at};
  }
  return {};
}

Segment ScriptPeer::inbound(const Event& e, const PacketSpec& p) const {
  Segment s;
  s.src = {kRemoteAddress, remote_port_.value_or(kRemoteClientPort)};
  s.dst = {kLocalAddress, local_port_.value_or(kServerPort)};
  s.flags = p.flags;
  s.seq = SeqNum(kRemoteIsn + p.seq);
  if (p.flags.ack()) {
    if (!local_isn_) {
      throw ScriptError(e.where,
                        "this segment acknowledges data, but the host under test has "
                        "not sent a SYN yet: its ISN is unknown");
    }
    s.ack = SeqNum(*local_isn_ + p.ack.value_or(0));
  }
  s.window = p.window.value_or(65535);
  s.payload.assign(p.payload, 'x');
  if (p.options) s.options = inbound_options(e, p);
  return s;
}

// The script's option list as typed options; NOPs and EOL are layout, which the codec redoes.
TcpOptions ScriptPeer::inbound_options(const Event& e, const PacketSpec& p) const {
  TcpOptions o;
  for (const TcpOption& opt : *p.options) {
    switch (opt.kind) {
      case TcpOption::Kind::Nop:
      case TcpOption::Kind::Eol:
        break;
      case TcpOption::Kind::Mss:
        o.mss = static_cast<std::uint16_t>(opt.value);
        break;
      case TcpOption::Kind::WindowScale:
        o.window_scale = static_cast<std::uint8_t>(opt.value);
        break;
      case TcpOption::Kind::SackPermitted:
        o.sack_permitted = true;
        break;
      case TcpOption::Kind::Sack:
        // SACK blocks are relative to the host's ISN, like the ack (map_inbound_packet).
        for (const auto& [left, right] : opt.blocks) {
          o.sack.push_back(
              {SeqNum(local_isn_.value_or(0) + left), SeqNum(local_isn_.value_or(0) + right)});
        }
        break;
      case TcpOption::Kind::Timestamp: {
        TcpTimestamps ts{opt.value, opt.echo};
        // packetdrill's map_inbound_packet: with ACK set, the ecr names a TS val the script
        // wrote on a `>` line and is replaced by the value the host actually sent there.
        if (p.flags.ack()) {
          auto it = ts_val_sent_.find(opt.echo);
          if (it == ts_val_sent_.end()) {
            throw ScriptError(e.where, "TS ecr " + std::to_string(opt.echo) +
                                           ": no line the host sent so far has TS val " +
                                           std::to_string(opt.echo) + " to echo");
          }
          ts.ecr = it->second;
        }
        o.timestamps = ts;
        break;
      }
    }
  }
  return o;
}

// Whether the host's options are the script's, kind by kind in wire order, NOPs included
// (packetdrill's verify_outbound_live_tcp_options); nullopt when they are.
std::optional<std::string> ScriptPeer::options_mismatch(const Segment& s,
                                                        const std::vector<TcpOption>& list) {
  const TcpOptions& o = s.options;
  // packetdrill's map_outbound_live_packet: the host's TS val is learned (script val -> the
  // host's), and not checked, since config.c leaves tcp_ts_tick_usecs at 0 by default.
  std::optional<std::uint32_t> script_val;
  for (const TcpOption& opt : list) {
    if (opt.kind == TcpOption::Kind::Timestamp) script_val = opt.value;
  }
  if (script_val && o.timestamps) ts_val_sent_[*script_val] = o.timestamps->val;

  std::vector<TcpOptionKind> expected;
  for (const TcpOption& opt : list) expected.push_back(wire_kind(opt.kind));
  if (expected != tcp_options_layout(o)) return "options";
  for (const TcpOption& opt : list) {
    switch (opt.kind) {
      case TcpOption::Kind::Mss:
        if (std::uint32_t{*o.mss} != opt.value) return "option mss";
        break;
      case TcpOption::Kind::WindowScale:
        if (std::uint32_t{*o.window_scale} != opt.value) return "option wscale";
        break;
      case TcpOption::Kind::Timestamp:
        // The ecr is compared as written: the script's own val comes back unmapped.
        if (o.timestamps->ecr != opt.echo) return "option TS ecr";
        break;
      case TcpOption::Kind::Sack: {
        // Blocks the host holds of the script's bytes: relative to the script's ISN.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> got;
        for (const SackBlock& b : o.sack)
          got.emplace_back(b.left.raw() - kRemoteIsn, b.right.raw() - kRemoteIsn);
        if (got != opt.blocks) return "option sack";
        break;
      }
      case TcpOption::Kind::Nop:
      case TcpOption::Kind::Eol:
      case TcpOption::Kind::SackPermitted:
        break;
    }
  }
  return std::nullopt;
}

int backend_fd(const SyscallSpec& c, const std::map<int, int>& fds) {
  if (c.args.empty() || c.args[0].kind != Expr::Kind::Integer) {
    throw ScriptError(c.args.empty() ? c.name_at : c.args[0].where,
                      c.name + "() wants a file descriptor number first");
  }
  const auto script_fd = static_cast<int>(c.args[0].integer);
  auto it = fds.find(script_fd);
  return it == fds.end() ? script_fd : it->second;
}

std::int64_t integer_arg(const SyscallSpec& c, std::size_t i, std::int64_t otherwise) {
  if (i < c.args.size() && c.args[i].kind == Expr::Kind::Integer) return c.args[i].integer;
  return otherwise;
}

void require_any_address(const SyscallSpec& c) {
  for (std::size_t i = 1; i < c.args.size(); ++i) {
    if (c.args[i].kind != Expr::Kind::Ellipsis) {
      throw ScriptError(c.args[i].where, c.name + "() with an explicit address is not supported: "
                                                  "write " + c.name + "(fd, ..., ...)");
    }
  }
}

}  // namespace tcplab::packetdrill
