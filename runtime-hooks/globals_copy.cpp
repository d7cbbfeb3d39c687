#include "detail/globals_copy.h"

#include <cstdint>
#include <cstring>

namespace concur::detail {

#define CONCUR_UNINSTRUMENTED __attribute__((no_sanitize("address", "thread", "memory", "undefined")))

CONCUR_UNINSTRUMENTED
void copy_raw(unsigned char* dst, const unsigned char* src, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) dst[i] = src[i];
}

CONCUR_UNINSTRUMENTED
void diff_raw(const unsigned char* live, const unsigned char* saved, std::size_t size,
              std::vector<ByteRun>& runs) {
  std::size_t i = 0;
  while (i < size) {
    // Skip equal 8-byte words quickly; the segments are mostly unchanged.
    if (((reinterpret_cast<std::uintptr_t>(live + i) | reinterpret_cast<std::uintptr_t>(saved + i)) & 7) == 0) {
      while (i + 8 <= size &&
             *reinterpret_cast<const std::uint64_t*>(live + i) ==
                 *reinterpret_cast<const std::uint64_t*>(saved + i))
        i += 8;
    }
    if (i >= size) break;
    if (live[i] == saved[i]) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < size && live[i] != saved[i]) ++i;
    if (!runs.empty() && runs.back().offset + runs.back().size == start)
      runs.back().size += i - start;
    else
      runs.push_back({start, i - start});
  }
}

}  // namespace concur::detail
