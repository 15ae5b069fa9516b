#pragma once
// A lesson's injections ([[injections]]) on the kernel: when each one's trigger fires (`at`, or
// `delay` after a step's first return: step_schedule.h, the steps' rule), the segment made
// from what the capture has seen so far (scenario/injection.h, the rule the model follows too) is
// written onto lo by the packet socket packetdrill scripts use (script_wire.h). The kernel then
// receives it as it would from the wire; the capture sees it arrive, and the trace marks it.
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/message.h"
#include "real/loopback_capture.h"
#include "real/run_answer.h"
#include "real/script_wire.h"
#include "scenario/scenario.h"

namespace tcplab::real {

// One segment written onto lo: when (monotonic ns, just before the write) and by which injection.
struct InjectedWrite {
  std::int64_t t_ns = 0;
  Segment segment;
  const InjectionSpec* spec = nullptr;
};

class LessonInjector {
 public:
  LessonInjector(const Scenario& scenario, const LoopbackCapture& capture)
      : scenario_(scenario), capture_(capture) {}
  ~LessonInjector();
  LessonInjector(const LessonInjector&) = delete;
  LessonInjector& operator=(const LessonInjector&) = delete;

  // Opens the packet socket on lo. "" or why it cannot (it needs CAP_NET_RAW in the namespace).
  std::string open();
  // Writes each injection when its trigger fires, on a thread; none at or after `deadline_ns`.
  void start(std::int64_t origin_ns, std::int64_t deadline_ns);
  // A program's step returned (relative ns): injections timed `after` it are now due.
  void step_returned(const std::string& label, std::int64_t returned_ns);
  // Every program has finished: an injection waiting for a step that never returned never fires.
  void programs_finished();
  // Whether every injection that can still fire before the deadline has been written, or one
  // could not be made.
  bool done() const;
  // The injection that could not be made (no such connection, no ISN): it ends the run, as on the
  // model. Only the first; none after it is written.
  std::optional<InjectionFailure> failure() const;
  // Stops the thread (pending injections are not written); what was written, and the problems
  // (each "file:line:col: why": a write that failed).
  std::vector<InjectedWrite> stop(std::vector<std::string>& problems);

 private:
  void run(std::int64_t origin_ns, std::int64_t deadline_ns);
  // When injection `i` is due (relative ns), if its trigger has fired. Under mutex_.
  std::optional<std::int64_t> due_ns(std::size_t i) const;

  const Scenario& scenario_;
  const LoopbackCapture& capture_;
  ScriptWire wire_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool done_ = false;
  bool programs_finished_ = false;
  std::map<std::string, std::int64_t> first_returns_;  // step label -> its first return
  std::optional<InjectionFailure> failure_;
  std::vector<InjectedWrite> written_;
  std::vector<std::string> problems_;
};

// Marks the captured packets the injections wrote (the first copy of each seen at or after its
// write): fault Injected, with the lesson's words. Returns a warning for each not seen.
std::vector<Message> mark_injected(std::vector<CapturedPacket>& packets,
                                       const std::vector<InjectedWrite>& written,
                                       std::int64_t origin_ns);

}  // namespace tcplab::real
