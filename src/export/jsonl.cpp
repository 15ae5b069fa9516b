#include "export/jsonl.h"

#include <algorithm>
#include <cstring>
#include <istream>
#include <limits>
#include <ostream>
#include <sstream>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "export/json_line.h"
#include "export/message_json.h"
#include "export/payload_text.h"

namespace tcplab {

namespace {

using OrderedJson = nlohmann::ordered_json;
using Json = nlohmann::json;

constexpr std::string_view kFormatName = "tcplab-trace";

// ---------------------------------------------------------------------------------------------
// Writing: keys in a fixed order (ordered_json keeps insertion order), so output is stable.

void put_bytes(OrderedJson& j, const char* text_key, const char* hex_key, const std::string& b) {
  if (is_readable_text(b)) {
    j[text_key] = b;
  } else {
    j[hex_key] = to_hex(b);
  }
}

// Optional: absent when nobody said (Verdict::None). The decision by its stable name, with the
// numbers and state its words need (docs/trace-format.md).
void put_verdict(OrderedJson& j, const ReceiverVerdict& v, const std::string& prefix) {
  if (v.verdict == Verdict::None) return;
  j[prefix + "verdict"] = to_string(v.verdict);
  if (v.verdict == Verdict::Rejected) {
    j[prefix + "reject"] = to_string(v.code);
    j[prefix + "rule"] = reject_rule(v.code);
  }
  if (v.what == VerdictCode::None) return;
  j[prefix + "verdict_code"] = verdict_code_key(v.what);
  const int args = verdict_arg_count(v.what);
  if (args == 1) j[prefix + "verdict_args"] = OrderedJson::array({v.args.first});
  if (args == 2) j[prefix + "verdict_args"] = OrderedJson::array({v.args.first, v.args.second});
  if (verdict_uses_state(v.what)) j[prefix + "verdict_state"] = rfc_name(v.args.state);
}

OrderedJson to_json(Instant at, const SegmentEvent& e) {
  const Segment& s = e.segment;
  OrderedJson j;
  j["t_ns"] = to_ns(at);
  j["type"] = "segment";
  j["id"] = e.id;
  j["from"] = e.from;
  j["to"] = e.to;
  j["endpoint"] = e.endpoint;
  j["src"] = to_string(s.src);
  j["dst"] = to_string(s.dst);
  j["flags"] = tcpdump_flags(s.flags);
  j["seq"] = s.seq.raw();
  j["ack"] = s.ack.raw();
  j["rel_seq"] = e.rel_seq;
  j["rel_ack"] = e.rel_ack;
  j["len"] = s.payload_len();
  j["window"] = s.window;
  // Optional: the TCP options the segment carried, as typed fields (docs/trace-format.md).
  if (s.options.mss) j["mss"] = *s.options.mss;
  if (s.options.sack_permitted) j["sack_ok"] = true;
  if (s.options.timestamps) {
    j["ts_val"] = s.options.timestamps->val;
    j["ts_ecr"] = s.options.timestamps->ecr;
  }
  if (s.options.window_scale) j["wscale"] = *s.options.window_scale;
  if (!s.options.sack.empty()) {
    std::string blocks;
    for (const SackBlock& b : s.options.sack) {
      blocks += (blocks.empty() ? "" : " ") + std::to_string(b.left.raw()) + ":" +
                std::to_string(b.right.raw());
    }
    j["sack"] = blocks;
  }
  j["fate"] = to_string(e.fate);
  j["reason"] = e.reason;
  // Optional (a model trace has them): what the wire did, then what the receiver made of it.
  if (e.fault) {
    j["fault_action"] = to_string(e.fault->action);
    j["fault"] = e.fault->fault.en;
    if (!e.fault->fault.zh.empty()) j["fault_zh"] = e.fault->fault.zh;
  }
  put_verdict(j, e.verdict, "");
  // A SYN that reopened TIME-WAIT: the TIME-WAIT record's verdict before the listener's.
  if (e.earlier_verdict) put_verdict(j, *e.earlier_verdict, "earlier_");
  j["retransmission"] = e.retransmission;
  j["arrive_ns"] = to_ns(e.arrives_at);
  put_bytes(j, "payload", "payload_hex", s.payload);
  return j;
}

OrderedJson to_json(Instant at, const StateEvent& e) {
  OrderedJson j;
  j["t_ns"] = to_ns(at);
  j["type"] = "state";
  j["host"] = e.host;
  j["endpoint"] = e.endpoint;
  j["tuple"] = to_string(e.tuple);
  j["from"] = rfc_name(e.from);
  j["to"] = rfc_name(e.to);
  j["cause"] = state_cause_key(e.cause);
  j["segment"] = e.segment_id == 0 ? OrderedJson(nullptr) : OrderedJson(e.segment_id);
  if (e.cause_count != 0) j["cause_count"] = e.cause_count;
  if (e.source != StateSource::Model) j["source"] = state_source_key(e.source);
  if (e.uncertainty != Uncertainty::None) j["uncertain"] = uncertainty_key(e.uncertainty);
  return j;
}

OrderedJson to_json(Instant at, const TimerEvent& e) {
  OrderedJson j;
  j["t_ns"] = to_ns(at);
  j["type"] = "timer";
  j["host"] = e.host;
  j["endpoint"] = e.endpoint;
  j["timer"] = to_string(e.timer);
  j["action"] = to_string(e.action);
  j["deadline_ns"] = to_ns(e.deadline);
  j["attempt"] = e.attempt;
  return j;
}

OrderedJson to_json(Instant at, const CallEvent& e) {
  OrderedJson j;
  j["t_ns"] = to_ns(at);
  j["type"] = "call";
  j["host"] = e.host;
  j["step"] = e.step;
  j["call"] = e.call;
  j["args"] = e.args;
  j["fd"] = e.fd;
  j["result"] = e.result;
  if (e.error == Errno::None) {
    j["errno"] = nullptr;
    j["errno_message"] = nullptr;
  } else {
    j["errno"] = errno_name(e.error);
    j["errno_message"] = errno_message(e.error);
  }
  j["issued_ns"] = to_ns(e.issued_at);
  // Written only by a backend whose programs can be late (the kernel's); readers default them.
  if (e.asked_at) j["asked_ns"] = to_ns(*e.asked_at);
  if (e.cpu_wait != Duration{0}) j["cpu_wait_ns"] = e.cpu_wait.count();
  j["endpoint"] = e.endpoint;
  put_bytes(j, "data", "data_hex", e.data);
  return j;
}

OrderedJson to_json(Instant at, const NoteEvent& e) {
  OrderedJson j;
  j["t_ns"] = to_ns(at);
  j["type"] = "note";
  j["host"] = e.host;
  if (e.why.empty()) {
    j["text"] = e.text;
    return j;
  }
  // A typed note (version 3): the call and its reason as data; the views word it.
  j["call"] = e.call;
  j["why"] = to_string(e.why.why);
  const CallNote& n = e.why;
  if (n.conflict) {
    j["conflict_holder"] = to_string(n.conflict->holder);
    j["conflict_local"] = to_string(n.conflict->local);
    j["conflict_count"] = n.conflict->count;
    j["conflict_rule"] = to_string(n.conflict->rule);
  }
  if (n.shared) {
    j["shared_holder"] = to_string(n.shared->holder);
    j["shared_local"] = to_string(n.shared->local);
    j["shared_count"] = n.shared->count;
  }
  if (n.address != SocketAddress{}) j["why_address"] = to_string(n.address);
  if (n.tuple != FourTuple{}) {
    j["why_local"] = to_string(n.tuple.local);
    j["why_remote"] = to_string(n.tuple.remote);
  }
  if (n.first != 0 || n.last != 0) {
    j["why_first"] = n.first;
    j["why_last"] = n.last;
  }
  if (n.count != 0) j["why_count"] = n.count;
  return j;
}

void write_line(const OrderedJson& j, std::ostream& out) {
  // Invalid UTF-8 in names or notes becomes U+FFFD rather than an exception; payloads never
  // need it (they are hex unless readable).
  out << j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << '\n';
}

// ---------------------------------------------------------------------------------------------
// Reading: every field checked, every error naming its line.

class LineReader {
 public:
  LineReader(const std::string& source, std::size_t line, const JsonLine& j, std::string_view what)
      : source_(source), line_(line), j_(j), what_(what) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw TraceFormatError(source_, line_, std::string(what_) + ": " + message);
  }

