// A function that holds its lock while it runs the callable it is given
// (`Visit (f)`) and hands that callable each stored callback: the caller's
// lambda, which calls what it is handed, runs foreign code under the lock.
// The lambda is the class's own, but what it calls is not: the callbacks
// come from a public Add. Reported at the call that passes the lambda.
#include <functional>
#include <list>
#include <mutex>
#include <utility>
#include <vector>

namespace handed_elements {

// A class template whose private member template walks its listeners.
template <class Key>
class Registry {
 public:
  using Listener = std::function<void(const Key&)>;
  void AddListener(Listener l) {
    std::lock_guard<std::mutex> hold(mu_);
    listeners_.push_back(std::move(l));
  }
  void Notify(const Key& key) {
    // positive: each listener Visit hands the lambda comes from AddListener.
    Visit([&](const Listener& l) { l(key); });  // expect: concur-locked-callback
  }
  size_t Count() {
    size_t n = 0;
    // negative: this lambda never calls what it is handed.
    Visit([&](const Listener&) { ++n; });
    return n;
  }
  void NotifyOutside(const Key& key) {
    std::vector<Listener> copy;
    // negative: the lambda only copies the listeners; they run after Visit returns.
    Visit([&](const Listener& l) { copy.push_back(l); });
    for (const Listener& l : copy) l(key);
  }

 private:
  template <class F>
  void Visit(F f) {
    std::lock_guard<std::mutex> hold(mu_);
    for (const Listener& l : listeners_) f(l);
  }
  std::mutex mu_;
  std::vector<Listener> listeners_;
};

void UseRegistry(Registry<int>& r) {
  r.Notify(7);
  r.NotifyOutside(8);
  (void)r.Count();
}

// A private method with a fixed std::function parameter, invoked through
// std::invoke, and a forwarding wrapper in front of it.
class Hooks {
 public:
  using Hook = std::function<void(int)>;
  void Install(Hook h) {
    std::unique_lock<std::mutex> hold(mu_);
    hooks_.push_back(std::move(h));
  }
  void Fire(int code) {
    // positive: RunEach hands each installed hook to this lambda under mu_.
    RunEach([code](const Hook& h) { std::invoke(h, code); });  // expect: concur-locked-callback
  }
  void FireThroughWrapper(int code) {
    // positive: Each passes the lambda on to RunLocked, which runs it under mu_ with each hook.
    Each([code](const Hook& h) { h(code); });  // expect: concur-locked-callback
  }

 private:
  void RunEach(const std::function<void(const Hook&)>& visit) {
    std::unique_lock<std::mutex> hold(mu_);
    for (const Hook& h : hooks_) visit(h);
  }
  template <class F>
  void Each(F&& f) {
    RunLocked(std::forward<F>(f));
  }
  template <class F>
  void RunLocked(F&& f) {
    std::lock_guard<std::mutex> hold(mu_);
    for (const Hook& h : hooks_) f(h);
  }
  std::mutex mu_;
  std::list<Hook> hooks_;
};

// The class's own steps only: every value of steps_ is a lambda of the class.
class Pipeline {
 public:
  Pipeline() {
    steps_.push_back([this](int v) { total_ += v; });
    steps_.push_back([this](int v) { last_ = v; });
  }
  void Push(int v) {
    // negative: the steps Visit hands over are the constructor's own lambdas.
    Visit([v](const std::function<void(int)>& step) { step(v); });
  }

 private:
  template <class F>
  void Visit(F f) {
    std::lock_guard<std::mutex> hold(mu_);
    for (const auto& step : steps_) f(step);
  }
  std::mutex mu_;
  std::vector<std::function<void(int)>> steps_;
  long total_ = 0;
  int last_ = 0;
};

// The runner lets go of its lock before it runs the callable.
class Outbox {
 public:
  void Subscribe(std::function<void()> s) {
    std::lock_guard<std::mutex> hold(mu_);
    subscribers_.push_back(std::move(s));
  }
  void Flush() {
    // negative: Drain copies the subscribers and unlocks before it hands them over.
    Drain([](const std::function<void()>& s) { s(); });
  }

 private:
  template <class F>
  void Drain(F f) {
    std::vector<std::function<void()>> copy;
    {
      std::lock_guard<std::mutex> hold(mu_);
      copy = subscribers_;
    }
    for (const auto& s : copy) f(s);
  }
  std::mutex mu_;
  std::vector<std::function<void()>> subscribers_;
};

}  // namespace handed_elements
