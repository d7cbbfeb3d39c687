// The runtime hooks' implementation of concur::ReactorObserver, and the API of
// concur/reactor_checks.h it serves: the reactor's sockets with their creation
// stacks (for the fd diff), per-task allocation budgets, and reports of reactors
// destroyed with leftovers. Installed at static initialization whenever this file
// is linked, which it is whenever anything can look at what it records
// (FdSnapshot::take, the budget and report APIs all live here or call in here).
#include <sys/stat.h>

#include <algorithm>
#include <thread>
#include <unordered_map>
#include <utility>

#include "concur/reactor_checks.h"
#include "concur_thread_safety.h"
#include "detail/alloc_counters.h"
#include "detail/blocking_calls.h"
#include "detail/loop_stalls.h"
#include "detail/reactor_registry.h"

namespace concur {
namespace {

struct OpenSocket {
  std::uint64_t dev = 0, inode = 0;  // tells a reused fd number from this socket
  std::thread::id thread;            // the thread (reactor) that opened it
  std::vector<void*> stack;
};

struct Budgeted {
  std::uint64_t id = 0;
  std::string name;
  TaskAllocationBudget budget;
  runtime_internal::TaskAllocAccount account{};
  bool reported = false;
};

// The running thread's budgeted tasks, by task id, and the one running now.
// A budgeted task's record lives as long as its thread (the reactor tells the
// hooks when a task runs, not when it ends).
struct ThreadBudgets {
  std::unordered_map<std::uint64_t, Budgeted> tasks;
  Budgeted* running = nullptr;
};
thread_local ThreadBudgets t_budgets;
// Whether this thread ever gave a task a budget: task_switched's whole cost otherwise
// (t_budgets has a destructor, so touching it costs a TLS guard check).
constinit thread_local bool t_any_budget = false;

bool over(const Budgeted& b) {
  const auto& a = b.account;
  return (b.budget.count != 0 && a.count > b.budget.count) || (b.budget.bytes != 0 && a.bytes > b.budget.bytes) ||
         (b.budget.largest != 0 && a.largest > b.budget.largest);
}

class HooksObserver final : public ReactorObserver {
 public:
  void socket_opened(const SocketEvent& e) noexcept override {
    runtime_internal::NotCounted quiet;
    OpenSocket s;
    struct stat st {};
    if (::fstat(e.fd, &st) != 0) return;
    s.dev = st.st_dev;
    s.inode = st.st_ino;
    s.thread = std::this_thread::get_id();
    try {
      s.stack.assign(e.creation_stack.begin(), e.creation_stack.end());
      sync_internal::LockGuard lock(mu_);
      sockets_[e.fd] = std::move(s);
    } catch (...) {  // out of memory: the socket is just not explained
    }
  }

  void socket_closed(int fd) noexcept override {
    runtime_internal::NotCounted quiet;
    sync_internal::LockGuard lock(mu_);
    sockets_.erase(fd);
  }

  void task_switched(const TaskInfo* task) noexcept override {
    runtime_internal::blocking_calls_slice_started();
    if (!t_any_budget) return;
    ThreadBudgets& t = t_budgets;
    if (t.running) {
      runtime_internal::t_alloc.task = nullptr;
      check(*t.running);
      t.running = nullptr;
    }
    if (task == nullptr || t.tasks.empty()) return;
    auto it = t.tasks.find(task->id);
    if (it == t.tasks.end()) return;
    t.running = &it->second;
    runtime_internal::t_alloc.task = &it->second.account;
  }

  void reactor_destroyed(const ReactorLeftovers& leftovers) noexcept override {
    runtime_internal::NotCounted quiet;
    try {
      if (t_any_budget && t_budgets.running) {
        check(*t_budgets.running);
        t_budgets.running = nullptr;
      }
      DestroyedReactorReport report{leftovers, {}};
      std::vector<int> mine;
      {
        sync_internal::LockGuard lock(mu_);
        for (const auto& [fd, s] : sockets_)
          if (s.thread == std::this_thread::get_id()) mine.push_back(fd);
      }
      if (!mine.empty()) {
        for (const FdInfo& fd : FdSnapshot::take().fds)
          if (!fd.creation_stack.empty() && std::find(mine.begin(), mine.end(), fd.fd) != mine.end())
            report.open_sockets.push_back(describe(fd));
      }
      sync_internal::LockGuard lock(mu_);
      reactors_.push_back(std::move(report));
    } catch (...) {
    }
  }

