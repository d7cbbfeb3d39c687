// concur/reactor/task.h — Task<T>: a lazily started C++20 coroutine.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "concur/reactor/detail/context.h"

namespace concur {

/// Thrown at a cancelled task's next suspension point (sleep, I/O, channel, offload
/// completion). Catching it and carrying on is allowed but the task stays cancelled:
/// every later suspension throws again.
class Cancelled : public std::exception {
 public:
  const char* what() const noexcept override { return "concur: task cancelled"; }
};

template <class T = void>
class Task;
class TaskGroup;

namespace reactor_internal {
class DeadlineScope;

/// Task frames come from a per-thread pool of size classes (frame_pool.cpp): no
/// malloc header per frame, and a frame may be freed on any thread.
void* allocate_frame(std::size_t size);
void free_frame(void* frame, std::size_t size) noexcept;
/// False in sanitizer builds, whose frames come from operator new (for tests).
bool frame_pool_enabled() noexcept;
/// Bytes of slabs the pool took from operator new so far, all threads (for tests).
std::size_t frame_pool_slab_bytes() noexcept;

/// A spawned task failed with `error`: its group keeps it unless it is Cancelled
/// (task_group.cpp). `group_scope` is the parent of the task's context.
void spawned_task_failed(TaskContext* group_scope, std::exception_ptr error) noexcept;
/// A spawned task's frame is gone: its group counts it finished (task_group.cpp).
void spawned_task_finished(TaskContext* group_scope) noexcept;

struct PromiseBase {
  static void* operator new(std::size_t size) { return allocate_frame(size); }
  static void operator delete(void* frame, std::size_t size) noexcept { free_frame(frame, size); }
  std::suspend_always initial_suspend() noexcept { return {}; }
};

/// Resumes the coroutine that awaited the finished task. Symmetric transfer: resuming
/// it does not grow the stack.
struct ResumeContinuation {
  std::coroutine_handle<> next;
  bool await_ready() noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
    return next ? next : std::noop_coroutine();
  }
  void await_resume() noexcept {}
};

template <class T>
struct Promise : PromiseBase {
  std::coroutine_handle<> continuation = nullptr;
  std::exception_ptr error;
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  ResumeContinuation final_suspend() noexcept { return {continuation}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
  void set_continuation(std::coroutine_handle<> caller) noexcept { continuation = caller; }
  template <class U = T>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value.emplace(std::forward<U>(v));
  }
  T take() {
    if (error) std::rethrow_exception(error);
    return std::move(*value);
  }
};

/// What an awaited Task<void> keeps: who awaits it and how it failed. Its first word
/// is TaskContext's flags word, always 0 here (common initial sequence).
struct AwaitedState {
  std::uintptr_t link_bits = 0;
  std::coroutine_handle<> continuation = nullptr;
  std::exception_ptr error;
};
static_assert(std::is_standard_layout_v<AwaitedState> && std::is_standard_layout_v<TaskContext>);

/// A Task<void>'s promise holds either its awaited state or, once TaskGroup::spawn
/// made it a task of its own (nobody awaits it then), that task's cancellation
/// context: a spawned task is one allocation, with no second word for either.
template <>
struct Promise<void> : PromiseBase {
  Promise() noexcept : awaited() {}
  ~Promise() {
    if (spawned()) context.~TaskContext();
    else awaited.~AwaitedState();
  }
  Promise(const Promise&) = delete;
  Promise& operator=(const Promise&) = delete;

  /// Reads the flags word both members start with.
  bool spawned() const noexcept { return (awaited.link_bits & TaskContext::kSpawned) != 0; }

  union {
    AwaitedState awaited;
    TaskContext context;
  };

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> self) noexcept {
      Promise& p = self.promise();
      if (p.spawned()) {  // a group child: its frame goes, then its group hears of it
        TaskContext* group_scope = p.context.parent;
        self.destroy();
        spawned_task_finished(group_scope);
        return std::noop_coroutine();
      }
      std::coroutine_handle<> next = p.awaited.continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept {
    if (spawned()) spawned_task_failed(context.parent, std::current_exception());
    else awaited.error = std::current_exception();
  }
  void set_continuation(std::coroutine_handle<> caller) noexcept { awaited.continuation = caller; }
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() {
    if (awaited.error) std::rethrow_exception(awaited.error);
  }
};

}  // namespace reactor_internal

/// A coroutine that does nothing until it is awaited (or handed to Reactor::run /
/// TaskGroup::spawn). Awaiting it runs it to completion and yields its value or
/// rethrows its exception. Move-only; destroying an unstarted Task destroys its frame.
template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = reactor_internal::Promise<T>;
  using value_type = T;

  Task() noexcept = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  /// True when this Task owns a coroutine (not moved-from or default-constructed).
  explicit operator bool() const noexcept { return static_cast<bool>(handle_); }

  struct Awaiter {
    std::coroutine_handle<promise_type> callee;
    bool await_ready() const noexcept { return callee.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept {
      callee.promise().set_continuation(caller);
      return callee;
    }
    T await_resume() { return callee.promise().take(); }
  };
  Awaiter operator co_await() && noexcept { return Awaiter{handle_}; }
  Awaiter operator co_await() & noexcept { return Awaiter{handle_}; }

 private:
  friend promise_type;
  // The reactor's internals that drive a Task's coroutine themselves.
  friend class TaskGroup;
  friend class reactor_internal::DeadlineScope;
  explicit Task(std::coroutine_handle<promise_type> h) noexcept : handle_(h) {}
  /// The coroutine handle (still owned by this Task).
  std::coroutine_handle<promise_type> handle() const noexcept { return handle_; }
  /// Gives up ownership of the coroutine.
  std::coroutine_handle<promise_type> release() noexcept { return std::exchange(handle_, {}); }
  std::coroutine_handle<promise_type> handle_;
};

namespace reactor_internal {
template <class T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}
}  // namespace reactor_internal

}  // namespace concur
