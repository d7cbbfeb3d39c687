// Raw copy and compare of watched memory (internal). Built without builtins
// and without sanitizer instrumentation: the source is live global memory
// that may hold ASan redzones and may be written by other threads.
#pragma once

#include <cstddef>
#include <vector>

namespace concur::detail {

struct ByteRun {
  std::size_t offset;  // from the start of the compared range
  std::size_t size;
};

void copy_raw(unsigned char* dst, const unsigned char* src, std::size_t size);

/// A mapping of at least `wanted` bytes for a snapshot copy (the spare one
/// when it is large enough); `size` receives its real size.
unsigned char* acquire_copy_mapping(std::size_t wanted, std::size_t& size);
/// Gives a snapshot copy back: kept as the spare, or unmapped.
void release_copy_mapping(unsigned char* mapping, std::size_t size);
/// Appends the runs of differing bytes between `live` and `saved`.
void diff_raw(const unsigned char* live, const unsigned char* saved, std::size_t size,
              std::vector<ByteRun>& runs);

}  // namespace concur::detail
