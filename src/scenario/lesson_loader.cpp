#include "scenario/lesson_loader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <toml++/toml.h>

#include "core/profile.h"
#include "core/segment.h"

namespace tcplab {
namespace {

constexpr std::int64_t kMaxPort = 65535;
constexpr const char* kSocketOptionList =
    "SO_REUSEADDR, SO_LINGER, TCP_NODELAY, TCP_QUICKACK, SO_KEEPALIVE, TCP_KEEPIDLE, "
    "TCP_KEEPINTVL, TCP_KEEPCNT, TCP_USER_TIMEOUT or TCP_CORK";
constexpr std::int64_t kMaxRepeat =
    1'000'000;  // a phase repeated more often is a typo, not a lesson

// Edit distance, to suggest the key a teacher probably meant ("stat" -> "state").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

// " (did you mean 'x'?)" when one of `known` is close to `word`.
std::string suggestion(std::string_view word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(word, k);
    if (d < best_distance) best_distance = d, best = k;
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date or time";
  }
}

// Everything the loader needs to report a position.
class Context {
 public:
  explicit Context(std::string file) : file_(std::move(file)) {}

  SourceLocation at(const toml::source_region& region) const {
    return {file_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
  }
  SourceLocation at(const toml::node& node) const { return at(node.source()); }
  [[noreturn]] void fail(const toml::source_region& region, const std::string& what) const {
    throw ScenarioError(at(region), what);
  }
  [[noreturn]] void fail(const toml::node& node, const std::string& what) const {
    fail(node.source(), what);
  }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

// Keys of the lesson's top level, named in the hint for a key that landed in the wrong table.
constexpr std::array<std::string_view, 18> kLessonKeys = {
    "id",        "title", "summary",    "profile",     "knobs",       "link",
    "hosts",     "programs", "faults",  "checks",      "narration",   "questions",
    "seed",      "time_limit", "event_limit", "kernel_note", "injections", "view"};

// A table read strictly: every key must be read by the loader, or it is reported as unknown.
class Fields {
 public:
  Fields(const Context& context, const toml::table& table, std::string what, bool is_root = false)
      : context_(context), table_(table), what_(std::move(what)), is_root_(is_root) {}

  const std::string& what() const { return what_; }
  const toml::table& table() const { return table_; }

  const toml::node* find(std::string_view key) {
    allowed_.insert(std::string(key));
    return table_.get(key);
  }
  // Declares a key as allowed here without reading it (read elsewhere).
  void allow(std::string_view key) { allowed_.insert(std::string(key)); }

  [[noreturn]] void missing(std::string_view key, const std::string& expected) const {
    // A misspelt key usually explains a missing one: report the typo, not its consequence.
    for (auto&& [k, value] : table_) {
      if (allowed_.contains(std::string(k.str()))) continue;
      for (const auto& known : allowed_) {
        if (edit_distance(k.str(), known) <= 2) reject_unknown_keys();
      }
    }
    context_.fail(table_, what_ + " has no '" + std::string(key) + "': expected " + expected);
  }

  std::optional<std::string> string(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return std::nullopt;
    if (!node->is_string()) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ + " must be a string, not " +
                               type_name(*node));
    }
    return node->as_string()->get();
  }
  std::string required_string(std::string_view key, const std::string& expected) {
    auto value = string(key);
    if (!value) missing(key, expected);
    if (value->empty())
      context_.fail(*find(key),
                    "'" + std::string(key) + "' of " + what_ + " is empty: expected " + expected);
    return *value;
  }
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
    const toml::node* node = find(key);
    if (!node) return std::nullopt;
    if (!node->is_integer()) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ + " must be an integer, not " +
                               type_name(*node));
    }
    const std::int64_t v = node->as_integer()->get();
    if (v < lo || v > hi) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ + " must be from " +
                               std::to_string(lo) + " to " + std::to_string(hi) + ", not " +
                               std::to_string(v));
    }
    return v;
  }
  std::optional<bool> boolean(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return std::nullopt;
    if (!node->is_boolean()) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ +
                               " must be true or false, not " + type_name(*node));
    }
    return node->as_boolean()->get();
  }
  std::optional<double> number(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return std::nullopt;
    if (node->is_integer()) return static_cast<double>(node->as_integer()->get());
    if (!node->is_floating_point()) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ + " must be a number, not " +
                               type_name(*node));
    }
    return node->as_floating_point()->get();
  }
  std::optional<Duration> duration(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return std::nullopt;
    const std::string expected =
        "a duration in quotes such as \"200ms\", \"1.5s\", \"60s\" or \"2min\"";
    if (!node->is_string()) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ + " must be " + expected +
                               ", not " + type_name(*node));
    }
    auto d = parse_duration(node->as_string()->get());
    if (!d) {
      context_.fail(*node, "cannot read '" + node->as_string()->get() + "' as a time: " + what_ +
                               "'s '" + std::string(key) + "' must be " + expected);
    }
    return d;
  }
  const toml::array* array(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return nullptr;
    if (!node->is_array()) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ +
                               " must be an array [ ... ], not " + type_name(*node));
    }
    return node->as_array();
  }
  const toml::table* subtable(std::string_view key) {
    const toml::node* node = find(key);
    if (!node) return nullptr;
    if (!node->is_table()) {
      context_.fail(*node, "'" + std::string(key) + "' of " + what_ + " must be a table, not " +
                               type_name(*node));
    }
    return node->as_table();
  }

  // Reports the first key the loader did not ask for: usually a typo.
  void reject_unknown_keys() const {
    std::vector<std::string> known(allowed_.begin(), allowed_.end());
    for (auto&& [key, value] : table_) {
      if (allowed_.contains(std::string(key.str()))) continue;
      // TOML puts every key after a [header] into that table: a common slip in a lesson file.
      const bool lesson_key = !is_root_ && std::find(kLessonKeys.begin(), kLessonKeys.end(),
                                                     key.str()) != kLessonKeys.end();
      context_.fail(key.source(), "unknown key '" + std::string(key.str()) + "' in " + what_ +
                                      suggestion(key.str(), known) +
                                      "; expected one of: " + join(known) +
                                      (lesson_key ? ". ('" + std::string(key.str()) +
                                                        "' belongs to the lesson itself: move it "
                                                        "above the first [table] header)"
                                                  : ""));
    }
  }

 private:
  const Context& context_;
  const toml::table& table_;
  std::string what_;
  bool is_root_;
  std::set<std::string> allowed_;
};

const toml::table& as_table(const Context& context, const toml::node& node,
                            const std::string& what) {
  if (!node.is_table()) {
    context.fail(node, what + " must be a table { ... }, not " + type_name(node));
  }
  return *node.as_table();
}

// en + zh, both required: every text a class sees exists in both languages.
Text read_text_fields(Fields& fields) {
  Text text;
  text.en = fields.required_string("en", "the English text");
  text.zh = fields.required_string("zh", "the Simplified Chinese (zh) translation");
  return text;
}

