// concur-locked-callback: a callable called with its call operator spelled
// out (`handler_.operator() (code)`, `hook_->operator() (v)`) runs the same
// foreign code as `handler_ (code)`. The fact is "the callable is invoked",
// however the call is written.
#include <functional>
#include <memory>
#include <mutex>

namespace spelled_calls {

class Reporter {
public:
  void OnError(std::function<void(int)> handler) {
    std::lock_guard<std::mutex> hold(mu_);
    handler_ = std::move(handler);
  }

  // positive: the member std::function is called through its operator () by name.
  void Report(int code) {
    std::unique_lock<std::mutex> hold(mu_);
    ++reported_;
    handler_.operator()(code);  // expect: concur-locked-callback
  }

  // negative: the same call after the lock is released.
  void ReportLater(int code) {
    std::unique_lock<std::mutex> hold(mu_);
    ++reported_;
    hold.unlock();
    handler_.operator()(code);
  }

private:
  std::mutex mu_;
  std::function<void(int)> handler_;
  int reported_ = 0;
};

class Meter {
public:
  void Attach(std::function<void(double)> hook) {
    std::lock_guard<std::mutex> hold(mu_);
    hook_ = std::make_unique<std::function<void(double)>>(std::move(hook));
  }

  // positive: a std::function reached through a smart pointer, called by name.
  void Sample(double value) {
    std::lock_guard<std::mutex> hold(mu_);
    if (hook_) hook_->operator()(value);  // expect: concur-locked-callback
  }

  // negative: a comparator only asks; it runs under the lock by contract.
  bool Below(double a, double b) {
    std::lock_guard<std::mutex> hold(mu_);
    return less_.operator()(a, b);
  }

private:
  std::mutex mu_;
  std::unique_ptr<std::function<void(double)>> hook_;
  std::function<bool(double, double)> less_ = [](double a, double b) { return a < b; };
};

struct Accumulator {
  int total = 0;
  void operator()(int n) { total += n; }
};

class Ledger {
public:
  // negative: the project's own function object, called by name: an ordinary call.
  void Add(int n) {
    std::lock_guard<std::mutex> hold(mu_);
    sum_.operator()(n);
  }

private:
  std::mutex mu_;
  Accumulator sum_;
};

}  // namespace spelled_calls
