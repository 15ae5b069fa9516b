#include "present/message_text.h"
#include "real/lesson_injector.h"

#include <algorithm>
#include <chrono>
#include <variant>

#include "real/kernel_knobs.h"
#include "real/monotonic_clock.h"
#include "scenario/injection.h"

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

bool LessonInjector::done() const {
  std::lock_guard lock(mutex_);
  return done_;
}

void LessonInjector::run(std::int64_t origin_ns, std::int64_t deadline_ns) {
  std::vector<const InjectionSpec*> order;
  for (const InjectionSpec& spec : scenario_.injections) order.push_back(&spec);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->at < b->at; });
  for (const InjectionSpec* spec : order) {
    const std::int64_t due = to_ns(kTimeZero + spec->at);
    if (due >= deadline_ns) break;
    {
      // steady_clock is CLOCK_MONOTONIC, the clock origin_ns is on.
      std::unique_lock lock(mutex_);
      const auto when = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(origin_ns + due));
      if (wake_.wait_until(lock, when, [this] { return stopping_; })) return;
    }
    std::vector<Segment> seen;
    for (const CapturedPacket& p : capture_.snapshot()) seen.push_back(p.segment);
    auto segment = resolve_injection(*spec, scenario_, seen);
    const std::string where = spec->where.to_string() + (spec->where.to_string().empty() ? "" : ": ");
    if (auto* why = std::get_if<std::string>(&segment)) {
      std::lock_guard lock(mutex_);
      problems_.push_back(where + *why);
      continue;
    }
    const std::int64_t t_ns = monotonic_now_ns();
    const std::string error = wire_.inject(std::get<Segment>(segment));
    std::lock_guard lock(mutex_);
    if (!error.empty()) {
      problems_.push_back(where + "injection not written: " + error);
    } else {
      written_.push_back({t_ns, std::get<Segment>(segment), spec});
    }
  }
  std::lock_guard lock(mutex_);
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

std::vector<std::string> mark_injected(std::vector<CapturedPacket>& packets,
                                       const std::vector<InjectedWrite>& written,
                                       std::int64_t origin_ns) {
  std::vector<std::string> warnings;
  for (const InjectedWrite& w : written) {
    // The capture's timestamps are wall-clock turned monotonic: allow them a millisecond's skew.
    constexpr std::int64_t kClockSkewNs = 1'000'000;
    auto it = std::find_if(packets.begin(), packets.end(), [&](const CapturedPacket& p) {
      return !p.fault && p.t_ns + origin_ns >= w.t_ns - kClockSkewNs &&
             same_wire_segment(p.segment, w.segment);
    });
    if (it == packets.end()) {
      warnings.push_back(w.spec->where.to_string() +
                         ": the injected segment was written onto lo but the capture never saw it");
      continue;
    }
    it->fault = WireFault{WireAction::Injected, w.spec->description};
  }
  return warnings;
}

}  // namespace tcplab::real
