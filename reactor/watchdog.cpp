// The watchdog: one thread per process, running while any reactor runs, that finds
// task slices running past their limit and catches where they are stuck.
//
// It samples each running reactor's slice number every quarter of its limit. A
// slice still running a full limit after the watchdog first saw it is flagged; if
// its thread is computing (or in a system call that restarts after a signal, such
// as a blocking read), the watchdog signals it, Seastar-style, and the handler
// copies the stack while the slice still runs. A thread blocked in a call that a
// signal would cut short (nanosleep, poll, ...) is not signalled: the stall is
// still reported, with the call's name instead of a stack.
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>
#include <vector>

#include "concur_thread_safety.h"
#include "slice_monitor.h"

namespace concur::reactor_internal {
namespace {

// SIGURG: ignored by default and unused by programs that do not ask for
// out-of-band socket data. A program that installs its own handler for it keeps
// it; the watchdog then takes no stacks.
constexpr int kStallSignal = SIGURG;
constexpr std::int64_t kMinPeriodNs = 250'000;
constexpr std::int64_t kIdleWakeNs = 1'000'000'000;

constinit thread_local SliceMonitor* t_monitor = nullptr;

std::uintptr_t interrupted_pc(void* context) {
  auto* uc = static_cast<ucontext_t*>(context);
#if defined(__x86_64__)
  return static_cast<std::uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<std::uintptr_t>(uc->uc_mcontext.pc);
#else
  (void)uc;
  return 0;
#endif
}

// Runs on the loop thread while the flagged slice runs. backtrace() was called once
// before (watch), so it does not load the unwinder here.
void on_stall_signal(int, siginfo_t*, void* context) {
  const int saved_errno = errno;
  SliceMonitor* m = t_monitor;
  if (m != nullptr) {
    const std::uint64_t slice = m->capture.load(std::memory_order_acquire);
    if (slice != 0 && m->running.load(std::memory_order_relaxed) == slice &&
        m->captured.load(std::memory_order_relaxed) != slice) {
      void* frames[kStallFrames + 8];
      int depth = ::backtrace(frames, kStallFrames + 8);
      // Drop the handler's own frames: the stack starts at the interrupted
      // instruction (when the unwinder walked through the signal frame).
      int first = depth > 0 ? 1 : 0;
      const std::uintptr_t pc = interrupted_pc(context);
      for (int i = 0; i < depth; ++i)
        if (reinterpret_cast<std::uintptr_t>(frames[i]) == pc) {
          first = i;
          break;
        }
      m->depth = std::min(depth - first, kStallFrames);
      for (int i = 0; i < m->depth; ++i) m->frames[i] = frames[first + i];
      m->captured.store(slice, std::memory_order_release);
    }
  }
  errno = saved_errno;
}

bool our_handler_installed() {
  struct sigaction current {};
  if (::sigaction(kStallSignal, nullptr, &current) != 0) return false;
  return (current.sa_flags & SA_SIGINFO) && current.sa_sigaction == &on_stall_signal;
}

void install_handler_once() {
  static const bool installed = [] {
    struct sigaction current {};
    if (::sigaction(kStallSignal, nullptr, &current) != 0) return false;
    const bool free_to_use = !(current.sa_flags & SA_SIGINFO) && (current.sa_handler == SIG_DFL || current.sa_handler == SIG_IGN);
    if (!free_to_use) return false;  // the program's own: leave it alone
    struct sigaction action {};
    action.sa_sigaction = &on_stall_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    return ::sigaction(kStallSignal, &action, nullptr) == 0;
  }();
  (void)installed;
}

#if defined(__x86_64__)
struct SyscallName {
  long number;
  const char* name;
  bool restarts;  // restarted after a handler installed with SA_RESTART (signal(7))
};
// The calls a stalled task is likely blocked in. Unknown ones are not signalled.
constexpr SyscallName kSyscalls[] = {
    {SYS_read, "read", true},          {SYS_write, "write", true},
    {SYS_readv, "readv", true},        {SYS_writev, "writev", true},
    {SYS_pread64, "pread", true},      {SYS_pwrite64, "pwrite", true},
    {SYS_recvfrom, "recv", true},      {SYS_sendto, "send", true},
    {SYS_recvmsg, "recvmsg", true},    {SYS_sendmsg, "sendmsg", true},
    {SYS_accept, "accept", true},      {SYS_accept4, "accept", true},
    {SYS_connect, "connect", true},    {SYS_wait4, "wait", true},
    {SYS_futex, "futex", true},        {SYS_flock, "flock", true},
    {SYS_fsync, "fsync", true},        {SYS_fdatasync, "fdatasync", true},
    {SYS_openat, "open", true},        {SYS_nanosleep, "nanosleep", false},
    {SYS_clock_nanosleep, "nanosleep", false}, {SYS_poll, "poll", false},
    {SYS_ppoll, "poll", false},        {SYS_select, "select", false},
    {SYS_pselect6, "select", false},   {SYS_epoll_wait, "epoll_wait", false},
    {SYS_epoll_pwait, "epoll_wait", false}, {SYS_pause, "pause", false},
    {SYS_rt_sigsuspend, "sigsuspend", false}, {SYS_rt_sigtimedwait, "sigwait", false},
};
#endif

// Nanoseconds the thread spent runnable but waiting for a CPU (schedstat's
// run_delay); -1 when the kernel does not tell. The watchdog reads it each time it
// sees a new slice, so on a busy loop at every sample: the file stays open
// (`fd`, opened at the first read, closed with the watch) and is read again from
// the start, and the number is parsed in place.
std::int64_t run_delay_ns(pid_t tid, int& fd) {
  if (fd < 0) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/task/%d/schedstat", static_cast<int>(tid));
    fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
  }
  char text[96];
  ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return -1;
  text[n] = '\0';
  // "<time on the CPU> <time waiting for one> <timeslices>"
  const char* p = text;
  while (*p >= '0' && *p <= '9') ++p;
  if (*p != ' ') return -1;
  ++p;
  if (*p < '0' || *p > '9') return -1;
  std::int64_t delay = 0;
  for (; *p >= '0' && *p <= '9'; ++p) delay = delay * 10 + (*p - '0');
  return delay;
}

void close_run_delay(SliceMonitor& m) noexcept {
  if (m.schedstat_fd >= 0) ::close(m.schedstat_fd);
  m.schedstat_fd = -1;
}

// nullptr when the thread may be signalled (running, or in a call that restarts),
// else the name of the call it is blocked in.
const char* blocking_syscall(pid_t tid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/syscall", static_cast<int>(tid));
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  char text[32] = {};
  ssize_t n = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (n <= 0 || text[0] < '0' || text[0] > '9') return nullptr;  // "running"
#if defined(__x86_64__)
  const long number = std::strtol(text, nullptr, 10);
  for (const SyscallName& s : kSyscalls)
    if (s.number == number) return s.restarts ? nullptr : s.name;
#endif
  return "a system call";
}

class Watchdog {
 public:
  void watch(SliceMonitor& m) CONCUR_EXCLUDES(mu_) {
    void* warm_up[2];
    ::backtrace(warm_up, 2);  // loads the unwinder now, not in the signal handler
    install_handler_once();
    m.thread = pthread_self();
    m.tid = static_cast<pid_t>(::syscall(SYS_gettid));
    m.seen = 0;
    t_monitor = &m;
    sync_internal::LockGuard lock(mu_);
    monitors_.push_back(&m);
    if (!thread_running_) {
      thread_running_ = true;
      thread_ = std::thread([this, generation = generation_] { run(generation); });
    }
    wake_.notify_all();
  }

