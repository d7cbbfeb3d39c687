// concur-locked-callback: more lock kinds and callable kinds, and the shapes that are fine.
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

namespace callbacks2 {

struct Config {
  std::map<std::string, std::string> values;
};

class ConfigWatcher {
 public:
  virtual ~ConfigWatcher() = default;
  virtual void OnReload(const Config& config) = 0;
};

class Observer {
 public:
  void Updated(int) {}
  void Removed(int id) {
    if (on_removed) on_removed(id);
  }
  std::function<void(int)> on_removed;  // anyone's code
};

// Not a listener by name and not virtual: its calls are the class's own code.
class ListenerStats {
 public:
  void Count() { ++count_; }

 private:
  int count_ = 0;
};

class ConfigStore {
 public:
  // positive: a std::function parameter called under a shared_lock.
  void Read(const std::function<void(const Config&)>& reader) {
    std::shared_lock<std::shared_mutex> lock(mu_);
    reader(config_);  // expect: concur-locked-callback
  }

  // positive: a virtual call on a *Watcher while the unique_lock is held.
  void Reload(Config next) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    config_ = std::move(next);
    watcher_->OnReload(config_);  // expect: concur-locked-callback
  }

  // positive: a pointer to member called on another object under the lock; it may be Removed,
  // which runs the observer's on_removed.
  void Notify(Observer* observer, void (Observer::*event)(int), int id) {
    std::lock_guard<std::shared_mutex> lock(mu_);
    (observer->*event)(id);  // expect: concur-locked-callback
  }

  // positive: the unique_lock is released and re-acquired; the call runs under it again.
  void Relock(int generation) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    lock.unlock();
    Prepare();
    lock.lock();
    on_generation_(generation);  // expect: concur-locked-callback
  }

  void SetWatcher(ConfigWatcher* watcher) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    watcher_ = watcher;
  }

  // negative: the shared_lock's scope ends before the reader runs on a copy.
  void ReadCopy(const std::function<void(const Config&)>& reader) {
    Config copy;
    {
      std::shared_lock<std::shared_mutex> lock(mu_);
      copy = config_;
    }
    reader(copy);
  }

  // negative: storing, testing and copying a std::function under the lock does not call it.
  void OnGeneration(std::function<void(int)> callback) {
    std::lock_guard<std::shared_mutex> lock(mu_);
    if (!on_generation_) on_generation_ = std::move(callback);
  }

  // negative: non-virtual member calls under the lock, even on a class named *Listener*.
  void Touch() {
    std::lock_guard<std::shared_mutex> lock(mu_);
    Prepare();
    stats_.Count();
  }

 private:
  void Prepare() {}

  std::shared_mutex mu_;
  Config config_;
  ConfigWatcher* watcher_ = nullptr;
  ListenerStats stats_;
  std::function<void(int)> on_generation_;
};

pthread_mutex_t g_table_lock = PTHREAD_MUTEX_INITIALIZER;
std::vector<int> g_table_rows;

// positive: a function-pointer parameter called between pthread_mutex_lock and unlock.
void WalkTable(void (*visit)(int)) {
  pthread_mutex_lock(&g_table_lock);
  for (int row : g_table_rows) visit(row);  // expect: concur-locked-callback
  pthread_mutex_unlock(&g_table_lock);
}

// negative: the rows are copied under the pthread lock and visited after unlocking.
void WalkTableCopy(void (*visit)(int)) {
  pthread_mutex_lock(&g_table_lock);
  std::vector<int> rows = g_table_rows;
  pthread_mutex_unlock(&g_table_lock);
  for (int row : rows) visit(row);
}

class DoneQueue {
 public:
  // positive: a function-pointer local copied from a member is still foreign code.
  void Finish(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    void (*done)(int) = on_done_;
    if (done) done(id);  // expect: concur-locked-callback
  }

  // negative: condition_variable::wait with a local lambda predicate: the class's own code.
  void WaitFor(int id) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return finished_ >= id; });
  }

  // negative: the callback is called by a function that takes no lock; the locked one only
  // calls plain members.
  void Complete(int id) {
    Record(id);
    if (on_done_) on_done_(id);
  }

 private:
  void Record(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = id;
    ready_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable ready_;
  int finished_ = 0;
  void (*on_done_)(int) = nullptr;
};

class DownloadDelegate {
 public:
  virtual ~DownloadDelegate() = default;
  virtual void DidFinish(int id) = 0;
};

// A user guard named *Locker whose constructor takes the mutex.
class MutexLocker {
 public:
  explicit MutexLocker(std::mutex& mu) : mu_(mu) { mu_.lock(); }
  ~MutexLocker() { mu_.unlock(); }

 private:
  std::mutex& mu_;
};

void Fire(const std::function<void()>& callback) { callback(); }

class Downloader {
 public:
  // positive: a virtual call on a *Delegate reference under a user *Locker guard.
  void Finish(int id) {
    MutexLocker locker(mu_);
    done_ = id;
    delegate_.DidFinish(id);  // expect: concur-locked-callback
  }

  // positive: an in-file free helper runs the std::function; reported at the helper call.
  void Cancel() {
    MutexLocker locker(mu_);
    Fire(on_cancel_);  // expect: concur-locked-callback
  }

  // negative: the same helper called after the guard's scope closed.
  void CancelLater() {
    std::function<void()> callback;
    {
      MutexLocker locker(mu_);
      callback = on_cancel_;
    }
    Fire(callback);
  }

  explicit Downloader(DownloadDelegate& delegate) : delegate_(delegate) {}

 private:
  std::mutex mu_;
  DownloadDelegate& delegate_;
  std::function<void()> on_cancel_;
  int done_ = 0;
};

class SessionListener {
 public:
  virtual ~SessionListener() = default;
  virtual void OnClosed(int id) = 0;
};

struct IdHash {
  size_t operator()(int id) const { return static_cast<size_t>(id) * 2654435761u; }
};

class SessionTable {
 public:
  // negative: manual unlock() before the listener runs.
  void Close(int id) {
    mu_.lock();
    open_.erase(id);
    SessionListener* listener = listener_;
    mu_.unlock();
    if (listener) listener->OnClosed(id);
  }

  // negative: calling a concrete function object type: its operator() is known, not foreign.
  size_t Bucket(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    return IdHash{}(id) % 64;
  }

 private:
  std::mutex mu_;
  std::map<int, std::string> open_;
  SessionListener* listener_ = nullptr;
};

}  // namespace callbacks2
