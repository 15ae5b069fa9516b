#include "real/script_syscall_thread.h"

#include <fstream>
#include <string>

#include <sys/syscall.h>
#include <unistd.h>

#include "real/run_queue_wait.h"

namespace tcplab::real {

namespace {

// The calling thread's kernel id, for /proc/self/task/<tid>/stat.
pid_t thread_id() { return static_cast<pid_t>(syscall(SYS_gettid)); }

}  // namespace

bool thread_sleeping(pid_t tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  std::getline(stat, line);
  // "tid (comm) S ...": the state follows the last ')' (comm may hold one).
  const auto paren = line.rfind(')');
  if (paren == std::string::npos || paren + 2 >= line.size()) return false;
  const char state = line[paren + 2];
  return state == 'S' || state == 'D';
}

SyscallThread::SyscallThread() {
  thread_ = std::thread([this] { loop(); });
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return tid_ != 0; });
}

SyscallThread::~SyscallThread() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void SyscallThread::issue(std::function<CallOutcome()> call) {
  std::lock_guard lock(mutex_);
  call_ = std::move(call);
  done_.reset();
  busy_ = true;
  changed_.notify_all();
}

std::optional<CallOutcome> SyscallThread::result() {
  std::lock_guard lock(mutex_);
  return done_;
}

void SyscallThread::loop() {
  RunQueueWait wait;
  {
    std::lock_guard lock(mutex_);
    tid_ = thread_id();
  }
  changed_.notify_all();
  for (;;) {
    std::function<CallOutcome()> call;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return quit_ || call_; });
      if (quit_) return;
      call = std::move(call_);
      call_ = nullptr;
    }
    const auto before = wait.total_ns().value_or(0);
    CallOutcome out = call();
    out.cpu_wait_ns = wait.total_ns().value_or(0) - before;
    {
      std::lock_guard lock(mutex_);
      done_ = out;
      busy_ = false;
    }
  }
}

}  // namespace tcplab::real