  void unwatch(SliceMonitor& m) noexcept CONCUR_EXCLUDES(mu_) {
    t_monitor = nullptr;
    std::thread finished;
    {
      sync_internal::LockGuard lock(mu_);
      monitors_.erase(std::remove(monitors_.begin(), monitors_.end(), &m), monitors_.end());
      close_run_delay(m);  // the watchdog no longer looks at m
      if (monitors_.empty() && thread_running_) {
        ++generation_;  // the running thread's generation ends; a later watch starts another
        thread_running_ = false;
        finished = std::move(thread_);
      }
      wake_.notify_all();
    }
    if (finished.joinable()) finished.join();
  }

  // Under the lock: the watchdog reads a limit and then waits with the lock held
  // throughout, so a notify between the two (a limit set as a reactor starts) would
  // be lost and the watchdog would sleep its idle second through the first slices.
  void limits_changed() noexcept CONCUR_EXCLUDES(mu_) {
    sync_internal::LockGuard lock(mu_);
    wake_.notify_all();
  }

  // After fork, the child has no watchdog thread (and the lock may be held). Not
  // analyzed: the child runs this alone, before any other thread exists, and
  // re-creates the lock rather than taking it.
  void forget_after_fork() noexcept CONCUR_NO_THREAD_SAFETY_ANALYSIS {
    new (&mu_) sync_internal::Mutex;
    new (&wake_) std::condition_variable;
    for (SliceMonitor* m : monitors_) close_run_delay(*m);  // the parent's threads' files
    monitors_.clear();
    if (thread_running_) {
      new (&thread_) std::thread;  // the parent's thread object; the thread is not ours
      thread_running_ = false;
      ++generation_;
    }
  }

