// concur-locked-callback: an object that carries its callbacks as function pointers, set by the
// factory that makes it (`Table::Create (deleter)`), called by its own methods. What a call into
// such an object runs is what the object a member or global holds was made with: nothing when
// it was made with nullptr, the project's own function when that was passed, and unknown code
// when the maker passed on its own caller's function or a setter may change it later.
#include <functional>
#include <mutex>
#include <string>

namespace object_callbacks {

using Deleter = void (*)(void* value);

class Table {
 public:
  static Table* Create(Deleter deleter) {
    auto* table = new Table;
    table->deleter_ = deleter;
    return table;
  }

  void Erase(void* value) {
    if (deleter_ != nullptr) deleter_(value);
    --size_;
  }

  void Put(void*) { ++size_; }

 private:
  Table() = default;
  Deleter deleter_ = nullptr;
  int size_ = 0;
};

// A table helper written as a free function: its callers say which table.
inline void EraseAll(Table* table, void* const* values, int count) {
  for (int i = 0; i < count; ++i) table->Erase(values[i]);
}

struct Listener {
  std::function<void()> on_removed;
};

// Drops a listener: runs what the user registered.
inline void DropListener(void* value) { static_cast<Listener*>(value)->on_removed(); }

inline void DeleteString(void* value) { delete static_cast<std::string*>(value); }

class Registry {
 public:
  explicit Registry(Deleter user_deleter)
      : names_(Table::Create(&DeleteString)),
        plain_(Table::Create(nullptr)),
        listeners_(Table::Create(&DropListener)),
        user_(Table::Create(user_deleter)) {}

  // negative: names_ deletes strings with DeleteString, which calls nothing foreign.
  void Forget(std::string* name) {
    std::lock_guard<std::mutex> lock(mu_);
    names_->Erase(name);
  }

  // negative: plain_ was made with no deleter.
  void Drop(void* value) {
    std::lock_guard<std::mutex> lock(mu_);
    plain_->Erase(value);
  }

  // negative: the same table through the free helper.
  void DropAll(void* const* values, int count) {
    std::lock_guard<std::mutex> lock(mu_);
    EraseAll(plain_, values, count);
  }

  // positive: listeners_ drops with DropListener, which runs the user's std::function.
  void RemoveListener(Listener* listener) {
    std::lock_guard<std::mutex> lock(mu_);
    listeners_->Erase(listener);  // expect: concur-locked-callback
  }

  // positive: user_ deletes with whatever the Registry's creator passed.
  void DropUserValue(void* value) {
    std::lock_guard<std::mutex> lock(mu_);
    user_->Erase(value);  // expect: concur-locked-callback
  }

  // positive: the free helper on user_.
  void DropUserValues(void* const* values, int count) {
    std::lock_guard<std::mutex> lock(mu_);
    EraseAll(user_, values, count);  // expect: concur-locked-callback
  }

  void Add(Listener* listener) {
    std::lock_guard<std::mutex> lock(mu_);
    listeners_->Put(listener);
  }

 private:
  std::mutex mu_;
  Table* names_;
  Table* plain_;
  Table* listeners_;
  Table* user_;
};

// A ring whose drop function its constructor takes, made with `new`.
class Ring {
 public:
  explicit Ring(Deleter on_drop) : on_drop_(on_drop) {}
  void Drop(void* value) {
    if (on_drop_ != nullptr) on_drop_(value);
  }

 private:
  Deleter on_drop_ = nullptr;
};

class Mailbox {
 public:
  explicit Mailbox(Deleter user_drop)
      : quiet_(new Ring(nullptr)), loud_(new Ring(&DropListener)), user_(new Ring(user_drop)) {}

  // negative: quiet_ is a Ring constructed with no drop function.
  void DropQuiet(void* value) {
    std::lock_guard<std::mutex> lock(mu_);
    quiet_->Drop(value);
  }

  // positive: loud_ drops through DropListener, which runs the user's std::function.
  void DropLoud(Listener* listener) {
    std::lock_guard<std::mutex> lock(mu_);
    loud_->Drop(listener);  // expect: concur-locked-callback
  }

  // positive: user_ drops with what the Mailbox's creator passed.
  void DropUser(void* value) {
    std::lock_guard<std::mutex> lock(mu_);
    user_->Drop(value);  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  Ring* quiet_;
  Ring* loud_;
  Ring* user_;
};

// A cache template whose table comes from a default member initializer.
template <typename Key>
class Cache {
 public:
  // negative: the instantiated table was made with no deleter.
  void Evict(Key* key) {
    std::lock_guard<std::mutex> lock(mu_);
    table_->Erase(key);
  }

 private:
  std::mutex mu_;
  Table* table_ = Table::Create(nullptr);
};

inline void EvictOne(int* key) {
  static Cache<int> cache;
  cache.Evict(key);
}

// A pool whose release function a setter changes after the pool is made.
class Pool {
 public:
  static Pool* Create() {
    auto* pool = new Pool;
    pool->release_ = nullptr;
    return pool;
  }
  void SetRelease(Deleter release) { release_ = release; }
  void Release(void* item) {
    if (release_ != nullptr) release_(item);
  }

 private:
  Deleter release_ = nullptr;
};

class Worker {
 public:
  Worker() : pool_(Pool::Create()) {}
  void Configure(Deleter release) { pool_->SetRelease(release); }

  // positive: the pool's release function is whatever Configure's caller set.
  void Finish(void* item) {
    std::lock_guard<std::mutex> lock(mu_);
    pool_->Release(item);  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  Pool* pool_;
};

// A global table made by a static initializer.
std::mutex g_handles_mu;
Table* g_handles = Table::Create(nullptr);

// negative: the global table was made with no deleter.
void CloseHandle(void* handle) {
  std::lock_guard<std::mutex> lock(g_handles_mu);
  g_handles->Erase(handle);
}

}  // namespace object_callbacks
