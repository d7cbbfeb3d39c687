// Globals snapshot + diff throughput on a 64 MiB .bss, in full-copy mode (the
// written-pages mode does not copy: see globals_block_cost).
#include <concur/globals.h>

#include <chrono>
#include <cstdio>
#include <cstring>

namespace {
char g_big[64 << 20];  // .bss
}

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 10;
  std::memset(g_big, 1, sizeof g_big);  // resident, like a used cache
  concur::GlobalsOptions full_copy;
  full_copy.mode = concur::GlobalsMode::full_copy;
  (void)concur::GlobalsSnapshot::take(full_copy);  // warm-up (symbolizer, libc)
  double best_snapshot = 1e30, best_diff = 1e30;
  std::size_t changes = 0;
  for (int r = 0; r < rounds; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    auto snapshot = concur::GlobalsSnapshot::take(full_copy);
    const auto t1 = std::chrono::steady_clock::now();
    g_big[r * 4096 + 17] ^= 1;  // one real change per round
    auto report = snapshot.changes();
    const auto t2 = std::chrono::steady_clock::now();
    best_snapshot = std::min(best_snapshot, std::chrono::duration<double>(t1 - t0).count());
    best_diff = std::min(best_diff, std::chrono::duration<double>(t2 - t1).count());
    changes = report.changes.size();
  }
  const double gib = sizeof(g_big) / double(1 << 30);
  std::printf("watched .bss: %zu MiB; snapshot %.2f ms (%.1f GB/s), diff %.2f ms (%.1f GB/s), "
              "snapshot+diff %.1f GB/s; changes reported: %zu\n",
              sizeof(g_big) >> 20, best_snapshot * 1e3, gib * 1.073741824 / best_snapshot,
              best_diff * 1e3, gib * 1.073741824 / best_diff,
              gib * 1.073741824 / (best_snapshot + best_diff), changes);
  return changes == 1 ? 0 : 1;
}