 private:
  void run(std::uint64_t generation) CONCUR_EXCLUDES(mu_) {
    sync_internal::UniqueLock lock(mu_);
    while (generation_ == generation) {
      const std::int64_t now = steady_now_ns();
      std::int64_t next = now + kIdleWakeNs;
      for (SliceMonitor* m : monitors_) next = std::min(next, sample(*m, now));
      lock.wait_for(wake_, std::chrono::nanoseconds(std::max<std::int64_t>(next - now, 0)));
    }
  }

  // Looks at one monitor; returns when it should be looked at next.
  std::int64_t sample(SliceMonitor& m, std::int64_t now) {
    const std::int64_t limit = m.limit_ns.load(std::memory_order_relaxed);
    if (limit <= 0) {
      m.seen = 0;
      return now + kIdleWakeNs;
    }
    const std::int64_t period = std::max(limit / 4, kMinPeriodNs);
    const std::uint64_t slice = m.running.load(std::memory_order_acquire);
    if (slice == 0 || slice != m.seen) {  // idle, or a slice not seen before
      m.seen = slice;
      m.seen_since_ns = now;
      // The base is taken now, not at the next look: if this thread is late for
      // that look, the loop thread's wait for a CPU in between would count as
      // running (a slice flagged before its task ran at all).
      m.run_delay_base_ns = slice == 0 ? -1 : run_delay_ns(m.tid, m.schedstat_fd);
      return now + period;
    }
    if (m.flagged.load(std::memory_order_relaxed) == slice) return now + period;
    // Time the thread waited for a CPU (another process had it) is not the task's
    // doing: it does not count, so a busy machine does not make stalls.
    std::int64_t preempted = 0;
    if (m.run_delay_base_ns < 0) {
      m.run_delay_base_ns = run_delay_ns(m.tid, m.schedstat_fd);
    } else if (std::int64_t delay = run_delay_ns(m.tid, m.schedstat_fd); delay >= m.run_delay_base_ns) {
      preempted = delay - m.run_delay_base_ns;
    }
    const std::int64_t ran = now - m.seen_since_ns - preempted;
    if (ran < limit) return now + (limit - ran);
    flag(m, slice, m.seen_since_ns + preempted);
    return now + period;
  }

  void flag(SliceMonitor& m, std::uint64_t slice, std::int64_t since_ns) {
    const char* blocked_in = blocking_syscall(m.tid);
    m.flagged_since_ns.store(since_ns, std::memory_order_relaxed);
    m.blocked_in.store(blocked_in ? blocked_in : "", std::memory_order_relaxed);
    m.flagged.store(slice, std::memory_order_release);
    if (blocked_in == nullptr && our_handler_installed()) {
      m.capture.store(slice, std::memory_order_release);
      ::pthread_kill(m.thread, kStallSignal);
    }
  }

  sync_internal::Mutex mu_;
  std::condition_variable wake_;
  std::vector<SliceMonitor*> monitors_ CONCUR_GUARDED_BY(mu_);
  std::thread thread_ CONCUR_GUARDED_BY(mu_);
  bool thread_running_ CONCUR_GUARDED_BY(mu_) = false;
  std::uint64_t generation_ CONCUR_GUARDED_BY(mu_) = 0;
};

Watchdog& watchdog() {
  static Watchdog* w = [] {
    auto* created = new Watchdog;  // never destroyed: reactors may run during exit
    ::pthread_atfork(nullptr, nullptr, [] { watchdog().forget_after_fork(); });
    return created;
  }();
  return *w;
}

}  // namespace

std::int64_t steady_now_ns() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void watch(SliceMonitor& monitor) { watchdog().watch(monitor); }
void unwatch(SliceMonitor& monitor) noexcept { watchdog().unwatch(monitor); }
void limits_changed() noexcept { watchdog().limits_changed(); }

}  // namespace concur::reactor_internal
