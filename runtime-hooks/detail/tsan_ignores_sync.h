// A scope in which ThreadSanitizer ignores this thread's synchronization
// (internal): for the hooks' own locks, which must not order the program's
// threads for TSan (HasNoDataRaces would miss races between them).
#pragma once

#include "detail/sanitizer.h"

#if defined(CONCUR_TSAN)
extern "C" void AnnotateIgnoreSyncBegin(const char* file, int line);
extern "C" void AnnotateIgnoreSyncEnd(const char* file, int line);
#endif

namespace concur::runtime_internal {

/// While alive, TSan ignores this thread's synchronization.
class TsanIgnoresSync {
 public:
#if defined(CONCUR_TSAN)
  TsanIgnoresSync() { AnnotateIgnoreSyncBegin(__FILE__, __LINE__); }
  ~TsanIgnoresSync() { AnnotateIgnoreSyncEnd(__FILE__, __LINE__); }
#else
  TsanIgnoresSync() = default;
#endif
  TsanIgnoresSync(const TsanIgnoresSync&) = delete;
  TsanIgnoresSync& operator=(const TsanIgnoresSync&) = delete;
};

}  // namespace concur::runtime_internal
