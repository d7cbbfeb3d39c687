// concur-blocking-in-task: a coroutine task (concur::Task, asio awaitables,
// folly/cppcoro tasks; the vocabulary's taskTypes) calls something that
// blocks its thread: a sleep, name resolution, a wait on a future, thread
// or condition variable, blocking file or socket I/O, a process, or a
// function of the project that does one of these. While it blocks, no other
// task on that loop runs. A lambda handed to offload() is a function of its
// own: what it does is not the task's.
#include "checks/Check.h"

#include "llvm/ADT/StringSet.h"

#include <map>

namespace concur::analyzer_internal {
namespace {

const CheckSpec& spec();

constexpr unsigned kMaxRounds = 16;

/// How a function blocks: the blocking call, reached through `steps`.
struct Blocking {
  std::string call;  ///< "fread"
  Loc at;            ///< where the blocking call is
  std::vector<std::pair<const FunctionFact*, Loc>> steps;  ///< helpers from the task down
};

class BlockingInTaskCheck : public Check {
public:
  explicit BlockingInTaskCheck(const CheckOptions&) {}

  void run(CheckContext& context) override {
    context_ = &context;
    const CheckOptions vocabulary(*context.config, "vocabulary");
    for (const auto& name : vocabulary.list("blockingFunctions")) blocking_.insert(name);
    compute_blocking();
    for (const FunctionFact* function : context.project.functions())
      if (context.reach.is_task(*function)) examine(*function);
  }

private:
  /// The blocking function a call event names directly, or "".
  std::string blocking_callee(const Event& event) const {
    llvm::StringRef callee(event.callee);
    if (event.kind != EventKind::call) return {};
    if (callee.consume_front("sys:")) return blocking_.contains(callee) ? callee.str() : std::string();
    // A function of the project the vocabulary lists (`my_sync_rpc`, `rpc::CallSync`):
    // blocking by the user's word, whether its body is in the project or not.
    const FunctionFact* function = context_->project.function(event.callee);
    std::string name = function ? function->name : name_from_usr(callee);
    return blocking_.contains(name) ? name : std::string();
  }

  /// "rpc::CallSync" from "c:@N@rpc@F@CallSync#I#" (a function the project
  /// only declares has no fact of its own, only its USR).
  static std::string name_from_usr(llvm::StringRef usr) {
    if (!usr.consume_front("c:")) return {};
    std::string name;
    while (usr.consume_front("@")) {
      const llvm::StringRef kind = usr.take_until([](char c) { return c == '@'; });
      usr = usr.drop_front(kind.size());
      if (!usr.consume_front("@")) return {};
      const llvm::StringRef part = usr.take_until([](char c) { return c == '@' || c == '#' || c == '>'; });
      usr = usr.drop_front(part.size());
      if (kind != "N" && kind != "S" && kind != "F" && kind != "C") return {};
      if (!name.empty()) name += "::";
      name += part.str();
      if (kind == "F") return usr.empty() || usr.front() == '#' ? name : std::string();
    }
    return {};
  }

  /// The function of the project a call runs that blocks, or nullptr. A
  /// virtual call runs one of the overrides its object's class can have:
  /// it blocks when every such override in the project does (`d.Flush ()`
  /// on a `DiskStorage&`, whose only `Flush` calls fsync); the first by
  /// name is shown.
  const FunctionFact* blocking_target(const Event& event) const {
    const Project& project = context_->project;
    const FunctionFact* callee = project.function(event.callee);
    auto blocking = [&](const FunctionFact* f) { return !context_->reach.is_task(*f) && blocks_.count(f); };
    if (!event.has(event_flags::virtual_call)) return callee && blocking(callee) ? callee : nullptr;
    std::vector<const FunctionFact*> runs;
    if (callee && !callee->has(function_flags::pure_virtual)) runs.push_back(callee);
    for (const FunctionFact* override_ : project.overriders(event.callee))
      if (!override_->has(function_flags::pure_virtual)) runs.push_back(override_);
    if (runs.empty() || !llvm::all_of(runs, blocking)) return nullptr;
    return *llvm::min_element(runs, [](const FunctionFact* a, const FunctionFact* b) { return a->name < b->name; });
  }