  bool has(const char* key) const {
    const JsonValue* v = j_.find(key);
    return v && !v->is_null();
  }

  const JsonValue& field(const char* key) const {
    const JsonValue* v = j_.find(key);
    if (!v) fail(std::string("missing field \"") + key + "\"");
    return *v;
  }

  std::string_view text(const char* key) const {
    const JsonValue& v = field(key);
    if (!v.is_string()) fail(std::string("field \"") + key + "\" must be a string");
    return v.text;
  }
  std::string str(const char* key) const { return std::string(text(key)); }

  // A typed value written by its stable name (docs/trace-format.md lists them); absent: fallback.
  template <typename E, typename Parse>
  E named(const char* key, E fallback, Parse parse, const char* what) const {
    if (!has(key)) return fallback;
    const std::string_view name = text(key);
    const std::optional<E> value = parse(name);
    if (!value) {
      fail(std::string("field \"") + key + "\": unknown " + what + " \"" + std::string(name) +
           "\"");
    }
    return *value;
  }
  std::string str_or(const char* key, std::string fallback) const {
    return j_.contains(key) ? str(key) : std::move(fallback);
  }

  template <typename Int>
  Int integer(const char* key) const {
    const JsonValue& v = field(key);
    const auto range = [&] {
      return "field \"" + std::string(key) + "\" must be an integer in " +
             std::to_string(std::numeric_limits<Int>::min()) + ".." +
             std::to_string(std::numeric_limits<Int>::max());
    };
    if (v.is_unsigned()) {
      const std::uint64_t u = v.number;
      if (u > static_cast<std::uint64_t>(std::numeric_limits<Int>::max())) fail(range());
      return static_cast<Int>(u);
    }
    if (v.is_integer()) {
      const std::int64_t i = v.as_signed();
      if constexpr (std::is_unsigned_v<Int>) {
        if (i < 0) fail(range());
        if (static_cast<std::uint64_t>(i) > std::numeric_limits<Int>::max()) fail(range());
      } else {
        if (i < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
            i > static_cast<std::int64_t>(std::numeric_limits<Int>::max())) {
          fail(range());
        }
      }
      return static_cast<Int>(i);
    }
    fail(range());
  }

