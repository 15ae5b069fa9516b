#include "real/kernel_backend.h"

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

#include <poll.h>

#include "real/drop_faults.h"
#include "real/host_programs.h"
#include "real/kernel_knobs.h"
#include "real/kernel_release.h"
#include "real/lesson_injector.h"
#include "real/loopback_capture.h"
#include "real/monotonic_clock.h"
#include "real/nfqueue_faults.h"
#include "real/run_answer.h"
#include "real/sandbox.h"
#include "real/socket_observer.h"
#include "real/trace_builder.h"

namespace tcplab {

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

// The lesson's knobs then the options', in order, as given.
std::vector<std::pair<std::string, std::string>> explicit_knobs(const Scenario& scenario,
                                                                const RunOptions& options) {
  std::vector<std::pair<std::string, std::string>> knobs(scenario.knobs.begin(),
                                                         scenario.knobs.end());
  knobs.insert(knobs.end(), options.knobs.begin(), options.knobs.end());
  return knobs;
}

bool stop_requested(int stop_fd) {
  pollfd p{stop_fd, POLLIN, 0};
  return stop_fd >= 0 && poll(&p, 1, 0) > 0;
}

struct ChildPlan {
  const Scenario& scenario;
  Profile profile;
  std::vector<std::pair<std::string, std::string>> knobs;
  std::vector<FaultSpec> faults;
  Duration time_limit;
  Duration poll_interval;
  real::Isolation isolation;
  std::optional<Message> isolation_note;  // the warning the trace shows
  std::string isolation_reason;  // the trace's isolation_reason
};

// Runs in the sandboxed child: sets up, runs the programs, watches; returns the writer of its
// answer (the trace, streamed to the pipe).
real::AnswerWriter run_in_child(const ChildPlan& plan, int stop_fd) {
  using namespace real;
  const Scenario& scenario = plan.scenario;
  const auto run = std::make_shared<RunAnswer>();
  Trace& trace = run->trace;
  trace.backend = "kernel";
  trace.profile = plan.profile.name;
  trace.kernel_release = kernel_release();
  for (const auto& h : scenario.hosts) trace.hosts.push_back(h.name);
  RunRecord record;
  auto note = [&](std::string text) {
    record.notes.push_back({0, NoteEvent{"", std::move(text)}});
  };
  const bool in_namespace = plan.isolation == Isolation::PrivateNamespace;
  note(in_namespace
           ? "real Linux kernel, in a private network namespace made for this run (only lo)"
           : "real Linux kernel, on the host's own loopback (no private namespace)");
  trace.isolation = plan.isolation;
  trace.isolation_reason = plan.isolation_reason;
  if (plan.isolation_note) trace.warnings.push_back(*plan.isolation_note);
  if (plan.profile.name != "linux") {
    trace.warnings.push_back({N_("the kernel always behaves as Linux: profile '{0}' does not apply "
                                 "to it (only knobs the kernel has are applied)"),
                              {plan.profile.name}});
  }

  // Knobs as per-namespace sysctls. A new namespace inherits the host's tcp_rmem, and with it the
  // window scale its SYNs offer (tcp_select_initial_window): pin it to the profile's, so kernel
  // and model offer the same shift.
  auto knob_values = plan.knobs;
  const bool rmem_given = std::any_of(knob_values.begin(), knob_values.end(),
                                      [](const auto& k) { return k.first == "tcp_rmem_max"; });
  if (in_namespace && !rmem_given) {
    knob_values.insert(knob_values.begin(),
                       {"tcp_rmem_max", *get_knob(plan.profile, "tcp_rmem_max")});
  }
  KnobPlan knobs = plan_knobs(knob_values, plan.profile);
  if (in_namespace) add_model_congestion_control(knobs);
  for (const auto& w : knobs.warnings) trace.warnings.push_back(w);
  if (in_namespace) {
    for (const auto& e : apply_sysctls(knobs)) trace.warnings.push_back(e);
    for (const auto& n : knobs.notes) note("sysctl " + n);
  } else if (!knobs.sysctls.empty()) {
    for (const auto& n : knobs.notes) {
      trace.warnings.push_back({N_("not applied (no private namespace, and the host's settings are "
                                   "not ours to change): {0}"),
                                {n}});
    }
  }
  // Delay, duplicate or reorder: every fault goes through the queue engine. So do drops named by
  // relative sequence number where a queue can be had: the engine decides while it holds the
  // packet, where an nftables rule loaded once the SYN is seen can come too late on a loaded
  // machine (seen under ASan: the "dropped" last ACK got through). Other drops stay nftables rules.
  const bool by_rel_seq =
      std::any_of(plan.faults.begin(), plan.faults.end(),
                  [](const FaultSpec& f) { return f.match.rel_seq.has_value(); });
  // The lesson's link latency too: loopback delivers at once, so the engine holds every segment
  // for it, as the model's network does (two FINs then cross, as in the lesson).
  const Duration latency = in_namespace ? scenario.link.latency : Duration{0};
  std::unique_ptr<NfqueueFaults> engine;
  if (needs_nfqueue(plan.faults) || (by_rel_seq && in_namespace) || latency > Duration{0}) {
    engine = std::make_unique<NfqueueFaults>(scenario, plan.faults, latency);
    if (std::string error = engine->start(); !error.empty()) {
      if (needs_nfqueue(plan.faults))
        throw std::runtime_error("the fault engine (NFQUEUE) could not start: " + error);
      engine.reset();
      if (latency > Duration{0}) {
        trace.warnings.push_back({N_("the lesson's link latency ({0} one way) is not applied: no "
                                     "netfilter queue ({1}), so loopback delivers every segment "
                                     "at once"),
                                  {format_duration(latency), error}});
      }
      if (by_rel_seq) {
        note("no netfilter queue (" + error +
             "): drops by relative sequence number are nftables rules loaded when each SYN is "
             "seen, which a loaded machine can make late");
      }
    }
  } else if (!in_namespace && scenario.link.latency > Duration{0}) {
    trace.warnings.push_back({N_("the lesson's link latency ({0} one way) is not applied: it needs "
                                 "the run's own namespace (a netfilter queue), so loopback "
                                 "delivers every segment at once"),
                              {format_duration(scenario.link.latency)}});
  }
  if (engine) {
    note("link and faults: every segment held " + format_duration(latency) +
         " (the lesson's link latency, one way), and " + std::to_string(plan.faults.size()) +
         " fault(s) decided per segment, by a netfilter queue on the namespace's input hook "
         "(NFQUEUE): held segments are accepted when their time is over");
  } else if (!plan.faults.empty()) {
    const std::string error = nft_load(nft_ruleset(scenario, plan.faults));
    if (!error.empty()) throw std::runtime_error(error);
    note("faults: " + std::to_string(plan.faults.size()) +
         " drop rule(s) on the namespace's input hook (nftables)");
  }

  std::vector<std::string> rule_errors;  // written by the capture thread until it stops
  LoopbackCapture capture;
  // Drops named by relative sequence number: a rule per connection, once its ISN is seen.
  std::set<std::tuple<SocketAddress, SocketAddress, std::uint32_t>> isns_seen;
  if (by_rel_seq && !engine) {  // the engine follows ISNs itself
    capture.on_segment([&](const Segment& s) {
      if (!s.flags.syn() || !isns_seen.insert({s.src, s.dst, s.seq.raw()}).second) return;
      const std::string rules = nft_rules_for_isn(scenario, plan.faults, s);
      if (rules.empty()) return;
      if (std::string error = nft_load(rules); !error.empty()) rule_errors.push_back(error);
    });
  }
  // Capture and polls record monotonic instants; they become relative to the scenario's start
  // (decided once everything is set up) at the end.
  if (std::string error = capture.start(0); !error.empty()) {
    trace.warnings.push_back({N_("no capture, so no segments in this trace: {0}"), {error}});
  }
  SocketObserver observer(plan.poll_interval);
  if (!in_namespace) observer.restrict_to({}, {});
  if (std::string error = observer.start(0); !error.empty()) {
    trace.warnings.push_back({N_("no sock_diag, so no states in this trace: {0}"), {error}});
  }
  // The lesson's own segments, written onto lo by a packet socket at their instants.
  std::unique_ptr<LessonInjector> injector;
  if (!scenario.injections.empty()) {
    injector = std::make_unique<LessonInjector>(scenario, capture);
    if (std::string error = injector->open(); !error.empty())
      throw std::runtime_error("the lesson injects segments, and the packet socket could not open: " +
                               error);
    note("injections: " + std::to_string(scenario.injections.size()) +
         " segment(s) the lesson writes onto lo itself, through a packet socket (AF_PACKET); "
         "sysctl net.ipv4.conf.lo.route_localnet = 1 and accept_local = 1, so that the kernel "
         "routes them (they come with no route: 127.0.0.0/8, and a source that is one of its own "
         "addresses, are otherwise martian to ip_route_input)");
  }
  // Time zero, when the scenario starts: far enough ahead for the program threads to be made and
  // waiting for it, so that a thread's start is not counted as its first call being late.
  const std::int64_t origin = monotonic_now_ns() + 5'000'000;
  // Leaked on purpose when a program is still blocked at the end: its thread must not outlive it.
  HostPrograms* programs = nullptr;
  const std::int64_t limit = plan.time_limit.count();
  programs = new HostPrograms(
      scenario, origin, limit,
      [&observer, &programs, &injector, in_namespace](const Step& step, std::int64_t returned) {
        if (injector) injector->step_returned(step.label, returned);
        const CallKind kind = step.call.kind;
        if (!in_namespace) observer.restrict_to(programs->ports(), programs->inodes());
        // A listener can live less than the polling thread's next turn: see it from here.
        const bool changes_sockets = kind == CallKind::Listen || kind == CallKind::Connect ||
                                     kind == CallKind::Accept || kind == CallKind::Shutdown ||
                                     kind == CallKind::Close || kind == CallKind::Exit;
        if (changes_sockets) {
          observer.poll_now();
        } else {
          observer.poke();
        }
      });
  programs->start();
  if (injector) injector->start(origin, limit);
  sleep_until_ns(origin);
  // An injection that cannot be made ends the run there, as on the model.
  const auto injection_failed = [&injector] { return injector && injector->failure(); };
  const bool programs_done = programs->wait(limit, stop_fd, injection_failed);
  if (programs_done && injector) injector->programs_finished();
  // Then until every socket is gone (TIME-WAIT included), the limit, or a stop request.
  bool sockets_gone = false;
  if (programs_done) {
    for (;;) {
      const std::int64_t now = monotonic_now_ns() - origin;
      if (now >= limit || stop_requested(stop_fd) || injection_failed()) break;
      // An injection still to come may meet sockets yet to be made, or none: it is awaited.
      const bool injections_done = !injector || injector->done();
      if (injections_done && observer.live_sockets() == 0 &&
          now >= programs->last_return_ns() + 20'000'000) {
        sockets_gone = true;
        break;
      }
      sleep_until_ns(monotonic_now_ns() + 5'000'000);
    }
  }
  record.end_ns = monotonic_now_ns() - origin;
  run->completed = programs_done && sockets_gone;
  run->end_ns = record.end_ns;
  if (!run->completed) {
    const bool by_caller = stop_requested(stop_fd);
    const std::string at = format_duration(Duration{record.end_ns});
    trace.warnings.push_back(by_caller ? Message{N_("stopped at {0} (asked to stop)"), {at}}
                                       : Message{N_("stopped at {0} (time limit {1})"),
                                                 {at, format_duration(plan.time_limit)}});
    if (!programs_done)
      trace.warnings.push_back({N_("a program was still running or blocked in a call"), {}});
    if (observer.live_sockets() > 0) {
      trace.warnings.push_back(
          {N_("{0} socket(s) were still alive"), {std::to_string(observer.live_sockets())}});
    }
  }
  programs->collect(record);
  if (programs_done) {
    delete programs;
  } else {
    programs->abandon();
  }
  record.diag = observer.stop();
  sleep_until_ns(monotonic_now_ns() + 5'000'000);
  std::vector<QueuedFate> fates;
  if (engine) fates = engine->stop(origin);
  std::vector<InjectedWrite> injected;
  if (injector) {
    std::vector<std::string> problems;
    injected = injector->stop(problems);
    for (auto& p : problems) trace.warnings.push_back(Message::verbatim(std::move(p)));
    run->injection_failure = injector->failure();
  }
  record.packets = capture.stop();
  for (auto& p : record.packets) p.t_ns -= origin;
  for (auto& w : mark_injected(record.packets, injected, origin))
    trace.warnings.push_back(std::move(w));
  if (engine) {
    for (auto& w : apply_queued_fates(record.packets, fates)) trace.warnings.push_back(std::move(w));
  }
  for (auto& d : record.diag) {
    d.t_ns -= origin;
    d.prev_poll_ns -= origin;
  }
  for (const auto& e : rule_errors)
    trace.warnings.push_back({N_("a drop rule could not be added: {0}"), {e}});
  record.polls = observer.polls();
  record.max_poll_gap_ns = observer.max_gap_ns();
  record.mean_poll_gap_ns = observer.mean_gap_ns();
  if (!observer.error().empty())
    trace.warnings.push_back({N_("sock_diag failed during the run: {0}"), {observer.error()}});
  {
    std::ostringstream poll_note;
    poll_note << "sock_diag polled " << record.polls << " times, every "
              << format_duration(plan.poll_interval) << " and after each call (measured: mean gap "
              << format_duration(Duration{record.mean_poll_gap_ns}) << ", longest "
              << format_duration(Duration{record.max_poll_gap_ns})
              << "); a state shorter than that can only be inferred from the segments";
    note(poll_note.str());
  }

  BuildOptions build;
  if (!engine) build.faults = plan.faults;  // replayed to mark nftables' drops
  build.rfc1337 = plan.profile.rfc1337;
  build.poll_interval = plan.poll_interval;
  build_trace(scenario, record, build, trace);

  if (!plan.faults.empty() && !engine) {
    long marked = 0;
    for (std::uint64_t id = 1; id <= trace.segment_count(); ++id) {
      marked += trace.segment_by_id(id)->fate == SegmentFate::Dropped ? 1 : 0;
    }
    const long counted = nft_dropped_total();
    if (counted != marked) {
      trace.warnings.push_back({N_("nftables dropped {0} packet(s) but the trace marks {1} as "
                                   "dropped: the marks may be off"),
                                {std::to_string(counted), std::to_string(marked)}});
    }
  }
  return
      [run](std::ostream& out) {
        write_run_answer(run->trace, run->completed, run->end_ns, out, run->injection_failure);
      };
}

}  // namespace

