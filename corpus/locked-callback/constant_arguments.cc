// Callbacks a member function runs only for some values of a flag: a bool with a default
// argument, a scoped enumerator. The caller's constant decides which side runs.
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

class EvictingCache {
public:
  using Listener = std::function<void(const std::string&)>;

  void SetEvictionListener(Listener listener) {
    std::lock_guard<std::mutex> guard(mu_);
    listener_ = std::move(listener);
  }

  // negative: the cache's own eviction under the lock does not notify (notify = false).
  void Put(const std::string& key, int value) {
    std::lock_guard<std::mutex> guard(mu_);
    if (entries_.size() >= 64) EvictOldest(/*notify=*/false);
    entries_[key] = value;
  }

  // positive: an explicit eviction that notifies, under the lock.
  void Shrink() {
    std::lock_guard<std::mutex> guard(mu_);
    EvictOldest(true);  // expect: concur-locked-callback
  }

  // positive: the default argument notifies.
  void Trim() {
    std::lock_guard<std::mutex> guard(mu_);
    EvictOldest();  // expect: concur-locked-callback
  }

private:
  void EvictOldest(bool notify = true) {
    if (entries_.empty()) return;
    auto oldest = entries_.begin();
    std::string key = oldest->first;
    entries_.erase(oldest);
    if (notify && listener_) listener_(key);
  }

  std::mutex mu_;
  std::map<std::string, int> entries_;
  Listener listener_;
};

enum class Delivery { kDeferred, kNow };

class EventBus {
public:
  using Handler = std::function<void(int)>;

  void Subscribe(Handler handler) {
    std::lock_guard<std::mutex> guard(mu_);
    handlers_.push_back(std::move(handler));
  }

  // negative: a deferred delivery only queues the event.
  void Post(int event) {
    std::unique_lock<std::mutex> lock(mu_);
    Dispatch(event, Delivery::kDeferred);
  }

  // positive: an immediate delivery runs the handlers under the lock.
  void Send(int event) {
    std::unique_lock<std::mutex> lock(mu_);
    Dispatch(event, Delivery::kNow);  // expect: concur-locked-callback
  }

  // positive: the caller's delivery mode is not known here.
  void Deliver(int event, Delivery delivery) {
    std::unique_lock<std::mutex> lock(mu_);
    Dispatch(event, delivery);  // expect: concur-locked-callback
  }

  // negative: the queued events are delivered on a copy, with no lock held.
  void Flush() {
    std::vector<int> events;
    std::vector<Handler> handlers;
    {
      std::lock_guard<std::mutex> guard(mu_);
      events.swap(queued_);
      handlers = handlers_;
    }
    for (int event : events)
      for (auto& handler : handlers) handler(event);
  }

private:
  void Dispatch(int event, Delivery delivery) {
    if (delivery == Delivery::kDeferred) {
      queued_.push_back(event);
      return;
    }
    for (auto& handler : handlers_) handler(event);
  }

  std::mutex mu_;
  std::vector<Handler> handlers_;
  std::vector<int> queued_;
};

// A flag the callee hands to a helper by non-const reference, or captures by reference in a
// lambda, may change, so the caller's constant does not decide it; one a lambda copies, or a
// helper reads through a const reference, is decided.
class Journal {
public:
  void SetSink(std::function<void(const std::string&)> sink) {
    std::lock_guard<std::mutex> guard(mu_);
    sink_ = std::move(sink);
  }

  // positive: Escalate may turn the flag on, so the sink may run under the lock.
  void Append(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    lines_.push_back(line);
    Publish(false);  // expect: concur-locked-callback
  }

  // positive: the lambda may turn the flag on.
  void AppendUrgent(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    lines_.push_back(line);
    PublishIfLong(false);  // expect: concur-locked-callback
  }

  // negative: the lambda reads a copy of the flag, which stays false.
  void Compact() {
    std::lock_guard<std::mutex> guard(mu_);
    Rewrite(false);
  }

  // negative: the flag passed by const reference is read, not changed.
  void Truncate() {
    std::lock_guard<std::mutex> guard(mu_);
    Drop(false);
  }

private:
  static void Escalate(bool& publish, size_t count) {
    if (count > 100) publish = true;
  }

  static bool Wanted(const bool& publish) { return publish; }

  void Publish(bool publish) {
    Escalate(publish, lines_.size());
    if (publish && sink_) sink_(lines_.back());
  }

  void PublishIfLong(bool publish) {
    auto check = [&] {
      if (lines_.size() > 100) publish = true;
    };
    check();
    if (publish && sink_) sink_(lines_.back());
  }

  void Rewrite(bool publish) {
    auto wanted = [this, publish] { return publish && !lines_.empty(); };
    lines_.shrink_to_fit();
    if (!publish) return;
    if (wanted() && sink_) sink_(lines_.back());
  }

  void Drop(bool publish) {
    if (!Wanted(publish) && !lines_.empty()) lines_.pop_back();
    if (!publish) return;
    if (!lines_.empty() && sink_) sink_(lines_.back());
  }

  std::mutex mu_;
  std::vector<std::string> lines_;
  std::function<void(const std::string&)> sink_;
};
