// Call stacks with the unwinder itself (internal; call_stack.cpp). Not
// backtrace(3): sanitizers intercept it, which adds frames of their own, and
// it is not meant for signal handlers.
#pragma once

#include <cstdint>

namespace concur::runtime_internal {

/// Return addresses of the callers of the function calling this, innermost
/// first, leaving out `skip` more frames; returns how many were stored.
int capture_call_stack(void** frames, int capacity, int skip);

/// In a signal handler: the return addresses of the callers of the frame the
/// signal interrupted at `interrupted_pc` (the frames above it are the
/// handler's). Used from the writer-naming handler.
int capture_interrupted_call_stack(void** frames, int capacity, std::uintptr_t interrupted_pc);

}  // namespace concur::runtime_internal
