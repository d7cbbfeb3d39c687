// The loop: ready queue, epoll, timers and offload completions.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

#include "concur/reactor/loop.h"
#include "concur/reactor/offload.h"
#include "io_dispatch.h"
#include "io_handle.h"
#include "offload_pool.h"
#include "slice_monitor.h"
#include "stall_report.h"
#include "system_error.h"

namespace concur {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxEvents = 256;
constexpr std::size_t kKeepReadyCapacity = 64 * 1024;

/// The coroutine that owns the root task of Reactor::run.
struct RootRunner {
  struct promise_type {
    reactor_internal::TaskContext ctx{nullptr, "root"};
    RootRunner get_return_object() noexcept {
      return RootRunner{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

RootRunner run_body(Task<void> body, bool& done, std::exception_ptr& error) {
  try {
    co_await std::move(body);
  } catch (...) {
    error = std::current_exception();
  }
  done = true;
}

}  // namespace

Reactor::Reactor()
    : epoch_(Clock::now()),
      wheel_(0, &reactor_internal::fire_timer),
      stall_threshold_(reactor_internal::default_stall_threshold()),
      monitor_(std::make_unique<reactor_internal::SliceMonitor>()) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) reactor_internal::throw_errno(errno, "concur::Reactor: epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    int e = errno;
    ::close(epoll_fd_);
    reactor_internal::throw_errno(e, "concur::Reactor: eventfd");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // nullptr marks the wake-up eventfd
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) < 0)
    reactor_internal::throw_errno(errno, "concur::Reactor: epoll_ctl(eventfd)");
  ready_.reserve(1024);
  running_.reserve(1024);
}

Reactor::~Reactor() {
  pool_.reset();  // joins workers; none can be busy for us: run() waited for them
  if (open_sockets_ != 0 || live_tasks_ != 0) {
    if (ReactorObserver* o = reactor_observer()) o->reactor_destroyed(ReactorLeftovers{open_sockets_, live_tasks_});
  }
  for (reactor_internal::IoHandle* io = sockets_; io; io = io->next_registered) io->reactor = nullptr;  // outlive us
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

Reactor& Reactor::current() {
  if (!reactor_internal::this_thread.reactor) throw std::logic_error("concur: no Reactor is running on this thread");
  return *reactor_internal::this_thread.reactor;
}

std::uint64_t Reactor::now_tick() const noexcept {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - epoch_).count());
}

void Reactor::arm_timer(reactor_internal::TimerNode* node, Clock::time_point deadline) noexcept {
  auto since = deadline - epoch_;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(since).count();
  node->set_deadline(ms < 0 ? 0 : static_cast<std::uint64_t>(ms));
  if (wheel_.empty()) wheel_.advance(now_tick());  // an idle wheel's clock is stale: catch up first
  wheel_.arm(node);
}

void Reactor::cancel_timer(reactor_internal::TimerNode* node) noexcept { wheel_.cancel(node); }

void Reactor::register_io(reactor_internal::IoHandle& io) {
  if (io.reactor == this) return;
  if (io.reactor != nullptr) throw std::logic_error("concur: a socket is used by two reactors");
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;  // edge-triggered: one epoll_ctl per socket
  ev.data.ptr = &io;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, io.fd, &ev) < 0) reactor_internal::throw_errno(errno, "concur: epoll_ctl(ADD)");
  io.reactor = this;
  io.next_registered = sockets_;
  if (sockets_) sockets_->prev_registered = &io.next_registered;
  io.prev_registered = &sockets_;
  sockets_ = &io;
  ++open_sockets_;
}

void Reactor::socket_closed(reactor_internal::IoHandle& io) noexcept {
  if (io.reactor != this) return;
  // close(2) alone leaves the registration alive while a forked child still holds the
  // socket, and its events would then point at a freed record.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, io.fd, nullptr);
  *io.prev_registered = io.next_registered;
  if (io.next_registered) io.next_registered->prev_registered = io.prev_registered;
  io.prev_registered = nullptr;
  io.next_registered = nullptr;
  --open_sockets_;
}