  /// Which project functions block, through helpers at any depth (rounds:
  /// independent of definition order). Tasks are not followed: a task that
  /// blocks is reported where it blocks.
  void compute_blocking() {
    const Project& project = context_->project;
    for (const FunctionFact* function : project.functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (std::string name = blocking_callee(event); !name.empty() && !blocks_.count(function))
            blocks_[function] = {name, event.loc, {}};
    for (unsigned round = 0; round < kMaxRounds; ++round) {
      std::vector<std::pair<const FunctionFact*, Blocking>> added;
      for (const FunctionFact* function : project.functions()) {
        if (blocks_.count(function)) continue;
        for (const auto& block : function->blocks)
          for (const auto& event : block.events) {
            if (event.kind != EventKind::call) continue;
            const FunctionFact* callee = blocking_target(event);
            if (!callee) continue;
            Blocking through = blocks_.find(callee)->second;
            through.steps.insert(through.steps.begin(), {callee, event.loc});
            added.emplace_back(function, std::move(through));
            goto next;
          }
      next:;
      }
      if (added.empty()) break;
      for (auto& [function, blocking] : added) blocks_.try_emplace(function, std::move(blocking));
    }
  }

  void examine(const FunctionFact& task) {
    // A local's destructor appears once per way out of its scope (after
    // `co_return`, and at the closing brace the coroutine never reaches):
    // one object, one destruction, reported at the first.
    std::map<std::pair<std::string, uint32_t>, Loc> first_destruction;
    for (const auto& block : task.blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::call && event.has(event_flags::destructs)) {
          auto [it, fresh] = first_destruction.try_emplace({event.callee, event.index}, event.loc);
          if (!fresh && event.loc < it->second) it->second = event.loc;
        }
    for (const auto& block : task.blocks)
      for (const auto& event : block.events) {
        if (event.kind != EventKind::call) continue;
        if (event.has(event_flags::destructs) && first_destruction.at({event.callee, event.index}) != event.loc)
          continue;
        if (std::string name = blocking_callee(event); !name.empty()) {
          report(task, event.loc, Blocking{name, event.loc, {}});
          continue;
        }
        if (const FunctionFact* callee = blocking_target(event)) {
          Blocking through = blocks_.find(callee)->second;
          through.steps.insert(through.steps.begin(), {callee, event.loc});
          report(task, event.loc, through);
        }
      }
  }

  void report(const FunctionFact& task, Loc at, const Blocking& blocking) {
    const std::string kind = task.return_type.empty() ? "task" : task.return_type;
    std::string message =
        blocking.steps.empty()
            ? "blocking call '" + blocking.call + "' in coroutine task '" + task.name + "'"
            : "'" + blocking.steps.front().first->name + "' blocks in '" + blocking.call +
                  "', called from coroutine task '" + task.name + "'";
    Finding finding = context_->make(
        spec(), at, std::move(message),
        "co_await offload([&] { ... }) for blocking work, or use the reactor's timers "
        "(co_await sleep_for) and streams instead of blocking calls");
    for (size_t i = 0; i < blocking.steps.size(); ++i) {
      const auto& [function, loc] = blocking.steps[i];
      const bool last = i + 1 == blocking.steps.size();
      const std::string next = last ? "'" + blocking.call + "'" : "'" + blocking.steps[i + 1].first->name + "'";
      context_->note(finding, last ? blocking.at : blocking.steps[i + 1].second,
                     "'" + function->name + "' calls " + next + " here");
    }
    // `std::basic_ofstream::basic_ofstream`: a constructor, spelled as a declaration.
    if (const llvm::StringRef call(blocking.call); call.contains("::")) {
      const auto [type, member] = call.rsplit("::");
      if (type.ends_with("::" + member.str()) || type == member)
        context_->note(finding, blocking.at,
                       "constructing a '" + type.str() + "' with a file name opens the file; the lookup waits "
                       "for the file system");
    }
    if (blocking.call == "std::async")
      context_->note(finding, blocking.at,
                     "the std::future 'std::async' returns is dropped at the end of the statement, and its "
                     "destructor waits for the work to finish");
    context_->note(finding, task.loc,
                   "'" + task.name + "' is a coroutine task (" + kind +
                       "): while the call blocks, no other task on its loop runs");
    finding.symbol = blocking.call;
    finding.function = task.name;
    context_->report(std::move(finding));
  }

  CheckContext* context_ = nullptr;
  llvm::StringSet<> blocking_;
  llvm::DenseMap<const FunctionFact*, Blocking> blocks_;
};

std::unique_ptr<Check> make(const CheckOptions& options) {
  return std::make_unique<BlockingInTaskCheck>(options);
}

const CheckSpec& spec() {
  static const CheckSpec check = {
      "concur-blocking-in-task",
      "a coroutine task blocks its thread (sleep, DNS, waits, blocking I/O), stalling every "
      "task on the loop",
      Severity::warning,
      {},
      &make,
  };
  return check;
}

}  // namespace

CheckSpec blocking_in_task_check() { return spec(); }

}  // namespace concur::analyzer_internal
