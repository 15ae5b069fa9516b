#include "packetdrill/script_parser.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/profile.h"
#include "packetdrill/script_expect.h"
#include "packetdrill/script_lexer.h"
#include "packetdrill/sysctl_knobs.h"

namespace tcplab::packetdrill {

namespace {

constexpr std::int64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kMaxU16 = std::numeric_limits<std::uint16_t>::max();
// A time in a script is at most a day: longer would overflow nothing, but is surely a typo.
constexpr std::int64_t kMaxScriptSeconds = 24 * 3600;

// The socket calls tcplab runs; anything else is refused by name.
constexpr std::array<std::string_view, 15> kSupportedCalls{
    "socket", "setsockopt", "getsockopt", "bind", "listen", "accept", "connect", "close",
    "shutdown", "read", "write", "send", "recv", "fcntl", "ioctl"};

// Words that start a construct outside the subset, and why (parser.y's other packet kinds).
std::optional<std::string> unsupported_packet_word(std::string_view word) {
  if (word == "udp") return "UDP segments are not supported";
  if (word == "icmp") return "ICMP packets are not supported";
  if (word == "ipv4" || word == "ipv6") return "explicit IP headers are not supported";
  if (word == "mpls") return "MPLS labels are not supported";
  if (word == "gre") return "GRE encapsulation is not supported";
  return std::nullopt;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, Script& script)
      : tokens_(std::move(tokens)), script_(&script) {}

  void parse() {
    while (!at_end()) {
      const Token& t = peek();
      if (t.kind == TokenKind::Option) {
        option(take());
      } else if (t.kind == TokenKind::BackQuoted) {
        // An init or cleanup command (no time): runs where it stands, at the previous event's time.
        Event e;
        e.where = t.where;
        e.time = {TimeKind::Relative, Duration{0}, Duration{0}};
        e.action = command(take());
        script_->events.push_back(std::move(e));
      } else if (t.kind == TokenKind::Code) {
        fail(t.where, "python code blocks (%{ }%) are not supported");
      } else {
        script_->events.push_back(event());
      }
    }
  }

 private:
  // ---- Token access ----
  const Token& peek(std::size_t ahead = 0) const {
    const std::size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& take() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool at_end() const { return peek().kind == TokenKind::End; }
  bool is_punct(char c, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Punct && t.text[0] == c;
  }
  bool is_word(std::string_view w, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Word && t.text == w;
  }
  [[noreturn]] void fail(const ScriptPlace& where, const std::string& what) const {
    throw ScriptError(where, what);
  }
  [[noreturn]] void expected(const std::string& what) const {
    fail(peek().where, "expected " + what + ", found " + describe(peek()));
  }
  void expect_punct(char c, const std::string& context) {
    if (!is_punct(c)) expected("'" + std::string(1, c) + "' " + context);
    take();
  }
  std::int64_t integer(const std::string& what, std::int64_t max) {
    if (peek().kind != TokenKind::Integer) expected(what);
    const Token& t = take();
    if (t.integer > max)
      fail(t.where, what + " " + t.text + " is out of range (at most " + std::to_string(max) + ")");
    return t.integer;
  }

  // ---- Options and commands ----
  void option(const Token& t) {
    ScriptOption o;
    o.where = t.where;
    const auto eq = t.text.find('=');
    o.name = t.text.substr(0, eq);
    o.value = eq == std::string::npos ? "" : t.text.substr(eq + 1);
    if (o.name == "tolerance_usecs") {
      const bool digits = !o.value.empty() && o.value.size() <= 9 &&
                          o.value.find_first_not_of("0123456789") == std::string::npos;
      if (!digits)
        fail(t.where, "--tolerance_usecs wants a number of microseconds, not '" + o.value + "'");
    }
    script_->options.push_back(std::move(o));
  }

  // A `shell` line: commands separated by ';', "&&" or a newline (a block over several lines),
  // each packetdrill's defaults.sh or a sysctl write; words split on blanks, "double quotes"
  // keeping a value with blanks whole. A command refused is named at its own line and column.
  CommandSpec command(const Token& t) {
    CommandSpec c;
    c.text = one_line(t.text);
    struct Words {
      std::size_t at = 0;  // index in t.text of the first word
      std::vector<std::string> parts;
    };
    std::vector<Words> commands(1);
    std::string word;
    std::size_t word_at = 0;
    bool quoted = false;
    auto end_word = [&] {
      if (!word.empty()) {
        if (commands.back().parts.empty()) commands.back().at = word_at;
        commands.back().parts.push_back(word);
      }
      word.clear();
    };
    for (std::size_t i = 0; i < t.text.size(); ++i) {
      const char ch = t.text[i];
      if (word.empty()) word_at = i;
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && (ch == ';' || ch == '\n' ||
                             (ch == '&' && i + 1 < t.text.size() && t.text[i + 1] == '&'))) {
        if (ch == '&') ++i;
        end_word();
        commands.emplace_back();
      } else if (!quoted && (ch == ' ' || ch == '\t' || ch == '\r')) {
        end_word();
      } else {
        word += ch;
      }
    }
    end_word();
    for (const auto& [at, parts] : commands) {
      if (parts.empty()) continue;
      // packetdrill's defaults.sh: the standard Linux settings, which the linux profile stands for.
      if (parts.size() == 1 && parts[0].ends_with("defaults.sh")) {
        c.defaults = true;
        continue;
      }
      // upstream's set_sysctls.py /proc/sys/net/ipv4/tcp_retries2=2: the same writes, by path.
      if (parts[0].ends_with("set_sysctls.py")) {
        std::vector<std::string> writes{"sysctl"};
        for (std::size_t i = 1; i < parts.size(); ++i) writes.push_back(sysctl_of_path(parts[i]));
        sysctl(place_in(t, at), writes, c);
        continue;
      }
      sysctl(place_in(t, at), parts, c);
    }
    if (!c.defaults && c.settings.empty()) fail(t.where, "empty `command`");
    return c;
  }