KernelCannotRun::KernelCannotRun(std::vector<std::string> reasons)
    : std::runtime_error("the kernel cannot run this scenario: " + join(reasons, "; ")),
      reasons_(std::move(reasons)) {}

std::vector<std::string> KernelBackend::cannot_run(const Scenario& scenario,
                                                   const RunOptions& options) const {
  std::vector<FaultSpec> faults = scenario.faults;
  faults.insert(faults.end(), options.extra_faults.begin(), options.extra_faults.end());
  std::vector<std::string> reasons =
      real::unsupported_faults(scenario, faults, !options_.force_host_loopback);
  // Only loopback: a lesson's hosts and the addresses its programs bind and connect to.
  for (const auto& h : scenario.hosts) {
    if (!h.address.is_loopback()) {
      reasons.push_back("host " + h.name + " has address " + to_string(h.address) +
                        ", which is not loopback (127.0.0.0/8): the kernel backend only uses lo");
    }
  }
  for (const auto& program : scenario.programs) {
    for (const auto& phase : program.phases) {
      for (const auto& step : phase.steps) {
        const bool addressed =
            step.call.kind == CallKind::Bind || step.call.kind == CallKind::Connect;
        if (addressed && !step.call.address.ip.is_loopback() && !step.call.address.ip.is_any()) {
          reasons.push_back(step.where.to_string() + (step.where.to_string().empty() ? "" : ": ") +
                            "step " + step.label + " uses " + to_string(step.call.address) +
                            ", which is not loopback: the kernel backend only uses lo");
        }
      }
    }
  }
  // Writing onto lo takes a packet socket: CAP_NET_RAW, which only the run's own namespace gives.
  if (!scenario.injections.empty() && options_.force_host_loopback) {
    reasons.push_back(scenario.injections.front().where.to_string() +
                      ": this lesson injects segments, which needs a private network namespace "
                      "(a packet socket on its lo)");
  }
  if (!reasons.empty() && !scenario.kernel_note.empty())
    reasons.push_back("lesson note: " + scenario.kernel_note);
  return reasons;
}