  template <typename Int>
  Int integer_or(const char* key, Int fallback) const {
    return j_.contains(key) ? integer<Int>(key) : fallback;
  }

  bool boolean_or(const char* key, bool fallback) const {
    const JsonValue* v = j_.find(key);
    if (!v) return fallback;
    if (!v->is_bool()) fail(std::string("field \"") + key + "\" must be true or false");
    return v->number != 0;
  }

  Instant instant(const char* key) const { return instant_from_ns(integer<std::int64_t>(key)); }

  SocketAddress address(const char* key) const {
    const std::string_view name = text(key);
    auto a = parse_socket_address(name);
    if (!a) {
      fail(std::string("field \"") + key + "\": \"" + std::string(name) +
           "\" is not an IPv4 addr:port");
    }
    return *a;
  }

  TcpState state(const char* key) const {
    const std::string_view name = text(key);
    auto s = parse_tcp_state(name);
    if (!s) {
      fail(std::string("field \"") + key + "\": unknown TCP state \"" + std::string(name) + "\"");
    }
    return *s;
  }

  // Text or hex bytes; nullopt when neither key is present.
  std::optional<std::string> bytes(const char* text_key, const char* hex_key) const {
    if (has(text_key)) return str(text_key);
    if (has(hex_key)) {
      const std::string hex = str(hex_key);
      auto b = from_hex(hex);
      if (!b) fail(std::string("field \"") + hex_key + "\" is not an even number of hex digits");
      return b;
    }
    return std::nullopt;
  }

  std::span<const JsonValue> items(const JsonValue& array) const { return j_.items(array); }

