// The packetdrill parser: every construct of the subset, and the exact place and words of each
// error.
#include "packetdrill/script_parser.h"

#include <gtest/gtest.h>

namespace tcplab::packetdrill {
namespace {

Script parse(std::string_view text) { return parse_script(text, "t.pkt"); }

// Event `i` of `s` as a segment, a call or a command (throws if it is not one).
template <typename T>
const T& action_at(const Script& s, std::size_t i) {
  const T* a = std::get_if<T>(&s.events.at(i).action);
  if (!a) throw std::logic_error("event " + std::to_string(i) + " is of another kind");
  return *a;
}
const PacketSpec& packet_at(const Script& s, std::size_t i) { return action_at<PacketSpec>(s, i); }
const SyscallSpec& syscall_at(const Script& s, std::size_t i) {
  return action_at<SyscallSpec>(s, i);
}
const CommandSpec& command_at(const Script& s, std::size_t i) {
  return action_at<CommandSpec>(s, i);
}

// The message of the error `text` raises ("" when it parses).
std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const ScriptError& e) {
    return e.what();
  }
  return "";
}

TEST(ScriptParser, AbsoluteAndRelativeTimesInMicroseconds) {
  const Script s =
      parse("0 close(3) = 0\n+0.1 close(3) = 0\n+.01 close(3) = 0\n1.5 close(3) = 0\n");
  ASSERT_EQ(s.events.size(), 4u);
  EXPECT_EQ(s.events[0].time.kind, TimeKind::Absolute);
  EXPECT_EQ(s.events[0].time.start, Duration{0});
  EXPECT_EQ(s.events[1].time.kind, TimeKind::Relative);
  EXPECT_EQ(s.events[1].time.start, std::chrono::milliseconds(100));
  EXPECT_EQ(s.events[2].time.start, std::chrono::milliseconds(10));
  EXPECT_EQ(s.events[3].time.kind, TimeKind::Absolute);
  EXPECT_EQ(s.events[3].time.start, std::chrono::milliseconds(1500));
  EXPECT_EQ(s.events[3].where.line, 4);
  EXPECT_EQ(s.events[3].where.column, 1);
}

TEST(ScriptParser, RangesAndStarOnOutboundSegments) {
  const Script s =
      parse("0.1~0.2 > . 1:1(0) ack 1\n+.1~+.3 > . 1:1(0) ack 1\n* > F. 1:1(0) ack 1\n");
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(s.events[0].time.kind, TimeKind::AbsoluteRange);
  EXPECT_EQ(s.events[0].time.start, std::chrono::milliseconds(100));
  EXPECT_EQ(s.events[0].time.end, std::chrono::milliseconds(200));
  EXPECT_EQ(s.events[1].time.kind, TimeKind::RelativeRange);
  EXPECT_EQ(s.events[1].time.end, std::chrono::milliseconds(300));
  EXPECT_EQ(s.events[2].time.kind, TimeKind::Any);
}

TEST(ScriptParser, StarAndRangesAreRefusedOnAnythingButOutboundSegments) {
  EXPECT_EQ(error_of("* < . 1:1(0) ack 1 win 257\n"),
            "t.pkt:1:1: the time '*' can only be used with outbound segments ('>')");
  EXPECT_EQ(error_of("0\n0.1~0.2 close(3) = 0\n"),
            "t.pkt:2:1: expected a segment ('<' or '>'), a socket call or a `command` after the "
            "time, found the number 0.1");
  EXPECT_EQ(error_of("0.1~0.2 close(3) = 0\n"),
            "t.pkt:1:1: a time range can only be used with outbound segments ('>')");
  EXPECT_EQ(error_of("0.2~0.1 > . 1:1(0) ack 1\n"), "t.pkt:1:1: time range is backwards");
}

TEST(ScriptParser, InboundSegmentWithEveryField) {
  const Script s =
      parse("+0 < S. 0:0(0) ack 1 win 32792 <mss 1000,sackOK,TS val 100 ecr 0,nop,wscale 7>\n");
  const PacketSpec& p = packet_at(s, 0);
  EXPECT_TRUE(p.inbound);
  EXPECT_EQ(p.flags, TcpFlag::Syn | TcpFlag::Ack);
  EXPECT_EQ(p.seq, 0u);
  EXPECT_EQ(p.payload, 0u);
  EXPECT_EQ(p.ack, 1u);
  EXPECT_EQ(p.window, 32792);
  ASSERT_TRUE(p.options.has_value());
  ASSERT_EQ(p.options->size(), 5u);
  EXPECT_EQ(to_string((*p.options)[0]), "mss 1000");
  EXPECT_EQ(to_string((*p.options)[1]), "sackOK");
  EXPECT_EQ(to_string((*p.options)[2]), "TS val 100 ecr 0");
  EXPECT_EQ(to_string((*p.options)[3]), "nop");
  EXPECT_EQ(to_string((*p.options)[4]), "wscale 7");
}