Text read_text(const Context& context, Fields& parent, std::string_view key) {
  const toml::table* table = parent.subtable(key);
  if (!table)
    parent.missing(key, "a table with 'en' and 'zh' texts, e.g. " + std::string(key) +
                            " = { en = \"...\", zh = \"...\" }");
  Fields fields(context, *table, "'" + std::string(key) + "'");
  Text text = read_text_fields(fields);
  fields.reject_unknown_keys();
  return text;
}

const std::map<std::string, CallKind, std::less<>>& call_kinds() {
  static const std::map<std::string, CallKind, std::less<>> kinds = {
      {"socket", CallKind::Socket},     {"setsockopt", CallKind::SetReuseAddr},
      {"bind", CallKind::Bind},         {"listen", CallKind::Listen},
      {"connect", CallKind::Connect},   {"accept", CallKind::Accept},
      {"send", CallKind::Send},         {"recv", CallKind::Recv},
      {"shutdown", CallKind::Shutdown}, {"close", CallKind::Close},
      {"exit", CallKind::Exit},
  };
  return kinds;
}

std::vector<std::string> keys_of(const auto& map) {
  std::vector<std::string> out;
  for (const auto& [k, v] : map) out.push_back(std::string(k));
  return out;
}

// A reference to a step label that can only be checked once every program is read.
struct LabelReference {
  std::string label;
  toml::source_region where;
  std::string what;
};

class LessonReader {
 public:
  LessonReader(const toml::table& root, std::string file)
      : context_(std::move(file)), root_(root) {}

  Scenario read() {
    Fields fields(context_, root_, "the lesson", true);
    scenario_.source_file = context_.file();
    read_identity(fields);
    read_profile(fields);
    read_hosts(fields);
    read_programs(fields);
    read_faults(fields);
    read_injections(fields);
    read_checks(fields);
    read_narration(fields);
    read_questions(fields);
    fields.reject_unknown_keys();
    for (const auto& ref : label_references_) check_label(ref);
    reject_waiting_cycles();
    return std::move(scenario_);
  }

