// A thread that holds a non-recursive lock calls the project's own code that
// takes the same lock on the same object: it waits for itself.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace self_deadlock {

class Inventory {
public:
  int Count(const std::string& item) {
    std::lock_guard<std::mutex> hold(mu_);
    auto it = counts_.find(item);
    return it == counts_.end() ? 0 : it->second;
  }

  // positive: the public accessor locks mu_ again on the same object.
  bool Take(const std::string& item) {
    std::lock_guard<std::mutex> hold(mu_);
    if (Count(item) == 0) return false;  // expect: concur-self-deadlock
    --counts_[item];
    return true;
  }

  // positive: two calls down, through a private helper, on an error path.
  void Restock(const std::string& item, int n) {
    std::unique_lock<std::mutex> hold(mu_);
    if (n < 0) {
      Complain(item);  // expect: concur-self-deadlock
      return;
    }
    counts_[item] += n;
  }

  // negative: the lock is given back before the call.
  int TakeAll(const std::string& item) {
    std::unique_lock<std::mutex> hold(mu_);
    counts_.erase(item);
    hold.unlock();
    return Count(item);
  }

  // negative: another Inventory's lock (an order between two objects, not a self-deadlock).
  int Compare(Inventory& other, const std::string& item) {
    std::lock_guard<std::mutex> hold(mu_);
    return counts_[item] - other.Count(item);
  }

  // negative: the guard's scope ends before the call.
  int Touch(const std::string& item) {
    {
      std::lock_guard<std::mutex> hold(mu_);
      ++touched_;
    }
    return Count(item);
  }

  // negative: the helper only tries the lock; it gives up when it is taken.
  void Audit() {
    std::lock_guard<std::mutex> hold(mu_);
    TryLog();
  }

  // negative: the helper for callers that hold the lock takes none.
  bool TakeChecked(const std::string& item) {
    std::lock_guard<std::mutex> hold(mu_);
    if (CountLocked(item) == 0) return false;
    --counts_[item];
    return true;
  }

private:
  void Complain(const std::string& item) { Record("negative stock for " + item); }
  void Record(const std::string& line) {
    std::lock_guard<std::mutex> hold(mu_);
    last_ = line;
  }
  void TryLog() {
    if (!mu_.try_lock()) return;
    ++touched_;
    mu_.unlock();
  }
  int CountLocked(const std::string& item) const {
    auto it = counts_.find(item);
    return it == counts_.end() ? 0 : it->second;
  }

  std::mutex mu_;
  std::map<std::string, int> counts_;
  std::string last_;
  int touched_ = 0;
};

class Journal {
public:
  void Append(const std::string& line) {
    std::lock_guard<std::recursive_mutex> hold(mu_);
    lines_ += line;
  }

  // negative: a recursive mutex may be taken again by its holder.
  void AppendTwice(const std::string& line) {
    std::lock_guard<std::recursive_mutex> hold(mu_);
    Append(line);
    Append(line);
  }

private:
  std::recursive_mutex mu_;
  std::string lines_;
};

class Settings {
public:
  std::string Get(const std::string& key) {
    std::shared_lock<std::shared_mutex> read(mu_);
    return values_[key];
  }

  // positive: a writer that calls the reader path blocks on its own exclusive lock.
  void Rename(const std::string& from, const std::string& to) {
    std::unique_lock<std::shared_mutex> write(mu_);
    values_[to] = Get(from);  // expect: concur-self-deadlock
  }

  // negative: a reader lock taken twice by its holder does not wait for itself here.
  std::string GetBoth(const std::string& a, const std::string& b) {
    std::shared_lock<std::shared_mutex> read(mu_);
    return values_[a] + Peek(b);
  }

private:
  std::string Peek(const std::string& key) {
    std::shared_lock<std::shared_mutex> read(mu_);
    return values_[key];
  }
  std::shared_mutex mu_;
  std::map<std::string, std::string> values_;
};

// A class template: reported once, at the template's spelling.
template <class Key>
class Lru {
public:
  void Put(const Key& key, int value) {
    std::lock_guard<std::mutex> hold(mu_);
    items_[key] = value;
    if (items_.size() > limit_) EvictOne();  // expect: concur-self-deadlock
  }

  void EvictOne() {
    std::lock_guard<std::mutex> hold(mu_);
    if (!items_.empty()) items_.erase(items_.begin());
  }

private:
  std::mutex mu_;
  std::map<Key, int> items_;
  size_t limit_ = 16;
};

template class Lru<int>;
template class Lru<std::string>;

std::mutex g_registry_mu;
std::map<std::string, int> g_registry;

int Lookup(const std::string& name) {
  std::lock_guard<std::mutex> hold(g_registry_mu);
  return g_registry.count(name) ? g_registry[name] : -1;
}

// positive: a global lock, taken again by a free function.
int Register(const std::string& name, int id) {
  std::lock_guard<std::mutex> hold(g_registry_mu);
  if (Lookup(name) >= 0) return -1;  // expect: concur-self-deadlock
  g_registry[name] = id;
  return id;
}

// negative: manual unlock before the call, lock again after.
int Reregister(const std::string& name, int id) {
  g_registry_mu.lock();
  g_registry.erase(name);
  g_registry_mu.unlock();
  int old = Lookup(name);
  g_registry_mu.lock();
  g_registry[name] = id;
  g_registry_mu.unlock();
  return old;
}

}  // namespace self_deadlock
