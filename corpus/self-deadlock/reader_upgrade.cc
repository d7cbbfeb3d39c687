// A thread that holds a reader lock and then asks for the writer lock on the same object (an
// "upgrade") waits until every reader has left, itself among them: a self-deadlock. The fact is
// "held as a reader on every path, taken as a writer by the callee on every path", whether the
// writer's acquisition is a guard, a lock () call or a helper's.
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

namespace reader_upgrade {

class Catalog {
public:
  // positive: the miss path inserts through a helper that takes the writer lock.
  int Find(const std::string& name) {
    std::shared_lock<std::shared_mutex> read(mu_);
    auto it = ids_.find(name);
    if (it != ids_.end()) return it->second;
    return Insert(name);  // expect: concur-self-deadlock
  }

  // positive: a writer's lock () two calls down.
  void Touch(const std::string& name) {
    std::shared_lock<std::shared_mutex> read(mu_);
    if (ids_.count(name)) Bump(name);  // expect: concur-self-deadlock
  }

  // negative: the reader lock is released before the writer path runs.
  int FindThenInsert(const std::string& name) {
    {
      std::shared_lock<std::shared_mutex> read(mu_);
      auto it = ids_.find(name);
      if (it != ids_.end()) return it->second;
    }
    return Insert(name);
  }

  // negative: a second reader lock by the holder does not wait for itself.
  size_t SizeTwice() {
    std::shared_lock<std::shared_mutex> read(mu_);
    return Size() + ids_.size();
  }

  // negative: the writer lock is another catalog's.
  int CopyInto(Catalog& other, const std::string& name) {
    std::shared_lock<std::shared_mutex> read(mu_);
    return other.Insert(name);
  }

  // negative: a try-lock gives up instead of waiting.
  bool TryTouch(const std::string& name) {
    std::shared_lock<std::shared_mutex> read(mu_);
    return ids_.count(name) && TryBump(name);
  }

private:
  int Insert(const std::string& name) {
    std::unique_lock<std::shared_mutex> write(mu_);
    return ids_.emplace(name, static_cast<int>(ids_.size())).first->second;
  }
  void Bump(const std::string& name) { BumpLocked(name); }
  void BumpLocked(const std::string& name) {
    mu_.lock();
    ++ids_[name];
    mu_.unlock();
  }
  bool TryBump(const std::string& name) {
    if (!mu_.try_lock()) return false;
    ++ids_[name];
    mu_.unlock();
    return true;
  }
  size_t Size() {
    std::shared_lock<std::shared_mutex> read(mu_);
    return ids_.size();
  }
  std::shared_mutex mu_;
  std::map<std::string, int> ids_;
};

}  // namespace reader_upgrade