  void task_stalled(const TaskStall& stall) noexcept override { runtime_internal::record_stall(stall); }

  std::string describe_stall_site(const TaskStall& stall) noexcept override {
    return runtime_internal::stall_site_phrase(stall);
  }

  std::vector<void*> stack_of(int fd, std::uint64_t dev, std::uint64_t inode) {
    sync_internal::LockGuard lock(mu_);
    auto it = sockets_.find(fd);
    if (it == sockets_.end() || it->second.dev != dev || it->second.inode != inode) return {};
    return it->second.stack;
  }

  std::vector<TaskBudgetViolation> take_violations() {
    runtime_internal::NotCounted quiet;
    sync_internal::LockGuard lock(mu_);
    return std::exchange(violations_, {});
  }
  std::vector<DestroyedReactorReport> take_reactors() {
    runtime_internal::NotCounted quiet;
    sync_internal::LockGuard lock(mu_);
    return std::exchange(reactors_, {});
  }

 private:
  void check(Budgeted& b) noexcept {
    if (b.reported || !over(b)) return;
    b.reported = true;
    runtime_internal::NotCounted quiet;
    try {
      TaskBudgetViolation v{b.id, b.name, b.budget, b.account.count, b.account.bytes, b.account.largest};
      sync_internal::LockGuard lock(mu_);
      violations_.push_back(std::move(v));
    } catch (...) {
    }
  }

  // Reactor threads record; tests and the fd descriptions read from any thread.
  sync_internal::Mutex mu_;
  std::unordered_map<int, OpenSocket> sockets_ CONCUR_GUARDED_BY(mu_);
  std::vector<TaskBudgetViolation> violations_ CONCUR_GUARDED_BY(mu_);
  std::vector<DestroyedReactorReport> reactors_ CONCUR_GUARDED_BY(mu_);
};

HooksObserver& hooks() {
  static auto* observer = new HooksObserver;  // never destroyed: reactors may outlive statics
  return *observer;
}

[[maybe_unused]] const bool installed = [] {
  set_reactor_observer(&hooks());
  return true;
}();

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

bool runtime_internal::hooks_observer_installed() noexcept { return reactor_observer() == &hooks(); }

namespace runtime_internal {
std::vector<void*> reactor_socket_stack(int fd, std::uint64_t dev, std::uint64_t inode) {
  return hooks().stack_of(fd, dev, inode);
}
}  // namespace runtime_internal

bool set_task_allocation_budget(const TaskAllocationBudget& budget) {
  const TaskInfo* task = current_task();
  if (task == nullptr || reactor_observer() != &hooks()) return false;
  ThreadBudgets& t = t_budgets;
  t_any_budget = true;
  runtime_internal::t_alloc.task = nullptr;
  {
    runtime_internal::NotCounted quiet;
    Budgeted& b = t.tasks[task->id];
    b.id = task->id;
    b.name = task->name ? task->name : "";
    b.budget = budget;
    b.account = {};
    b.reported = false;
    t.running = &b;
  }
  runtime_internal::t_alloc.task = &t.running->account;
  return true;
}

std::string describe(const TaskBudgetViolation& v) {
  std::string text = "task ";
  text += v.task_name.empty() ? std::string("(unnamed)") : "\"" + v.task_name + "\"";
  text += " (#" + std::to_string(v.task_id) + ") went over its allocation budget: ";
  text += plural(v.count, "allocation", "allocations");
  if (v.budget.count) text += " (limit " + std::to_string(v.budget.count) + ")";
  text += ", " + plural(v.bytes, "byte", "bytes");
  if (v.budget.bytes) text += " (limit " + std::to_string(v.budget.bytes) + ")";
  text += ", largest " + std::to_string(v.largest);
  if (v.budget.largest) text += " (limit " + std::to_string(v.budget.largest) + ")";
  return text;
}

std::vector<TaskBudgetViolation> take_task_budget_violations() { return hooks().take_violations(); }

std::string describe(const DestroyedReactorReport& r) {
  std::string text = "reactor destroyed with " + plural(r.leftovers.open_sockets, "open socket", "open sockets") +
                     " and " + plural(r.leftovers.unfinished_tasks, "unfinished task", "unfinished tasks");
  const char* sep = ": ";
  for (const std::string& s : r.open_sockets) {
    text += sep + s;
    sep = "; ";
  }
  return text;
}

std::vector<DestroyedReactorReport> take_destroyed_reactor_reports() { return hooks().take_reactors(); }

}  // namespace concur