TEST(ScriptParser, FlagsInTcpdumpNotation) {
  const Script s = parse(
      "0 > S 0:0(0) <...>\n0 > F. 1:1(0) ack 1\n0 > R 2:2(0)\n0 > P. 1:11(10) ack 1\n"
      "0 > . 1:1(0) ack 1\n0 > FP. 1:2(1) ack 1\n0 > R. 1:1(0) ack 1\n0 > - 1:1(0)\n");
  ASSERT_EQ(s.events.size(), 8u);
  EXPECT_EQ(packet_at(s, 0).flags, TcpFlag::Syn);
  EXPECT_FALSE(packet_at(s, 0).options.has_value());  // <...>: any options
  EXPECT_EQ(packet_at(s, 1).flags, TcpFlag::Fin | TcpFlag::Ack);
  EXPECT_EQ(packet_at(s, 2).flags, TcpFlag::Rst);
  EXPECT_FALSE(packet_at(s, 2).ack.has_value());
  EXPECT_EQ(packet_at(s, 3).flags, TcpFlag::Psh | TcpFlag::Ack);
  EXPECT_EQ(packet_at(s, 3).payload, 10u);
  EXPECT_EQ(packet_at(s, 4).flags, TcpFlags(TcpFlag::Ack));
  EXPECT_EQ(packet_at(s, 5).flags, TcpFlag::Fin | TcpFlag::Psh | TcpFlag::Ack);
  EXPECT_EQ(packet_at(s, 6).flags, TcpFlag::Rst | TcpFlag::Ack);
  EXPECT_EQ(packet_at(s, 7).flags, TcpFlags());
  // No options written: the segment must carry none.
  ASSERT_TRUE(packet_at(s, 1).options.has_value());
  EXPECT_TRUE(packet_at(s, 1).options->empty());
}

TEST(ScriptParser, SegmentErrorsNameTheirPlace) {
  EXPECT_EQ(error_of("0 < P. 1:11(5) ack 1 win 257\n"),
            "t.pkt:1:8: inconsistent sequence numbers: 1:11 is not 5 bytes long");
  EXPECT_EQ(error_of("0 < SX 0:0(0)\n"),
            "t.pkt:1:6: unknown TCP flag 'X' (tcpdump writes S F R P and '.')");
  EXPECT_EQ(error_of("0 < SE 0:0(0)\n"), "t.pkt:1:6: ECN flag 'E' is not supported");
  EXPECT_EQ(error_of("0 < S 0:0(0) win 70000\n"),
            "t.pkt:1:18: a window after 'win' 70000 is out of range (at most 65535)");
  EXPECT_EQ(error_of("0 < S 0:0(0) <...>\n"),
            "t.pkt:1:14: <...> for TCP options can only be used with outbound segments");
  EXPECT_EQ(error_of("0 < S 0:0(0) <mss 1460 wscale 7>\n"),
            "t.pkt:1:24: expected '>' or ',' in the options list, found 'wscale'");
  EXPECT_EQ(error_of("0 < S 0:0(0) <FO abcd>\n"),
            "t.pkt:1:15: TCP Fast Open options are not supported");
  EXPECT_EQ(error_of("0 < S 0:0(0) <foo>\n"), "t.pkt:1:15: unknown TCP option 'foo'");
  EXPECT_EQ(error_of("0 < udp (1000)\n"), "t.pkt:1:5: UDP segments are not supported");
  EXPECT_EQ(error_of("0 < [ect0] S 0:0(0)\n"),
            "t.pkt:1:5: IP header fields (ECN, TOS, TTL) are not supported");
  EXPECT_EQ(error_of("0 < S 0:0\n"),
            "t.pkt:2:1: expected '(' before the payload length, found the end of the script");
}