void Reactor::task_started() noexcept { ++live_tasks_; }
void Reactor::task_ended() noexcept { --live_tasks_; }

// The running slice's context ends: keep its task for a stall report on the slice.
void Reactor::context_ending(reactor_internal::TaskContext* ctx) noexcept {
  const TaskInfo* task = ctx->task();
  slice_task_ = task ? *task : TaskInfo{};
  slice_ctx_ = nullptr;
}

void Reactor::submit_offload(reactor_internal::OffloadJob* job) {
  if (!pool_) pool_ = std::make_unique<reactor_internal::OffloadPool>(reactor_internal::OffloadPool::default_size());
  ++offloads_in_flight_;
  pool_->submit(job);
}

void Reactor::complete_offload(reactor_internal::OffloadJob* job) noexcept {
  // pool_ is set before the first job reaches a worker and outlives the workers.
  if (pool_->hand_back(job)) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

void Reactor::drain_offloads() {
  std::uint64_t count;
  [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
  if (!pool_) return;
  reactor_internal::OffloadJob* fifo = pool_->take_finished();
  while (fifo) {
    reactor_internal::OffloadJob* next = fifo->next;
    --offloads_in_flight_;
    reactor_internal::wake(fifo->waiter);
    fifo = next;
  }
}

void Reactor::run_ready() {
  running_.swap(ready_);
  ReactorObserver* o = reactor_observer();
  if (slice_limit_ns() > 0) resume_all<true>(o);
  else resume_all<false>(o);
  stats_.resumes += running_.size();
  running_.clear();
  if (running_.capacity() > kKeepReadyCapacity) running_.shrink_to_fit();  // after a burst of spawns
  reactor_internal::this_thread.ctx = nullptr;
  if (o) o->task_switched(nullptr);
}

// Timed, each slice is numbered for the watchdog (two stores and a load per slice,
// no clock); the clock is read only when the watchdog flagged the slice.
template <bool kTimed>
void Reactor::resume_all(ReactorObserver* o) {
  reactor_internal::SliceMonitor& m = *monitor_;
  for (const Ready& r : running_) {
    reactor_internal::this_thread.ctx = r.ctx;
    if (o) o->task_switched(r.ctx ? r.ctx->task() : nullptr);
    if constexpr (kTimed) {
      slice_ctx_ = r.ctx;
      m.running.store(++slice_number_, std::memory_order_release);
    }
    r.handle.resume();
    if constexpr (kTimed) {
      m.running.store(0, std::memory_order_release);
      if (m.flagged.load(std::memory_order_acquire) == slice_number_) [[unlikely]]
        end_long_slice(o);
    }
  }
}

std::int64_t Reactor::slice_limit_ns() noexcept {
  std::int64_t limit = std::chrono::nanoseconds(stall_threshold_).count();
  const std::int64_t watch = std::chrono::nanoseconds(slice_watch()).count();
  if (watch > 0 && (limit <= 0 || watch < limit)) limit = watch;
  if (limit > 0 && !watched_) {
    monitor_->limit_ns.store(limit, std::memory_order_relaxed);  // the watchdog's first look times the slice
    try {
      reactor_internal::watch(*monitor_);
      watched_ = true;
    } catch (...) {  // no watchdog thread: run untimed
      monitor_->limit_ns.store(0, std::memory_order_relaxed);
      return 0;
    }
  }
  if (watched_ && monitor_->limit_ns.load(std::memory_order_relaxed) != limit) {
    monitor_->limit_ns.store(limit, std::memory_order_relaxed);
    reactor_internal::limits_changed();
  }
  return limit;
}

namespace {
std::atomic<std::uint64_t> next_stall_id{1};
}

void Reactor::end_long_slice(ReactorObserver* o) noexcept {
  reactor_internal::SliceMonitor& m = *monitor_;
  // The slice's task may be gone: nothing may look at its context now.
  reactor_internal::this_thread.ctx = nullptr;
  TaskStall stall;
  stall.id = next_stall_id.fetch_add(1, std::memory_order_relaxed);
  if (slice_ctx_) {  // still alive: so is its task
    const TaskInfo* task = slice_ctx_->task();
    stall.task = task ? *task : TaskInfo{};
  } else {
    stall.task = slice_task_;
  }
  stall.duration = std::chrono::nanoseconds(reactor_internal::steady_now_ns() -
                                            m.flagged_since_ns.load(std::memory_order_relaxed));
  if (m.captured.load(std::memory_order_acquire) == slice_number_)
    stall.stack = std::span<void* const>(m.frames, static_cast<std::size_t>(m.depth));
  stall.blocked_in = m.blocked_in.load(std::memory_order_relaxed);
  stall.over_threshold = stall_threshold_.count() > 0 && stall.duration >= stall_threshold_;
  ++stats_.stalls;
  if (o) o->task_stalled(stall);
  if (stall.over_threshold) reactor_internal::report_stall(stall, this);
}

void Reactor::poll(bool block) {
  int timeout_ms = 0;
  if (block) {
    // No timer: no clock read (a busy loop blocks in epoll_wait once per batch).
    std::int64_t ticks = wheel_.empty() ? -1 : wheel_.ticks_until_next(now_tick());
    if (ticks < 0 && io_waiters_ == 0 && offloads_in_flight_ == 0) {
      unwind_deadlock();
      return;
    }
    timeout_ms = ticks < 0 ? -1 : static_cast<int>(ticks > 1'000'000 ? 1'000'000 : ticks);
  }
  epoll_event events[kMaxEvents];
  int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, timeout_ms);
  ++stats_.polls;
  if (n < 0) {
    if (errno != EINTR) reactor_internal::throw_errno(errno, "concur: epoll_wait");
    n = 0;
  }
  stats_.events += static_cast<std::uint64_t>(n);
  // Every ready event of this poll is handled before the next one.
  for (int i = 0; i < n; ++i) {
    if (events[i].data.ptr == nullptr) {
      drain_offloads();
    } else {
      reactor_internal::handle_io_event(*static_cast<reactor_internal::IoHandle*>(events[i].data.ptr), events[i].events);
    }
  }
  if (!wheel_.empty()) {
    std::size_t fired = wheel_.advance(now_tick());
    if (fired) {
      ++stats_.timer_wakeups;
      stats_.timers_fired += fired;
    }
  }
}

namespace {
constexpr const char* kDeadlock =
    "concur::Reactor::run: deadlock: every task waits on a channel or join that no running task, "
    "timer, socket or offload can complete";
}

void Reactor::unwind_deadlock() {
  // First time: cancel everything so the tasks unwind through their destructors.
  // If they block again without anything pending, give up (their frames leak).
  if (deadlocked_ || root_ctx_ == nullptr) throw std::logic_error(kDeadlock);
  deadlocked_ = true;
  root_ctx_->cancel();
}

void Reactor::run_root(Task<void> body) {
  if (running_root_ || reactor_internal::this_thread.reactor != nullptr)
    throw std::logic_error("concur::Reactor::run called while a reactor is running on this thread");
  struct Scope {
    Reactor& r;
    explicit Scope(Reactor& reactor) : r(reactor) {
      r.running_root_ = true;
      reactor_internal::this_thread.reactor = &r;
    }
    ~Scope() {
      if (r.watched_) {
        reactor_internal::unwatch(*r.monitor_);
        r.watched_ = false;
      }
      reactor_internal::flush_stall_reports(&r);
      r.running_root_ = false;
      reactor_internal::this_thread.reactor = nullptr;
      reactor_internal::this_thread.ctx = nullptr;
    }
  } scope(*this);

  bool done = false;
  std::exception_ptr error;
  RootRunner root = run_body(std::move(body), done, error);
  root_ctx_ = &root.handle.promise().ctx;
  deadlocked_ = false;
  schedule(root.handle, root_ctx_);
  while (!done) {
    run_ready();
    if (done) break;
    poll(ready_.empty());
  }
  root_ctx_ = nullptr;
  if (deadlocked_) throw std::logic_error(kDeadlock);
  if (error) std::rethrow_exception(error);
}

}  // namespace concur
