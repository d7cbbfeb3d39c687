// Type-erased callables a class is given and calls under its lock. A std::function whose
// signature only asks (returns an answer: a truth value, a number, a pointer; takes values and
// const references) is a predicate or a key function, run under the lock by contract, as
// std::map runs its comparator; one that takes something to change, returns nothing (it acts)
// or returns an object it makes (a loader, a factory) is a callback.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace query_callables {

struct Item {
  std::string name;
  int priority = 0;
};

class Queue {
public:
  void set_filter(std::function<bool(const Item&)> accept) { accept_ = std::move(accept); }
  void set_ranker(std::function<int(const std::string&, int)> rank) { rank_ = std::move(rank); }
  void set_fixup(std::function<bool(Item&)> fixup) { fixup_ = std::move(fixup); }
  void set_on_push(std::function<void(const Item&)> on_push) { on_push_ = std::move(on_push); }

  // negative: a filter and a ranking are questions about the item.
  bool push(const Item& item) {
    std::lock_guard<std::mutex> lock(mu_);
    if (accept_ && !accept_(item)) return false;
    const int rank = rank_ ? rank_(item.name, item.priority) : item.priority;
    items_.emplace(rank, item);
    return true;
  }

  // positive: the fix-up gets the item by non-const reference: it acts, and can re-enter.
  void fix_all() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [rank, item] : items_)
      if (fixup_) fixup_(item);  // expect: concur-locked-callback
  }

  // positive: a notification returns nothing; it is there to act.
  void push_and_tell(const Item& item) {
    std::lock_guard<std::mutex> lock(mu_);
    items_.emplace(item.priority, item);
    if (on_push_) on_push_(item);  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  std::function<bool(const Item&)> accept_;
  std::function<int(const std::string&, int)> rank_;
  std::function<bool(Item&)> fixup_;
  std::function<void(const Item&)> on_push_;
  std::multimap<int, Item> items_;
};

// A cache that fills itself with what the user's loader makes. The loader's signature takes
// only a key, but it returns an object: it fetches it from somewhere (a file, a server, another
// cache), and a loader that asks this cache for another key waits for its own lock.
class LoadingCache {
public:
  explicit LoadingCache(std::function<std::string(int)> load) : load_(std::move(load)) {}
  void set_weigher(std::function<size_t(int, const std::string&)> weigh) { weigh_ = std::move(weigh); }

  // positive: the loader runs under the lock.
  std::string get(int key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto found = values_.find(key);
    if (found != values_.end()) return found->second;
    std::string value = load_(key);  // expect: concur-locked-callback
    total_ += weigh_ ? weigh_(key, value) : value.size();
    return values_[key] = std::move(value);
  }

  // negative: load outside the lock, then insert; the weigher is a question about the entry.
  std::string get_then_insert(int key) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto found = values_.find(key);
      if (found != values_.end()) return found->second;
    }
    std::string value = load_(key);
    std::lock_guard<std::mutex> lock(mu_);
    total_ += weigh_ ? weigh_(key, value) : value.size();
    return values_.emplace(key, std::move(value)).first->second;
  }

private:
  std::mutex mu_;
  std::function<std::string(int)> load_;
  std::function<size_t(int, const std::string&)> weigh_;
  std::map<int, std::string> values_;
  size_t total_ = 0;
};

struct Conn {
  int fd = -1;
};

// A pool that opens a connection with the user's factory when none is idle.
template <class Factory>
class Pool {
public:
  explicit Pool(Factory open) : open_(std::move(open)) {}

  // positive: the factory (a template parameter, a `std::shared_ptr<Conn> ()` here) runs under
  // the pool's lock.
  std::shared_ptr<Conn> take() {
    std::unique_lock<std::mutex> lock(mu_);
    if (idle_.empty()) return open_();  // expect: concur-locked-callback
    auto conn = idle_.back();
    idle_.pop_back();
    return conn;
  }

  // negative: the lock is released before the factory runs.
  std::shared_ptr<Conn> take_unlocked() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto conn = idle_.back();
      idle_.pop_back();
      return conn;
    }
    lock.unlock();
    return open_();
  }

private:
  std::mutex mu_;
  Factory open_;
  std::vector<std::shared_ptr<Conn>> idle_;
};

// negative: a pointer a lookup returns points into what exists; a key function's `const
// std::string&` names part of its argument.
class Index {
public:
  Index(std::function<const Item*(int)> find, std::function<const std::string&(const Item&)> key)
      : find_(std::move(find)), key_(std::move(key)) {}
  bool add(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    const Item* item = find_(id);
    if (!item) return false;
    names_[key_(*item)] = id;
    return true;
  }

private:
  std::mutex mu_;
  std::function<const Item*(int)> find_;
  std::function<const std::string&(const Item&)> key_;
  std::map<std::string, int> names_;
};

// A topic table whose users count topics with their own filter.
class Topics {
public:
  // negative: the filter gets a view of the name (a value): a question.
  size_t count(const std::function<bool(std::string_view)>& matches) {
    std::lock_guard<std::mutex> lock(mu_);
    size_t n = 0;
    for (const auto& [name, subscribers] : subscribers_)
      if (matches(name)) ++n;
    return n;
  }

  // positive: a shared_ptr by value hands the callee the item itself, to change.
  size_t visit(const std::function<bool(std::shared_ptr<Item>)>& visitor) {
    std::lock_guard<std::mutex> lock(mu_);
    size_t n = 0;
    for (const auto& item : items_)
      if (visitor(item)) ++n;  // expect: concur-locked-callback
    return n;
  }

private:
  std::mutex mu_;
  std::map<std::string, int> subscribers_;
  std::vector<std::shared_ptr<Item>> items_;
};

inline std::shared_ptr<Conn> open_local() { return std::make_shared<Conn>(); }
inline Pool<std::function<std::shared_ptr<Conn>()>> shared_pool(open_local);

}  // namespace query_callables
