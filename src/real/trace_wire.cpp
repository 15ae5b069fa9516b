#include "real/trace_wire.h"

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace tcplab::real {

namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char c = text[++i];
    out += c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
  }
  return out;
}

class Line {
 public:
  explicit Line(char kind) { out_ += kind; }
  Line& operator<<(std::string_view s) {
    out_ += '\t';
    out_ += escape(s);
    return *this;
  }
  Line& operator<<(std::int64_t v) { return *this << std::string_view(std::to_string(v)); }
  std::string str() const { return out_ + '\n'; }

 private:
  std::string out_;
};

std::int64_t ns(Instant t) { return to_ns(t); }

class Fields {
 public:
  explicit Fields(std::string_view line) {
    std::size_t start = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', start);
      fields_.push_back(
          unescape(line.substr(start, tab == std::string_view::npos ? tab : tab - start)));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
  }
  const std::string& str(std::size_t i) const {
    if (i >= fields_.size()) throw std::runtime_error("kernel run answer: a line is too short");
    return fields_[i];
  }
  std::int64_t num(std::size_t i) const { return std::strtoll(str(i).c_str(), nullptr, 10); }
  std::uint64_t unum(std::size_t i) const { return std::strtoull(str(i).c_str(), nullptr, 10); }
  Instant at(std::size_t i) const { return instant_from_ns(num(i)); }
  std::size_t size() const { return fields_.size(); }

 private:
  std::vector<std::string> fields_;
};

std::int64_t ip_port(const SocketAddress& a) {
  return static_cast<std::int64_t>((std::uint64_t{a.ip.value} << 16) | a.port);
}
SocketAddress to_address(std::uint64_t v) {
  return SocketAddress{Ipv4{static_cast<std::uint32_t>(v >> 16)},
                       static_cast<std::uint16_t>(v & 0xffff)};
}

}  // namespace

std::string encode_run(const WireRun& run) {
  const Trace& t = run.trace;
  std::string out;
  out += (Line('R') << std::int64_t{run.completed ? 1 : 0} << run.end_ns).str();
  out += (Line('B') << t.backend).str();
  out += (Line('P') << t.profile).str();
  for (const auto& h : t.hosts) out += (Line('H') << h).str();
  for (const auto& w : t.warnings) out += (Line('W') << w).str();
  out += (Line('I') << std::int64_t{static_cast<int>(t.isolation)} << t.isolation_reason).str();
  for (const auto& ev : t.events()) {
    if (const auto* s = std::get_if<SegmentEvent>(&ev.body)) {
      const Segment& g = s->segment;
      out +=
          (Line('S') << ns(ev.at) << ip_port(g.src) << ip_port(g.dst) << std::int64_t{g.seq.raw()}
                     << std::int64_t{g.ack.raw()} << std::int64_t{g.flags.bits()}
                     << std::int64_t{g.window} << g.payload << s->from << s->to << s->endpoint
                     << ns(s->arrives_at) << std::int64_t{s->fate == SegmentFate::Dropped ? 1 : 0}
                     << s->reason << std::int64_t{s->retransmission ? 1 : 0}
                     << (s->fault ? std::string(to_string(s->fault->action)) : std::string())
                     << (s->fault ? s->fault->fault : std::string()))
              .str();
    } else if (const auto* st = std::get_if<StateEvent>(&ev.body)) {
      out += (Line('T') << ns(ev.at) << st->host << st->endpoint << ip_port(st->tuple.local)
                        << ip_port(st->tuple.remote) << std::int64_t{static_cast<int>(st->from)}
                        << std::int64_t{static_cast<int>(st->to)} << st->cause
                        << static_cast<std::int64_t>(st->segment_id))
                 .str();
    } else if (const auto* tm = std::get_if<TimerEvent>(&ev.body)) {
      out += (Line('M') << ns(ev.at) << tm->host << tm->endpoint
                        << std::int64_t{static_cast<int>(tm->timer)}
                        << std::int64_t{static_cast<int>(tm->action)} << ns(tm->deadline)
                        << std::int64_t{tm->attempt})
                 .str();
    } else if (const auto* c = std::get_if<CallEvent>(&ev.body)) {
      out +=
          (Line('C') << ns(ev.at) << c->host << c->step << c->call << c->args << std::int64_t{c->fd}
                     << c->result << std::int64_t{static_cast<int>(c->error)} << ns(c->issued_at)
                     << c->endpoint << c->data << ns(c->asked()) << c->cpu_wait.count())
              .str();
    } else if (const auto* n = std::get_if<NoteEvent>(&ev.body)) {
      out += (Line('N') << ns(ev.at) << n->host << n->text).str();
    }
  }
  return out;
}

