#include "scenario/model_backend.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "core/simulator.h"
#include "scenario/call_args.h"
#include "scenario/injection.h"
#include "scenario/step_schedule.h"

namespace tcplab {

Profile resolve_profile(const Scenario& scenario, const RunOptions& options) {
  const std::string name = options.profile.value_or(scenario.profile);
  auto profile = profile_by_name(name);
  SourceLocation where{scenario.source_file, 0, 0};
  if (!profile) {
    std::string known;
    for (const auto& n : profile_names()) known += (known.empty() ? "" : ", ") + n;
    throw ScenarioError(where, "unknown profile '" + name + "' (known: " + known + ")");
  }
  for (const auto& [knob, value] : scenario.knobs) {
    if (auto error = set_knob(*profile, knob, value)) throw ScenarioError(where, *error);
  }
  for (const auto& [knob, value] : options.knobs) {
    if (auto error = set_knob(*profile, knob, value)) throw ScenarioError({}, *error);
  }
  return *profile;
}

namespace {

// The step an `after` trigger names, and how many rounds it runs.
struct AwaitedStep {
  const Step* step;
  int rounds;
};
// When each awaited step returned, round by round.
using StepReturns = std::unordered_map<const Step*, std::vector<Instant>>;

// Runs one host's program: steps in order, each once its trigger allows and the previous step
// returned; blocking calls wait (and are retried) until they can complete.
class ProgramRun {
 public:
  // `awaited` maps each step with an `after` trigger to the step it waits for; `done` holds each
  // awaited step's returns, round by round.
  // `returned` hears of every step's return (injections timed `after` a step wait for it).
  ProgramRun(const Program& program, Host& host, Simulator& sim, StepReturns& done,
             const std::unordered_map<const Step*, AwaitedStep>& awaited,
             std::function<void(const Step&)> returned)
      : program_(&program),
        host_(&host),
        sim_(&sim),
        done_(&done),
        awaited_(&awaited),
        returned_(std::move(returned)) {}

  bool finished() const { return phase_ >= program_->phases.size(); }
  const Host& host() const { return *host_; }
  bool blocked() const { return pending_; }
  const Step* current() const {
    return finished() ? nullptr : &program_->phases[phase_].steps[step_];
  }

  // Runs as many steps as can run now. Returns true when it made progress.
  bool advance() {
    bool progressed = false;
    while (!finished()) {
      if (sim_->trace_full()) return progressed;  // the run stops at its event limit
      if (pending_) {
        if (!retry_pending()) return progressed;
        progressed = true;
        continue;
      }
      if (program_->phases[phase_].steps.empty()) {
        next_step();
        continue;
      }
      const Step& step = *current();
      StepStart start{previous_done_, step_ == 0 && round_ > 0, program_->phases[phase_].pause,
                      std::nullopt};
      if (!step.when.after.empty()) {
        const AwaitedStep& awaited = awaited_->at(&step);
        const std::size_t need = awaited_return_index(round_, awaited.rounds);
        auto it = done_->find(awaited.step);
        if (it == done_->end() || it->second.size() <= need) return progressed;  // not yet
        start.awaited_return = it->second[need];
      }
      const Instant ready = step_ready(step, start);
      if (ready > sim_->now()) {
        if (!wake_scheduled_ || *wake_scheduled_ != ready) {
          wake_scheduled_ = ready;
          sim_->schedule(ready, [this] {
            wake_scheduled_.reset();
            advance();
          });
        }
        return progressed;
      }
      issue(step);
      progressed = true;
    }
    return progressed;
  }

  Message still_blocked() const {
    const Step* step = current();  // a blocked program is in a step
    if (step == nullptr) return {N_("{0}'s program was still blocked when the run ended"), {host_->name()}};
    return {N_("{0}'s {1}() (step '{2}') was still blocked when the run ended"),
            {host_->name(), std::string(call_name(step->call.kind)), step->label}};
  }

 private:
  int fd_of(const std::string& var) const {
    auto it = vars_.find(var);
    return it == vars_.end() ? -1 : it->second;
  }

