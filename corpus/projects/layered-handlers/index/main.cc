// A class template runs its change callback two helpers below its lock (Insert -> Publish ->
// Dispatch -> changed_). The one callback the program installs asks Size(), which takes the
// same lock.
#include <cstdio>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>

template <class Key>
class Index {
public:
  using Changed = std::function<void(const Key&)>;

  explicit Index(Changed changed) : changed_(std::move(changed)) {}

  size_t Size() const {
    std::lock_guard<std::mutex> guard(mu_);
    return keys_.size();
  }

  // positive: Publish -> Dispatch runs main's lambda, which calls Size on this index.
  void Insert(const Key& key) {
    std::lock_guard<std::mutex> guard(mu_);
    keys_.insert(key);
    Publish(key);  // expect: concur-locked-callback
  }

  // negative: the guard's scope ends before Publish.
  void Erase(const Key& key) {
    {
      std::lock_guard<std::mutex> guard(mu_);
      keys_.erase(key);
    }
    Publish(key);
  }

  // negative: Count takes only the other mutex, and reaches no callback.
  void Touch(const Key& key) {
    std::lock_guard<std::mutex> guard(touch_mu_);
    ++touches_;
    Count(key);
  }

private:
  void Publish(const Key& key) { Dispatch(key); }
  void Dispatch(const Key& key) {
    if (changed_) changed_(key);
  }
  void Count(const Key& key) { last_touched_ = key; }

  mutable std::mutex mu_;
  std::mutex touch_mu_;
  std::set<Key> keys_;
  Key last_touched_{};
  long touches_ = 0;
  Changed changed_;
};

int main() {
  Index<std::string>* self = nullptr;
  Index<std::string> index([&self](const std::string& key) {
    std::printf("changed %s (%zu keys)\n", key.c_str(), self ? self->Size() : 0);
  });
  self = &index;
  index.Insert("a");
  index.Insert("b");
  index.Erase("a");
  index.Touch("b");
  return 0;
}