WireRun decode_run(const std::string& text) {
  WireRun run;
  Trace& t = run.trace;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const Fields f(line);
    switch (line[0]) {
      case 'R':
        run.completed = f.num(1) != 0;
        run.end_ns = f.num(2);
        break;
      case 'B':
        t.backend = f.str(1);
        break;
      case 'P':
        t.profile = f.str(1);
        break;
      case 'H':
        t.hosts.push_back(f.str(1));
        break;
      case 'W':
        t.warnings.push_back(f.str(1));
        break;
      case 'I':
        t.isolation = static_cast<Isolation>(f.num(1));
        t.isolation_reason = f.str(2);
        break;
      case 'S': {
        SegmentEvent s;
        s.segment.src = to_address(f.unum(2));
        s.segment.dst = to_address(f.unum(3));
        s.segment.seq = SeqNum(static_cast<std::uint32_t>(f.unum(4)));
        s.segment.ack = SeqNum(static_cast<std::uint32_t>(f.unum(5)));
        s.segment.flags = TcpFlags::from_bits(static_cast<std::uint8_t>(f.unum(6)));
        s.segment.window = static_cast<std::uint16_t>(f.unum(7));
        s.segment.payload = f.str(8);
        s.from = f.str(9);
        s.to = f.str(10);
        s.endpoint = f.str(11);
        s.arrives_at = f.at(12);
        s.fate = f.num(13) != 0 ? SegmentFate::Dropped : SegmentFate::Delivered;
        s.reason = f.str(14);
        s.retransmission = f.num(15) != 0;
        if (f.size() > 17) {  // the fault engine's action (nfqueue_faults.*), when one acted
          if (auto action = parse_wire_action(f.str(16))) s.fault = WireFault{*action, f.str(17)};
        }
        t.add_segment(f.at(1), std::move(s));
        break;
      }
      case 'T': {
        StateEvent s;
        s.host = f.str(2);
        s.endpoint = f.str(3);
        s.tuple = {to_address(f.unum(4)), to_address(f.unum(5))};
        s.from = static_cast<TcpState>(f.num(6));
        s.to = static_cast<TcpState>(f.num(7));
        s.cause = f.str(8);
        s.segment_id = f.unum(9);
        t.add(f.at(1), std::move(s));
        break;
      }
      case 'M': {
        TimerEvent m;
        m.host = f.str(2);
        m.endpoint = f.str(3);
        m.timer = static_cast<TimerKind>(f.num(4));
        m.action = static_cast<TimerAction>(f.num(5));
        m.deadline = f.at(6);
        m.attempt = static_cast<int>(f.num(7));
        t.add(f.at(1), std::move(m));
        break;
      }
      case 'C': {
        CallEvent c;
        c.host = f.str(2);
        c.step = f.str(3);
        c.call = f.str(4);
        c.args = f.str(5);
        c.fd = static_cast<int>(f.num(6));
        c.result = f.num(7);
        c.error = static_cast<Errno>(f.num(8));
        c.issued_at = f.at(9);
        c.endpoint = f.str(10);
        c.data = f.str(11);
        c.asked_at = f.at(12);
        c.cpu_wait = Duration{f.num(13)};
        t.add(f.at(1), std::move(c));
        break;
      }
      case 'N':
        t.add(f.at(1), NoteEvent{f.str(2), f.str(3)});
        break;
      default:
        throw std::runtime_error("kernel run answer: unknown line kind '" + line.substr(0, 1) +
                                 "'");
    }
  }
  return run;
}

}  // namespace tcplab::real