RunResult KernelBackend::run(const Scenario& scenario, const RunOptions& options) {
  using namespace real;
  // The stop request (if any) belongs to this run: used up when it returns, however it returns.
  struct ClearStop {
    std::atomic<bool>& stop;
    ~ClearStop() { stop.store(false); }
  } clear_stop{stop_};
  RunResult result;
  result.profile = resolve_profile(scenario, options);
  for (const auto& p : scenario.programs) {
    if (!scenario.host(p.host))
      throw ScenarioError({scenario.source_file, 0, 0},
                          "program for unknown host '" + p.host + "'");
  }
  if (auto reasons = cannot_run(scenario, options); !reasons.empty())
    throw KernelCannotRun(reasons);

  std::vector<FaultSpec> faults = scenario.faults;
  faults.insert(faults.end(), options.extra_faults.begin(), options.extra_faults.end());
  ChildPlan plan{
      scenario,
      result.profile,
      explicit_knobs(scenario, options),
      faults,
      options.time_limit.value_or(
          std::min<Duration>(options_.default_time_limit, scenario.time_limit)),
      options_.poll_interval,
      options_.force_host_loopback ? Isolation::HostLoopback : Isolation::PrivateNamespace,
      options_.force_host_loopback
          ? std::optional<Message>(Message{N_("run on the host's loopback without a private "
                                              "namespace (as asked): no faults, no sysctls"),
                                           {}})
          : std::nullopt,
      options_.force_host_loopback ? "asked for (force_host_loopback)" : ""};
  const Duration hard_limit = plan.time_limit + std::chrono::seconds(20);
  auto body = [&plan](int stop_fd) { return run_in_child(plan, stop_fd); };
  const ForkHooks hooks{options_.before_fork, options_.after_fork};
  RunAnswer run;
  const AnswerReader reader = [&run](std::istream& in) { run = read_run_answer(in); };
  SandboxOutcome outcome =
      run_sandboxed_streamed(plan.isolation, body, reader, hard_limit, &stop_, hooks);
  if (outcome.status == SandboxOutcome::Status::NamespaceRefused) {
    if (!options_.allow_host_fallback) {
      throw KernelCannotRun({"no private network namespace could be made: " + outcome.message});
    }
    if (!scenario.injections.empty()) {
      throw KernelCannotRun(
          {"this scenario injects segments, which needs a private network namespace, and none "
           "could be made: " +
           outcome.message});
    }
    if (!faults.empty()) {
      throw KernelCannotRun(
          {"this scenario drops segments, which needs a private network namespace, and "
           "none could be made: " +
           outcome.message});
    }
    plan.isolation = Isolation::HostLoopback;
    plan.isolation_reason = "no private network namespace could be made: " + outcome.message;
    plan.isolation_note = Message{N_("no private network namespace could be made ({0}); ran on the "
                                     "host's loopback instead: no faults, no sysctls, and the "
                                     "capture needs CAP_NET_RAW there"),
                                  {outcome.message}};
    outcome = run_sandboxed_streamed(plan.isolation, body, reader, hard_limit, &stop_, hooks);
  }
  if (outcome.status != SandboxOutcome::Status::Finished) {
    throw std::runtime_error("kernel backend: " + outcome.message);
  }
  if (run.injection_failure) {
    const std::size_t i = run.injection_failure->index;
    throw ScenarioError(i < scenario.injections.size() ? scenario.injections[i].where
                                                       : SourceLocation{scenario.source_file, 0, 0},
                        run.injection_failure->why);
  }
  result.trace = std::move(run.trace);
  result.completed = run.completed;
  if (!run.completed) {
    result.stopped_at = Instant{Duration{run.end_ns}};
    result.stopped_by = stop_.load() ? StopCause::Asked : StopCause::TimeLimit;
  }
  return result;
}

}  // namespace tcplab
