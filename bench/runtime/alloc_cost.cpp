// Cost of one new/delete pair, with and without concur's counting.
//
// Built twice from this file: alloc_cost_counted links concur::runtime (the
// replaced operator new/delete feed thread-local counters; an
// AllocationScope is open during the loop) and alloc_cost_plain does not.
// bench/runtime/run.sh runs both alternately and reports the difference.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>

#if defined(CONCUR_COUNTED)
#include <concur/allocations.h>
#endif

namespace {
// The pointer escapes through this volatile sink so the optimizer keeps the
// allocation (new/delete pairs are otherwise deleted at -O1 and up).
void* volatile g_sink;
}  // namespace

int main(int argc, char** argv) {
  const long iterations = argc > 1 ? std::atol(argv[1]) : 20'000'000;
#if defined(CONCUR_COUNTED)
  concur::AllocationScope scope;
#endif
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) {
    int* p = new int[16];
    g_sink = p;
    delete[] p;
  }
  const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
#if defined(CONCUR_COUNTED)
  if (scope.stats().count != static_cast<unsigned long>(iterations)) {
    std::fprintf(stderr, "counted %llu allocations, expected %ld\n",
                 static_cast<unsigned long long>(scope.stats().count), iterations);
    return 1;
  }
#endif
  std::printf("%.2f\n", ns / iterations);
  return 0;
}
