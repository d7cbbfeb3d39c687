// A helper runs the listeners or skips them by what a one-line const accessor of its options
// says: `o.notify()` returning a private field, `flags.test(kSilent)` over a bit word, an
// accessor spelled with `this->` and an enum comparison. The call's constant object decides.
// An accessor that is virtual, or that is more than one `return`, decides nothing, and the
// call is reported as if the listeners could run.
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

class NotifyOptions {
public:
  constexpr NotifyOptions() = default;
  constexpr explicit NotifyOptions(bool notify) : notify_(notify) {}
  constexpr bool notify() const { return notify_; }

private:
  bool notify_ = true;
};

struct EventBits {
  static constexpr unsigned kSilent = 4;
  unsigned bits = 0;
  bool test(unsigned bit) const { return (this->bits & bit) == bit; }
};

enum class Delivery { kNow, kLater };

struct Plan {
  Delivery delivery = Delivery::kNow;
  bool deferred() const { return this->delivery == Delivery::kLater; }
};

class Policy {
public:
  virtual ~Policy() = default;
  virtual bool quiet() const { return quiet_; }
  bool quiet_ = true;
};

struct Counted {
  int level = 0;
  bool loud() const {
    int threshold = 2;
    return level > threshold;
  }
};

class Feed {
public:
  using Listener = std::function<void(const std::string&)>;

  void Listen(Listener l) {
    std::lock_guard<std::mutex> guard(mu_);
    listeners_.push_back(std::move(l));
  }

  // positive: the default options notify.
  void Push(const std::string& item) {
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(item, NotifyOptions{});  // expect: concur-locked-callback
  }

  // negative: notify() returns false for these options.
  void PushQuietly(const std::string& item) {
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(item, NotifyOptions{false});
  }

  // negative: the silent bit is set.
  void Backfill(const std::string& item) {
    std::lock_guard<std::mutex> guard(mu_);
    Broadcast(item, EventBits{EventBits::kSilent | 1});
  }

  // positive: no bits: the listeners run.
  void Announce(const std::string& item) {
    std::lock_guard<std::mutex> guard(mu_);
    Broadcast(item, EventBits{});  // expect: concur-locked-callback
  }

  // negative: a later delivery queues the item.
  void Schedule(const std::string& item) {
    std::lock_guard<std::mutex> guard(mu_);
    Route(item, Plan{Delivery::kLater});
  }

  // positive: delivery now runs the listeners.
  void Send(const std::string& item) {
    std::lock_guard<std::mutex> guard(mu_);
    Route(item, Plan{});  // expect: concur-locked-callback
  }

  // positive: the accessor is virtual: another policy may say otherwise.
  void PushWith(const std::string& item, const Policy& policy) {
    std::lock_guard<std::mutex> guard(mu_);
    DeliverUnless(item, policy);  // expect: concur-locked-callback
  }

  // positive: loud() is not one return: not read, so the call counts as running the listeners.
  void PushCounted(const std::string& item) {
    std::lock_guard<std::mutex> guard(mu_);
    DeliverIfLoud(item, Counted{});  // expect: concur-locked-callback
  }

  // negative: the listeners run on a copy, after the lock is released.
  void PushUnlocked(const std::string& item) {
    std::vector<Listener> copy;
    {
      std::lock_guard<std::mutex> guard(mu_);
      copy = listeners_;
    }
    for (const auto& l : copy) l(item);
  }

private:
  void Deliver(const std::string& item, const NotifyOptions& o) {
    if (!o.notify()) return;
    for (const auto& l : listeners_) l(item);
  }

  void Broadcast(const std::string& item, EventBits e) {
    if (e.test(EventBits::kSilent)) return;
    for (const auto& l : listeners_) l(item);
  }

  void Route(const std::string& item, const Plan& plan) {
    if (plan.deferred()) {
      later_.push_back(item);
      return;
    }
    for (const auto& l : listeners_) l(item);
  }

  void DeliverUnless(const std::string& item, const Policy& policy) {
    if (policy.quiet()) return;
    for (const auto& l : listeners_) l(item);
  }

  void DeliverIfLoud(const std::string& item, const Counted& c) {
    if (!c.loud()) return;
    for (const auto& l : listeners_) l(item);
  }

  std::mutex mu_;
  std::vector<Listener> listeners_;
  std::vector<std::string> later_;
};
