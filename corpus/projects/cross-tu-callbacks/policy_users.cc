#include "policy_cache.h"

namespace policy {

// positive (reported in policy_cache.h, once): with ObservedPolicy, Clear()
// runs the observers' virtual disable() under the cache's lock.
void ResetObserved(Cache<ObservedPolicy>& cache) { cache.Clear(); }

// negative: with PlainPolicy, Clear() runs nothing foreign (same line, other instantiation).
void ResetPlain(Cache<PlainPolicy>& cache) { cache.Clear(); }

}  // namespace policy