  void issue(const Step& step) {
    issued_at_ = sim_->now();
    const CallSpec& c = step.call;
    const int fd = fd_of(c.socket);
    CallResult r;
    switch (c.kind) {
      case CallKind::Socket:
        r = host_->socket(issued_at_);
        break;
      case CallKind::SetReuseAddr:
        r = host_->set_reuse_address(issued_at_, fd, c.flag);
        break;
      case CallKind::SetLinger:
        r = host_->set_linger(issued_at_, fd, c.flag, c.linger_seconds);
        break;
      case CallKind::SetNoDelay:
        r = host_->set_nodelay(issued_at_, fd, c.flag);
        break;
      case CallKind::SetQuickAck:
        r = host_->set_quickack(issued_at_, fd, c.flag);
        break;
      case CallKind::SetOption:
        r = host_->set_option(issued_at_, fd, c.option, c.option_value);
        break;
      case CallKind::Bind:
        r = host_->bind(issued_at_, fd, c.address);
        break;
      case CallKind::Listen:
        r = host_->listen(issued_at_, fd, c.backlog);
        break;
      case CallKind::Connect:
        r = host_->connect(issued_at_, fd, c.address);
        break;
      case CallKind::Accept:
        r = host_->accept(issued_at_, fd);
        break;
      case CallKind::Send:
        r = host_->send(issued_at_, fd, c.data);
        break;
      case CallKind::Recv:
        r = host_->recv(issued_at_, fd, c.max_bytes);
        break;
      case CallKind::Shutdown:
        r = host_->shutdown(issued_at_, fd,
                            c.how == ShutdownHow::Write  ? ShutdownDirection::Write
                            : c.how == ShutdownHow::Read ? ShutdownDirection::Read
                                                         : ShutdownDirection::Both);
        break;
      case CallKind::Close:
        r = host_->close(issued_at_, fd);
        break;
      case CallKind::Exit:
        host_->exit(issued_at_);
        r = CallResult::ok();
        break;
    }
    sim_->host_changed(*host_);
    // O_NONBLOCK does not stop a lingering close() from waiting (inet_release).
    if (r.would_block && c.kind != CallKind::Close && nonblocking_.contains(fd))
      r = without_waiting(waiting_call(c.kind));
    if (r.would_block) {
      pending_ = true;
      return;
    }
    complete(step, r);
  }

  static WaitingCall waiting_call(CallKind kind) {
    return kind == CallKind::Connect  ? WaitingCall::Connect
           : kind == CallKind::Accept ? WaitingCall::Accept
                                      : WaitingCall::Recv;
  }

  bool retry_pending() {
    const Step& step = *current();
    const int fd = fd_of(step.call.socket);
    CallResult r;
    switch (step.call.kind) {
      case CallKind::Connect:
        r = host_->finish_connect(sim_->now(), fd);
        break;
      case CallKind::Accept:
        r = host_->accept(sim_->now(), fd);
        break;
      case CallKind::Recv:
        r = host_->recv(sim_->now(), fd, step.call.max_bytes);
        break;
      case CallKind::Close:
        r = host_->finish_close(sim_->now(), fd);
        break;
      default:
        r = CallResult::fail(Errno::InvalidArgument);
        break;
    }
    if (r.would_block) return false;
    pending_ = false;
    sim_->host_changed(*host_);
    complete(step, r);
    return true;
  }

  void complete(const Step& step, const CallResult& r) {
    const CallSpec& c = step.call;
    if ((c.kind == CallKind::Socket || c.kind == CallKind::Accept) && r.error == Errno::None) {
      vars_[c.result_var] = static_cast<int>(r.value);
      // accept() does not pass O_NONBLOCK on (accept4 without SOCK_NONBLOCK).
      if (c.kind == CallKind::Socket && c.nonblocking)
        nonblocking_.insert(static_cast<int>(r.value));
      else
        nonblocking_.erase(static_cast<int>(r.value));
    }
    if (sim_->recording()) record(step, r);
    if (auto it = done_->find(&step); it != done_->end()) it->second.push_back(sim_->now());
    previous_done_ = sim_->now();
    if (returned_) returned_(step);
    next_step();
  }

