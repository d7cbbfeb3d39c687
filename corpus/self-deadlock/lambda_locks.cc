// Self-deadlock through lambdas: a lambda called under the lock, or handed to
// a std algorithm that calls it before returning, runs in the caller's frame:
// its `this` is the caller's, so a method it calls that locks the same mutex
// deadlocks. Stored for later, called after the unlock, or locking another
// object's mutex, it does not.
#include <algorithm>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lambda_locks {

std::mutex g_registry_mu;
std::vector<int> g_registry;

int registry_size() {
  std::lock_guard<std::mutex> g(g_registry_mu);
  return static_cast<int>(g_registry.size());
}

void tally(int v) {
  std::lock_guard<std::mutex> g(g_registry_mu);
  g_registry.push_back(v);
}

void tally_all(const std::vector<int>& vs) {
  std::lock_guard<std::mutex> g(g_registry_mu);
  std::for_each(vs.begin(), vs.end(), tally);  // expect: concur-self-deadlock
}

void tally_each(const std::vector<int>& vs) {
  std::for_each(vs.begin(), vs.end(), tally);
}

class Inbox {
public:
  int pending() {
    std::lock_guard<std::mutex> g(mu_);
    return static_cast<int>(items_.size());
  }

  // Positives: the lambda runs now, under mu_, and takes mu_ again.
  void push_checked(int v) {
    std::lock_guard<std::mutex> g(mu_);
    auto full = [this] { return pending() >= 64; };
    if (!full()) items_.push_back(v);  // expect: concur-self-deadlock
  }
  void push_all(const std::vector<int>& vs) {
    std::unique_lock<std::mutex> lk(mu_);
    std::for_each(vs.begin(), vs.end(), [&](int v) {  // expect: concur-self-deadlock
      items_.push_back(v + pending());
    });
  }
  bool any_big() {
    std::lock_guard<std::mutex> g(mu_);
    return std::any_of(items_.begin(), items_.end(), [this](int v) { return v > pending(); });  // expect: concur-self-deadlock
  }
  void note_global(int v) {
    std::lock_guard<std::mutex> g(g_registry_mu);
    auto count = [] { return registry_size(); };
    if (count() < 8) g_registry.push_back(v);  // expect: concur-self-deadlock
  }

  // Negatives.
  void push_later(int v) {
    std::unique_lock<std::mutex> lk(mu_);
    auto full = [this] { return pending() >= 64; };
    lk.unlock();
    if (!full()) {
      lk.lock();
      items_.push_back(v);
    }
  }
  void queue_check() {
    std::lock_guard<std::mutex> g(mu_);
    later_.push_back([this] { return pending() > 0; });
  }
  void compare_with(Inbox& other) {
    std::lock_guard<std::mutex> g(mu_);
    auto theirs = [&other] { return other.pending(); };
    if (theirs() > static_cast<int>(items_.size())) items_.clear();
  }
  void count_into(Inbox& other) {
    std::lock_guard<std::mutex> g(mu_);
    std::for_each(items_.begin(), items_.end(), [&other](int) { other.pending(); });
  }
  // The runner gives the lock back around the lambda it is handed.
  template <class F>
  void without_lock(F f) {
    mu_.unlock();
    f();
    mu_.lock();
  }
  void refresh() {
    mu_.lock();
    without_lock([this] { pending(); });
    mu_.unlock();
  }
  void sum_plain() {
    std::lock_guard<std::mutex> g(mu_);
    int total = 0;
    std::for_each(items_.begin(), items_.end(), [&total](int v) { total += v; });
    items_.push_back(total);
  }

private:
  std::mutex mu_;
  std::vector<int> items_;
  std::vector<std::function<bool()>> later_;
};

template <class T>
class Box {
public:
  int count() {
    std::lock_guard<std::mutex> g(mu_);
    return static_cast<int>(values_.size());
  }
  void add(T v) {
    std::lock_guard<std::mutex> g(mu_);
    auto room = [this] { return count() < 16; };
    if (room()) values_.push_back(v);  // expect: concur-self-deadlock
  }

private:
  std::mutex mu_;
  std::vector<T> values_;
};

void run() {
  Inbox a, b;
  Box<int> bi;
  Box<long> bl;
  std::thread t([&] {
    a.push_checked(1);
    a.push_all({1, 2});
    a.any_big();
    a.note_global(3);
    a.push_later(4);
    a.queue_check();
    a.compare_with(b);
    a.count_into(b);
    a.sum_plain();
    a.refresh();
    tally_all({1});
    tally_each({2});
    bi.add(1);
    bl.add(2);
  });
  t.join();
}

}  // namespace lambda_locks
