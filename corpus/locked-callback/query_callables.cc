// Type-erased callables a class is given and calls under its lock. A std::function whose
// signature only asks (returns a value; takes values and const references) is a predicate or a
// key function, run under the lock by contract, as std::map runs its comparator; one that takes
// something to change, or returns nothing (it acts), is a callback.
#include <functional>
#include <map>
#include <mutex>
#include <string>
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

}  // namespace query_callables
