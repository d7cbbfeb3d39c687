// A lambda written inside a template is a different lambda in each instantiation: in
// `Subscribe<E> (fn)`, the `[fn] (const void* e) { fn (...); }` it stores calls the `fn` that
// this instantiation's callers passed. One instantiation may only ever get the class's own
// harmless lambdas while another gets a callable from outside; the calls under the lock run both.
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace template_instantiated_lambdas {

struct Tick {
  int n;
};
struct Alarm {
  const char* what;
};

class Bus {
 public:
  void CountTicks(long& ticks) {
    Subscribe<Tick>([&ticks](const Tick& t) { ticks += t.n; });
  }
  void WatchAlarms(std::function<void(const Alarm&)> watcher) { Subscribe<Alarm>(std::move(watcher)); }

  template <class E>
  void Publish(const E& event) {
    std::lock_guard<std::mutex> lock(mu_);
    ++published_;
    // positive: the slots include the Alarm lambda, which calls the watcher WatchAlarms was given.
    Deliver(slots_, &event);  // expect: concur-locked-callback
  }

 private:
  template <class E>
  void Subscribe(std::function<void(const E&)> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    slots_.push_back([fn = std::move(fn)](const void* event) { fn(*static_cast<const E*>(event)); });
  }
  static void Deliver(const std::vector<std::function<void(const void*)>>& slots, const void* event) {
    for (const auto& slot : slots) slot(event);
  }
  std::mutex mu_;
  std::vector<std::function<void(const void*)>> slots_;
  long published_ = 0;
};

void Run(Bus& bus) {
  bus.Publish(Tick{1});
  bus.Publish(Alarm{"disk"});
}

// The same shape where every instantiation is given the class's own lambdas.
class QuietBus {
 public:
  void WireDefaults() {
    Subscribe<Tick>([this](const Tick& t) { ticks_ += t.n; });
    Subscribe<Alarm>([this](const Alarm&) { ++alarms_; });
  }

  template <class E>
  void Publish(const E& event) {
    std::lock_guard<std::mutex> lock(mu_);
    // negative: both instantiations' lambdas call the class's own counting lambdas.
    for (const auto& slot : slots_) slot(&event);
  }

 private:
  template <class E>
  void Subscribe(std::function<void(const E&)> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    slots_.push_back([fn = std::move(fn)](const void* event) { fn(*static_cast<const E*>(event)); });
  }
  std::mutex mu_;
  std::vector<std::function<void(const void*)>> slots_;
  long ticks_ = 0;
  long alarms_ = 0;
};

void RunQuiet(QuietBus& bus) {
  bus.WireDefaults();
  bus.Publish(Tick{2});
  bus.Publish(Alarm{"none"});
}

// A member template that wraps each F in its own lambda: `Hook (f)` for the class's counter and
// for the callback OnShutdown's caller supplies.
class Registry {
 public:
  void CountFires(int& fired) {
    Hook([&fired] { ++fired; });
  }
  void OnShutdown(std::function<void()> callback) { Hook(std::move(callback)); }
  void FireAll() {
    std::lock_guard<std::mutex> lock(mu_);
    // positive: one of the wrapped hooks is the callback OnShutdown's caller supplies.
    for (auto& hook : hooks_) hook();  // expect: concur-locked-callback
  }

 private:
  template <class F>
  void Hook(F f) {
    std::lock_guard<std::mutex> lock(mu_);
    hooks_.push_back([f]() mutable { f(); });
  }
  std::mutex mu_;
  std::vector<std::function<void()>> hooks_;
};

// negative: a registry whose wrapped hooks are only ever its own counting lambdas.
class CounterRegistry {
 public:
  void WireDefaults() {
    Hook([this] { ++counted_; });
    Hook([this] { counted_ += 2; });
  }
  void FireAll() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& hook : hooks_) hook();
  }

 private:
  template <class F>
  void Hook(F f) {
    std::lock_guard<std::mutex> lock(mu_);
    hooks_.push_back([f]() mutable { f(); });
  }
  std::mutex mu_;
  std::vector<std::function<void()>> hooks_;
  int counted_ = 0;
};

// The wrapper stored runs what its maker's callers passed: here the class's own lambda, which
// calls the sink a public setter stored.
class Feed {
 public:
  void SetSink(std::function<void(int)> sink) { sink_ = std::move(sink); }
  void Start() {
    Listen([this](int v) {
      if (sink_) sink_(v);
    });
  }
  void Pump(int v) {
    std::lock_guard<std::mutex> lock(mu_);
    // positive: the listener Start made runs the sink SetSink's caller gave.
    for (auto& listener : listeners_) listener(v);  // expect: concur-locked-callback
  }

 private:
  template <class F>
  void Listen(F f) {
    std::lock_guard<std::mutex> lock(mu_);
    listeners_.push_back([f](int v) { f(v); });
  }
  std::mutex mu_;
  std::function<void(int)> sink_;
  std::vector<std::function<void(int)>> listeners_;
};

}  // namespace template_instantiated_lambdas