 private:
  const std::string& source_;
  std::size_t line_;
  const JsonLine& j_;
  std::string_view what_;
};

// A verdict written by put_verdict(); a version-1 file's `verdict_text` is ignored (its words are
// in `reason`).
ReceiverVerdict verdict_from(const LineReader& r, const std::string& prefix) {
  const std::string verdict_key = prefix + "verdict";
  const std::string reject_key = prefix + "reject";
  const std::string code_key = prefix + "verdict_code";
  const std::string args_key = prefix + "verdict_args";
  const std::string state_key = prefix + "verdict_state";
  ReceiverVerdict out;
  out.verdict = r.named(verdict_key.c_str(), Verdict::None, parse_verdict, "verdict");
  out.code = r.named(reject_key.c_str(), RejectCode::None, parse_reject_code, "code");
  out.what = r.named(code_key.c_str(), VerdictCode::None, parse_verdict_code_key, "verdict code");
  if (out.what == VerdictCode::None) return out;
  if (verdict_of(out.what) != out.verdict || reject_code_of(out.what) != out.code) {
    r.fail("field \"" + code_key + "\": \"" + std::string(verdict_code_key(out.what)) + "\" is " +
           std::string(to_string(verdict_of(out.what))) +
           (reject_code_of(out.what) == RejectCode::None
                ? std::string()
                : " (" + std::string(to_string(reject_code_of(out.what))) + ")") +
           ", but the line says " + std::string(to_string(out.verdict)) +
           (out.code == RejectCode::None ? "" : " (" + std::string(to_string(out.code)) + ")"));
  }
  const auto wanted = static_cast<std::size_t>(verdict_arg_count(out.what));
  const JsonValue* args = r.has(args_key.c_str()) ? &r.field(args_key.c_str()) : nullptr;
  const std::size_t given = args && args->is_array() ? args->count : 0;
  if ((args && !args->is_array()) || given != wanted) {
    r.fail("field \"" + args_key + "\": \"" + std::string(verdict_code_key(out.what)) +
           "\" takes " + std::to_string(wanted) + " numbers");
  }
  auto number = [&](std::size_t i) {
    const JsonValue& v = r.items(*args)[i];
    if (!v.is_unsigned() || v.number > 0xffffffffu) {
      r.fail("field \"" + args_key + "\": numbers from 0 to 4294967295");
    }
    return static_cast<std::uint32_t>(v.number);
  };
  if (wanted >= 1) out.args.first = number(0);
  if (wanted >= 2) out.args.second = number(1);
  if (verdict_uses_state(out.what)) out.args.state = r.state(state_key.c_str());
  return out;
}

// "65537:100001 1:5": SACK blocks as left:right pairs of raw sequence numbers.
std::vector<SackBlock> sack_blocks_from(const LineReader& r, const std::string& text) {
  std::vector<SackBlock> blocks;
  std::size_t i = 0;
  auto number = [&](char stop) {
    std::uint64_t v = 0;
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && v <= 0xffffffffu) {
      v = v * 10 + static_cast<std::uint64_t>(text[i++] - '0');
    }
    if (i == start || v > 0xffffffffu || (i < text.size() && text[i] != stop)) {
      r.fail("field \"sack\": \"" + text + "\" is not blocks such as \"1000:2000 3000:4000\"");
    }
    ++i;
    return SeqNum(static_cast<std::uint32_t>(v));
  };
  while (i < text.size()) {
    const SeqNum left = number(':');
    const SeqNum right = number(' ');
    blocks.push_back({left, right});
  }
  return blocks;
}

