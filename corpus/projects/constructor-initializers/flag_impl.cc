#include "flags.h"

namespace flags_internal {

void* Invoke(OpFn op, int code, void* from, void* to) { return op(code, from, to); }

// negative: op_ holds one of TypedOps<T>, passed on to a helper that calls it; it runs no
// foreign code.
void FlagImpl::Store(void* from, void* to) {
  std::lock_guard<std::mutex> lock(mu_);
  Invoke(op_, 1, from, to);
}

// negative: called directly, op_ is the same operations.
void* FlagImpl::Clone(void* from) {
  std::lock_guard<std::mutex> lock(mu_);
  return op_(0, from, nullptr);
}

}  // namespace flags_internal
