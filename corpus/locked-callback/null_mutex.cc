// A "mutex" whose lock() does nothing (spdlog's null_mutex: the single-threaded policy of a
// class template) holds nothing: callbacks under it are not under a lock. The same template with
// a real mutex is reported.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>

namespace null_mutex_policy {

struct null_mutex {
  void lock() const {}
  void unlock() const {}
  bool try_lock() const { return true; }
};

// A mutex of the project's own whose lock() does something is a mutex.
class spin_mutex {
public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

class QuietSink {
public:
  void set_handler(std::function<void(const std::string&)> handler) { handler_ = std::move(handler); }

  // negative: the null mutex holds nothing.
  void write(const std::string& line) {
    std::lock_guard<null_mutex> lock(mutex_);
    handler_(line);
  }

  // negative: nor do its lock() and unlock() called by hand.
  void flush() {
    mutex_.lock();
    handler_("flush");
    mutex_.unlock();
  }

private:
  null_mutex mutex_;
  std::function<void(const std::string&)> handler_;
};

class SpinSink {
public:
  void set_handler(std::function<void(const std::string&)> handler) { handler_ = std::move(handler); }

  // positive: a spin lock is a lock.
  void write(const std::string& line) {
    std::lock_guard<spin_mutex> lock(mutex_);
    handler_(line);  // expect: concur-locked-callback
  }

private:
  spin_mutex mutex_;
  std::function<void(const std::string&)> handler_;
};

template <typename Mutex>
class PolicySink {
public:
  void set_handler(std::function<void(const std::string&)> handler) { handler_ = std::move(handler); }

  // negative: the only instantiation is single-threaded (ST_Sink below).
  void write(const std::string& line) {
    std::lock_guard<Mutex> lock(mutex_);
    handler_(line);
  }

private:
  Mutex mutex_;
  std::function<void(const std::string&)> handler_;
};

using ST_Sink = PolicySink<null_mutex>;

void log_single_threaded(ST_Sink& sink) { sink.write("hello"); }

}  // namespace null_mutex_policy