SegmentEvent segment_from(const LineReader& r) {
  SegmentEvent e;
  e.from = r.str("from");
  e.to = r.str("to");
  e.endpoint = r.str_or("endpoint", "");
  Segment& s = e.segment;
  s.src = r.address("src");
  s.dst = r.address("dst");
  const std::string flags = r.str("flags");
  auto f = parse_tcpdump_flags(flags);
  if (!f)
    r.fail("field \"flags\": \"" + flags + "\" is not tcpdump flags (S, S., F., R, R., P., .)");
  s.flags = *f;
  s.seq = SeqNum(r.integer<std::uint32_t>("seq"));
  s.ack = SeqNum(r.integer<std::uint32_t>("ack"));
  s.window = r.integer_or<std::uint16_t>("window", 0);
  if (r.has("mss")) s.options.mss = r.integer<std::uint16_t>("mss");
  s.options.sack_permitted = r.boolean_or("sack_ok", false);
  if (r.has("ts_val") || r.has("ts_ecr")) {
    s.options.timestamps =
        TcpTimestamps{r.integer<std::uint32_t>("ts_val"), r.integer<std::uint32_t>("ts_ecr")};
  }
  if (r.has("wscale")) s.options.window_scale = r.integer<std::uint8_t>("wscale");
  if (r.has("sack")) s.options.sack = sack_blocks_from(r, r.str("sack"));
  const auto len = r.integer<std::uint32_t>("len");
  if (auto payload = r.bytes("payload", "payload_hex")) {
    if (payload->size() != len) {
      r.fail("field \"len\" is " + std::to_string(len) + " but the payload has " +
             std::to_string(payload->size()) + " bytes");
    }
    s.payload = std::move(*payload);
  } else {
    s.payload.assign(len, '\0');  // length known, bytes not recorded
  }
  const std::string fate = r.str("fate");
  if (fate == "delivered") {
    e.fate = SegmentFate::Delivered;
  } else if (fate == "dropped") {
    e.fate = SegmentFate::Dropped;
  } else {
    r.fail("field \"fate\" must be \"delivered\" or \"dropped\", not \"" + fate + "\"");
  }
  e.reason = r.str_or("reason", "");
  if (r.has("fault_action")) {
    const std::string action = r.str("fault_action");
    auto a = parse_wire_action(action);
    if (!a) r.fail("field \"fault_action\": unknown action \"" + action + "\"");
    e.fault = WireFault{*a, {r.str_or("fault", ""), r.str_or("fault_zh", "")}};
  }
  e.verdict = verdict_from(r, "");
  if (r.has("earlier_verdict")) e.earlier_verdict = verdict_from(r, "earlier_");
  e.retransmission = r.boolean_or("retransmission", false);
  return e;
}

StateEvent state_from(const LineReader& r) {
  StateEvent e;
  e.host = r.str_or("host", "");
  e.endpoint = r.str("endpoint");
  if (r.has("tuple")) {
    const std::string text = r.str("tuple");
    const auto sep = text.find(" > ");
    std::optional<SocketAddress> local, remote;
    if (sep != std::string::npos) {
      local = parse_socket_address(std::string_view(text).substr(0, sep));
      remote = parse_socket_address(std::string_view(text).substr(sep + 3));
    }
    if (!local || !remote) {
      r.fail("field \"tuple\": \"" + text + "\" is not \"addr:port > addr:port\"");
    }
    e.tuple = {*local, *remote};
  }
  e.from = r.state("from");
  e.to = r.state("to");
  e.cause = r.named("cause", StateCause::Unspecified, parse_state_cause_key, "state cause");
  e.segment_id = r.has("segment") ? r.integer<std::uint64_t>("segment") : 0;
  e.cause_count = r.has("cause_count") ? r.integer<std::uint32_t>("cause_count") : 0;
  e.source = r.named("source", StateSource::Model, parse_state_source_key, "state source");
  e.uncertainty = r.named("uncertain", Uncertainty::None, parse_uncertainty_key, "uncertainty");
  return e;
}

TimerEvent timer_from(const LineReader& r) {
  TimerEvent e;
  e.host = r.str_or("host", "");
  e.endpoint = r.str("endpoint");
  const std::string kind = r.str("timer");
  auto k = parse_timer_kind(kind);
  if (!k) r.fail("field \"timer\": unknown timer \"" + kind + "\"");
  e.timer = *k;
  const std::string action = r.str("action");
  auto a = parse_timer_action(action);
  if (!a) r.fail("field \"action\" must be armed, fired or cancelled, not \"" + action + "\"");
  e.action = *a;
  e.deadline = r.instant("deadline_ns");
  e.attempt = r.integer_or<int>("attempt", 0);
  return e;
}

CallEvent call_from(const LineReader& r, Instant at) {
  CallEvent e;
  e.host = r.str("host");
  e.step = r.str_or("step", "");
  e.call = r.str("call");
  e.args = r.str_or("args", "");
  e.fd = r.integer<int>("fd");
  e.result = r.integer<std::int64_t>("result");
  if (r.has("errno")) {
    const std::string name = r.str("errno");
    auto err = parse_errno(name);
    if (!err) r.fail("field \"errno\": unknown errno \"" + name + "\"");
    e.error = *err;
  }
  e.issued_at = r.has("issued_ns") ? r.instant("issued_ns") : at;
  if (r.has("asked_ns")) e.asked_at = r.instant("asked_ns");
  if (r.has("cpu_wait_ns")) e.cpu_wait = Duration{r.integer<std::int64_t>("cpu_wait_ns")};
  e.endpoint = r.str_or("endpoint", "");
  e.data = r.bytes("data", "data_hex").value_or("");
  return e;
}

