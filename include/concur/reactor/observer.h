// concur/reactor/observer.h — the reactor's observer interface: how anything outside
// the reactor (concur::runtime's checks, a test) watches its sockets and tasks.
//
// The reactor never depends on its watchers: it calls one process-wide observer, if
// one is installed. concur::runtime installs one (see concur/reactor_checks.h for
// what it checks); tests may install their own. (Formerly concur/reactor/hooks.h.)
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace concur {

/// Identity of a running reactor task, stable for the task's lifetime.
struct TaskInfo {
  std::uint64_t id = 0;        ///< unique per process, never reused
  const char* name = nullptr;  ///< as given to TaskGroup::spawn, or nullptr
};

enum class SocketKind { tcp_listener, tcp_stream };

/// A socket the reactor created (listener, accepted or connected stream).
struct SocketEvent {
  int fd = -1;
  SocketKind kind = SocketKind::tcp_stream;
  /// Return addresses of the creating call stack, innermost first (backtrace(3));
  /// captured only while an observer is installed.
  std::span<void* const> creation_stack;
};

/// What a reactor still held when it was destroyed.
struct ReactorLeftovers {
  std::size_t open_sockets = 0;       ///< sockets registered with it and not closed
  std::size_t unfinished_tasks = 0;   ///< task contexts still alive
};

/// A task slice — a task's run from the loop's resume to its next suspension — that
/// ran longer than the reactor's stall threshold or the slice watch limit.
struct TaskStall {
  std::uint64_t id = 0;  ///< unique per process: ties describe_stall_site to task_stalled
  TaskInfo task;         ///< the task the loop resumed (a copy: it may have ended in the slice)
  /// How long the slice ran, at least. The reactor's watchdog samples every quarter of
  /// the limit, so the true duration may be longer by up to that much. Time the
  /// thread spent waiting for a CPU (preempted by other work) does not count.
  std::chrono::nanoseconds duration{};
  /// Return addresses where the task was while it ran too long, innermost first,
  /// caught by the watchdog with a signal; empty when not caught (see blocked_in).
  std::span<void* const> stack;
  /// The system call the task was blocked in when the watchdog looked, if it was
  /// one that a signal would cut short (a sleep, poll): no stack is taken then, so
  /// as not to change what the program does. "" otherwise.
  const char* blocked_in = "";
  /// Longer than the reactor's stall threshold: printed on stderr (rate-limited).
  bool over_threshold = false;
};

/// Callbacks run on the reactor's thread, synchronously; they must not suspend,
/// throw, or call back into the reactor. Default implementations do nothing.
/// (describe_stall_site is the exception: it runs on the watchdog's thread.)
class ReactorObserver {
 public:
  virtual ~ReactorObserver() = default;
  virtual void socket_opened(const SocketEvent&) noexcept {}
  virtual void socket_closed(int /*fd*/) noexcept {}
  /// The reactor is about to resume `task` (nullptr: the loop itself runs again).
  /// Allocation counters attribute what follows to this task.
  virtual void task_switched(const TaskInfo* /*task*/) noexcept {}
  virtual void reactor_destroyed(const ReactorLeftovers&) noexcept {}
  /// A slice ran too long (see TaskStall); called when it ends. `stall.stack` is
  /// valid during the call only.
  virtual void task_stalled(const TaskStall& /*stall*/) noexcept {}
  /// Names where a stalled task was stuck, for the reactor's stall line on stderr
  /// ("in usleep() at handler.cc:31"); "" lets the reactor print raw frames. Called
  /// after task_stalled for the same stall, on the reactor's watchdog thread, so it
  /// may take its time (symbolizing) without holding up the loop.
  virtual std::string describe_stall_site(const TaskStall& /*stall*/) noexcept { return {}; }
};

/// Installs the process-wide observer (nullptr removes it) and returns the previous one.
/// Install it before reactors start; the call itself is not synchronized with them.
ReactorObserver* set_reactor_observer(ReactorObserver* observer) noexcept;
ReactorObserver* reactor_observer() noexcept;

/// The task running on this thread right now, or nullptr outside reactor tasks.
const TaskInfo* current_task() noexcept;

/// Makes every reactor also time its task slices against `limit` and report longer
/// ones through ReactorObserver::task_stalled — besides its own stall threshold, and
/// even when that is off. Zero ends the watch. Returns the previous limit. This is
/// how concur::runtime's DoesNotBlockTheLoop watches the reactors a block runs.
std::chrono::milliseconds set_slice_watch(std::chrono::milliseconds limit) noexcept;
std::chrono::milliseconds slice_watch() noexcept;

}  // namespace concur
