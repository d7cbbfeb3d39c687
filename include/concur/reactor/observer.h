// concur/reactor/observer.h — the reactor's observer interface: how anything outside
// the reactor (concur::runtime's checks, a test) watches its sockets and tasks.
//
// The reactor never depends on its watchers: it calls one process-wide observer, if
// one is installed. concur::runtime installs one (see concur/reactor_checks.h for
// what it checks); tests may install their own. (Formerly concur/reactor/hooks.h.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

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

/// Callbacks run on the reactor's thread, synchronously; they must not suspend,
/// throw, or call back into the reactor. Default implementations do nothing.
class ReactorObserver {
 public:
  virtual ~ReactorObserver() = default;
  virtual void socket_opened(const SocketEvent&) noexcept {}
  virtual void socket_closed(int /*fd*/) noexcept {}
  /// The reactor is about to resume `task` (nullptr: the loop itself runs again).
  /// Allocation counters attribute what follows to this task.
  virtual void task_switched(const TaskInfo* /*task*/) noexcept {}
  virtual void reactor_destroyed(const ReactorLeftovers&) noexcept {}
};

/// Installs the process-wide observer (nullptr removes it) and returns the previous one.
/// Install it before reactors start; the call itself is not synchronized with them.
ReactorObserver* set_reactor_observer(ReactorObserver* observer) noexcept;
ReactorObserver* reactor_observer() noexcept;

/// The task running on this thread right now, or nullptr outside reactor tasks.
const TaskInfo* current_task() noexcept;

}  // namespace concur
