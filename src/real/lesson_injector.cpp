#include "present/message_text.h"
#include "real/lesson_injector.h"

#include <algorithm>
#include <chrono>
#include <variant>

#include "real/kernel_knobs.h"
#include "real/monotonic_clock.h"
#include "scenario/injection.h"
#include "scenario/step_schedule.h"

namespace tcplab::real {

LessonInjector::~LessonInjector() {
  std::vector<std::string> ignored;
  stop(ignored);
}

std::string LessonInjector::open() {
  // A packet written onto lo carries no route: ip_route_input_slow() looks one up and drops a
  // 127.0.0.0/8 source or destination as martian unless route_localnet is on for lo, and
  // fib_validate_source() drops a source that is one of the namespace's own addresses (127.0.0.1)
  // unless accept_local is on. The host's own loopback packets keep the route they were sent with
  // and meet neither check. Only this namespace's lo.
  KnobPlan localnet;
  localnet.sysctls.emplace_back("/proc/sys/net/ipv4/conf/lo/route_localnet", "1");
  localnet.sysctls.emplace_back("/proc/sys/net/ipv4/conf/lo/accept_local", "1");
  if (const auto errors = apply_sysctls(localnet); !errors.empty())
    return present::message_text(errors.front());
  return wire_.open();
}

void LessonInjector::start(std::int64_t origin_ns, std::int64_t deadline_ns) {
  thread_ = std::thread([this, origin_ns, deadline_ns] { run(origin_ns, deadline_ns); });
}

void LessonInjector::step_returned(const std::string& label, std::int64_t returned_ns) {
  {
    std::lock_guard lock(mutex_);
    if (!first_returns_.emplace(label, returned_ns).second) return;  // its first return only
  }
  wake_.notify_all();
}

void LessonInjector::programs_finished() {
  {
    std::lock_guard lock(mutex_);
    programs_finished_ = true;
  }
  wake_.notify_all();
}

bool LessonInjector::done() const {
  std::lock_guard lock(mutex_);
  return done_;
}

std::optional<InjectionFailure> LessonInjector::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

std::optional<std::int64_t> LessonInjector::due_ns(std::size_t i) const {
  const Trigger& when = scenario_.injections[i].when;
  StepStart start;
  if (!when.after.empty()) {
    const auto returned = first_returns_.find(when.after);
    if (returned == first_returns_.end()) return std::nullopt;
    start.awaited_return = instant_from_ns(returned->second);
  }
  return to_ns(trigger_ready(when, start));
}

void LessonInjector::run(std::int64_t origin_ns, std::int64_t deadline_ns) {
  std::vector<bool> pending(scenario_.injections.size(), true);
  std::unique_lock lock(mutex_);
  for (;;) {
    // The earliest injection whose trigger has fired; ties in the lesson's order.
    std::optional<std::size_t> next;
    std::optional<std::int64_t> next_due;
    bool waiting_for_a_step = false;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (!pending[i]) continue;
      const auto due = due_ns(i);
      if (!due) {
        waiting_for_a_step = true;
      } else if (*due >= deadline_ns) {
        pending[i] = false;  // after the run's end: never written, as the model never reaches it
      } else if (!next_due || *due < *next_due) {
        next = i;
        next_due = due;
      }
    }
    if (!next && (!waiting_for_a_step || programs_finished_)) break;
    if (!next) {
      // A step it waits for has not returned yet: woken by step_returned() or the end.
      wake_.wait(lock);
      if (stopping_) return;
      continue;
    }
    // steady_clock is CLOCK_MONOTONIC, the clock origin_ns is on. A step returning meanwhile may
    // make another injection due sooner: woken, it looks again.
    const auto when =
        std::chrono::steady_clock::time_point(std::chrono::nanoseconds(origin_ns + *next_due));
    const std::size_t returns_before = first_returns_.size();
    if (wake_.wait_until(lock, when, [&] {
          return stopping_ || first_returns_.size() != returns_before;
        })) {
      if (stopping_) return;
      continue;
    }
    pending[*next] = false;
    const InjectionSpec& spec = scenario_.injections[*next];
    lock.unlock();
    std::vector<Segment> seen;
    for (const CapturedPacket& p : capture_.snapshot()) seen.push_back(p.segment);
    auto segment = resolve_injection(spec, scenario_, seen, Duration{*next_due});
    std::string error;
    std::int64_t t_ns = 0;
    if (std::holds_alternative<Segment>(segment)) {
      t_ns = monotonic_now_ns();
      error = wire_.inject(std::get<Segment>(segment));
    }
    lock.lock();
    if (auto* why = std::get_if<std::string>(&segment)) {
      // As on the model (ModelBackend::run): the run stops here, with an error naming it.
      failure_ = InjectionFailure{*next, *why};
      break;
    }
    if (!error.empty()) {
      const std::string where = spec.where.to_string();
      problems_.push_back(where + (where.empty() ? "" : ": ") + "injection not written: " + error);
    } else {
      written_.push_back({t_ns, std::get<Segment>(segment), &spec});
    }
  }
  done_ = true;
}

std::vector<InjectedWrite> LessonInjector::stop(std::vector<std::string>& problems) {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  problems.insert(problems.end(), problems_.begin(), problems_.end());
  problems_.clear();
  return std::move(written_);
}

std::vector<Message> mark_injected(std::vector<CapturedPacket>& packets,
                                   const std::vector<InjectedWrite>& written,
                                   std::int64_t origin_ns) {
  std::vector<Message> warnings;
  for (const InjectedWrite& w : written) {
    // The capture's timestamps are wall-clock turned monotonic: allow them a millisecond's skew.
    constexpr std::int64_t kClockSkewNs = 1'000'000;
    auto it = std::find_if(packets.begin(), packets.end(), [&](const CapturedPacket& p) {
      return !p.fault && p.t_ns + origin_ns >= w.t_ns - kClockSkewNs &&
             same_wire_segment(p.segment, w.segment);
    });
    if (it == packets.end()) {
      warnings.push_back(
          {N_("{0}: the injected segment was written onto lo but the capture never saw it"),
           {w.spec->where.to_string()}});
      continue;
    }
    it->fault = WireFault{WireAction::Injected, w.spec->description};
  }
  return warnings;
}

}  // namespace tcplab::real
