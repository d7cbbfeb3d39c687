// concur-locked-callback: positive and negative cases side by side.
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <utility>
#include <vector>

namespace callbacks {

class Listener {
 public:
  virtual ~Listener() = default;
  virtual void OnEvent(int value) = 0;
};

class Shape {
 public:
  virtual ~Shape() = default;
  virtual double Area() const = 0;
};

class EventBus {
 public:
  // positive: a virtual call on a listener while mu_ is held.
  void Publish(int value) {
    std::lock_guard<std::mutex> lock(mu_);
    for (Listener* listener : listeners_) {
      listener->OnEvent(value);  // expect: concur-locked-callback
    }
  }

  // positive: a function pointer under a manual lock()/unlock() pair.
  void Tick() {
    mu_.lock();
    if (on_tick_) on_tick_(ticks_++);  // expect: concur-locked-callback
    mu_.unlock();
  }

  // positive: a pointer to member called through this under the lock.
  void Dispatch() {
    std::unique_lock<std::mutex> lock(mu_);
    (this->*handler_)(1);  // expect: concur-locked-callback
  }

  // negative: a pointer to member picked from the function's own table of the
  // class's methods is the class's own code (re2's DFA dispatches like this).
  void Step(int mode) {
    static void (EventBus::*const kSteps[])(int) = {&EventBus::Handle, &EventBus::HandleTwice};
    std::lock_guard<std::mutex> lock(mu_);
    (this->*kSteps[mode & 1])(mode);
  }

  // positive: an in-file helper that runs the callbacks, called under the lock.
  void PublishAll(int value) {
    std::scoped_lock lock(mu_);
    NotifyAll(value);  // expect: concur-locked-callback
  }

  void Subscribe(Listener* listener) {
    std::lock_guard<std::mutex> lock(mu_);
    listeners_.push_back(listener);
  }

  // negative: the listener list is copied under the lock and notified after.
  void PublishCopy(int value) {
    std::vector<Listener*> copy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      copy = listeners_;
    }
    for (Listener* listener : copy) listener->OnEvent(value);
  }

  // negative: a deferred unique_lock that is never locked holds nothing.
  void Deferred(int value) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    for (auto& callback : callbacks_) callback(value);
  }

  // negative: a lambda written right here is the class's own code.
  void LocalLambda() {
    std::lock_guard<std::mutex> lock(mu_);
    auto bump = [this] { ++ticks_; };
    bump();
  }

  // negative: the callback is queued under the lock and runs later, without it.
  void Enqueue(int value) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.push([this, value] { for (auto& callback : callbacks_) callback(value); });
  }

  // negative: a virtual call on a non-listener class.
  double TotalArea() {
    std::lock_guard<std::mutex> lock(mu_);
    double total = 0;
    for (const Shape* shape : shapes_) total += shape->Area();
    return total;
  }

 private:
  void NotifyAll(int value) {
    for (auto& callback : callbacks_) callback(value);
  }
  void Handle(int) {}
  void HandleTwice(int value) { Handle(value); Handle(value); }

  std::mutex mu_;
  std::vector<Listener*> listeners_;
  std::vector<Shape*> shapes_;
  std::vector<std::function<void(int)>> callbacks_;
  std::queue<std::function<void()>> pending_;
  void (*on_tick_)(int) = nullptr;
  void (EventBus::*handler_)(int) = &EventBus::Handle;
  int ticks_ = 0;
};

class RecursiveBus {
 public:
  // positive: recursive mutex: re-entry does not deadlock, but the callback
  // sees the object mid-update. Reported at lower severity (note).
  void Fire() {
    std::lock_guard<std::recursive_mutex> lock(mu_);
    state_ = 1;
    callback_();  // expect: concur-locked-callback
    state_ = 2;
  }

 private:
  std::recursive_mutex mu_;
  std::function<void()> callback_;
  int state_ = 0;
};

template <class Visitor>
class Registry {
 public:
  // positive: a callable of template parameter type, via std::invoke.
  void ForEach(Visitor visit) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int item : items_) std::invoke(visit, item);  // expect: concur-locked-callback
  }

  // negative: the items are copied out, then visited.
  void ForEachCopy(Visitor visit) {
    std::vector<int> copy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      copy = items_;
    }
    for (int item : copy) visit(item);
  }

 private:
  std::mutex mu_;
  std::vector<int> items_;
};

// negative: the callback is called in a function that holds no lock; the
// caller that does hold one calls only a plain function.
void RunCallback(const std::function<void()>& callback) { callback(); }
int Plain(int x) { return x + 1; }
std::mutex g_mutex;
int LockedPlainCall() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return Plain(41);
}

}  // namespace callbacks