 private:
  void read_identity(Fields& fields) {
    scenario_.id = fields.required_string("id", "the lesson's id, e.g. id = \"four-way-close\"");
    for (char c : scenario_.id) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        context_.fail(*fields.find("id"),
                      "id '" + scenario_.id + "' may hold only lower-case letters, digits and '-'");
      }
    }
    scenario_.title = read_text(context_, fields, "title");
    scenario_.summary = read_text(context_, fields, "summary");
    if (auto seed = fields.integer("seed", 0, std::numeric_limits<std::int64_t>::max())) {
      scenario_.seed = static_cast<std::uint64_t>(*seed);
    }
    if (auto limit = fields.duration("time_limit")) scenario_.time_limit = *limit;
    if (auto limit = fields.integer("event_limit", 1, 1'000'000'000)) {
      scenario_.event_limit = static_cast<std::uint64_t>(*limit);
    }
    if (auto note = fields.string("kernel_note")) scenario_.kernel_note = *note;
    read_view(fields);
  }

  void read_profile(Fields& fields) {
    Profile profile = linux_profile();
    if (auto name = fields.string("profile")) {
      auto named = profile_by_name(*name);
      if (!named) {
        context_.fail(*fields.find("profile"), "unknown profile '" + *name + "'" +
                                                   suggestion(*name, profile_names()) +
                                                   "; expected one of: " + join(profile_names()));
      }
      scenario_.profile = *name;
      profile = *named;
    }
    if (const toml::table* knobs = fields.subtable("knobs")) {
      for (auto&& [key, value] : *knobs) {
        std::string text;
        if (value.is_string())
          text = value.as_string()->get();
        else if (value.is_integer())
          text = std::to_string(value.as_integer()->get());
        else if (value.is_boolean())
          text = value.as_boolean()->get() ? "true" : "false";
        else
          context_.fail(value, "knob '" + std::string(key.str()) +
                                   "' must be a string, an integer or true/false, not " +
                                   type_name(value));
        if (auto error = set_knob(profile, key.str(), text)) {
          const bool unknown = error->rfind("unknown knob", 0) == 0;
          std::vector<std::string> names;
          for (const auto& k : knob_list()) names.push_back(k.name);
          context_.fail(unknown ? key.source() : value.source(),
                        unknown
                            ? "unknown knob '" + std::string(key.str()) + "'" +
                                  suggestion(key.str(), names) + "; expected one of: " + join(names)
                            : *error);
        }
        scenario_.knobs[std::string(key.str())] = text;
      }
    }
    if (const toml::table* link = fields.subtable("link")) {
      Fields link_fields(context_, *link, "[link]");
      if (auto latency = link_fields.duration("latency")) scenario_.link.latency = *latency;
      link_fields.reject_unknown_keys();
    }
  }

  // [view]: how the GUI draws the lesson; columns = "host" (default) or "connection".
  void read_view(Fields& fields) {
    const toml::table* view = fields.subtable("view");
    if (!view) return;
    Fields view_fields(context_, *view, "[view]");
    if (auto columns = view_fields.string("columns")) {
      if (*columns == "connection") {
        scenario_.columns = TimelineColumns::Connection;
      } else if (*columns != "host") {
        const std::vector<std::string> names = {"host", "connection"};
        context_.fail(*view_fields.find("columns"),
                      "unknown columns '" + *columns + "' in [view]" + suggestion(*columns, names) +
                          "; expected one of: " + join(names));
      }
    }
    view_fields.reject_unknown_keys();
  }

  void read_hosts(Fields& fields) {
    const toml::array* hosts = fields.array("hosts");
    if (!hosts) {
      scenario_.hosts = {{"client", *parse_ipv4("127.0.0.1")},
                         {"server", *parse_ipv4("127.0.0.2")}};
      return;
    }
    if (hosts->empty()) context_.fail(*hosts, "'hosts' is empty: a lesson needs at least one host");
    std::uint32_t index = 0;
    for (const toml::node& node : *hosts) {
      ++index;
      Fields host(context_, as_table(context_, node, "a host"), "a host");
      HostSpec spec;
      spec.name = host.required_string("name", "the host's name, e.g. name = \"client\"");
      for (char c : spec.name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
          context_.fail(*host.find("name"),
                        "host name '" + spec.name + "' may hold only letters, digits, '-' and '_'");
        }
      }
      if (scenario_.host(spec.name)) {
        context_.fail(*host.find("name"), "host '" + spec.name + "' is defined twice");
      }
      // 127.0.0.1, 127.0.0.2, ... in order, so the lesson runs on loopback unchanged.
      spec.address = Ipv4{0x7f000000u + index};
      if (auto address = host.string("address")) {
        auto ip = parse_ipv4(*address);
        if (!ip)
          context_.fail(*host.find("address"),
                        "cannot read '" + *address + "' as an IPv4 address such as 127.0.0.1");
        spec.address = *ip;
      }
      host.reject_unknown_keys();
      scenario_.hosts.push_back(spec);
    }
  }

  std::vector<std::string> host_names() const {
    std::vector<std::string> names;
    for (const auto& h : scenario_.hosts) names.push_back(h.name);
    return names;
  }

  std::string host_name(Fields& fields, std::string_view key, bool required) {
    auto name =
        required
            ? std::optional(fields.required_string(key, "a host name (" + join(host_names()) + ")"))
            : fields.string(key);
    if (!name) return "";
    if (!scenario_.host(*name)) {
      context_.fail(*fields.find(key), "unknown host '" + *name + "'" +
                                           suggestion(*name, host_names()) +
                                           "; the lesson's hosts are: " + join(host_names()));
    }
    return *name;
  }

  // "server:5555", "127.0.0.2:5555", "*:5555" (any address), "server:0" (an ephemeral port).
  SocketAddress address(Fields& fields, std::string_view key, const std::string& expected) {
    const std::string text = fields.required_string(key, expected);
    const toml::node& node = *fields.find(key);
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
      context_.fail(node, "cannot read '" + text + "' as an address: expected host:port, e.g. " +
                              "\"server:5555\" or \"127.0.0.2:5555\"");
    }
    const std::string host = text.substr(0, colon);
    const std::string port_text = text.substr(colon + 1);
    std::uint32_t port = 0;
    bool port_ok = !port_text.empty() && port_text.size() <= 5;
    for (char c : port_text) port_ok = port_ok && c >= '0' && c <= '9';
    if (port_ok) port = static_cast<std::uint32_t>(std::stoul(port_text));
    if (!port_ok || port > kMaxPort) {
      context_.fail(node,
                    "port '" + port_text + "' in '" + text + "' is not a number from 0 to 65535");
    }
    SocketAddress result;
    result.port = static_cast<std::uint16_t>(port);
    if (host == "*" || host == "0.0.0.0") {
      result.ip = Ipv4::any();
    } else if (const HostSpec* spec = scenario_.host(host)) {
      result.ip = spec->address;
    } else if (auto ip = parse_ipv4(host)) {
      result.ip = *ip;
    } else {
      context_.fail(node, "unknown host '" + host + "' in address '" + text + "'" +
                              suggestion(host, host_names()) + "; the lesson's hosts are: " +
                              join(host_names()) + " (or write an IPv4 address)");
    }
    return result;
  }

  // `what` names the thing timed in the error: "a step", "an injection".
  void read_trigger(Fields& fields, Trigger& when, std::string_view what = "a step") {
    when.at = fields.duration("at");
    if (auto after = fields.string("after")) {
      if (when.at)
        context_.fail(*fields.find("after"), std::string(what) +
                                                 " runs either 'at' a time or 'after' "
                                                 "a step, not both");
      when.after = *after;
      label_references_.push_back({*after, fields.find("after")->source(), "'after'"});
    }
    if (auto delay = fields.duration("delay")) when.delay = *delay;
  }

  // The variable a call works on; it must have been assigned earlier in the same program.
  std::string socket_variable(Fields& fields, const std::set<std::string>& defined,
                              const std::string& host) {
    const std::string name =
        fields.required_string("socket", "the socket variable the call uses, e.g. socket = \"s\"");
    if (!defined.contains(name)) {
      std::vector<std::string> known(defined.begin(), defined.end());
      context_.fail(*fields.find("socket"),
                    "socket '" + name + "' is used before any socket() or accept() of host '" +
                        host + "' creates it" + suggestion(name, known) +
                        (known.empty() ? "" : "; sockets created so far: " + join(known)));
    }
    return name;
  }

  Step read_step(const toml::node& node, const std::string& host, std::set<std::string>& defined) {
    Fields fields(context_, as_table(context_, node, "a step"), "a step of host '" + host + "'");
    Step step;
    step.where = context_.at(node);
    const std::string call =
        fields.required_string("call", "the socket call, one of: " + join(keys_of(call_kinds())));
    auto kind = call_kinds().find(call);
    if (kind == call_kinds().end()) {
      context_.fail(*fields.find("call"), "unknown call '" + call + "'" +
                                              suggestion(call, keys_of(call_kinds())) +
                                              "; expected one of: " + join(keys_of(call_kinds())));
    }
    CallSpec& spec = step.call;
    spec.kind = kind->second;
    if (auto label = fields.string("label")) {
      if (label->empty()) context_.fail(*fields.find("label"), "a step's label must not be empty");
      auto [first, fresh] = label_lines_.emplace(*label, step.where.line);
      if (!fresh) {
        context_.fail(*fields.find("label"), "step label '" + *label +
                                                 "' is already used by the step "
                                                 "at line " +
                                                 std::to_string(first->second) +
                                                 "; labels must be unique");
      }
      step.label = *label;
    }
    read_trigger(fields, step.when);
    auto assign = [&](std::string_view key) {
      spec.result_var = fields.required_string(
          key, "the variable that receives the new socket, e.g. as = \"conn\"");
      defined.insert(spec.result_var);
    };
    switch (spec.kind) {
      case CallKind::Socket:
        assign("as");
        spec.nonblocking = fields.boolean("nonblocking").value_or(false);
        break;
      case CallKind::SetReuseAddr:
      case CallKind::SetLinger:
      case CallKind::SetNoDelay:
      case CallKind::SetQuickAck:
      case CallKind::SetOption: {
        spec.socket = socket_variable(fields, defined, host);
        const std::string option = fields.required_string("option", kSocketOptionList);
        if (option == "SO_REUSEADDR") {
          spec.kind = CallKind::SetReuseAddr;
          spec.flag = fields.boolean("value").value_or(true);
        } else if (option == "SO_LINGER") {
          spec.kind = CallKind::SetLinger;
          spec.flag = fields.boolean("on").value_or(true);
          spec.linger_seconds = static_cast<int>(fields.integer("linger", 0, 3600).value_or(0));
        } else if (option == "TCP_NODELAY") {
          spec.kind = CallKind::SetNoDelay;
          spec.flag = fields.boolean("value").value_or(true);
        } else if (option == "TCP_QUICKACK") {
          spec.kind = CallKind::SetQuickAck;
          spec.flag = fields.boolean("value").value_or(true);
        } else if (const auto other = socket_option_named(option)) {
          spec.kind = CallKind::SetOption;
          spec.option = *other;
          if (socket_option_is_flag(*other)) {
            spec.option_value = fields.boolean("value").value_or(true) ? 1 : 0;
          } else {
            // Any int setsockopt() takes: a value Linux refuses fails with EINVAL on both
            // backends, as a program's would.
            const auto value = fields.integer("value", std::numeric_limits<std::int32_t>::min(),
                                              std::numeric_limits<std::int32_t>::max());
            if (!value) {
              context_.fail(*fields.find("option"),
                            option + " needs its value, e.g. value = " +
                                (*other == SocketOption::UserTimeout ? "3000 (milliseconds)"
                                                                     : "1") );
            }
            spec.option_value = *value;
          }
        } else {
          std::vector<std::string> known = {"SO_REUSEADDR", "SO_LINGER", "TCP_NODELAY",
                                            "TCP_QUICKACK"};
          for (const SocketOption o : kEverySocketOption)
            known.emplace_back(socket_option_name(o));
          context_.fail(*fields.find("option"), "unknown socket option '" + option + "'" +
                                                    suggestion(option, known) + "; expected " +
                                                    kSocketOptionList);
        }
        break;
      }
      case CallKind::Bind:
        spec.socket = socket_variable(fields, defined, host);
        spec.address =
            address(fields, "address", "the local address, e.g. address = \"server:5555\"");
        break;
      case CallKind::Listen:
        spec.socket = socket_variable(fields, defined, host);
        spec.backlog = static_cast<int>(fields.integer("backlog", 0, 65535).value_or(128));
        break;
      case CallKind::Connect:
        spec.socket = socket_variable(fields, defined, host);
        spec.address = address(fields, "to", "where to connect, e.g. to = \"server:5555\"");
        break;
      case CallKind::Accept:
        spec.socket = socket_variable(fields, defined, host);
        assign("as");
        break;
      case CallKind::Send:
        spec.socket = socket_variable(fields, defined, host);
        spec.data = fields.required_string("data", "the bytes to send, e.g. data = \"hello\"");
        break;
      case CallKind::Recv:
        spec.socket = socket_variable(fields, defined, host);
        spec.max_bytes =
            static_cast<std::uint32_t>(fields.integer("max", 1, 1 << 30).value_or(65536));
        break;
      case CallKind::Shutdown: {
        spec.socket = socket_variable(fields, defined, host);
        const std::string how = fields.string("how").value_or("SHUT_WR");
        if (how == "SHUT_WR")
          spec.how = ShutdownHow::Write;
        else if (how == "SHUT_RD")
          spec.how = ShutdownHow::Read;
        else if (how == "SHUT_RDWR")
          spec.how = ShutdownHow::Both;
        else
          context_.fail(*fields.find("how"), "unknown shutdown direction '" + how +
                                                 "'; expected SHUT_WR, SHUT_RD or SHUT_RDWR");
        break;
      }
      case CallKind::Close:
        spec.socket = socket_variable(fields, defined, host);
        break;
      case CallKind::Exit:
        break;
    }
    fields.reject_unknown_keys();
    return step;  // steps without a label get one once every explicit label is known
  }

  // Steps without a label are called "client.connect", then "client.connect.2" ..., skipping
  // any label the lesson gives explicitly.
  void assign_default_labels() {
    for (auto& program : scenario_.programs)
      for (auto& phase : program.phases)
        for (auto& step : phase.steps)
          if (step.label.empty())
            step.label = auto_label(program.host, std::string(call_name(step.call.kind)));
  }

  std::string auto_label(const std::string& host, const std::string& call) {
    const std::string base = host + "." + call;
    while (true) {
      const int n = ++auto_label_counts_[base];
      std::string label = n == 1 ? base : base + "." + std::to_string(n);
      if (!label_lines_.contains(label)) return label;
    }
  }

  std::vector<Step> read_steps(const toml::array& steps, const std::string& host,
                               std::set<std::string>& defined) {
    std::vector<Step> out;
    for (const toml::node& node : steps) out.push_back(read_step(node, host, defined));
    return out;
  }

  void read_programs(Fields& fields) {
    const toml::array* programs = fields.array("programs");
    if (!programs || programs->empty()) {
      fields.missing("programs", "at least one [[programs]] with a host and its steps");
    }
    for (const toml::node& node : *programs) {
      Fields program_fields(context_, as_table(context_, node, "a program"), "a program");
      Program program;
      program.host = host_name(program_fields, "host", true);
      for (const auto& other : scenario_.programs) {
        if (other.host == program.host) {
          context_.fail(*program_fields.find("host"), "host '" + program.host +
                                                          "' already has a program; put all its "
                                                          "steps in one [[programs]]");
        }
      }
      std::set<std::string> defined;
      const toml::array* steps = program_fields.array("steps");
      const toml::array* phases = program_fields.array("phases");
      if (steps && phases) {
        context_.fail(*phases, "a program has either 'steps' or 'phases', not both");
      }
      if (steps) {
        program.phases.push_back({read_steps(*steps, program.host, defined), 1, Duration{0}});
      } else if (phases) {
        for (const toml::node& phase_node : *phases) {
          Fields phase_fields(context_, as_table(context_, phase_node, "a phase"), "a phase");
          Phase phase;
          phase.repeat =
              static_cast<int>(phase_fields.integer("repeat", 1, kMaxRepeat).value_or(1));
          if (auto pause = phase_fields.duration("pause")) phase.pause = *pause;
          const toml::array* phase_steps = phase_fields.array("steps");
          if (!phase_steps) phase_fields.missing("steps", "the phase's steps, steps = [ ... ]");
          phase.steps = read_steps(*phase_steps, program.host, defined);
          phase_fields.reject_unknown_keys();
          program.phases.push_back(std::move(phase));
        }
      } else {
        program_fields.missing("steps", "the host's socket calls, steps = [ { call = ... }, ... ]");
      }
      program_fields.reject_unknown_keys();
      scenario_.programs.push_back(std::move(program));
    }
    assign_default_labels();
  }

  // The nth/count/from/to/flags/rel_seq/segment keys shared by faults and segment checks.
  SegmentMatcher read_match(Fields& fields, bool for_fault) {
    SegmentMatcher match;
    match.from = host_name(fields, "from", false);
    match.to = host_name(fields, "to", false);
    if (auto flags = fields.string("flags")) {
      match.flags = parse_tcpdump_flags(*flags);
      if (!match.flags) {
        context_.fail(*fields.find("flags"), "cannot read '" + *flags +
                                                 "' as tcpdump flags: expected e.g. \"S\", \"S.\", "
                                                 "\".\", \"F.\", \"R\", \"R.\", \"P.\", \"FP.\"");
      }
    }
    if (auto rel_seq = fields.integer("rel_seq", 0, 0xffffffffLL)) {
      match.rel_seq = static_cast<std::uint32_t>(*rel_seq);
    }
    if (for_fault) {
      if (auto id = fields.integer("segment", 1, std::numeric_limits<std::int64_t>::max())) {
        match.segment_id = static_cast<std::uint64_t>(*id);
      }
      match.nth = static_cast<int>(fields.integer("nth", 1, kMaxRepeat).value_or(1));
      match.count = static_cast<int>(fields.integer("count", -1, kMaxRepeat).value_or(1));
      if (match.count == 0)
        context_.fail(*fields.find("count"), "a fault's 'count' is -1 (all) or at least 1");
    }
    return match;
  }

  void read_faults(Fields& fields) {
    const toml::array* faults = fields.array("faults");
    if (!faults) return;
    std::vector<std::string> kinds;
    for (std::string_view name : fault_action_names()) kinds.emplace_back(name);
    for (const toml::node& node : *faults) {
      Fields fault_fields(context_, as_table(context_, node, "a fault"), "a fault");
      FaultSpec fault;
      fault.where = context_.at(node);
      const std::string kind = fault_fields.required_string("kind", "one of: " + join(kinds));
      const auto action = parse_fault_action(kind);
      if (!action) {
        context_.fail(*fault_fields.find("kind"), "unknown fault '" + kind + "'" +
                                                      suggestion(kind, kinds) +
                                                      "; expected one of: " + join(kinds));
      }
      fault.action = *action;
      fault.match = read_match(fault_fields, true);
      if (fault.action == FaultAction::Duplicate) {
        // How much later than the original the copy arrives (0: together, as a NIC's duplicate).
        if (auto delay = fault_fields.duration("delay")) fault.delay = *delay;
      }
      if (fault.action == FaultAction::Delay || fault.action == FaultAction::Reorder) {
        auto delay = fault_fields.duration("delay");
        if (!delay)
          fault_fields.missing("delay",
                               "how long the segment is held back, e.g. delay = \"300ms\"");
        fault.delay = *delay;
      }
      if (fault.action == FaultAction::RandomLoss) {
        auto p = fault_fields.number("probability");
        if (!p) fault_fields.missing("probability", "the chance of losing each segment, e.g. 0.1");
        if (!(*p >= 0.0 && *p <= 1.0)) {
          context_.fail(*fault_fields.find("probability"), "'probability' must be from 0 to 1");
        }
        fault.probability = *p;
      }
      // Optional; when given, in both languages like every text a class sees.
      if (fault_fields.find("description")) {
        fault.description = read_text(context_, fault_fields, "description");
      }
      fault_fields.reject_unknown_keys();
      scenario_.faults.push_back(std::move(fault));
    }
  }

  // "server:5555" or "server" (port: the latest connection's): an injection's end, a host's name.
  std::pair<std::string, std::optional<std::uint16_t>> injection_end(Fields& fields,
                                                                     std::string_view key) {
    const std::string text = fields.required_string(
        key, "a host, or host:port, e.g. \"server:5555\" or \"client\"");
    const toml::node& node = *fields.find(key);
    const auto colon = text.rfind(':');
    const std::string host = text.substr(0, colon);
    if (!scenario_.host(host)) {
      context_.fail(node, "unknown host '" + host + "' in '" + text + "'" +
                              suggestion(host, host_names()) + "; the lesson's hosts are: " +
                              join(host_names()));
    }
    if (colon == std::string::npos) return {host, std::nullopt};
    const std::string port_text = text.substr(colon + 1);
    bool port_ok = !port_text.empty() && port_text.size() <= 5;
    for (char c : port_text) port_ok = port_ok && c >= '0' && c <= '9';
    const unsigned long port = port_ok ? std::stoul(port_text) : 0;
    if (!port_ok || port == 0 || port > kMaxPort) {
      context_.fail(node,
                    "port '" + port_text + "' in '" + text + "' is not a number from 1 to 65535");
    }
    return {host, static_cast<std::uint16_t>(port)};
  }

  // [[injections]]: segments the lesson writes onto the wire itself (an RST with a chosen
  // sequence number, an old duplicate), on both backends (scenario/injection.h).
  void read_injections(Fields& fields) {
    const toml::array* injections = fields.array("injections");
    if (!injections) return;
    for (const toml::node& node : *injections) {
      Fields f(context_, as_table(context_, node, "an injection"), "an injection");
      // Every key is known from the start: a missing one is reported as missing, not as a typo.
      for (const char* key : {"at", "after", "delay", "from", "to", "flags", "seq", "ack",
                              "absolute", "payload", "window", "description"})
        f.allow(key);
      InjectionSpec spec;
      spec.where = context_.at(node);
      // The steps' rule (step_schedule.h), with no previous call: `at`, or `delay` after `after`.
      read_trigger(f, spec.when, "an injection");
      if (!spec.when.at && spec.when.after.empty()) {
        if (f.find("delay")) {
          context_.fail(*f.find("delay"),
                        "an injection's 'delay' counts from a step: add after = \"<label>\"");
        }
        f.missing("at", "when the segment is written onto the wire, e.g. at = \"2s\", or "
                        "after = \"<step label>\" (with delay = \"10ms\" if it waits)");
      }
      std::tie(spec.from, spec.from_port) = injection_end(f, "from");
      std::tie(spec.to, spec.to_port) = injection_end(f, "to");
      if (spec.from == spec.to) {
        context_.fail(*f.find("to"), "an injection goes from one host to another: 'from' and 'to' "
                                     "are both '" + spec.from + "'");
      }
      const std::string flags = f.required_string("flags", "tcpdump flags, e.g. \"R\" or \"P.\"");
      const auto parsed = parse_tcpdump_flags(flags);
      if (!parsed) {
        context_.fail(*f.find("flags"), "cannot read '" + flags +
                                            "' as tcpdump flags: expected e.g. \"S\", \"S.\", "
                                            "\".\", \"F.\", \"R\", \"R.\", \"P.\", \"FP.\"");
      }
      spec.flags = *parsed;
      const auto seq = f.integer("seq", 0, 0xffffffffLL);
      if (!seq) f.missing("seq", "the sequence number, e.g. seq = 1 (relative to the sender's ISN)");
      spec.seq = static_cast<std::uint32_t>(*seq);
      spec.ack = static_cast<std::uint32_t>(f.integer("ack", 0, 0xffffffffLL).value_or(0));
      spec.absolute = f.boolean("absolute").value_or(false);
      if (spec.absolute && (!spec.from_port || !spec.to_port)) {
        context_.fail(*f.find("absolute"),
                      "absolute = true writes the four-tuple as given: 'from' and 'to' both need "
                      "a port (host:port)");
      }
      spec.payload = f.string("payload").value_or("");
      spec.window = static_cast<std::uint16_t>(f.integer("window", 0, 65535).value_or(65535));
      if (f.find("description")) spec.description = read_text(context_, f, "description");
      f.reject_unknown_keys();
      scenario_.injections.push_back(std::move(spec));
    }
  }

  CheckPoint read_point(Fields& fields) {
    CheckPoint point;
    point.at = fields.duration("at");
    if (auto after = fields.string("after")) {
      point.after = *after;
      label_references_.push_back({*after, fields.find("after")->source(), "'after'"});
    }
    if (auto delay = fields.duration("delay")) {
      if (point.after.empty()) {
        context_.fail(*fields.find("delay"), "'delay' counts from a step: add after = \"<label>\"");
      }
      point.delay = *delay;
    }
    point.end = fields.boolean("end").value_or(false);
    const int given = (point.at ? 1 : 0) + (point.after.empty() ? 0 : 1) + (point.end ? 1 : 0);
    if (given > 1) {
      context_.fail(fields.table(), fields.what() +
                                        " names more than one point in time; use one of "
                                        "'at', 'after' (with 'delay') or end = true");
    }
    if (given == 0) point.end = true;
    return point;
  }

  std::optional<TcpState> read_state(Fields& fields, bool allow_gone) {
    const std::string expected = std::string("a TCP state such as \"TIME-WAIT\" or \"TIME_WAIT\"") +
                                 (allow_gone ? ", or \"gone\"" : "");
    const std::string text = fields.required_string("state", expected);
    if (allow_gone && text == "gone") return std::nullopt;
    auto state = parse_tcp_state(text);
    if (!state)
      context_.fail(*fields.find("state"), "unknown state '" + text + "': expected " + expected);
    return state;
  }

  const std::set<std::string>& variables_of(const std::string& host) {
    auto& vars = variables_[host];
    if (vars.empty()) {
      for (const auto& program : scenario_.programs) {
        if (program.host != host) continue;
        for (const auto& phase : program.phases)
          for (const auto& step : phase.steps)
            if (!step.call.result_var.empty()) vars.insert(step.call.result_var);
      }
    }
    return vars;
  }

  void read_checks(Fields& fields) {
    const toml::array* checks = fields.array("checks");
    if (!checks || checks->empty()) {
      fields.missing("checks", "at least one [[checks]]: a lesson checks itself");
    }
    static const std::map<std::string, CheckKind, std::less<>> kinds = {
        {"state", CheckKind::State},
        {"call", CheckKind::CallResult},
        {"segment_count", CheckKind::SegmentCount},
        {"flag_sequence", CheckKind::FlagSequence},
        {"never_in_state", CheckKind::NoState},
        {"state_count", CheckKind::StateCount},
        {"was_in_state", CheckKind::WasInState},
        {"isn", CheckKind::Isn}};
    for (const toml::node& node : *checks) {
      Fields check_fields(context_, as_table(context_, node, "a check"), "a check");
      CheckSpec check;
      check.where = context_.at(node);
      const std::string kind =
          check_fields.required_string("kind", "one of: " + join(keys_of(kinds)));
      auto it = kinds.find(kind);
      if (it == kinds.end()) {
        context_.fail(*check_fields.find("kind"), "unknown check '" + kind + "'" +
                                                      suggestion(kind, keys_of(kinds)) +
                                                      "; expected one of: " + join(keys_of(kinds)));
      }
      check.kind = it->second;
      check.when = read_point(check_fields);
      check.description = read_text_fields(check_fields);
      switch (check.kind) {
        case CheckKind::State:
          check.host = host_name(check_fields, "host", true);
          check.socket = check_socket(check_fields, check.host, true);
          check.state = read_state(check_fields, true);
          break;
        case CheckKind::NoState:
        case CheckKind::WasInState:
          check.host = host_name(check_fields, "host", true);
          check.socket = check_socket(check_fields, check.host, false);
          check.state = read_state(check_fields, false);
          break;
        case CheckKind::StateCount:
          check.host = host_name(check_fields, "host", true);
          check.state = read_state(check_fields, false);
          check.count = static_cast<int>(*required_integer(check_fields, "count"));
          break;
        case CheckKind::CallResult:
          read_call_check(check_fields, check);
          break;
        case CheckKind::SegmentCount:
          check.match = read_match(check_fields, false);
          check.dropped = check_fields.boolean("dropped");
          read_segment_count(check_fields, check);
          break;
        case CheckKind::FlagSequence:
          check.match = read_match(check_fields, false);
          check.dropped = check_fields.boolean("dropped");
          read_flag_sequences(check_fields, check);
          break;
        case CheckKind::Isn:
          check.host = host_name(check_fields, "host", true);
          check.socket = check_socket(check_fields, check.host, true);
          if (auto plus = check_fields.integer("plus", 1, 0x7fffffff))
            check.isn_plus = static_cast<std::uint32_t>(*plus);
          break;
      }
      check_fields.reject_unknown_keys();
      scenario_.checks.push_back(std::move(check));
    }
  }

  // `count = N` (exactly) or `at_least = N`, not both.
  void read_segment_count(Fields& fields, CheckSpec& check) {
    const auto exactly = fields.integer("count", 0, 10'000'000);
    const auto at_least = fields.integer("at_least", 0, 10'000'000);
    if (exactly && at_least) {
      context_.fail(*fields.find("at_least"),
                    "a segment_count check has 'count' (exactly) or 'at_least', not both");
    }
    if (!exactly && !at_least)
      fields.missing("count", "a whole number, e.g. count = 4 (or at_least = 4)");
    if (exactly) check.count = static_cast<int>(*exactly);
    if (at_least) check.at_least = static_cast<int>(*at_least);
  }

  // One list of flags, or several the run may have taken one of.
  std::vector<std::string> read_flags(const toml::array& list, std::string_view key) {
    std::vector<std::string> flags;
    for (const toml::node& flag : list) {
      if (!flag.is_string() || !parse_tcpdump_flags(flag.as_string()->get())) {
        context_.fail(flag, "each entry of '" + std::string(key) +
                                "' must be tcpdump flags in quotes such as \"F.\" or \".\"");
      }
      flags.push_back(flag.as_string()->get());
    }
    return flags;
  }

  void read_flag_sequences(Fields& fields, CheckSpec& check) {
    const toml::array* sequence = fields.array("sequence");
    const toml::array* one_of = fields.array("one_of");
    if (sequence && one_of) {
      context_.fail(
          *fields.find("one_of"),
          "a flag_sequence check has 'sequence' or 'one_of' (several sequences), not both");
    }
    if (sequence) check.sequences.push_back(read_flags(*sequence, "sequence"));
    if (one_of) {
      for (const toml::node& node : *one_of) {
        if (!node.is_array()) {
          context_.fail(node,
                        "each entry of 'one_of' is a sequence in brackets, e.g. "
                        "one_of = [[\"F.\", \".\"], [\"F.\", \"F.\", \".\"]]");
        }
        check.sequences.push_back(read_flags(*node.as_array(), "one_of"));
      }
      if (check.sequences.empty())
        context_.fail(*fields.find("one_of"), "'one_of' needs at least one sequence");
    }
    if (!sequence && !one_of)
      fields.missing("sequence", "the flags in order, e.g. sequence = [\"F.\", \".\"]");
  }

  std::optional<std::int64_t> required_integer(Fields& fields, std::string_view key) {
    auto value = fields.integer(key, 0, 10'000'000);
    if (!value) fields.missing(key, "a whole number, e.g. " + std::string(key) + " = 4");
    return value;
  }

  std::string check_socket(Fields& fields, const std::string& host, bool required) {
    auto name = required ? std::optional(fields.required_string(
                               "socket", "the socket variable, e.g. socket = \"s\""))
                         : fields.string("socket");
    if (!name) return "";
    const auto& vars = variables_of(host);
    if (!vars.contains(*name)) {
      std::vector<std::string> known(vars.begin(), vars.end());
      context_.fail(*fields.find("socket"), "host '" + host + "' has no socket '" + *name + "'" +
                                                suggestion(*name, known) +
                                                "; its sockets are: " + join(known));
    }
    return *name;
  }

  void read_call_check(Fields& fields, CheckSpec& check) {
    check.step = fields.required_string("step", "the label of the step whose result is checked");
    label_references_.push_back({check.step, fields.find("step")->source(), "'step'"});
    check.result = fields.integer("result", -1, std::numeric_limits<std::int64_t>::max());
    auto parse = [&](const toml::node& node, const std::string& text) -> Errno {
      if (text == "none" || text == "ok") return Errno::None;
      auto e = parse_errno(text);
      if (!e || *e == Errno::None) {
        context_.fail(node, "unknown errno '" + text +
                                "': expected a name such as EADDRINUSE, "
                                "ECONNRESET, ECONNREFUSED, EADDRNOTAVAIL, or \"none\"");
      }
      return *e;
    };
    if (auto error = fields.string("errno")) check.error = parse(*fields.find("errno"), *error);
    if (const toml::array* outcomes = fields.array("outcomes")) {
      for (const toml::node& node : *outcomes) {
        if (!node.is_string())
          context_.fail(node, "each outcome is \"ok\" or an errno name in quotes");
        const std::string text = node.as_string()->get();
        const Errno e = parse(node, text);
        check.outcomes.push_back(e == Errno::None ? "ok" : std::string(errno_name(e)));
      }
    }
    check.blocked_at_least = fields.duration("blocked_at_least");
    check.blocked_at_most = fields.duration("blocked_at_most");
    if (check.blocked_at_least && check.blocked_at_most &&
        *check.blocked_at_least > *check.blocked_at_most) {
      context_.fail(*fields.find("blocked_at_most"),
                    "'blocked_at_most' is shorter than 'blocked_at_least'");
    }
    const bool timed = check.blocked_at_least || check.blocked_at_most;
    if (!check.result && !check.error && check.outcomes.empty() && !timed) {
      fields.missing("errno",
                     "what the call returned: errno = \"EADDRINUSE\", result = 0, "
                     "outcomes = [\"ok\", \"EADDRNOTAVAIL\"] for a repeated step, or how long "
                     "it blocked: blocked_at_least = \"2s\"");
    }
  }

  void read_narration(Fields& fields) {
    const toml::array* narration = fields.array("narration");
    if (!narration) return;
    for (const toml::node& node : *narration) {
      Fields narration_fields(context_, as_table(context_, node, "a narration entry"),
                              "a narration entry");
      NarrationStep step;
      step.where = context_.at(node);
      if (auto segment =
              narration_fields.integer("segment", 1, std::numeric_limits<std::int64_t>::max())) {
        step.segment_id = static_cast<std::uint64_t>(*segment);
      }
      step.when = read_point(narration_fields);
      if (step.segment_id && !(step.when.end && !step.when.at && step.when.after.empty())) {
        context_.fail(*narration_fields.find("segment"),
                      "a narration entry is shown at a 'segment', "
                      "a step ('after') or a time ('at'), not two");
      }
      if (step.segment_id) step.when.end = false;
      step.text = read_text_fields(narration_fields);
      narration_fields.reject_unknown_keys();
      scenario_.narration.push_back(std::move(step));
    }
  }

  // [[questions]]: the teacher's own predict-mode questions, asked before a step or a segment.
  void read_questions(Fields& fields) {
    const toml::array* questions = fields.array("questions");
    if (!questions) return;
    for (const toml::node& node : *questions) {
      Fields q_fields(context_, as_table(context_, node, "a question"), "a question");
      LessonQuestion q;
      q.where = context_.at(node);
      if (auto before = q_fields.string("before")) {
        q.before = *before;
        label_references_.push_back({*before, q_fields.find("before")->source(), "'before'"});
      }
      if (auto segment =
              q_fields.integer("segment", 1, std::numeric_limits<std::int64_t>::max())) {
        q.segment_id = static_cast<std::uint64_t>(*segment);
      }
      if (q.before.empty() == !q.segment_id) {
        if (!q.segment_id) {
          q_fields.missing("before",
                           "the step it is asked before, before = \"client.close\", or the "
                           "segment, segment = 5");
        }
        context_.fail(*q_fields.find("segment"),
                      "a question is asked 'before' a step or before a 'segment', not both");
      }
      q.text = read_text(context_, q_fields, "question");
      const toml::array* choices = q_fields.array("choices");
      if (!choices)
        q_fields.missing("choices",
                         "2 to 4 choices, each { en = \"...\", zh = \"...\" }");
      if (choices->size() < 2 || choices->size() > 4) {
        context_.fail(*q_fields.find("choices"),
                      "a question has 2 to 4 choices, not " + std::to_string(choices->size()));
      }
      for (const toml::node& choice : *choices) {
        Fields choice_fields(context_, as_table(context_, choice, "a choice"), "a choice");
        q.choices.push_back(read_text_fields(choice_fields));
        choice_fields.reject_unknown_keys();
      }
      const std::string answer = q_fields.required_string(
          "answer", "the letter of the right choice, answer = \"B\"");
      const std::string letters = std::string("ABCD").substr(0, q.choices.size());
      if (answer.size() != 1 || letters.find(answer[0]) == std::string::npos) {
        context_.fail(*q_fields.find("answer"), "'answer' is one of the letters " + letters +
                                                    " (one per choice), not '" + answer + "'");
      }
      q.answer = letters.find(answer[0]);
      if (q_fields.find("why")) q.why = read_text(context_, q_fields, "why");
      q_fields.reject_unknown_keys();
      scenario_.questions.push_back(std::move(q));
    }
  }

  void check_label(const LabelReference& ref) const {
    if (scenario_.step(ref.label)) return;
    std::vector<std::string> labels;
    for (const auto& program : scenario_.programs)
      for (const auto& phase : program.phases)
        for (const auto& step : phase.steps) labels.push_back(step.label);
    context_.fail(ref.where, ref.what + " names step '" + ref.label + "', which does not exist" +
                                 suggestion(ref.label, labels) + "; steps are: " + join(labels));
  }

  // A step waits for the step before it in its program and for its 'after' step; a cycle among
  // those waits would never start, so it is a mistake in the lesson.
  void reject_waiting_cycles() const {
    std::map<std::string, std::vector<const Step*>> waits_for;
    for (const auto& program : scenario_.programs) {
      const Step* previous = nullptr;
      for (const auto& phase : program.phases) {
        for (const auto& step : phase.steps) {
          auto& edges = waits_for[step.label];
          if (previous) edges.push_back(previous);
          if (!step.when.after.empty()) edges.push_back(scenario_.step(step.when.after));
          previous = &step;
        }
      }
    }
    enum class Mark { Unseen, Active, Done };
    std::map<std::string, Mark> marks;
    std::function<void(const Step&)> visit = [&](const Step& step) {
      marks[step.label] = Mark::Active;
      for (const Step* next : waits_for[step.label]) {
        if (marks[next->label] == Mark::Active) {
          throw ScenarioError(next->where,
                              "step '" + next->label +
                                  "' can never run: it waits "
                                  "(through 'after' and program order) for a step that "
                                  "waits for it");
        }
        if (marks[next->label] == Mark::Unseen) visit(*next);
      }
      marks[step.label] = Mark::Done;
    };
    for (const auto& program : scenario_.programs)
      for (const auto& phase : program.phases)
        for (const auto& step : phase.steps)
          if (marks[step.label] == Mark::Unseen) visit(step);
  }

  Context context_;
  const toml::table& root_;
  Scenario scenario_;
  std::vector<LabelReference> label_references_;
  std::map<std::string, int> label_lines_;  // label -> line of the step that has it
  std::map<std::string, int> auto_label_counts_;
  std::map<std::string, std::set<std::string>> variables_;
};

