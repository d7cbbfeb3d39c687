// concur-racy-lazy-init: a lock held around a creation keeps the other
// creators out only when every thread that can create there holds the same
// lock. An object's own lock (a member, or a lock in an object a caller
// passes) is one lock per object: it keeps apart the creations into that
// object, not into a global, which threads holding different objects' locks
// reach at once. A global lock, one an accessor returns, or a local that
// holds one of those is the same lock for everybody.
#include <pthread.h>

#include <mutex>

namespace logs {

static pthread_mutex_t* g_sink_lock = nullptr;
static pthread_mutex_t* g_audit_lock = nullptr;
static pthread_mutex_t* g_trace_lock = nullptr;
static std::mutex g_registry_mu;

std::mutex& RegistryMutex() { return g_registry_mu; }

// positive: the process-wide sink lock, set up on first use. Its only caller
// holds its own channel's stats_mu_, and two channels are two locks.
void WriteToSink(const char* line) {
  if (g_sink_lock == nullptr) {
    g_sink_lock = new pthread_mutex_t;  // expect: concur-racy-lazy-init
    pthread_mutex_init(g_sink_lock, nullptr);
  }
  pthread_mutex_lock(g_sink_lock);
  (void)line;
  pthread_mutex_unlock(g_sink_lock);
}

// Under the registry's global mutex: one lock for every caller.
void WriteToAudit(const char* line) {
  std::lock_guard<std::mutex> hold(g_registry_mu);
  // negative: every creator holds g_registry_mu, a global.
  if (g_audit_lock == nullptr) {
    g_audit_lock = new pthread_mutex_t;
    pthread_mutex_init(g_audit_lock, nullptr);
  }
  pthread_mutex_lock(g_audit_lock);
  (void)line;
  pthread_mutex_unlock(g_audit_lock);
}

// Under the mutex an accessor returns, held through a local reference.
void WriteToTrace(const char* line) {
  std::mutex& registry = RegistryMutex();
  std::lock_guard<std::mutex> hold(registry);
  // negative: the accessor's mutex is one for every caller.
  if (g_trace_lock == nullptr) {
    g_trace_lock = new pthread_mutex_t;
    pthread_mutex_init(g_trace_lock, nullptr);
  }
  pthread_mutex_lock(g_trace_lock);
  (void)line;
  pthread_mutex_unlock(g_trace_lock);
}

class Channel {
 public:
  // Each channel holds its own stats_mu_ while it reports: both can be in
  // WriteToSink's creation at once.
  void Report(const char* line) {
    std::lock_guard<std::mutex> hold(stats_mu_);
    ++reports_;
    WriteToSink(line);
  }

  // negative: the channel's own lock around a creation into the channel.
  void Flush() {
    std::lock_guard<std::mutex> hold(stats_mu_);
    if (flush_mu_ == nullptr) flush_mu_ = new std::mutex;
    std::lock_guard<std::mutex> flushing(*flush_mu_);
    ++flushes_;
  }

 private:
  std::mutex stats_mu_;
  std::mutex* flush_mu_ = nullptr;
  long reports_ = 0;
  long flushes_ = 0;
};

// negative: a creation under a lock every caller holds as a global.
static pthread_mutex_t* g_spool_lock = nullptr;
static std::mutex g_spool_mu;
static void OpenSpool() {
  if (g_spool_lock == nullptr) {
    g_spool_lock = new pthread_mutex_t;
    pthread_mutex_init(g_spool_lock, nullptr);
  }
  pthread_mutex_lock(g_spool_lock);
  pthread_mutex_unlock(g_spool_lock);
}
void Spool() {
  std::lock_guard<std::mutex> hold(g_spool_mu);
  OpenSpool();
}

}  // namespace logs