TEST(ScriptParser, SocketCallsWithEllipsisArgumentsAndResults) {
  const Script s = parse(
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
      "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0\n"
      "+0 setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0\n"
      "+0 bind(3, ..., ...) = 0\n+0 listen(3, 1) = 0\n+0 accept(3, ..., ...) = 4\n"
      "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n"
      "+0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0\n"
      "+0 read(4, ..., 1000) = ...\n+0 shutdown(4, SHUT_WR) = 0\n");
  ASSERT_EQ(s.events.size(), 10u);
  const SyscallSpec& socket = syscall_at(s, 0);
  EXPECT_EQ(socket.name, "socket");
  ASSERT_EQ(socket.args.size(), 3u);
  EXPECT_EQ(socket.args[0].kind, Expr::Kind::Ellipsis);
  EXPECT_EQ(socket.args[1].text, "SOCK_STREAM");
  EXPECT_EQ(socket.result.integer, 3);
  EXPECT_FALSE(socket.end.has_value());
  EXPECT_EQ(to_string(syscall_at(s, 1).args[3]), "[1]");
  EXPECT_EQ(to_string(syscall_at(s, 2).args[3]), "{l_onoff=1, l_linger=0}");
  EXPECT_EQ(to_string(syscall_at(s, 6).args[2]), "O_RDWR|O_NONBLOCK");
  EXPECT_EQ(to_string(syscall_at(s, 7).args[3]), "[ECONNREFUSED]");
  EXPECT_EQ(syscall_at(s, 8).result.kind, Expr::Kind::Ellipsis);
}

TEST(ScriptParser, ErrnoAnnotationsAndNotes) {
  const Script s = parse(
      "0 read(4, ..., 1000) = -1 ECONNRESET (Connection reset by peer)\n"
      "+0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n"
      "+0 write(4, ..., 3) = -1 EPIPE\n");
  const SyscallSpec& read = syscall_at(s, 0);
  EXPECT_EQ(read.result.integer, -1);
  EXPECT_EQ(read.errno_name, "ECONNRESET");
  EXPECT_EQ(read.note, "Connection reset by peer");
  EXPECT_EQ(syscall_at(s, 1).errno_name, "EINPROGRESS");
  EXPECT_EQ(syscall_at(s, 2).errno_name, "EPIPE");
  EXPECT_EQ(syscall_at(s, 2).note, "");
}

TEST(ScriptParser, BlockingCallsTakeAnEndTime) {
  const Script s =
      parse("+0...0.100 read(4, ..., 2000) = 2000\n0.1...0.3 accept(3, ..., ...) = 4\n");
  const Event& relative = s.events[0];
  EXPECT_EQ(relative.time.kind, TimeKind::Relative);
  EXPECT_EQ(relative.syscall()->end, std::chrono::milliseconds(100));
  EXPECT_EQ(s.events[1].time.start, std::chrono::milliseconds(100));
  EXPECT_EQ(syscall_at(s, 1).end, std::chrono::milliseconds(300));
  EXPECT_EQ(error_of("0.3...0.1 accept(3, ..., ...) = 4\n"),
            "t.pkt:1:1: the blocking call returns before it starts");
  EXPECT_EQ(error_of("0...0.1 < S 0:0(0)\n"),
            "t.pkt:1:9: expected a socket call after the blocking time range, found '<'");
}

TEST(ScriptParser, CallErrors) {
  EXPECT_EQ(error_of("0 sendmsg(3, {}, 0) = 0\n"),
            "t.pkt:1:3: socket call 'sendmsg' is not supported (nor TCP Fast Open)");
  EXPECT_EQ(error_of("0 poll([], 0, 0) = 0\n"), "t.pkt:1:3: socket call 'poll' is not supported");
  EXPECT_EQ(error_of("0 setsockopt(3, SOL_TCP, TCP_FASTOPEN, [1], 4) = 0\n"),
            "t.pkt:1:26: TCP Fast Open (TCP_FASTOPEN) is not supported");
  EXPECT_EQ(error_of("0 setsockopt(3, SOL_SOCKET, SO_ZEROCOPY, [1], 4) = 0\n"),
            "t.pkt:1:29: zerocopy (SO_ZEROCOPY) is not supported");
  EXPECT_EQ(error_of("0 getsockopt(3, SOL_TCP, TCP_INFO, {}, [256]) = 0\n"),
            "t.pkt:1:26: tcp_info (TCP_INFO) is not supported");
  EXPECT_EQ(error_of("0 setsockopt(3, SOL_TCP, TCP_MAXSEG, [1000], 4) = 0\n"),
            "t.pkt:1:26: setsockopt option TCP_MAXSEG is not supported");
  EXPECT_EQ(error_of("0 setsockopt(3, SOL_TCP, TCP_CORK, [1], 4) = 0\n"), "");
  EXPECT_EQ(error_of("0 setsockopt(3, SOL_SOCKET, SO_KEEPALIVE, [1], 4) = 0\n"), "");
  EXPECT_EQ(error_of("0 setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0\n"), "");
  EXPECT_EQ(error_of("0 ioctl(4, SIOCOUTQ, [0]) = 0\n"), "");
  EXPECT_EQ(error_of("0 ioctl(4, SIOCATMARK, [0]) = 0\n"),
            "t.pkt:1:12: ioctl wants (fd, SIOCINQ or SIOCOUTQ, [bytes]): no other request is "
            "supported");
  EXPECT_EQ(error_of("0 send(4, ..., 10, MSG_ZEROCOPY) = 10\n"),
            "t.pkt:1:20: zerocopy (MSG_ZEROCOPY) is not supported");
  EXPECT_EQ(error_of("0 close(3) 0\n"),
            "t.pkt:1:12: expected '=' and the expected result after the call, found the number 0");
  EXPECT_EQ(error_of("0 close(3 = 0\n"),
            "t.pkt:1:11: expected ')' or ',' after the call's arguments, found '='");
  EXPECT_EQ(error_of("0 close(3) = 0 (never closed\n"),
            "t.pkt:2:1: expected ')' to close the note, found the end of the script");
}