// Where byte `offset` of `text` is, as line and column (columns count characters).
SourceLocation location_at(std::string_view text, std::size_t offset, const std::string& file) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++where.column;
    }
  }
  return where;
}

// toml++ 3.3 also asks "is this whitespace?" about the character after a backslash in a basic
// string, and (in a multi-line one) about the first character after a line-ending backslash;
// for some non-ASCII characters that question is undefined behaviour (found by fuzzing).
void reject_non_ascii_after_backslash(std::string_view text, std::size_t backslash, bool multi_line,
                                      const std::string& file) {
  const auto non_ascii = [&](std::size_t i) {
    return i < text.size() && static_cast<unsigned char>(text[i]) >= 0x80;
  };
  std::size_t i = backslash + 1;
  if (multi_line) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  }
  if (non_ascii(i)) {
    throw ScenarioError(location_at(text, backslash, file),
                        "a backslash in a string must start an escape such as \\n or \\\\ "
                        "(write \\\\ for a backslash)");
  }
  if (!multi_line || i >= text.size() || (text[i] != '\n' && text[i] != '\r')) return;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
    ++i;
  }
  if (non_ascii(i)) {
    throw ScenarioError(
        location_at(text, i, file),
        "the line after a line-ending backslash must not start with a non-ASCII "
        "character (the TOML reader cannot skip to it safely): drop the backslash or "
        "start the line with ASCII text");
  }
}