  // "/proc/sys/net/ipv4/tcp_retries2=2" -> "net.ipv4.tcp_retries2=2" (anything else unchanged).
  static std::string sysctl_of_path(const std::string& write) {
    constexpr std::string_view kProcSys = "/proc/sys/";
    if (!write.starts_with(kProcSys)) return write;
    std::string out = write.substr(kProcSys.size());
    const std::size_t eq = out.find('=');
    std::replace(out.begin(), eq == std::string::npos ? out.end() : out.begin() + static_cast<std::ptrdiff_t>(eq), '/', '.');
    return out;
  }

  // A block over several lines as one line to show: its lines joined by "; ", ends trimmed.
  static std::string one_line(const std::string& text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
      const std::size_t blank_end = text.find_first_not_of(" \t\r\n", i);
      const std::size_t end = blank_end == std::string::npos ? text.size() : blank_end;
      if (end > i) {
        const bool newline = text.find('\n', i) < end;
        if (!out.empty() && end < text.size()) out += newline ? "; " : text.substr(i, end - i);
        i = end;
        continue;
      }
      out += text[i++];
    }
    return out;
  }

  // The place of t.text[index]: the text starts one column after the opening backquote.
  static ScriptPlace place_in(const Token& t, std::size_t index) {
    ScriptPlace p = t.where;
    const std::size_t newline = t.text.rfind('\n', index == 0 ? 0 : index - 1);
    if (index == 0 || newline == std::string::npos) {
      p.column += 1 + static_cast<int>(index);
    } else {
      p.line += static_cast<int>(std::count(t.text.begin(),
                                            t.text.begin() + static_cast<std::ptrdiff_t>(index), '\n'));
      p.column = static_cast<int>(index - newline);
    }
    return p;
  }

