// Creation stacks of the threads made through pthread_create (internal;
// thread_registry.cpp, linked whole into every executable using concur::runtime).
#pragma once

#include <sys/types.h>

#include <vector>

namespace concur::runtime_internal {

/// The stack of the pthread_create call that made the running thread `tid`,
/// innermost first; empty when the hook did not see it made.
std::vector<void*> recorded_creation_stack(pid_t tid);

/// True when calls to pthread_create in this process reach concur's hook.
bool creation_hook_is_pthread_create();

}  // namespace concur::runtime_internal
