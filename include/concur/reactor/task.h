// concur/reactor/task.h — Task<T>: a lazily started C++20 coroutine.
#pragma once

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

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

/// A Task<void> spawned into a TaskGroup: its cancellation context and group.
struct SpawnRecord;
/// Reports a spawned task's end to its group and frees the record (task_group.cpp).
void finish_spawned(SpawnRecord* record, std::exception_ptr error) noexcept;

/// Task frames come from a per-thread pool of size classes (frame_pool.cpp): no
/// malloc header per frame, and a frame may be freed on any thread.
void* allocate_frame(std::size_t size);
void free_frame(void* frame, std::size_t size) noexcept;
/// False in sanitizer builds, whose frames come from operator new (for tests).
bool frame_pool_enabled() noexcept;
/// Bytes of slabs the pool took from operator new so far, all threads (for tests).
std::size_t frame_pool_slab_bytes() noexcept;

struct PromiseBase {
  static void* operator new(std::size_t size) { return allocate_frame(size); }
  static void operator delete(void* frame, std::size_t size) noexcept { free_frame(frame, size); }

  std::coroutine_handle<> continuation = nullptr;
  std::exception_ptr error;

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) noexcept {
      if constexpr (requires { self.promise().spawned; }) {
        if (SpawnRecord* record = self.promise().spawned) {  // a group child: nobody awaits it
          std::exception_ptr error = std::move(self.promise().error);
          self.destroy();
          finish_spawned(record, std::move(error));
          return std::noop_coroutine();
        }
      }
      // Symmetric transfer: resuming the awaiting coroutine does not grow the stack.
      std::coroutine_handle<> next = self.promise().continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
  void rethrow_if_failed() const {
    if (error) std::rethrow_exception(error);
  }
};

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  template <class U = T>
  void return_value(U&& v) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value.emplace(std::forward<U>(v));
  }
  T take() {
    rethrow_if_failed();
    return std::move(*value);
  }
};

template <>
struct Promise<void> : PromiseBase {
  SpawnRecord* spawned = nullptr;  // set by TaskGroup::spawn
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() { rethrow_if_failed(); }
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
      callee.promise().continuation = caller;
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