NoteEvent note_from(const LineReader& r) {
  NoteEvent e;
  e.host = r.str_or("host", "");
  if (!r.has("why")) {
    e.text = r.str("text");
    return e;
  }
  e.call = r.str("call");
  CallNote& n = e.why;
  n.why = r.named("why", CallWhy::None, parse_call_why, "call reason");
  if (r.has("conflict_holder")) {
    BindConflict c;
    c.holder = r.named("conflict_holder", c.holder, parse_conflict_holder, "conflict holder");
    c.local = r.address("conflict_local");
    c.count = r.integer<std::uint32_t>("conflict_count");
    c.rule = r.named("conflict_rule", c.rule, parse_conflict_rule, "conflict rule");
    n.conflict = c;
  }
  if (r.has("shared_holder")) {
    PortShare share;
    share.holder = r.named("shared_holder", share.holder, parse_conflict_holder, "shared holder");
    share.local = r.address("shared_local");
    share.count = r.integer<std::uint32_t>("shared_count");
    n.shared = share;
  }
  if (r.has("why_address")) n.address = r.address("why_address");
  if (r.has("why_local")) n.tuple = {r.address("why_local"), r.address("why_remote")};
  n.first = r.integer_or<std::uint32_t>("why_first", 0);
  n.last = r.integer_or<std::uint32_t>("why_last", 0);
  n.count = r.integer_or<std::uint32_t>("why_count", 0);
  if (n.why == CallWhy::PortHeld && !n.conflict)
    r.fail("field \"why\": \"port-held\" needs the conflict_* fields");
  if (n.why == CallWhy::PortSharedByReuse && !n.shared)
    r.fail("field \"why\": \"port-shared-by-reuse\" needs the shared_* fields");
  return e;
}

// The header's warnings (version 4 writes each as data: export/message_json.h).
std::vector<Message> read_warnings(const LineReader& r, const Json& j) {
  std::vector<Message> out;
  if (!j.contains("warnings")) return out;
  constexpr const char* kShape =
      "field \"warnings\" must be a list of strings or of {\"pattern\", \"args\"} objects";
  if (!j["warnings"].is_array()) r.fail(kShape);
  for (const auto& item : j["warnings"]) {
    std::optional<Message> m = message_from_json(item);
    if (!m) r.fail(kShape);
    out.push_back(std::move(*m));
  }
  return out;
}

std::vector<std::string> string_list(const LineReader& r, const JsonLine& j, const char* key) {
  std::vector<std::string> out;
  const JsonValue* list = j.find(key);
  if (!list) return out;
  if (!list->is_array()) r.fail(std::string("field \"") + key + "\" must be a list of strings");
  for (const JsonValue& item : j.items(*list)) {
    if (!item.is_string()) r.fail(std::string("field \"") + key + "\" must be a list of strings");
    out.emplace_back(item.text);
  }
  return out;
}

// The lines of a stream, read a block at a time (a byte at a time was a tenth of opening a big
// trace). A line longer than `max` comes back as its first max + 1 bytes, so that it is known to
// be too long without being held whole.
class LineInput {
 public:
  LineInput(std::istream& in, std::size_t max) : buffer_(in.rdbuf()), max_(max) {}

  // The next line, without its '\n'; false at the end of the input. Valid until the next call.
  bool next(std::string_view& line) {
    for (;;) {
      const char* begin = data_.data() + start_;
      const std::size_t pending = end_ - start_;
      if (const void* newline = std::memchr(begin, '\n', std::min(pending, max_ + 1))) {
        const auto length = static_cast<std::size_t>(static_cast<const char*>(newline) - begin);
        line = std::string_view(begin, length);
        start_ += length + 1;
        return true;
      }
      if (pending > max_) {
        line = std::string_view(begin, max_ + 1);
        start_ += max_ + 1;
        return true;
      }
      if (at_end_) {
        if (pending == 0) return false;
        line = std::string_view(begin, pending);
        start_ = end_;
        return true;
      }
      refill();
    }
  }

 private:
  static constexpr std::size_t kBlock = 256 * 1024;

