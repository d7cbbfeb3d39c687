#include "detail/call_stack.h"

#include <unwind.h>

namespace concur::runtime_internal {
namespace {

struct Unwound {
  void** frames;
  int capacity;
  int depth;
  std::uintptr_t skip_until_pc;  // in a handler: the interrupted frame, behind the signal frame
  int skip_frames;
};

_Unwind_Reason_Code collect_frame(_Unwind_Context* context, void* data) {
  auto& u = *static_cast<Unwound*>(data);
  int before_instruction = 0;
  const std::uintptr_t ip = _Unwind_GetIPInfo(context, &before_instruction);
  if (u.skip_until_pc != 0) {
    if (ip == u.skip_until_pc) u.skip_until_pc = 0;  // its callers follow
    return _URC_NO_REASON;
  }
  if (u.skip_frames > 0) {
    --u.skip_frames;
    return _URC_NO_REASON;
  }
  if (ip == 0 || u.depth == u.capacity) return _URC_END_OF_STACK;
  u.frames[u.depth++] = reinterpret_cast<void*>(ip);
  return _URC_NO_REASON;
}

}  // namespace

// noinline: the frames skipped are this one and its caller, by count.
__attribute__((noinline)) int capture_call_stack(void** frames, int capacity, int skip) {
  Unwound u{frames, capacity, 0, 0, skip + 2};  // this function and its caller
  _Unwind_Backtrace(collect_frame, &u);
  return u.depth;
}

int capture_interrupted_call_stack(void** frames, int capacity, std::uintptr_t interrupted_pc) {
  Unwound u{frames, capacity, 0, interrupted_pc, 0};
  _Unwind_Backtrace(collect_frame, &u);
  return u.depth;
}

}  // namespace concur::runtime_internal
