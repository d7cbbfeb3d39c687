#include <functional>
#include <mutex>
#include <utility>

#include "../include/cbw/callback.h"

namespace cbw {

void Loader::Start(std::string url, OnceCallback<void(int)> done) {
  std::lock_guard<std::mutex> hold(mu_);
  url_ = std::move(url);
  done_ = std::move(done);
}

bool Loader::Pending() {
  std::lock_guard<std::mutex> hold(mu_);
  return !url_.empty();
}

void Loader::Complete(int result) {
  std::lock_guard<std::mutex> hold(mu_);
  url_.clear();
  // positive: done_ holds what any program's own instantiation of the
  // constructor was given; the project's program passes harmless lambdas.
  if (done_) std::move(done_).Run(result);  // expect: concur-locked-callback
}

void Loader::CompleteUnlocked(int result) {
  OnceCallback<void(int)> done;
  {
    std::lock_guard<std::mutex> hold(mu_);
    url_.clear();
    done = std::move(done_);
  }
  // negative: the lock is released before the callback runs.
  if (done) std::move(done).Run(result);
}

void Button::Click() {
  std::lock_guard<std::mutex> hold(mu_);
  // positive: OnClick is a public member template of a header: any program
  // stores its own handler.
  if (handler_) handler_();  // expect: concur-locked-callback
}

namespace {

// A wrapper no code outside this file can name: it keeps only what this
// file gives it.
template <class Signature>
class LocalTask;

template <class R, class... Args>
class LocalTask<R(Args...)> {
 public:
  template <class F>
  explicit LocalTask(F&& f) : fn_(std::forward<F>(f)) {}
  R Run(Args... args) { return fn_(std::forward<Args>(args)...); }

 private:
  std::function<R(Args...)> fn_;
};

std::mutex g_stats_mu;
long g_completed = 0;

}  // namespace

long CountCompleted(int n) {
  std::lock_guard<std::mutex> hold(g_stats_mu);
  LocalTask<long(int)> add([](int k) { return g_completed += k; });
  // negative: LocalTask is this file's own; its only callable is the lambda above.
  return add.Run(n);
}

}  // namespace cbw
