// Callables kept in members: what may be stored there decides whether calling one under a lock
// runs foreign code. A public setter takes whatever users pass, so the project's own harmless
// callers do not close the set; a private setter or one in an internal namespace is plumbing.
#include <functional>
#include <mutex>
#include <utility>

namespace stored {

class Connection {
 public:
  using Handler = void (*)(Connection*, int);
  // negative: storing the handler under the lock runs nothing.
  void set_handler(Handler h) { std::lock_guard<std::mutex> lock(mu_); handler_ = h; }
  // positive: set_handler is public: a user's handler that sets a handler deadlocks on mu_.
  void deliver(int code) { std::lock_guard<std::mutex> lock(mu_); if (handler_) handler_(this, code); }  // expect: concur-locked-callback

 private:
  std::mutex mu_;
  Handler handler_ = nullptr;
};

void log_code(Connection*, int) {}
// negative: the project's own use passes a harmless function.
void setup_logging(Connection& c) { c.set_handler(log_code); }

class Watcher {
 public:
  // negative: storing a std::function under the lock runs nothing.
  void on_change(std::function<void(int)> f) { std::lock_guard<std::mutex> lock(mu_); notify_ = std::move(f); }
  // positive: on_change is public, so notify_ may be any user's code.
  void changed(int v) { std::lock_guard<std::mutex> lock(mu_); if (notify_) notify_(v); }  // expect: concur-locked-callback

 private:
  std::mutex mu_;
  std::function<void(int)> notify_;
};

// negative: the project's own lambda is harmless.
void watch_quietly(Watcher& w) { w.on_change([](int) {}); }

class Pump {
 public:
  void start() { arm(&Pump::idle); }
  // negative: only the private arm() stores action_, and always the harmless idle().
  void run() { std::lock_guard<std::mutex> lock(mu_); if (action_) action_(0); }

 private:
  static void idle(int) {}
  void arm(void (*action)(int)) { action_ = action; }
  std::mutex mu_;
  void (*action_)(int) = nullptr;
};

namespace detail {
struct Slot {
  std::mutex mu;
  void (*fn)(int) = nullptr;
};
// negative: a setter of an internal namespace is the project's plumbing.
inline void set_slot(Slot& slot, void (*fn)(int)) { slot.fn = fn; }
}  // namespace detail

void quiet(int) {}
// negative: the one store is the harmless quiet().
void init_slot(detail::Slot& slot) { detail::set_slot(slot, quiet); }
// negative: the slot only ever holds quiet().
void fire_slot(detail::Slot& slot) { std::lock_guard<std::mutex> lock(slot.mu); if (slot.fn) slot.fn(1); }

}  // namespace stored