// Non-ASCII characters are only valid inside TOML strings and comments. toml++ 3.3 reaches
// TOML_UNREACHABLE (undefined behaviour) when it meets some of them elsewhere (found by
// fuzzing: e.g. U+3002 "。" right after "="), so such input is rejected here first, with the
// position and a hint about full-width punctuation.
void reject_stray_non_ascii(std::string_view text, const std::string& file) {
  enum class In { Code, Comment, Basic, Literal, MultiBasic, MultiLiteral };
  In in = In::Code;
  int line = 1;
  int column = 1;
  // A string starts only where TOML allows one: a key (line start, after '.', '{' or ',') or a
  // value (after '=', '[' or ','). Spaces and tabs in between do not count.
  char previous = '\n';
  const auto string_may_start = [](char before) {
    return before == '\n' || before == '=' || before == '[' || before == ',' || before == '{' ||
           before == '.';
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto ahead = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
    if (c == '\n') {
      ++line;
      column = 1;
      if (in == In::Comment || in == In::Basic || in == In::Literal) in = In::Code;
      if (in == In::Code) previous = '\n';
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) != 0x80) ++column;  // columns count characters, not UTF-8 bytes
    switch (in) {
      case In::Code:
        if (byte >= 0x80) {
          std::size_t length = 1;
          while (i + length < text.size() &&
                 (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80) {
            ++length;
          }
          const bool lead = (byte & 0xC0) == 0xC0;  // a stray continuation byte is no character
          char hex[8];
          std::snprintf(hex, sizeof hex, "0x%02X", byte);
          throw ScenarioError(
              {file, line, lead ? column - 1 : column},
              lead ? "unexpected character '" + std::string(text.substr(i, length)) +
                         "' outside a string: keys, '=', ',', brackets and numbers must be ASCII "
                         "(a full-width '，', '＝' or '。' typed in Chinese input mode?)"
                   : "invalid UTF-8 (byte " + std::string(hex) + "): save the lesson as UTF-8");
        }
        if (c == ' ' || c == '\t') break;
        if (c == '#') {
          in = In::Comment;
        } else if (!string_may_start(previous)) {
          // toml++ reads `2x"..."` as one bare value up to a terminator, quotes included.
        } else if (ahead("\"\"\"")) {
          in = In::MultiBasic, i += 2, column += 2;
        } else if (ahead("\'\'\'")) {
          in = In::MultiLiteral, i += 2, column += 2;
        } else if (c == '"') {
          in = In::Basic;
        } else if (c == '\'') {
          in = In::Literal;
        }
        previous = c;
        break;
      case In::Comment:
        break;
      case In::Basic:
      case In::MultiBasic:
        if (c == '\\') {
          reject_non_ascii_after_backslash(text, i, in == In::MultiBasic, file);
          if (i + 1 < text.size() && text[i + 1] != '\n') {
            ++i;
            ++column;
          }
        } else if (in == In::Basic && c == '"') {
          in = In::Code;
          previous = c;
        } else if (in == In::MultiBasic && ahead("\"\"\"")) {
          in = In::Code;
          previous = c;
          i += 2;
          column += 2;
        }
        break;
      case In::Literal:
        if (c == '\'') in = In::Code, previous = c;
        break;
      case In::MultiLiteral:
        if (ahead("\'\'\'")) in = In::Code, previous = c, i += 2, column += 2;
        break;
    }
  }
}

}  // namespace

Scenario parse_lesson(std::string_view toml_text, const std::string& file_name) {
  reject_stray_non_ascii(toml_text, file_name);
  toml::table root;
  try {
    root = toml::parse(toml_text, file_name);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw ScenarioError({file_name, static_cast<int>(begin.line), static_cast<int>(begin.column)},
                        "not valid TOML: " + std::string(error.description()));
  }
  return LessonReader(root, file_name).read();
}

Scenario load_lesson_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({path.string(), 0, 0}, "cannot read lesson file " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_lesson(text.str(), path.string());
}

}  // namespace tcplab