  void record(const Step& step, const CallResult& r) {
    const CallSpec& c = step.call;
    const bool made_socket = c.kind == CallKind::Socket || c.kind == CallKind::Accept;
    const int fd = fd_of(c.socket);  // socket(): none; accept(): the listener
    const StepNames& names = names_of(step);
    CallEvent e;
    e.host = host_->name_handle();
    e.step = names.step;
    e.call = names.call;
    e.args = names.args;
    e.fd = made_socket && r.error == Errno::None ? static_cast<int>(r.value) : fd;
    e.result = r.value;
    e.error = r.error;
    e.issued_at = issued_at_;
    e.endpoint = r.endpoint;
    e.data = r.data;
    sim_->record(sim_->now(), std::move(e));
    if (!r.note.empty()) sim_->note_call(host_->name(), std::string(call_name(c.kind)), r.note);
  }

  // A step's names as its calls record them, interned once per run, not at every call (a
  // repeated phase makes the same step's call tens of thousands of times).
  struct StepNames {
    Name step, call, args;
  };
  const StepNames& names_of(const Step& step) {
    auto [it, made] = step_names_.try_emplace(&step);
    if (made) {
      it->second = {step.label, std::string(call_name(step.call.kind)), call_args(step.call)};
    }
    return it->second;
  }

  void next_step() {
    ++step_;
    if (step_ < program_->phases[phase_].steps.size()) return;
    step_ = 0;
    if (++round_ < program_->phases[phase_].repeat) return;
    round_ = 0;
    ++phase_;
  }

