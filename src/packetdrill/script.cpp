#include "packetdrill/script.h"

#include <charconv>

namespace tcplab::packetdrill {

std::string to_string(const TcpOption& option) {
  switch (option.kind) {
    case TcpOption::Kind::Nop:
      return "nop";
    case TcpOption::Kind::Eol:
      return "eol";
    case TcpOption::Kind::Mss:
      return "mss " + std::to_string(option.value);
    case TcpOption::Kind::WindowScale:
      return "wscale " + std::to_string(option.value);
    case TcpOption::Kind::SackPermitted:
      return "sackOK";
    case TcpOption::Kind::Sack: {
      std::string s = "sack";
      for (const auto& [left, right] : option.blocks)
        s += " " + std::to_string(left) + ":" + std::to_string(right);
      return s;
    }
    case TcpOption::Kind::Timestamp:
      return "TS val " + std::to_string(option.value) + " ecr " + std::to_string(option.echo);
  }
  return "?";
}

std::string to_string(const Expr& expr) {
  auto join = [](const std::vector<Expr>& items) {
    std::string s;
    for (const Expr& e : items) s += (s.empty() ? "" : ", ") + to_string(e);
    return s;
  };
  switch (expr.kind) {
    case Expr::Kind::Ellipsis:
      return "...";
    case Expr::Kind::Integer:
      return std::to_string(expr.integer);
    case Expr::Kind::Word:
      return expr.text;
    case Expr::Kind::String:
      return "\"" + expr.text + "\"";
    case Expr::Kind::List:
      return "[" + join(expr.items) + "]";
    case Expr::Kind::Braces:
      return "{" + join(expr.items) + "}";
    case Expr::Kind::Binary:
      return expr.items.size() == 2
                 ? to_string(expr.items[0]) + expr.text + to_string(expr.items[1])
                 : expr.text;
    case Expr::Kind::Call:
      return expr.text + "(" + join(expr.items) + ")";
  }
  return "?";
}

Duration Script::tolerance() const {
  constexpr Duration kPacketdrillTolerance = std::chrono::milliseconds(4);  // --tolerance_usecs
  for (const ScriptOption& o : options) {
    if (o.name != "tolerance_usecs") continue;
    long long usecs = 0;
    const auto [end, error] =
        std::from_chars(o.value.data(), o.value.data() + o.value.size(), usecs);
    if (error == std::errc() && end == o.value.data() + o.value.size() && usecs >= 0)
      return std::chrono::microseconds(usecs);
  }
  return kPacketdrillTolerance;
}

}  // namespace tcplab::packetdrill
