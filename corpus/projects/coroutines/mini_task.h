// A second task type, written here the way cppcoro's task is shaped (a
// coroutine type the scanner knows by name: cppcoro::task), so the checks
// are tested against more than concur::Task.
#pragma once

#include <coroutine>
#include <exception>
#include <utility>

namespace cppcoro {

template <class T>
class task {
 public:
  struct promise_type {
    T value{};
    task get_return_object() { return task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };
  explicit task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  task(task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  ~task() {
    if (handle_) handle_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return handle_.promise().value; }

 private:
  std::coroutine_handle<promise_type> handle_;
};

}  // namespace cppcoro