  void refill() {
    std::memmove(data_.data(), data_.data() + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
    if (data_.size() < end_ + kBlock) data_.resize(end_ + kBlock);
    const std::streamsize got =
        buffer_ ? buffer_->sgetn(data_.data() + end_, static_cast<std::streamsize>(kBlock)) : 0;
    if (got <= 0) at_end_ = true;
    end_ += static_cast<std::size_t>(std::max<std::streamsize>(got, 0));
  }

  std::streambuf* buffer_;
  std::size_t max_;
  std::string data_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  bool at_end_ = false;
};

std::string bytes_text(std::size_t bytes) {
  constexpr std::size_t kMiB = 1024 * 1024;
  return bytes % kMiB == 0 ? std::to_string(bytes / kMiB) + " MiB"
                           : std::to_string(bytes) + " bytes";
}

// Thrown from the parser's callback when a line nests deeper than the limit.
struct TooDeep {};

// "2026-12-03": four digits, two, two, month 1-12 and day 1-31 (the day a recording was made).
bool is_iso_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

void write_jsonl(const Trace& trace, std::ostream& out) {
  OrderedJson header;
  header["type"] = "trace";
  header["format"] = kFormatName;
  header["version"] = kTraceFormatVersion;
  header["backend"] = trace.backend;
  header["profile"] = trace.profile;
  header["hosts"] = trace.hosts;
  header["warnings"] = OrderedJson::array();
  for (const Message& w : trace.warnings) header["warnings"].push_back(message_json(w));
  // Optional: only a kernel run has an isolation; readers default to "none".
  if (trace.isolation != Isolation::None) {
    header["isolation"] = to_string(trace.isolation);
    header["isolation_reason"] = trace.isolation_reason;
  }
  // Optional: a kernel run's release, and the day a recording was made; readers default to "".
  if (!trace.kernel_release.empty()) header["kernel_release"] = trace.kernel_release;
  if (!trace.recorded_on.empty()) header["recorded_on"] = trace.recorded_on;
  write_line(header, out);
  for (const TraceEvent& event : trace.events()) {
    visit([&](const auto& body) { write_line(to_json(event.at, body), out); }, event.body);
  }
}

std::string to_jsonl(const Trace& trace) {
  std::ostringstream out;
  write_jsonl(trace, out);
  return out.str();
}

Trace read_jsonl(std::istream& in, const std::string& source_name, const JsonlLimits& limits) {
  Trace trace;
  bool have_header = false;
  LineInput lines(in, limits.max_line_bytes);
  std::string_view text;
  JsonLine j;
  std::size_t line_no = 0;
  // Refuses an array or object deeper than the limit as soon as it opens (depth 0: the line).
  const Json::parser_callback_t depth_check = [&limits](int depth, Json::parse_event_t event,
                                                        Json&) {
    const bool opens =
        event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start;
    if (opens && depth >= limits.max_depth) throw TooDeep{};
    return true;
  };
  while (lines.next(text)) {
    ++line_no;
    if (text.size() > limits.max_line_bytes) {
      throw TraceFormatError(source_name, line_no,
                             "line longer than " + bytes_text(limits.max_line_bytes) +
                                 ", the limit for one line of a trace");
    }
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;

    // A flat line (every line write_jsonl makes) is read in one pass; the rest go through the
    // document parser, which also words what is wrong with them. A limit below the format's own
    // depth (2) leaves every line to the parser, which enforces it.
    try {
      if (limits.max_depth < 2 || !j.parse_flat(text)) {
        const Json document = Json::parse(text, depth_check);
        if (!document.is_object()) {
          throw TraceFormatError(source_name, line_no, "expected a JSON object");
        }
        j.read_document(document);
      }
    } catch (const TooDeep&) {
      throw TraceFormatError(source_name, line_no,
                             "JSON nested more than " + std::to_string(limits.max_depth) +
                                 " levels deep, the limit for a trace (its own lines nest 2)");
    } catch (const Json::parse_error& e) {
      // e.byte is the 1-based column; nlohmann's own message ends with the reason.
      std::string why = e.what();
      if (auto colon = why.rfind(": "); colon != std::string::npos) why = why.substr(colon + 2);
      throw TraceFormatError(source_name, line_no,
                             "invalid JSON at column " + std::to_string(e.byte) + ": " + why);
    } catch (const Json::exception& e) {  // e.g. a number too large for any integer or double
      std::string why = e.what();
      if (auto bracket = why.find("] "); bracket != std::string::npos)
        why = why.substr(bracket + 2);
      throw TraceFormatError(source_name, line_no, "invalid JSON: " + why);
    }
    const JsonValue* type_field = j.find("type");
    if (!type_field || !type_field->is_string()) {
      throw TraceFormatError(source_name, line_no, "missing field \"type\"");
    }
    const std::string type(type_field->text);

    if (!have_header) {
      LineReader r(source_name, line_no, j, "header");
      if (type != "trace") {
        r.fail("the first line must be the header {\"type\":\"trace\",...}, not a \"" + type +
               "\" event");
      }
      if (j.contains("format") && r.str("format") != kFormatName) {
        r.fail("field \"format\" is \"" + r.str("format") + "\", expected \"" +
               std::string(kFormatName) + "\"");
      }
      const int version = r.integer<int>("version");
      if (version < 1 || version > kTraceFormatVersion) {
        r.fail("format version " + std::to_string(version) +
               " is not supported (this build reads 1.." + std::to_string(kTraceFormatVersion) +
               ")");
      }
      trace.backend = r.str_or("backend", "");
      trace.profile = r.str_or("profile", "");
      trace.hosts = string_list(r, j, "hosts");
      if (trace.hosts.size() > limits.max_hosts) {
        r.fail(std::to_string(trace.hosts.size()) + " hosts, more than " +
               std::to_string(limits.max_hosts) + ", the limit for a trace");
      }
      // A warning may be an object (version 4), which the flat reader leaves out: the header,
      // one line per file, is read as a document for them.
      trace.warnings = read_warnings(r, Json::parse(text, depth_check));
      if (r.has("isolation")) {
        const std::string name = r.str("isolation");
        auto isolation = parse_isolation(name);
        if (!isolation) {
          r.fail("field \"isolation\" must be none, private-namespace or host-loopback, not \"" +
                 name + "\"");
        }
        trace.isolation = *isolation;
      }
      trace.isolation_reason = r.str_or("isolation_reason", "");
      trace.kernel_release = r.str_or("kernel_release", "");
      trace.recorded_on = r.str_or("recorded_on", "");
      if (!trace.recorded_on.empty() && !is_iso_date(trace.recorded_on)) {
        r.fail("field \"recorded_on\" must be a date YYYY-MM-DD, not \"" + trace.recorded_on +
               "\"");
      }
      have_header = true;
      continue;
    }

    LineReader r(source_name, line_no, j, type);
    if (type == "trace") r.fail("a second header line");
    if (trace.size() >= limits.max_events) {
      r.fail("more than " + std::to_string(limits.max_events) +
             " events, the limit for a trace file");
    }
    const Instant at = r.instant("t_ns");
    if (at < trace.end_time()) {
      r.fail("t_ns " + std::to_string(to_ns(at)) + " is earlier than the previous event's " +
             std::to_string(to_ns(trace.end_time())) + " (events must be in time order)");
    }
    if (type == "segment") {
      SegmentEvent e = segment_from(r);
      const std::uint64_t expected_id = trace.segment_count() + 1;
      if (r.has("id") && r.integer<std::uint64_t>("id") != expected_id) {
        r.fail("segment id " + std::to_string(r.integer<std::uint64_t>("id")) +
               " out of order (expected " + std::to_string(expected_id) + ")");
      }
      // Arrival defaults to the send time; it is never earlier.
      e.arrives_at = r.has("arrive_ns") ? r.instant("arrive_ns") : at;
      trace.add_segment(at, std::move(e));
    } else if (type == "state") {
      StateEvent e = state_from(r);
      if (e.segment_id > trace.segment_count()) {
        r.fail("field \"segment\" refers to segment " + std::to_string(e.segment_id) +
               ", which has not been seen yet");
      }
      trace.add(at, std::move(e));
    } else if (type == "timer") {
      trace.add(at, timer_from(r));
    } else if (type == "call") {
      trace.add(at, call_from(r, at));
    } else if (type == "note") {
      trace.add(at, note_from(r));
    } else {
      r.fail("unknown event type (expected segment, state, timer, call or note)");
    }
  }
  if (!have_header) throw TraceFormatError(source_name, line_no, "empty: no header line");
  return trace;
}

}  // namespace tcplab
