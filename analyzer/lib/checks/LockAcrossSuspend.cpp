// concur-lock-across-suspend: a mutex is held at a co_await or co_yield.
// The coroutine resumes later, on another turn of the loop and maybe on
// another thread, while every task that wants the lock blocks its loop (or
// the resuming thread unlocks a mutex another thread locked: undefined
// behaviour for std::mutex). Manual lock()/unlock() counts as much as RAII
// guards: the lock set is the shared one.
#include "checks/Check.h"

namespace concur::analyzer_internal {
namespace {

const CheckSpec& spec();

class LockAcrossSuspendCheck : public Check {
public:
  explicit LockAcrossSuspendCheck(const CheckOptions&) {}

  void run(CheckContext& context) override {
    for (const FunctionFact* function : context.project.functions()) {
      if (!function->has(function_flags::coroutine)) continue;
      for (const auto& block : function->blocks)
        for (const auto& event : block.events) {
          if (event.kind != EventKind::suspend) continue;
          const LockSet held = context.locks.held_at(*function, event);
          // Every lock this coroutine took and holds here (`std::scoped_lock both (a, b)` holds two).
          std::vector<const HeldLock*> locks;
          for (const HeldLock& candidate : held.locks)
            if (candidate.definitely && !candidate.from_callers) locks.push_back(&candidate);
          if (locks.empty()) continue;
          std::string names;
          for (size_t i = 0; i < locks.size(); ++i)
            names += (i == 0 ? "" : i + 1 == locks.size() ? " and " : ", ") + ("'" + locks[i]->display + "'");
          const bool several = locks.size() > 1;
          // A task resumes from its event loop; a generator's co_yield when
          // its caller asks for the next value, maybe much later, or never;
          // another coroutine's co_await when what it awaits completes.
          const bool task = context.reach.is_task(*function);
          const bool yields = event.text == "co_yield";
          const std::string the_lock = several ? "the locks" : "the lock";
          Finding finding = context.make(
              spec(), event.loc, event.text + " while " + (several ? "locks " : "lock ") + names + (several ? " are" : " is") + " held",
              "release " + the_lock + " before suspending (copy what you need, unlock, then " +
                  std::string(task ? "co_await" : event.text) + "), or use a coroutine-aware mutex that is awaited");
          for (const HeldLock* lock : locks)
            context.note(finding, lock->acquired_at, "lock '" + lock->display + "' acquired here");
          const std::string wants = several ? "every task that wants one of them" : "every task that wants the lock";
          context.note(finding, event.loc,
                       "'" + function->name + "' suspends here holding " + the_lock + ": " +
                           (task ? "it resumes later, maybe on another thread, and " + wants + " blocks its loop meanwhile"
                            : yields
                                ? "it resumes only when its caller asks for the next value, maybe much later or "
                                  "never, and every thread that wants " + std::string(several ? "one of them" : "the lock") +
                                  " waits meanwhile"
                                : "it resumes when what it awaits completes, maybe much later and on another "
                                  "thread, and every thread that wants " + std::string(several ? "one of them" : "the lock") +
                                  " waits meanwhile"));
          const HeldLock* lock = locks.front();
          finding.symbol = lock->fingerprint_name();
          finding.function = function->name;
          context.report(std::move(finding));
        }
    }
  }
};

std::unique_ptr<Check> make(const CheckOptions& options) {
  return std::make_unique<LockAcrossSuspendCheck>(options);
}

const CheckSpec& spec() {
  static const CheckSpec check = {
      "concur-lock-across-suspend",
      "a mutex is held across a co_await or co_yield",
      Severity::warning,
      {},
      &make,
  };
  return check;
}

}  // namespace

CheckSpec lock_across_suspend_check() { return spec(); }

}  // namespace concur::analyzer_internal
