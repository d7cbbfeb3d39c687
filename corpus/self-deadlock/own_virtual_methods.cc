// A class that calls a virtual method it implements itself, which nothing in
// the project overrides: the call runs that method, as a plain call does.
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace own_virtual_methods {

class Store {
 public:
  virtual ~Store() = default;
  virtual size_t Size() = 0;
  virtual void Compact() = 0;
};

class MemStore : public Store {
 public:
  size_t Size() override {
    std::lock_guard<std::mutex> hold(mu_);
    return entries_.size();
  }

  void Compact() override {
    std::lock_guard<std::mutex> hold(mu_);
    // positive: MemStore's own Size, which nothing overrides, locks mu_ again.
    if (Size() == 0) return;  // expect: concur-self-deadlock
    entries_.clear();
  }

  void Trim() {
    std::unique_lock<std::mutex> hold(mu_);
    const bool empty = entries_.empty();
    hold.unlock();
    // negative: mu_ was released before the call.
    if (!empty) Size();
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> entries_;
};

// A class with a virtual hook of its own and a default that locks.
class Journal {
 public:
  virtual ~Journal() = default;
  virtual void Flush() {
    std::lock_guard<std::mutex> hold(mu_);
    pending_ = 0;
  }
  virtual int Pending() {
    std::lock_guard<std::mutex> hold(stats_mu_);
    return pending_;
  }
  void Rotate() {
    std::lock_guard<std::mutex> hold(mu_);
    // positive: the only Flush in the project takes mu_ again.
    Flush();  // expect: concur-self-deadlock
  }
  void Report() {
    std::lock_guard<std::mutex> hold(mu_);
    // negative: the only Pending takes another lock.
    Pending();
  }

 private:
  std::mutex mu_;
  std::mutex stats_mu_;
  int pending_ = 0;
};

// A class template that calls its own virtual method.
template <class Key>
class Index {
 public:
  virtual ~Index() = default;
  virtual size_t Count() {
    std::lock_guard<std::mutex> hold(mu_);
    return keys_.size();
  }
  void Add(const Key& key) {
    std::lock_guard<std::mutex> hold(mu_);
    keys_[key] = 1;
    // positive: Index<Key>::Count locks mu_ again, in every instantiation.
    if (Count() > 100) keys_.clear();  // expect: concur-self-deadlock
  }

 private:
  std::mutex mu_;
  std::map<Key, int> keys_;
};

template class Index<std::string>;

// A hook that a class of the project overrides: either may run.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Write(const std::string& line) {
    std::lock_guard<std::mutex> hold(mu_);
    last_ = line;
  }
  void Log(const std::string& line) {
    std::lock_guard<std::mutex> hold(mu_);
    // positive: a subclass of the project overrides Write without the lock,
    // so which runs is the object's class: a locked callback, not a sure
    // self-deadlock.
    Write(line);  // expect: concur-locked-callback
  }

 protected:
  std::mutex mu_;
  std::string last_;
};

class NullSink : public Sink {
 public:
  void Write(const std::string&) override {}
};

// A recursive mutex may be taken again by its holder.
class Registry {
 public:
  virtual ~Registry() = default;
  virtual int Find(int id) {
    std::lock_guard<std::recursive_mutex> hold(mu_);
    return ids_.count(id) ? ids_[id] : -1;
  }
  void Touch(int id) {
    std::lock_guard<std::recursive_mutex> hold(mu_);
    // negative: mu_ is recursive.
    if (Find(id) < 0) ids_[id] = 0;
  }

 private:
  std::recursive_mutex mu_;
  std::map<int, int> ids_;
};

}  // namespace own_virtual_methods
