#include "core/profile.h"

#include <charconv>
#include <cmath>
#include <functional>

#include "core/decimal.h"

namespace tcplab {

Profile rfc9293_profile() {
  Profile p;
  p.name = "rfc9293";
  // The textbook: MSL 2 min, TIME-WAIT 2*MSL, RTO initial and minimum 1 s (RFC 6298 §2.1, §2.4),
  // every segment ACKed at once so the close shows all four segments.
  return p;
}

Profile linux_profile() {
  Profile p;
  p.name = "linux";
  p.msl = 30s;              // only informative: Linux does not use MSL for TIME-WAIT
  p.time_wait_fixed = 60s;  // TCP_TIMEWAIT_LEN
  p.rto_initial = 1s;       // TCP_TIMEOUT_INIT
  p.rto_min = 200ms;        // TCP_RTO_MIN
  p.rto_max = 120s;         // TCP_RTO_MAX
  p.rto_formula = RtoFormula::Linux;
  p.syn_retries = 6;
  p.syn_linear_timeouts = 4;  // tcp_syn_linear_timeouts: SYNs at 0, 1, 2, 3, 4, 5, 7, 11 ... s
  p.jiffy = 4ms;             // CONFIG_HZ = 250
  p.timeout_min = 8ms;        // TCP_TIMEOUT_MIN = 2 jiffies at this kernel's HZ = 250
  p.retries_timed_by_clock = true;  // tcp_write_timeout -> retransmits_timed_out
  p.synack_retries = 5;
  p.data_retries = 15;
  p.orphan_retries = 8;                    // tcp_orphan_retries = 0 is read as 8
  p.delayed_ack = 40ms;                    // TCP_ATO_MIN, once data has arrived
  p.delayed_ack_before_data = 4ms;         // one jiffy at CONFIG_HZ=250 (measured: 1 to 8 ms)
  p.delayed_ack_max = 200ms;               // TCP_DELACK_MAX
  p.quickacks = 16;                        // TCP_MAX_QUICKACKS
  p.pingpong_thresh = 1;                   // tcp_pingpong_thresh
  p.fin_wait2_timeout = 60s;               // tcp_fin_timeout
  p.nagle_minshall = true;                 // tcp_nagle_check -> tcp_minshall_check
  p.initial_cwnd = 10;                     // TCP_INIT_CWND
  p.tail_loss_probe = true;                // tcp_early_retrans = 3
  p.slow_start_after_idle = true;          // tcp_slow_start_after_idle = 1
  p.handshake_resends_for_one_segment = 2; // tcp_init_transfer: tp->total_retrans > 1
  p.undo_spurious_handshake_timeout = true;  // tcp_try_undo_spurious_syn
  p.rst_on_close_with_unread_data = true;  // tcp_close(): "data was lost" -> RST
  p.challenge_ack = true;
  p.rfc1337 = false;  // tcp_rfc1337 defaults to 0
  p.time_wait_accepts_new_syn = true;
  p.invalid_ratelimit = 500ms;  // tcp_invalid_ratelimit
  p.ephemeral_low = 32768;
  p.ephemeral_high = 60999;
  p.tw_reuse = 2;  // loopback only, the default since 5.7
  p.tw_reuse_delay = 1000ms;
  p.listen_backlog_max = 4096;
  p.isn_clock_tick = 64ns;  // secure_tcp_seq(): hash + (ktime_get_real_ns() >> 6)
  p.mss = 65495;            // loopback's MTU 65536 minus 20 bytes IPv4 and 20 bytes TCP header
  p.timestamps = true;      // tcp_timestamps = 1
  p.sack = true;            // tcp_sack = 1
  p.window_scaling = true;  // tcp_window_scaling = 1
  p.rmem_max = 6291456;     // tcp_rmem = 4096 131072 6291456: window scale 7
  return p;
}

std::optional<Profile> profile_by_name(std::string_view name) {
  if (name == "rfc9293") return rfc9293_profile();
  if (name == "linux") return linux_profile();
  return std::nullopt;
}

std::vector<std::string> profile_names() { return {"rfc9293", "linux"}; }

std::optional<Duration> parse_duration(std::string_view text) {
  if (text == "0") return Duration{0};
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  const std::optional<double> parsed = parse_decimal(text.substr(0, i));
  if (!parsed || *parsed < 0) return std::nullopt;
  const double number = *parsed;
  std::string_view unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double ns_per_unit = 0;
  if (unit == "ns")
    ns_per_unit = 1;
  else if (unit == "us")
    ns_per_unit = 1e3;
  else if (unit == "ms")
    ns_per_unit = 1e6;
  else if (unit == "s")
    ns_per_unit = 1e9;
  else if (unit == "min")
    ns_per_unit = 60e9;
  else if (unit == "h")
    ns_per_unit = 3600e9;
  else
    return std::nullopt;
  const double ns = number * ns_per_unit;
  if (ns > 9.0e18) return std::nullopt;
  return Duration{std::llround(ns)};
}

namespace {

std::string duration_text(Duration d) {
  const auto ns = d.count();
  if (ns == 0) return "0";
  if (ns % 1'000'000'000 == 0) return std::to_string(ns / 1'000'000'000) + "s";
  if (ns % 1'000'000 == 0) return std::to_string(ns / 1'000'000) + "ms";
  if (ns % 1'000 == 0) return std::to_string(ns / 1'000) + "us";
  return std::to_string(ns) + "ns";
}

std::optional<long long> parse_integer(std::string_view text) {
  long long v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "1" || text == "true" || text == "on" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "off" || text == "no") return false;
  return std::nullopt;
}

struct Knob {
  KnobInfo info;
  std::function<std::optional<std::string>(Profile&, std::string_view)> set;
  std::function<std::string(const Profile&)> get;
};

Knob duration_knob(std::string name, std::string description, Duration Profile::*field) {
  return {{name, std::move(description), "duration"},
          [field, name](Profile& p, std::string_view v) -> std::optional<std::string> {
            auto d = parse_duration(v);
            if (!d)
              return "knob '" + name + "' wants a duration such as 200ms, 1s or 2min, not '" +
                     std::string(v) + "'";
            p.*field = *d;
            return std::nullopt;
          },
          [field](const Profile& p) { return duration_text(p.*field); }};
}

Knob int_knob(std::string name, std::string description, int Profile::*field, long long lo,
              long long hi) {
  return {{name, std::move(description), "integer"},
          [=](Profile& p, std::string_view v) -> std::optional<std::string> {
            auto n = parse_integer(v);
            if (!n || *n < lo || *n > hi) {
              return "knob '" + name + "' wants an integer from " + std::to_string(lo) + " to " +
                     std::to_string(hi) + ", not '" + std::string(v) + "'";
            }
            p.*field = static_cast<int>(*n);
            return std::nullopt;
          },
          [field](const Profile& p) { return std::to_string(p.*field); }};
}

Knob bool_knob(std::string name, std::string description, bool Profile::*field) {
  return {{name, std::move(description), "bool"},
          [=](Profile& p, std::string_view v) -> std::optional<std::string> {
            auto b = parse_bool(v);
            if (!b)
              return "knob '" + name + "' wants true or false (1 or 0), not '" + std::string(v) +
                     "'";
            p.*field = *b;
            return std::nullopt;
          },
          [field](const Profile& p) { return std::string(p.*field ? "true" : "false"); }};
}

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> kTable = [] {
    std::vector<Knob> t;
    t.push_back(duration_knob(
        "msl", "Maximum Segment Lifetime; TIME-WAIT lasts 2*MSL unless time_wait is set",
        &Profile::msl));
    t.push_back(
        {{"time_wait", "fixed TIME-WAIT length (Linux: 60s); '2msl' to use 2*MSL", "duration"},
         [](Profile& p, std::string_view v) -> std::optional<std::string> {
           if (v == "2msl" || v == "2*msl") {
             p.time_wait_fixed.reset();
             return std::nullopt;
           }
           auto d = parse_duration(v);
           if (!d)
             return "knob 'time_wait' wants a duration such as 60s, or 2msl, not '" +
                    std::string(v) + "'";
           p.time_wait_fixed = *d;
           return std::nullopt;
         },
         [](const Profile& p) {
           return p.time_wait_fixed ? duration_text(*p.time_wait_fixed) : std::string("2msl");
         }});
    t.push_back(duration_knob("rto_initial", "retransmission timeout before any RTT sample",
                              &Profile::rto_initial));
    t.push_back(
        duration_knob("rto_min", "lower bound of the retransmission timeout", &Profile::rto_min));
    t.push_back(duration_knob("rto_max",
                              "upper bound of the retransmission timeout (backoff stops here)",
                              &Profile::rto_max));
    t.push_back({{"rto_formula", "how RTO follows the RTT: rfc6298 or linux", "enum"},
                 [](Profile& p, std::string_view v) -> std::optional<std::string> {
                   if (v == "rfc6298")
                     p.rto_formula = RtoFormula::Rfc6298;
                   else if (v == "linux")
                     p.rto_formula = RtoFormula::Linux;
                   else
                     return "knob 'rto_formula' wants rfc6298 or linux, not '" + std::string(v) +
                            "'";
                   return std::nullopt;
                 },
                 [](const Profile& p) {
                   return std::string(p.rto_formula == RtoFormula::Linux ? "linux" : "rfc6298");
                 }});
    t.push_back(int_knob("tcp_syn_retries",
                         "SYN retransmissions before connect() fails with ETIMEDOUT",
                         &Profile::syn_retries, 1, 127));
    t.push_back(int_knob("tcp_syn_linear_timeouts",
                         "SYN resends that keep the initial RTO before it starts doubling",
                         &Profile::syn_linear_timeouts, 0, 127));
    t.push_back(
        duration_knob("timeout_min",
                      "Linux's TCP_TIMEOUT_MIN (2 jiffies, 8ms at HZ 250): SYN-SENT resends "
                      "this soon after an unacceptable ACK (0: at the RTO)",
                      &Profile::timeout_min));
    t.push_back(int_knob("tcp_synack_retries",
                         "SYN-ACK retransmissions before a half-open connection is dropped",
                         &Profile::synack_retries, 1, 255));
    t.push_back(int_knob("tcp_retries2",
                         "resends of data or FIN before the connection is dropped (linux: the "
                         "time that many RTO doublings from 200 ms take)",
                         &Profile::data_retries, 1, 255));
    t.push_back(int_knob("tcp_orphan_retries",
                         "retransmissions for a socket the application has closed",
                         &Profile::orphan_retries, 1, 255));
    t.push_back(duration_knob("tcp_keepalive_time",
                              "how long a connection with SO_KEEPALIVE stays idle before the "
                              "first keepalive probe",
                              &Profile::keepalive_time));
    t.push_back(duration_knob("tcp_keepalive_intvl",
                              "the wait between unanswered keepalive probes",
                              &Profile::keepalive_interval));
    t.push_back(int_knob("tcp_keepalive_probes",
                         "unanswered keepalive probes before the connection is reset",
                         &Profile::keepalive_probes, 1, 127));
    t.push_back(duration_knob("delayed_ack",
                              "how long an ACK may wait for data to ride on (0: ACK at once)",
                              &Profile::delayed_ack));
    t.push_back(duration_knob("delayed_ack_before_data",
                              "the same before any data arrived (Linux: the next timer tick)",
                              &Profile::delayed_ack_before_data));
    t.push_back(duration_knob("delayed_ack_max",
                              "the longest a delayed ACK may wait (Linux TCP_DELACK_MAX)",
                              &Profile::delayed_ack_max));
    t.push_back(int_knob("quickacks",
                         "data segments ACKed at once at the start of a connection (Linux "
                         "quick-ACK mode, TCP_MAX_QUICKACKS; 0: none)",
                         &Profile::quickacks, 0, 255));
    t.push_back(int_knob("tcp_pingpong_thresh",
                         "answers within the ATO that make a connection interactive, its ACKs "
                         "then delayed (0: never)",
                         &Profile::pingpong_thresh, 0, 255));
    t.push_back(bool_knob("nagle",
                          "Nagle's algorithm: a small segment waits for the ACK of sent data "
                          "(RFC 896; off per socket with TCP_NODELAY)",
                          &Profile::nagle));
    t.push_back(bool_knob("nagle_minshall",
                          "Minshall's Nagle: only an unacknowledged small segment holds the next "
                          "(Linux tcp_minshall_check)",
                          &Profile::nagle_minshall));
    t.push_back(int_knob("tso_segs",
                         "MSS a sent segment may carry at most, as TSO hands Linux's GSO segments "
                         "to the device whole, each with PSH (1: no TSO, every segment one MSS)",
                         &Profile::tso_segs, 1, 64));
    t.push_back(bool_knob("tail_loss_probe",
                          "with SACK, probe a silent tail after 2*SRTT with new data or the last "
                          "segment again (RFC 8985 §7; Linux tcp_early_retrans = 3)",
                          &Profile::tail_loss_probe));
    t.push_back(int_knob("initial_cwnd",
                         "congestion window a connection starts with, in segments (Linux: 10; 0: "
                         "RFC 5681's, by the MSS)",
                         &Profile::initial_cwnd, 0, 1000));
    t.push_back(bool_knob("tcp_slow_start_after_idle",
                          "after more than one RTO idle, a write halves the congestion window "
                          "once per RTO, down to the initial window (RFC 5681 §4.1)",
                          &Profile::slow_start_after_idle));
    t.push_back(duration_knob("tcp_fin_timeout",
                              "lifetime of an orphaned FIN-WAIT-2 socket (0: forever)",
                              &Profile::fin_wait2_timeout));
    t.push_back(bool_knob("rst_on_close_with_unread_data",
                          "close() with unread data sends RST instead of FIN",
                          &Profile::rst_on_close_with_unread_data));
    t.push_back(bool_knob("challenge_ack",
                          "RFC 5961: an in-window RST not at RCV.NXT gets a challenge ACK",
                          &Profile::challenge_ack));
    t.push_back(bool_knob("tcp_rfc1337", "RFC 1337: TIME-WAIT ignores RST instead of dying",
                          &Profile::rfc1337));
    t.push_back(
        bool_knob("time_wait_accepts_new_syn",
                  "a SYN with a higher sequence number may reopen a four-tuple in TIME-WAIT",
                  &Profile::time_wait_accepts_new_syn));
    t.push_back(
        {{"ip_local_port_range", "ephemeral ports for connect(), as 'low-high' or 'low high'",
          "port range"},
         [](Profile& p, std::string_view v) -> std::optional<std::string> {
           auto sep = v.find_first_of("- \t");
           auto lo = sep == std::string_view::npos ? std::nullopt : parse_integer(v.substr(0, sep));
           auto rest = sep == std::string_view::npos ? std::string_view{} : v.substr(sep + 1);
           while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
           auto hi = parse_integer(rest);
           if (!lo || !hi || *lo < 1 || *hi > 65535 || *lo > *hi) {
             return "knob 'ip_local_port_range' wants 'low-high' with 1 <= low <= high <= 65535, "
                    "not '" +
                    std::string(v) + "'";
           }
           p.ephemeral_low = static_cast<std::uint16_t>(*lo);
           p.ephemeral_high = static_cast<std::uint16_t>(*hi);
           return std::nullopt;
         },
         [](const Profile& p) {
           return std::to_string(p.ephemeral_low) + "-" + std::to_string(p.ephemeral_high);
         }});
    t.push_back(duration_knob("tcp_invalid_ratelimit",
                              "at most one ACK per this long for an out-of-window bare ACK or SYN",
                              &Profile::invalid_ratelimit));
    t.push_back(int_knob("tcp_tw_reuse",
                         "reuse a TIME-WAIT port for connect(): 0 never, 1 always, 2 loopback only",
                         &Profile::tw_reuse, 0, 2));
    t.push_back(duration_knob("tcp_tw_reuse_delay",
                              "how old a TIME-WAIT entry must be before tcp_tw_reuse takes it",
                              &Profile::tw_reuse_delay));
    t.push_back(bool_knob("isn_keyed_hash",
                          "RFC 6528 initial sequence numbers (false: ISN 0, easier to read)",
                          &Profile::isn_keyed_hash));
    t.push_back(int_knob("somaxconn", "upper bound of a listen() backlog",
                         &Profile::listen_backlog_max, 1, 65535));
    t.push_back(
        {{"mss", "the MSS option our SYN carries (data segments stay within it)", "integer"},
         [](Profile& p, std::string_view v) -> std::optional<std::string> {
           auto n = parse_integer(v);
           if (!n || *n < 88 || *n > 65495)  // TCP_MIN_MSS .. loopback's
             return "knob 'mss' wants an integer from 88 to 65495, not '" + std::string(v) + "'";
           p.mss = static_cast<std::uint16_t>(*n);
           return std::nullopt;
         },
         [](const Profile& p) { return std::to_string(p.mss); }});
    t.push_back(bool_knob("tcp_timestamps",
                          "RFC 7323 timestamps: offered on the SYN, then on every segment",
                          &Profile::timestamps));
    t.push_back(bool_knob("tcp_sack", "SACK (RFC 2018): offered on the SYN; SACK blocks and RACK recovery", &Profile::sack));
    t.push_back(bool_knob("tcp_window_scaling", "offer window scaling (RFC 7323) on the SYN",
                          &Profile::window_scaling));
    t.push_back(int_knob("tcp_rmem_max",
                         "largest receive buffer (tcp_rmem's third value): sets the window scale",
                         &Profile::rmem_max, 4096, 1 << 30));
    t.push_back({{"window", "receive window advertised in every segment", "integer"},
                 [](Profile& p, std::string_view v) -> std::optional<std::string> {
                   auto n = parse_integer(v);
                   if (!n || *n < 1 || *n > 65535)
                     return "knob 'window' wants an integer from 1 to 65535, not '" +
                            std::string(v) + "'";
                   p.window = static_cast<std::uint16_t>(*n);
                   return std::nullopt;
                 },
                 [](const Profile& p) { return std::to_string(p.window); }});
    return t;
  }();
  return kTable;
}

}  // namespace

const std::vector<KnobInfo>& knob_list() {
  static const std::vector<KnobInfo> kInfos = [] {
    std::vector<KnobInfo> out;
    for (const auto& k : knobs()) out.push_back(k.info);
    return out;
  }();
  return kInfos;
}

std::optional<std::string> set_knob(Profile& profile, std::string_view name,
                                    std::string_view value) {
  for (const auto& k : knobs()) {
    if (k.info.name == name) return k.set(profile, value);
  }
  std::string known;
  for (const auto& k : knobs()) known += (known.empty() ? "" : ", ") + k.info.name;
  return "unknown knob '" + std::string(name) + "' (known: " + known + ")";
}

std::optional<std::string> get_knob(const Profile& profile, std::string_view name) {
  for (const auto& k : knobs()) {
    if (k.info.name == name) return k.get(profile);
  }
  return std::nullopt;
}

}  // namespace tcplab
