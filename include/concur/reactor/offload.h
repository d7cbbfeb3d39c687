// concur/reactor/offload.h — co_await offload(fn): CPU work on a worker pool.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "concur/reactor/loop.h"

namespace concur {

namespace reactor_internal {

/// A job handed to the reactor's worker pool. Lives in the awaiter (coroutine frame).
struct OffloadJob {
  OffloadJob* next = nullptr;
  void (*execute)(OffloadJob*) noexcept = nullptr;  // runs on a worker thread
  Waiter waiter;
  Reactor* reactor = nullptr;
};

/// Hands `job` to the worker pool of this thread's reactor (offload.cpp).
void submit_to_pool(OffloadJob& job);

template <class F, class R>
class OffloadAwaiter : OffloadJob {
 public:
  explicit OffloadAwaiter(F fn) : fn_(std::move(fn)) { execute = &OffloadAwaiter::run_on_worker; }
  bool await_ready() noexcept {
    if (cancel_requested()) return waiter.set_cancelled();
    return false;
  }
  void await_suspend(std::coroutine_handle<> h) {
    suspend_current(waiter, h, nullptr);  // a running function cannot be interrupted
    submit_to_pool(*this);
  }
  R await_resume() {
    if (waiter.cancelled() || cancel_requested()) throw Cancelled();
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<R>) return std::move(*result_);
  }

 private:
  static void run_on_worker(OffloadJob* job) noexcept {
    auto* self = static_cast<OffloadAwaiter*>(job);
    try {
      if constexpr (std::is_void_v<R>) {
        std::invoke(self->fn_);
      } else {
        self->result_.emplace(std::invoke(self->fn_));
      }
    } catch (...) {
      self->error_ = std::current_exception();
    }
  }
  F fn_;
  std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> result_{};
  std::exception_ptr error_;
};

}  // namespace reactor_internal

/// Runs `fn()` on the reactor's worker pool (created on first use, one thread per
/// core) and resumes the awaiting task on the reactor thread with its result, or
/// rethrows its exception. The reactor keeps serving other tasks meanwhile. A task
/// cancelled while `fn` runs sees Cancelled once `fn` returns (its result is dropped).
/// `fn` must not touch reactor objects (streams, channels, groups).
template <class F>
auto offload(F fn) {
  using R = std::invoke_result_t<F&>;
  return reactor_internal::OffloadAwaiter<F, R>(std::move(fn));
}

}  // namespace concur
