#pragma once
// Runs a packetdrill script on tcplab's model. The host under test is a model Host ("local",
// 192.168.0.1, packetdrill's default address) making the script's socket calls at the script's
// times; the remote peer IS the script ("remote", 192.0.2.1): `<` lines are injected into the
// model, `>` lines are matched against what the host sends. Sequence numbers in the script are
// relative: the remote ISN is tcplab's choice, the local ISN is learned from the host's first SYN
// or SYN-ACK, as packetdrill does. The run stops at the first failed expectation (flags,
// sequence range, ack, window when written, options as written, a call's result or errno,
// timing) and reports its line; its Trace is a normal tcplab trace (ladder, JSON lines, pcap, GUI).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/profile.h"
#include "core/trace.h"
#include "packetdrill/script.h"
#include "packetdrill/script_expect.h"

namespace tcplab::packetdrill {

inline constexpr char kLocalHost[] = "local";
inline constexpr char kRemoteHost[] = "remote";

struct ScriptRunOptions {
  Profile profile = linux_profile();  // the script's sysctls are applied on top
  std::uint64_t seed = 1;
  Duration time_limit = std::chrono::minutes(10);  // virtual time
  std::uint64_t event_limit = 1'000'000;
  // MSS a segment may carry (Profile::tso_segs): 2, as Linux's GSO segments reach packetdrill's
  // tun device (TSO on) at tcp_tso_autosize's floor; 1 for a wire without TSO.
  int tso_segs = 2;
};

// The first expectation the model did not meet.
struct ScriptFailure {
  ScriptPlace where;  // the script line (its event's time)
  std::string what;   // "expected F. 1:1(0) ack 2 at 0.210 s; the host sent R. 1:1(0) ack 2 ..."
};

struct ScriptRun {
  Trace trace;
  Profile profile;  // the profile the run used, the script's sysctls applied
  std::optional<ScriptFailure> failure;
  // What the run took as given ("defaults.sh: the linux profile stands for it").
  std::vector<Message> notes;
  // The segment each `<` / `>` line sent or matched, by script line (for narration).
  std::map<int, std::uint64_t> segment_at_line;
  // The label each socket call carries in the trace ("line 12"), by script line.
  std::map<int, std::string> call_at_line;
  bool passed() const { return !failure; }
};

// Throws ScriptError for a script the model cannot run as written (a sysctl the profile refuses,
// an ack before the host sent a SYN, an explicit address ...).
ScriptRun run_script_on_model(const Script& script, const ScriptRunOptions& options);

}  // namespace tcplab::packetdrill