TEST(ScriptParser, OptionsAreRecorded) {
  const Script s = parse("--tolerance_usecs=10000\n--ip_version=ipv4\n0 close(3) = 0\n");
  ASSERT_EQ(s.options.size(), 2u);
  EXPECT_EQ(s.options[0].name, "tolerance_usecs");
  EXPECT_EQ(s.options[0].value, "10000");
  EXPECT_EQ(s.options[1].name, "ip_version");
  EXPECT_EQ(s.tolerance(), std::chrono::milliseconds(10));
  EXPECT_EQ(parse("0 close(3) = 0\n").tolerance(), std::chrono::milliseconds(4));
  EXPECT_EQ(error_of("--tolerance_usecs=lots\n"),
            "t.pkt:1:1: --tolerance_usecs wants a number of microseconds, not 'lots'");
}

TEST(ScriptParser, ShellLinesOnlyForSysctlWritesWithAKnob) {
  const Script s = parse(
      "`../common/defaults.sh`\n0 `sysctl -q net.ipv4.tcp_fin_timeout=30 "
      "net.ipv4.tcp_rfc1337=1`\n");
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_TRUE(command_at(s, 0).defaults);
  const CommandSpec& c = command_at(s, 1);
  ASSERT_EQ(c.settings.size(), 2u);
  EXPECT_EQ(c.settings[0].knob, "tcp_fin_timeout");
  EXPECT_EQ(c.settings[0].knob_value, "30s");
  EXPECT_EQ(c.settings[1].knob, "tcp_rfc1337");
  // Several commands in one line, and a quoted value with blanks.
  const Script many = parse(
      "0 `./defaults.sh; sysctl -q net.ipv4.ip_local_port_range=\"40000 40009\" && sysctl -q "
      "net.core.somaxconn=16`\n");
  const CommandSpec& m = command_at(many, 0);
  EXPECT_TRUE(m.defaults);
  ASSERT_EQ(m.settings.size(), 2u);
  EXPECT_EQ(m.settings[0].value, "40000 40009");
  EXPECT_EQ(m.settings[1].knob, "somaxconn");
  EXPECT_EQ(error_of("0 `./defaults.sh; echo hi`\n"),
            "t.pkt:1:19: shell command 'echo' is not supported (a `shell` line may hold sysctl "
            "writes and defaults.sh)");
  EXPECT_EQ(error_of("0 ``\n"), "t.pkt:1:3: empty `command`");
  EXPECT_EQ(error_of("0 `echo hello`\n"),
            "t.pkt:1:4: shell command 'echo' is not supported (a `shell` line may hold sysctl "
            "writes and defaults.sh)");
  EXPECT_EQ(error_of("0 `sysctl -q net.ipv4.tcp_sack=0`\n"),
            "t.pkt:1:4: sysctl net.ipv4.tcp_sack has no knob in tcplab's model: not supported");
  EXPECT_EQ(error_of("0 `sysctl net.ipv4.tcp_fin_timeout`\n"),
            "t.pkt:1:4: sysctl wants name=value (a write), not 'net.ipv4.tcp_fin_timeout'");
  EXPECT_EQ(error_of("0 `sysctl -q net.ipv4.tcp_fin_timeout=soon`\n").substr(0, 49),
            "t.pkt:1:4: sysctl net.ipv4.tcp_fin_timeout=soon: ");
}

