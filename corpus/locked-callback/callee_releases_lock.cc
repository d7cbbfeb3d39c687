// concur-locked-callback: a callee that releases the caller's lock before it
// runs the callback (and takes it back after) does not run it under that lock.
// What matters is the lock the caller holds and the callee releases on every
// path to the callback.
#include <functional>
#include <mutex>
#include <vector>

namespace relock {

std::mutex g_registry_mu;
std::mutex g_stats_mu;

struct Handler {
  int refs = 1;
  std::function<void()> on_destroy;
};

// Runs the destroy notify with the registry lock released, then takes it back.
void unref_unlocked(Handler& handler) {
  if (--handler.refs > 0) return;
  g_registry_mu.unlock();
  handler.on_destroy();
  g_registry_mu.lock();
}

// Releases the stats lock, not the registry lock, around the notify.
void unref_without_stats(Handler& handler) {
  g_stats_mu.unlock();
  handler.on_destroy();
  g_stats_mu.lock();
}

// Releases the registry lock only when asked to.
void unref_maybe_unlocked(Handler& handler, bool unlocked) {
  if (unlocked) g_registry_mu.unlock();
  handler.on_destroy();
  if (unlocked) g_registry_mu.lock();
}

class Registry {
 public:
  void remove(Handler& handler) {
    g_registry_mu.lock();
    --size_;
    // negative: unref_unlocked releases g_registry_mu before it runs the notify.
    unref_unlocked(handler);
    g_registry_mu.unlock();
  }

  void remove_counted(Handler& handler) {
    g_registry_mu.lock();
    g_stats_mu.lock();
    --size_;
    // positive: the callee releases g_stats_mu, but g_registry_mu stays held while the notify runs.
    unref_without_stats(handler);  // expect: concur-locked-callback
    g_stats_mu.unlock();
    g_registry_mu.unlock();
  }

  void remove_locked(Handler& handler) {
    g_registry_mu.lock();
    --size_;
    // positive: passed false, the callee keeps g_registry_mu while the notify runs.
    unref_maybe_unlocked(handler, false);  // expect: concur-locked-callback
    g_registry_mu.unlock();
  }

 private:
  int size_ = 0;
};

// A source that dispatches with its own member mutex released.
class Source {
 public:
  void dispatch() {
    mu_.lock();
    ++dispatches_;
    // negative: run_unlocked releases mu_ before it calls the callback.
    run_unlocked();
    mu_.unlock();
  }

  void set_callback(std::function<void(int)> callback) {
    std::lock_guard<std::mutex> lock(mu_);
    callback_ = std::move(callback);
  }

 private:
  void run_unlocked() {
    std::function<void(int)> callback = callback_;
    const int count = dispatches_;
    mu_.unlock();
    if (callback) callback(count);
    relock();
  }
  void relock() { mu_.lock(); }

  std::mutex mu_;
  std::function<void(int)> callback_;
  int dispatches_ = 0;
};

// Runs every check with the type lock released around each one, in a loop:
// the second check runs after the lock was taken back and released again.
using Check = void (*)(void* data, int type);
struct CheckEntry {
  Check check;
  void* data;
};
std::vector<CheckEntry> g_checks;
std::mutex g_type_mu;

void run_checks_unlocked(int type) {
  for (const CheckEntry& entry : g_checks) {
    g_type_mu.unlock();
    entry.check(entry.data, type);
    g_type_mu.lock();
  }
}

int register_type(int type) {
  std::lock_guard<std::mutex> lock(g_type_mu);
  // negative: every check runs with g_type_mu released, on every iteration.
  run_checks_unlocked(type);
  return type;
}

// The caller names the lock through another object than the callee does:
// `loop->context->mu` in run, `context->mu` in iterate (glib's g_main_loop_run
// and g_main_context_poll).
struct Context {
  std::mutex mu;
  int (*poll_func)(int timeout);
};
struct Loop {
  Context* context;
  bool running;
};

void iterate(Context* context) {
  int (*poll)(int) = context->poll_func;
  context->mu.unlock();
  poll(-1);
  context->mu.lock();
}

void run(Loop* loop) {
  loop->context->mu.lock();
  // negative: iterate releases the context's mutex before it calls the poll function.
  while (loop->running) iterate(loop->context);
  loop->context->mu.unlock();
}

// A callee that takes the lock itself unless told the caller holds it, and
// releases it around the notify either way (glib's g_source_destroy_internal:
// `if (!have_lock) LOCK_CONTEXT (context); ... UNLOCK_CONTEXT (context);
// old_cb_funcs->unref (old_cb_data); LOCK_CONTEXT (context);`).
struct Timer {
  void (*on_destroy)(void* data);
  void* data;
};

void destroy_timer(Context* context, Timer* timer, bool have_lock) {
  if (!have_lock) context->mu.lock();
  void (*notify)(void*) = timer->on_destroy;
  context->mu.unlock();
  notify(timer->data);
  context->mu.lock();
  if (!have_lock) context->mu.unlock();
}

void destroy_timers(Context* context, Timer* timers, int count) {
  context->mu.lock();
  // negative: destroy_timer releases the context's mutex (the caller's, passed have_lock) around the notify.
  for (int i = 0; i < count; ++i) destroy_timer(context, &timers[i], true);
  context->mu.unlock();
}

// The same callee shape, but the notify runs before the release.
void destroy_timer_early(Context* context, Timer* timer, bool have_lock) {
  if (!have_lock) context->mu.lock();
  timer->on_destroy(timer->data);
  context->mu.unlock();
  context->mu.lock();
  if (!have_lock) context->mu.unlock();
}

void destroy_timers_early(Context* context, Timer* timers, int count) {
  context->mu.lock();
  // positive: destroy_timer_early runs the notify before it releases the caller's mutex.
  for (int i = 0; i < count; ++i) destroy_timer_early(context, &timers[i], true);  // expect: concur-locked-callback
  context->mu.unlock();
}

}  // namespace relock
