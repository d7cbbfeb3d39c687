// concur-locked-callback: a function pointer stored into an object just
// created, through the local pointer to it, is what later reads of the field
// find: the project's own function here, a caller's function where the store
// copies a parameter of a function others can call. The stores are matched by
// the field's type: had Counter and Walker shared one struct, Walker's store
// of a caller's function would make both calls foreign.
#include <mutex>
#include <string>
#include <vector>

namespace heap_tables {

struct Tally {
  void (*visit)(int value, void* context);
  void (*finish)(void* context);
  void* context;
};

struct Visitor {
  void (*visit)(int value, void* context);
  void (*finish)(void* context);
  void* context;
};

namespace {
void count_value(int value, void* context) { *static_cast<long*>(context) += value; }
void no_finish(void*) {}
}  // namespace

class Counter {
 public:
  Counter() {
    auto* visitor = new Tally();
    visitor->visit = &count_value;
    visitor->finish = &no_finish;
    visitor->context = &total_;
    visitor_ = visitor;
  }
  ~Counter() { delete visitor_; }

  // negative: visit and finish are count_value and no_finish, set where the
  // visitor is made.
  void add_all(const std::vector<int>& values) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int v : values) visitor_->visit(v, visitor_->context);
    visitor_->finish(visitor_->context);
  }

 private:
  std::mutex mu_;
  Tally* visitor_ = nullptr;
  long total_ = 0;
};

class Walker {
 public:
  // Anyone may pass a visit function.
  void set_visitor(void (*visit)(int, void*), void* context) {
    auto* visitor = new Visitor();
    visitor->visit = visit;
    visitor->finish = &no_finish;
    visitor->context = context;
    delete visitor_;
    visitor_ = visitor;
  }

  // positive: visit is the caller's function, run under mu_.
  void walk(const std::vector<int>& values) {
    std::lock_guard<std::mutex> lock(mu_);
    for (int v : values) visitor_->visit(v, visitor_->context);  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  Visitor* visitor_ = nullptr;
};

}  // namespace heap_tables