  const Program* program_;
  Host* host_;
  Simulator* sim_;
  StepReturns* done_;
  const std::unordered_map<const Step*, AwaitedStep>* awaited_;
  std::function<void(const Step&)> returned_;
  std::map<std::string, int> vars_;
  std::set<int> nonblocking_;  // descriptors opened with SOCK_NONBLOCK
  std::unordered_map<const Step*, StepNames> step_names_;
  std::size_t phase_ = 0;
  std::size_t step_ = 0;
  int round_ = 0;
  bool pending_ = false;
  Instant issued_at_{};
  Instant previous_done_{};
  std::optional<Instant> wake_scheduled_;
};

}  // namespace

RunResult ModelBackend::run(const Scenario& scenario, const RunOptions& options) {
  RunResult result;
  result.profile = resolve_profile(scenario, options);
  Simulator sim(result.profile, options.seed.value_or(scenario.seed));
  sim.set_recording(options.record_trace);
  sim.network().set_latency(scenario.link.latency);
  for (const HostSpec& h : scenario.hosts) {
    try {
      sim.add_host(h.name, h.address);
    } catch (const std::invalid_argument& e) {
      throw ScenarioError({scenario.source_file, 0, 0}, e.what());
    }
  }
  for (const FaultSpec& f : scenario.faults) sim.network().add_fault(to_fault(f, scenario));
  for (const FaultSpec& f : options.extra_faults) sim.network().add_fault(to_fault(f, scenario));

  // Injections resolve against the segments recorded so far: they need the trace.
  if (!scenario.injections.empty()) sim.set_recording(true);
  // One that cannot be made stops the run with an error naming it (the kernel does the same).
  auto inject = [&sim, &scenario](const InjectionSpec& injection) {
    std::vector<Segment> seen;
    for (const TraceEvent& e : sim.trace().events()) {
      if (const auto* s = get_if<SegmentEvent>(&e.body)) seen.push_back(s->segment);
    }
    auto segment = resolve_injection(injection, scenario, seen, sim.now() - kTimeZero);
    if (auto* why = std::get_if<std::string>(&segment)) throw ScenarioError(injection.where, *why);
    sim.inject(sim.now(), injection.from, std::get<Segment>(segment), injection.description);
  };
  // Each is written when its trigger fires (step_schedule.h, as for steps): `at` is known now; an
  // `after` trigger waits for the first return of its step.
  std::unordered_map<const Step*, std::vector<const InjectionSpec*>> injections_after;
  for (const InjectionSpec& injection : scenario.injections) {
    if (injection.when.after.empty()) {
      sim.schedule(trigger_ready(injection.when, StepStart{}), [&inject, &injection] {
        inject(injection);
      });
      continue;
    }
    const Step* target = scenario.step(injection.when.after);
    if (!target) {
      throw ScenarioError(injection.where, "the injection waits for step '" +
                                               injection.when.after + "', which does not exist");
    }
    injections_after[target].push_back(&injection);
  }
  auto step_returned = [&sim, &inject, &injections_after](const Step& step) {
    auto it = injections_after.find(&step);
    if (it == injections_after.end()) return;
    StepStart start;
    start.awaited_return = sim.now();
    for (const InjectionSpec* injection : it->second) {
      sim.schedule(trigger_ready(injection->when, start), [&inject, injection] {
        inject(*injection);
      });
    }
    injections_after.erase(it);  // its first return only
  };

  StepReturns done;
  std::unordered_map<const Step*, AwaitedStep> awaited;
  std::unordered_map<const Step*, int> rounds;
  for (const Program& p : scenario.programs) {
    for (const Phase& phase : p.phases) {
      for (const Step& step : phase.steps) rounds[&step] = phase.repeat;
    }
  }
  for (const Program& p : scenario.programs) {
    for (const Phase& phase : p.phases) {
      for (const Step& step : phase.steps) {
        if (step.when.after.empty()) continue;
        const Step* target = scenario.step(step.when.after);
        if (!target) {
          throw ScenarioError(step.where, "step '" + step.label + "' waits for step '" +
                                              step.when.after + "', which does not exist");
        }
        awaited[&step] = AwaitedStep{target, rounds[target]};
        done[target];  // its returns are kept
      }
    }
  }
  std::vector<std::unique_ptr<ProgramRun>> runs;
  for (const Program& p : scenario.programs) {
    Host* host = sim.host(p.host);
    if (!host) {
      const SourceLocation where = !p.phases.empty() && !p.phases[0].steps.empty()
                                       ? p.phases[0].steps[0].where
                                       : SourceLocation{scenario.source_file, 0, 0};
      throw ScenarioError(where, "program for unknown host '" + p.host + "'");
    }
    runs.push_back(std::make_unique<ProgramRun>(p, *host, sim, done, awaited, step_returned));
  }
  auto advance_all = [&runs, &sim] {
    // Keep going while any program moves: one host's step may unblock another's. A blocked call
    // is retried only when something reached its host.
    bool progressed = true;
    while (progressed) {
      progressed = false;
      for (auto& r : runs) {
        if (r->blocked() && !sim.touched(r->host())) continue;
        progressed = r->advance() || progressed;
      }
    }
    sim.clear_touched();
  };
  sim.schedule(kTimeZero, advance_all);
  sim.set_after_event([&] {
    if (sim.take_activity()) advance_all();
  });

  RunLimits limits;
  limits.time_limit = options.time_limit.value_or(scenario.time_limit);
  limits.event_limit = scenario.event_limit;
  limits.trace_event_limit = options.max_events;
  RunStatus status = sim.run(limits);
  // Programs stopped at a full trace leave nothing queued: the simulator then looks idle.
  const bool unfinished =
      std::any_of(runs.begin(), runs.end(), [](const auto& r) { return !r->finished(); });
  if (status == RunStatus::Idle && unfinished && sim.trace_full()) status = RunStatus::TraceLimit;
  Trace& trace = sim.trace();
  if (status == RunStatus::TimeLimit) {
    result.completed = false;
    result.stopped_by = StopCause::TimeLimit;
    result.stopped_at = kTimeZero + limits.time_limit;
    trace.warnings.push_back(
        {N_("stopped at the time limit of {0} (virtual time); the scenario had more to do"),
         {format_duration(limits.time_limit)}});
  } else if (status == RunStatus::EventLimit) {
    result.completed = false;
    result.stopped_by = StopCause::EventLimit;
    result.stopped_at = sim.now();
    trace.warnings.push_back(
        {N_("stopped after {0} events (the event limit); is something looping?"),
         {std::to_string(limits.event_limit)}});
  } else if (status == RunStatus::TraceLimit) {
    result.completed = false;
    result.stopped_by = StopCause::TraceLimit;
    result.stopped_at = sim.now();
    trace.warnings.push_back(
        {N_("stopped after {0} trace events, at {1} of virtual time: the limit is {2} events per "
            "run (raise it with --max-events N); the scenario had more to do"),
         {std::to_string(trace.size()), format_duration(sim.now() - kTimeZero),
          std::to_string(options.max_events)}});
  }
  for (auto& r : runs) {
    if (r->blocked()) {
      trace.warnings.push_back(r->still_blocked());
    }
  }
  result.trace = sim.take_trace();
  return result;
}

}  // namespace tcplab