TEST(ScriptParser, AShellBlockOverSeveralLinesIsOneCommandALine) {
  // defaults.sh alone, its closing backquote on the next line (as upstream scripts write it).
  const Script block = parse("`../common/defaults.sh\n`\n0 close(3) = 0\n");
  EXPECT_TRUE(command_at(block, 0).defaults);
  EXPECT_EQ(command_at(block, 0).text, "../common/defaults.sh");  // shown on one line
  // A second line's command is refused at its own line and column.
  EXPECT_EQ(error_of("`../common/defaults.sh\n ../common/tcpdump -n\n`\n"),
            "t.pkt:2:2: shell command '../common/tcpdump' is not supported (a `shell` line "
            "may hold sysctl writes and defaults.sh)");
  // upstream's set_sysctls.py writes by /proc path: the same sysctls, refused only for want of
  // a knob.
  EXPECT_EQ(error_of("`../common/defaults.sh\n ../common/set_sysctls.py "
                     "/proc/sys/net/ipv4/tcp_min_tso_segs=10\n`\n"),
            "t.pkt:2:2: sysctl net.ipv4.tcp_min_tso_segs has no knob in tcplab's model: not "
            "supported");
  const Script by_path = parse(
      "`../common/set_sysctls.py /proc/sys/net/ipv4/tcp_retries2=3`\n0 close(3) = 0\n");
  ASSERT_EQ(command_at(by_path, 0).settings.size(), 1u);
  EXPECT_EQ(command_at(by_path, 0).settings[0].sysctl, "net.ipv4.tcp_retries2");
  EXPECT_EQ(command_at(by_path, 0).settings[0].knob, "tcp_retries2");
  EXPECT_EQ(command_at(by_path, 0).settings[0].value, "3");
  const Script s = parse("0 `sysctl -q net.ipv4.tcp_fin_timeout=30\nsysctl -q net.ipv4.tcp_rfc1337=1`\n");
  ASSERT_EQ(command_at(s, 0).settings.size(), 2u);
  EXPECT_EQ(command_at(s, 0).text,
            "sysctl -q net.ipv4.tcp_fin_timeout=30; sysctl -q net.ipv4.tcp_rfc1337=1");
  EXPECT_EQ(error_of("0 `sysctl -q net.ipv4.tcp_fin_timeout=30\n  sysctl -q net.ipv4.tcp_sack=0`\n"),
            "t.pkt:2:3: sysctl net.ipv4.tcp_sack has no knob in tcplab's model: not supported");
}

TEST(ScriptParser, PythonBlocksAreRefused) {
  EXPECT_EQ(error_of("0 close(3) = 0\n\n  %{ print(tcpi_rto) }%\n"),
            "t.pkt:3:3: python code blocks (%{ }%) are not supported");
  EXPECT_EQ(error_of("+0 %{ assert tcpi_state == 1 }%\n"),
            "t.pkt:1:4: python code blocks (%{ }%) are not supported");
}

TEST(ScriptParser, LexicalErrorsNameTheirPlace) {
  EXPECT_EQ(error_of("0 close(3) = 0 # comment\n"), "t.pkt:1:16: unexpected character '#'");
  EXPECT_EQ(error_of("/* never closed\n0 close(3) = 0\n"),
            "t.pkt:1:1: comment opened here is never closed ('*/')");
  EXPECT_EQ(error_of("0 `sysctl -q x=1\n"), "t.pkt:1:3: command opened here is never closed ('`')");
  EXPECT_EQ(error_of("0 write(3, \"abc, 3) = 3\n"),
            "t.pkt:1:12: string opened here is not closed on its line ('\"')");
  EXPECT_EQ(error_of("99999999999999999999 close(3) = 0\n"),
            "t.pkt:1:1: number 99999999999999999999 is too large");
  EXPECT_EQ(error_of("100000 close(3) = 0\n"), "t.pkt:1:1: time 100000 is more than a day");
}

TEST(ScriptParser, CommentsAreKeptForNarration) {
  const Script s =
      parse("// Why this script exists.\n\n// First step.\n0 close(3) = 0 // trailing\n");
  ASSERT_EQ(s.comments.size(), 3u);
  EXPECT_EQ(s.intent(), "Why this script exists.");
  EXPECT_EQ(s.comments[1].text, "First step.");
  EXPECT_EQ(s.comments[1].line, 3);
  EXPECT_EQ(s.comments[2].line, 4);
}

TEST(ScriptParser, EmptyScriptHasNoEvents) {
  EXPECT_TRUE(parse("").events.empty());
  EXPECT_TRUE(parse("// only a comment\n").events.empty());
}

}  // namespace
}  // namespace tcplab::packetdrill
