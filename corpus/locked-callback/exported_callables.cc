// Functions that take a callable of a fixed type (std::function, a function pointer) and run it
// under a lock. A public one takes whatever users pass, so the project's own harmless callers do
// not make it safe; a private one, a template accessor, or one in an internal namespace is the
// project's plumbing, judged by what its callers pass.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace exported {

struct Item {
  std::string name;
};

class Registry {
 public:
  void drop(const std::string& name) { std::lock_guard<std::mutex> lock(mu_); items_.erase(name); }
  // positive: public: a user's fun that drops an item deadlocks on mu_.
  void for_each(const std::function<void(const Item&)>& fun) { std::lock_guard<std::mutex> lock(mu_); for (auto& entry : items_) fun(*entry.second); }  // expect: concur-locked-callback
  // negative: a template accessor: every caller in the project passes its own harmless lambda.
  template <class F>
  void with_item(const std::string& name, F f) { std::lock_guard<std::mutex> lock(mu_); auto it = items_.find(name); if (it != items_.end()) f(*it->second); }
  // negative: the private visit() is only given this class's own lambda.
  size_t total_length() { size_t n = 0; visit([&n](const Item& item) { n += item.name.size(); }); return n; }

 private:
  void visit(const std::function<void(const Item&)>& fn) { std::lock_guard<std::mutex> lock(mu_); for (auto& entry : items_) fn(*entry.second); }
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Item>> items_;
};

// negative: the project's own callers pass harmless lambdas.
size_t count_items(Registry& r) { size_t n = 0; r.for_each([&n](const Item&) { ++n; }); return n; }
// negative: the same for the template accessor.
size_t name_length(Registry& r, const std::string& name) { size_t n = 0; r.with_item(name, [&n](const Item& item) { n = item.name.size(); }); return n; }

namespace detail {
struct Counter {
  std::mutex mu;
  int value = 0;
};
// negative: a function of an internal namespace is plumbing; its callers pass harmless functions.
inline void apply(Counter& c, int (*op)(int)) { std::lock_guard<std::mutex> lock(c.mu); c.value = op(c.value); }
}  // namespace detail

int twice(int v) { return 2 * v; }
// negative: the one function applied is twice().
void double_counter(detail::Counter& c) { detail::apply(c, twice); }

}  // namespace exported
