// Raw copy and compare of watched memory (internal). Built without builtins
// and without sanitizer instrumentation: the source is live global memory
// that may hold ASan redzones and may be written by other threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace concur::runtime_internal {

/// A module (the executable or a shared library) a snapshot watches.
struct WatchedModule {
  std::string path;
  std::uintptr_t bias;  // load address - link-time address
};

/// One watched writable range and where its bytes sit in the snapshot's copy.
struct WatchedRegion {
  std::uintptr_t start;
  std::size_t size;
  std::size_t copy_offset;  // into the mapping
  std::size_t module;       // index into the snapshot's modules
};

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

}  // namespace concur::runtime_internal
