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
          const HeldLock* lock = nullptr;
          for (const HeldLock& candidate : held.locks)
            if (candidate.definitely && !candidate.from_callers) {
              lock = &candidate;
              break;
            }
          if (!lock) continue;
          // A task resumes from its event loop; a generator (not a task) when
          // its caller asks for the next value, maybe much later, or never.
          const bool task = context.reach.is_task(*function);
          Finding finding = context.make(
              spec(), event.loc, event.text + " while lock '" + lock->display + "' is held",
              "release the lock before suspending (copy what you need, unlock, then " +
                  std::string(task ? "co_await" : event.text) + "), or use a coroutine-aware mutex that is awaited");
          context.note(finding, lock->acquired_at, "lock '" + lock->display + "' acquired here");
          context.note(finding, event.loc,
                       "'" + function->name + "' suspends here holding the lock: " +
                           (task ? "it resumes later, maybe on another thread, and every task that wants the "
                                   "lock blocks its loop meanwhile"
                                 : "it resumes only when its caller asks for the next value, maybe much "
                                   "later or never, and every thread that wants the lock waits meanwhile"));
          finding.symbol = lock->display;
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