  void sysctl(const ScriptPlace& where, const std::vector<std::string>& parts, CommandSpec& c) {
    if (parts[0] != "sysctl") {
      fail(where, "shell command '" + parts[0] +
                      "' is not supported (a `shell` line may hold sysctl writes and defaults.sh)");
    }
    std::size_t written = 0;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const std::string& p = parts[i];
      if (p == "-q" || p == "-w") continue;
      const auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        fail(where, "sysctl wants name=value (a write), not '" + p + "'");
      }
      SysctlSetting s;
      s.sysctl = p.substr(0, eq);
      s.value = p.substr(eq + 1);
      auto knob = knob_for_sysctl(s.sysctl, s.value);
      if (!knob) {
        fail(where, "sysctl " + s.sysctl + " has no knob in tcplab's model: not supported");
      }
      Profile check = linux_profile();
      if (auto error = set_knob(check, knob->knob, knob->value)) {
        fail(where, "sysctl " + s.sysctl + "=" + s.value + ": " + *error);
      }
      s.knob = knob->knob;
      s.knob_value = knob->value;
      c.settings.push_back(std::move(s));
      ++written;
    }
    if (written == 0) fail(where, "sysctl sets nothing here");
  }

  // ---- Times ----
  Duration time_value(const std::string& what) {
    const Token& t = peek();
    if (t.kind != TokenKind::Integer && t.kind != TokenKind::Float) expected(what);
    take();
    std::int64_t whole = 0;
    std::int64_t micros = 0;
    if (t.kind == TokenKind::Integer) {
      whole = t.integer;
    } else {
      const auto dot = t.text.find('.');
      for (char c : t.text.substr(0, dot)) {
        whole = whole * 10 + (c - '0');
        if (whole > kMaxScriptSeconds) break;
      }
      std::string fraction = t.text.substr(dot + 1);
      fraction.resize(6, '0');  // microseconds, as packetdrill keeps them
      for (char c : fraction) micros = micros * 10 + (c - '0');
    }
    if (whole > kMaxScriptSeconds) fail(t.where, "time " + t.text + " is more than a day");
    return std::chrono::seconds(whole) + std::chrono::microseconds(micros);
  }

  EventTime event_time() {
    EventTime time;
    if (is_punct('*')) {
      take();
      time.kind = TimeKind::Any;
      return time;
    }
    if (is_punct('+')) {
      take();
      time.kind = TimeKind::Relative;
      time.start = time_value("a time after '+'");
      if (is_punct('~')) {
        take();
        if (!is_punct('+')) expected("'+' after '~' (a relative range is written +A~+B)");
        take();
        time.kind = TimeKind::RelativeRange;
        time.end = time_value("the end of the time range");
      }
      return time;
    }
    time.kind = TimeKind::Absolute;
    time.start = time_value("a time (0.100, +0.1 or *) at the start of an event");
    if (is_punct('~')) {
      take();
      time.kind = TimeKind::AbsoluteRange;
      time.end = time_value("the end of the time range");
    }
    return time;
  }

  // ---- Events ----
  Event event() {
    Event e;
    e.where = peek().where;
    e.time = event_time();
    std::optional<Duration> blocking_end;
    const Token& t = peek();
    if (t.kind == TokenKind::Ellipsis) {
      take();
      blocking_end = time_value("the time a blocking call returns, after '...'");
    }
    const Token& a = peek();
    if (!blocking_end && a.kind == TokenKind::Punct && (a.text == "<" || a.text == ">")) {
      e.action = packet();
    } else if (a.kind == TokenKind::Word && is_punct('(', 1)) {
      SyscallSpec call = syscall();
      call.end = blocking_end;
      e.action = std::move(call);
    } else if (!blocking_end && a.kind == TokenKind::BackQuoted) {
      e.action = command(take());
    } else if (a.kind == TokenKind::Code) {
      fail(a.where, "python code blocks (%{ }%) are not supported");
    } else {
      expected(blocking_end
                   ? "a socket call after the blocking time range"
                   : "a segment ('<' or '>'), a socket call or a `command` after the time");
    }
    const bool range =
        e.time.kind == TimeKind::AbsoluteRange || e.time.kind == TimeKind::RelativeRange;
    if (range && e.time.end < e.time.start) fail(e.where, "time range is backwards");
    const PacketSpec* p = e.packet();
    const bool outbound = p && !p->inbound;
    if (e.time.kind == TimeKind::Any && !outbound)
      fail(e.where, "the time '*' can only be used with outbound segments ('>')");
    if ((e.time.kind == TimeKind::AbsoluteRange || e.time.kind == TimeKind::RelativeRange) &&
        !outbound)
      fail(e.where, "a time range can only be used with outbound segments ('>')");
    if (blocking_end && e.time.kind == TimeKind::Absolute && *blocking_end < e.time.start)
      fail(e.where, "the blocking call returns before it starts");
    return e;
  }

  // `< S. 0:0(0) ack 1 win 65535 <mss 1460,nop,wscale 7>`
  PacketSpec packet() {
    PacketSpec p;
    p.inbound = take().text == "<";
    const Token& t = peek();
    if (t.kind == TokenKind::Word) {
      if (auto why = unsupported_packet_word(t.text)) fail(t.where, *why);
    }
    if (is_punct('(') || is_punct('['))
      fail(t.where, "IP header fields (ECN, TOS, TTL) are not supported");
    if (t.kind == TokenKind::Integer && is_punct('>', 1))
      fail(t.where, "explicit ports are not supported");
    p.flags = flags();
    // seq:end(len)
    const ScriptPlace seq_at = peek().where;
    const std::int64_t start = integer("a sequence number (start:end(length))", kMaxU32);
    expect_punct(':', "between the start and end sequence numbers");
    const std::int64_t end = integer("the end sequence number", kMaxU32);
    expect_punct('(', "before the payload length");
    const std::int64_t length = integer("the payload length", kMaxU16);
    expect_punct(')', "after the payload length");
    if (end != start + length) {
      fail(seq_at, "inconsistent sequence numbers: " + std::to_string(start) + ":" +
                       std::to_string(end) + " is not " + std::to_string(length) + " bytes long");
    }
    p.seq = static_cast<std::uint32_t>(start);
    p.payload = static_cast<std::uint32_t>(length);
    if (is_word("ack")) {
      take();
      p.ack = static_cast<std::uint32_t>(integer("an acknowledgment number after 'ack'", kMaxU32));
    }
    if (is_word("win")) {
      take();
      p.window = static_cast<std::uint16_t>(integer("a window after 'win'", kMaxU16));
    }
    if (is_word("urg")) fail(peek().where, "the urgent pointer is not supported");
    p.options.emplace();  // none written: the segment must carry none
    if (is_punct('<')) {
      const ScriptPlace at = take().where;
      if (peek().kind == TokenKind::Ellipsis) {
        take();
        expect_punct('>', "to close '<...>'");
        if (p.inbound) fail(at, "<...> for TCP options can only be used with outbound segments");
        p.options.reset();
      } else {
        while (true) {
          p.options->push_back(tcp_option());
          if (is_punct(',')) {
            take();
            continue;
          }
          expect_punct('>', "or ',' in the options list");
          break;
        }
      }
    }
    if (is_punct('{')) fail(peek().where, "fuzzing directives are not supported");
    return p;
  }

  TcpFlags flags() {
    const Token& t = peek();
    if (t.kind == TokenKind::Punct && t.text == ".") {
      take();
      return TcpFlag::Ack;
    }
    if (t.kind == TokenKind::Punct && t.text == "-") {
      take();
      return TcpFlags();
    }
    if (t.kind != TokenKind::Word) expected("TCP flags (S, S., F., R, P., .)");
    take();
    TcpFlags f;
    for (std::size_t i = 0; i < t.text.size(); ++i) {
      const char c = t.text[i];
      const ScriptPlace at{t.where.file, t.where.line, t.where.column + static_cast<int>(i)};
      switch (c) {
        case 'S':
          f = f | TcpFlag::Syn;
          break;
        case 'F':
          f = f | TcpFlag::Fin;
          break;
        case 'R':
          f = f | TcpFlag::Rst;
          break;
        case 'P':
          f = f | TcpFlag::Psh;
          break;
        case 'E':
        case 'W':
          fail(at, std::string("ECN flag '") + c + "' is not supported");
        case 'U':
          fail(at, "the URG flag is not supported");
        default:
          fail(at, std::string("unknown TCP flag '") + c + "' (tcpdump writes S F R P and '.')");
      }
    }
    if (peek().kind == TokenKind::Float) fail(peek().where, "AccECN flags are not supported");
    if (is_punct('.')) {
      take();
      f = f | TcpFlag::Ack;
    }
    return f;
  }

  TcpOption tcp_option() {
    const Token& t = peek();
    if (t.kind != TokenKind::Word)
      expected("a TCP option (nop, mss N, sackOK, TS val N ecr N, wscale N)");
    take();
    TcpOption o;
    if (t.text == "nop") {
      o.kind = TcpOption::Kind::Nop;
    } else if (t.text == "eol") {
      o.kind = TcpOption::Kind::Eol;
    } else if (t.text == "mss") {
      o.kind = TcpOption::Kind::Mss;
      o.value = static_cast<std::uint32_t>(integer("the MSS after 'mss'", kMaxU16));
    } else if (t.text == "wscale") {
      o.kind = TcpOption::Kind::WindowScale;
      o.value = static_cast<std::uint32_t>(integer("the shift count after 'wscale'", 255));
    } else if (t.text == "sackOK") {
      o.kind = TcpOption::Kind::SackPermitted;
    } else if (t.text == "sack") {
      o.kind = TcpOption::Kind::Sack;
      while (peek().kind == TokenKind::Integer) {
        const auto left = static_cast<std::uint32_t>(integer("a SACK block's left edge", kMaxU32));
        expect_punct(':', "in a SACK block (left:right)");
        const auto right =
            static_cast<std::uint32_t>(integer("a SACK block's right edge", kMaxU32));
        o.blocks.emplace_back(left, right);
      }
      if (o.blocks.empty()) expected("SACK blocks (left:right) after 'sack'");
    } else if (t.text == "TS") {
      o.kind = TcpOption::Kind::Timestamp;
      if (!is_word("val")) expected("'val' after 'TS'");
      take();
      o.value = static_cast<std::uint32_t>(integer("the timestamp value after 'val'", kMaxU32));
      if (!is_word("ecr")) expected("'ecr' after the timestamp value");
      take();
      o.echo = static_cast<std::uint32_t>(integer("the echoed timestamp after 'ecr'", kMaxU32));
    } else if (t.text == "FO" || t.text == "FOEXP") {
      fail(t.where, "TCP Fast Open options are not supported");
    } else if (t.text == "md5") {
      fail(t.where, "the TCP MD5 signature option is not supported");
    } else {
      fail(t.where, "unknown TCP option '" + t.text + "'");
    }
    return o;
  }

  // ---- Socket calls ----
  SyscallSpec syscall() {
    SyscallSpec c;
    const Token& name = take();
    c.name = name.text;
    c.name_at = name.where;
    if (c.name == "sendto" || c.name == "sendmsg") {
      // Mostly TCP Fast Open (MSG_FASTOPEN) in the scripts in scope.
      fail(name.where, "socket call '" + c.name + "' is not supported (nor TCP Fast Open)");
    }
    bool known = false;
    for (auto k : kSupportedCalls) known = known || k == c.name;
    if (!known) fail(name.where, "socket call '" + c.name + "' is not supported");
    expect_punct('(', "after the call's name");
    if (!is_punct(')')) {
      while (true) {
        c.args.push_back(expression());
        if (is_punct(',')) {
          take();
          continue;
        }
        break;
      }
    }
    expect_punct(')', "or ',' after the call's arguments");
    check_options(c);
    expect_punct('=', "and the expected result after the call");
    c.result = expression();
    // An event starts with a time, so a word after the result can only be an errno name.
    if (peek().kind == TokenKind::Word) {
      const Token& err = peek();
      if (err.text.size() < 2 || err.text[0] != 'E')
        expected("an errno name (ECONNRESET ...) or the next event");
      take();
      c.errno_name = err.text;
    }
    if (is_punct('(')) c.note = note();
    return c;
  }

  // Options outside the subset are refused where they are written.
  void check_options(const SyscallSpec& c) {
    auto word_at = [&c](std::size_t i) -> const Expr* {
      return i < c.args.size() && c.args[i].kind == Expr::Kind::Word ? &c.args[i] : nullptr;
    };
    if (c.name == "setsockopt" || c.name == "getsockopt") {
      const Expr* opt = word_at(2);
      if (!opt) {
        fail(c.args.size() > 2 ? c.args[2].where : c.name_at,
             c.name + " wants (fd, level, option, value, length)");
      }
      const std::string& o = opt->text;
      if (o == "TCP_FASTOPEN" || o == "TCP_FASTOPEN_CONNECT" || o == "TCP_FASTOPEN_KEY" ||
          o == "TCP_FASTOPEN_NO_COOKIE")
        fail(opt->where, "TCP Fast Open (" + o + ") is not supported");
      if (o == "SO_ZEROCOPY") fail(opt->where, "zerocopy (SO_ZEROCOPY) is not supported");
      if (o == "TCP_INFO") fail(opt->where, "tcp_info (TCP_INFO) is not supported");
      const bool ok = c.name == "setsockopt"
                          ? (o == "SO_REUSEADDR" || o == "SO_LINGER" || o == "TCP_NODELAY" ||
                             o == "TCP_QUICKACK" || socket_option_named(o).has_value())
                          : o == "SO_ERROR";
      if (!ok) fail(opt->where, c.name + " option " + o + " is not supported");
    }
    if (c.name == "ioctl") {
      const bool queue = c.args.size() == 3 && c.args[1].kind == Expr::Kind::Word &&
                         (c.args[1].text == "SIOCINQ" || c.args[1].text == "FIONREAD" ||
                          c.args[1].text == "SIOCOUTQ" || c.args[1].text == "TIOCOUTQ");
      if (!queue) {
        fail(c.args.size() > 1 ? c.args[1].where : c.name_at,
             "ioctl wants (fd, SIOCINQ or SIOCOUTQ, [bytes]): no other request is supported");
      }
    }
    if (c.name == "send" || c.name == "recv") {
      if (c.args.size() == 4 && c.args[3].kind == Expr::Kind::Word) {
        const std::string& f = c.args[3].text;
        if (f == "MSG_ZEROCOPY") fail(c.args[3].where, "zerocopy (MSG_ZEROCOPY) is not supported");
        if (f == "MSG_FASTOPEN")
          fail(c.args[3].where, "TCP Fast Open (MSG_FASTOPEN) is not supported");
        fail(c.args[3].where, c.name + " flag " + f + " is not supported");
      }
    }
  }

  std::string note() {
    take();  // '('
    std::string text;
    while (!is_punct(')')) {
      if (at_end()) expected("')' to close the note");
      const Token& t = take();
      const bool glue = t.kind == TokenKind::Punct;
      text += (text.empty() || glue ? "" : " ") + t.text;
    }
    take();
    return text;
  }

  Expr expression() {
    Expr lhs = primary();
    while (is_punct('|')) {
      const ScriptPlace at = take().where;
      Expr bin;
      bin.kind = Expr::Kind::Binary;
      bin.text = "|";
      bin.where = at;
      bin.items.push_back(std::move(lhs));
      bin.items.push_back(primary());
      lhs = std::move(bin);
    }
    return lhs;
  }

  Expr primary() {
    const Token& t = peek();
    Expr e;
    e.where = t.where;
    if (++depth_ > kMaxDepth) fail(t.where, "expression nested too deeply");
    switch (t.kind) {
      case TokenKind::Ellipsis:
        take();
        e.kind = Expr::Kind::Ellipsis;
        break;
      case TokenKind::Integer:
        take();
        e.kind = Expr::Kind::Integer;
        e.integer = t.integer;
        break;
      case TokenKind::String:
        take();
        e.kind = Expr::Kind::String;
        e.text = t.text;
        if (peek().kind == TokenKind::Ellipsis) take();  // "abc"... : a prefix
        break;
      case TokenKind::Word: {
        take();
        e.text = t.text;
        if (is_punct('=')) {
          take();
          Expr word;
          word.kind = Expr::Kind::Word;
          word.text = t.text;
          word.where = t.where;
          e.kind = Expr::Kind::Binary;
          e.text = "=";
          e.items.push_back(std::move(word));
          e.items.push_back(expression());
        } else if (is_punct('(')) {
          e.kind = Expr::Kind::Call;
          e.items = list('(', ')');
        } else {
          e.kind = Expr::Kind::Word;
        }
        break;
      }
      case TokenKind::Punct:
        if (t.text == "-" && peek(1).kind == TokenKind::Integer) {
          take();
          e.kind = Expr::Kind::Integer;
          e.integer = -take().integer;
        } else if (t.text == "[") {
          e.kind = Expr::Kind::List;
          e.items = list('[', ']');
        } else if (t.text == "{") {
          e.kind = Expr::Kind::Braces;
          e.items = list('{', '}');
        } else {
          expected("a value (a number, a name, \"text\", [..], {..} or ...)");
        }
        break;
      default:
        expected("a value (a number, a name, \"text\", [..], {..} or ...)");
    }
    --depth_;
    return e;
  }

  std::vector<Expr> list(char open, char close) {
    expect_punct(open, "");
    std::vector<Expr> items;
    if (!is_punct(close)) {
      while (true) {
        items.push_back(expression());
        if (is_punct(',')) {
          take();
          continue;
        }
        break;
      }
    }
    expect_punct(close, "or ','");
    return items;
  }

  static constexpr int kMaxDepth = 64;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  Script* script_;
};

}  // namespace

Script parse_script(std::string_view text, const std::string& file) {
  Script script;
  script.file = file;
  Parser parser(tokenize(text, file, &script.comments), script);
  parser.parse();
  return script;
}

Script load_script_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScriptError({path, 0, 0}, "cannot read the script");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_script(text.str(), path);
}

bool is_script_file(std::string_view path) { return path.ends_with(".pkt"); }

}  // namespace tcplab::packetdrill
