// std::function members are judged by what the project stores in them, as
// function pointers are: a store only the class itself can make (a private
// setter, a private constructor behind a factory) with its own lambdas
// holds those lambdas; a public setter or constructor holds whatever users pass.
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

namespace stored_fn {

class Pump {
public:
  void start() { arm([] {}); }
  // negative: only the private arm() stores action_, and always start()'s empty lambda.
  void run() {
    std::lock_guard<std::mutex> lock(mu_);
    if (action_) action_();
  }

private:
  void arm(std::function<void()> action) { action_ = std::move(action); }
  std::mutex mu_;
  std::function<void()> action_;
};

class Timer {
public:
  static std::unique_ptr<Timer> Create() { return std::unique_ptr<Timer>(new Timer([] {})); }
  // negative: the private constructor is only called by Create, with its own lambda.
  void fire() {
    std::lock_guard<std::mutex> lock(mu_);
    on_fire_();
  }
  void stop() { std::lock_guard<std::mutex> lock(mu_); }

private:
  explicit Timer(std::function<void()> on_fire) : on_fire_(std::move(on_fire)) {}
  std::mutex mu_;
  std::function<void()> on_fire_;
};

class Alarm {
public:
  explicit Alarm(std::function<void()> on_ring) : on_ring_(std::move(on_ring)) {}
  // positive: the constructor is public, so on_ring_ may be any user's code.
  void ring() {
    std::lock_guard<std::mutex> lock(mu_);
    on_ring_();  // expect: concur-locked-callback
  }
  void snooze() { std::lock_guard<std::mutex> lock(mu_); }

private:
  std::mutex mu_;
  std::function<void()> on_ring_;
};

class Relay {
public:
  // The public entry hands its caller's callable to the private setter.
  void on_event(std::function<void()> handler) { set(std::move(handler)); }
  // positive: what set() stores comes from on_event's callers.
  void fire() {
    std::lock_guard<std::mutex> lock(mu_);
    if (handler_) handler_();  // expect: concur-locked-callback
  }

private:
  void set(std::function<void()> handler) { handler_ = std::move(handler); }
  std::mutex mu_;
  std::function<void()> handler_;
};

class Quiet {
public:
  void reset() { hook_ = nullptr; }
  // negative: the one store is null.
  void poke() {
    std::lock_guard<std::mutex> lock(mu_);
    if (hook_) hook_();
  }

private:
  std::mutex mu_;
  std::function<void()> hook_;
};

}  // namespace stored_fn
