// concur/reactor_checks.h — what concur::runtime checks in reactors. The runtime
// installs its own concur::ReactorObserver (concur/reactor/observer.h) when this
// part of it is linked, and records (formerly concur/reactor_hooks.h):
//
//  - Sockets the reactor creates are remembered with their creation stack, so a
//    leaked one is described with where it was made:
//      "TCP socket fd 7 127.0.0.1:40312 -> 127.0.0.1:8080, created at echo_test.cc:31"
//    (see concur/fds.h: FdInfo::creation_stack, describe()).
//  - A task can be given an allocation budget; a task over it is reported.
//  - A reactor destroyed with open sockets or unfinished tasks is reported.
//
// Installing another observer (concur::set_reactor_observer) turns these off
// until it is removed again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "concur/fds.h"
#include "concur/reactor/observer.h"

namespace concur {

/// Limits on what one task allocates (operator new, all forms; every malloc in
/// sanitizer builds), counted while the task runs. 0 means no limit.
struct TaskAllocationBudget {
  std::uint64_t count = 0;    ///< allocations
  std::uint64_t bytes = 0;    ///< bytes requested in total
  std::uint64_t largest = 0;  ///< largest single request
};

/// Gives the running reactor task a budget, counted from this call on (calling
/// it again resets the count). Returns false outside a reactor task, or when
/// the hooks are not the installed observer.
bool set_task_allocation_budget(const TaskAllocationBudget& budget);

/// A task that went over its budget. Recorded once per task, when the task
/// next yields to the loop.
struct TaskBudgetViolation {
  std::uint64_t task_id = 0;
  std::string task_name;  ///< "" for an unnamed task
  TaskAllocationBudget budget;
  std::uint64_t count = 0, bytes = 0, largest = 0;  ///< used when it was found over
};
/// "task \"worker\" (#12) went over its allocation budget: 3 allocations (limit 1), ..."
std::string describe(const TaskBudgetViolation& v);
/// The violations recorded so far (all threads), removed from the record.
std::vector<TaskBudgetViolation> take_task_budget_violations();

/// A reactor destroyed with sockets still registered or tasks still alive.
struct DestroyedReactorReport {
  ReactorLeftovers leftovers;
  /// The reactor's thread's sockets still open when it was destroyed, described
  /// then, with their creation site.
  std::vector<std::string> open_sockets;
};
/// "reactor destroyed with 1 open socket and 0 unfinished tasks: TCP listener ..."
std::string describe(const DestroyedReactorReport& r);
/// The reports recorded so far (all threads), removed from the record.
std::vector<DestroyedReactorReport> take_destroyed_reactor_reports();

}  // namespace concur
