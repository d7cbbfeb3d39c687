#include "detail/globals_copy.h"

#include <cstdint>
#include <cstring>

namespace concur::runtime_internal {

#define CONCUR_UNINSTRUMENTED __attribute__((no_sanitize("address", "thread", "memory", "undefined")))

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define CONCUR_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CONCUR_SANITIZED 1
#endif

// Sanitizers intercept memcpy/memcmp and would report the redzones between
// globals; there the copy is a plain loop. Elsewhere libc's vectorized
// routines run at memory bandwidth.
CONCUR_UNINSTRUMENTED
void copy_raw(unsigned char* dst, const unsigned char* src, std::size_t size) {
#if defined(CONCUR_SANITIZED)
  for (std::size_t i = 0; i < size; ++i) dst[i] = src[i];
#else
  std::memcpy(dst, src, size);
#endif
}

namespace {

/// Byte runs that differ in [begin, end); adjacent runs merge across calls.
CONCUR_UNINSTRUMENTED
void diff_range(const unsigned char* live, const unsigned char* saved, std::size_t begin,
                std::size_t end, std::vector<ByteRun>& runs) {
  std::size_t i = begin;
  while (i < end) {
    // Skip equal 8-byte words quickly; the segments are mostly unchanged.
    if (((reinterpret_cast<std::uintptr_t>(live + i) | reinterpret_cast<std::uintptr_t>(saved + i)) & 7) == 0) {
      while (i + 8 <= end &&
             *reinterpret_cast<const std::uint64_t*>(live + i) ==
                 *reinterpret_cast<const std::uint64_t*>(saved + i))
        i += 8;
    }
    if (i >= end) break;
    if (live[i] == saved[i]) {
      ++i;
      continue;
    }
    std::size_t start = i;
    while (i < end && live[i] != saved[i]) ++i;
    if (!runs.empty() && runs.back().offset + runs.back().size == start)
      runs.back().size += i - start;
    else
      runs.push_back({start, i - start});
  }
}

}  // namespace

CONCUR_UNINSTRUMENTED
void diff_raw(const unsigned char* live, const unsigned char* saved, std::size_t size,
              std::vector<ByteRun>& runs) {
#if defined(CONCUR_SANITIZED)
  diff_range(live, saved, 0, size, runs);
#else
  // Most of the watched memory is unchanged: memcmp finds the changed 4 KiB
  // chunks at memory bandwidth, and only those are looked at byte by byte.
  constexpr std::size_t kChunk = 4096;
  for (std::size_t chunk = 0; chunk < size; chunk += kChunk) {
    const std::size_t end = size - chunk < kChunk ? size : chunk + kChunk;
    if (std::memcmp(live + chunk, saved + chunk, end - chunk) != 0) diff_range(live, saved, chunk, end, runs);
  }
#endif
}

}  // namespace concur::runtime_internal
