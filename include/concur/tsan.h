// ThreadSanitizer reports, captured in-process while a block runs.
//
//   concur::TsanCapture capture;          // only in TSan builds
//   run_two_threads();
//   std::vector<concur::TsanReport> races = capture.finish();
//
// Reports raised on any thread while a capture is open are copied into a
// preallocated buffer by TSan's report hook (never printed, never counted
// towards TSan's exit code 66); they are symbolized in finish(). One capture
// at a time per process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace concur {

/// True when concur::runtime was built with -fsanitize=thread.
bool tsan_enabled();

struct TsanAccess {
  int thread = 0;  ///< TSan's thread id (T0 is the main thread)
  std::uintptr_t address = 0;
  int size = 0;
  bool write = false;
  bool atomic = false;
  std::vector<std::string> stack;  ///< "function file:line:col", innermost first
};

struct TsanReport {
  std::string kind;  ///< "data-race", "heap-use-after-free", ...
  std::vector<TsanAccess> accesses;
  std::string location;  ///< "global 'counter' of size 4", "heap block of size 16", ...
};

/// Several lines: the kind, each access with its top frames, the location.
std::string describe(const TsanReport& report);

class TsanCapture {
 public:
  /// Throws std::logic_error without TSan or when a capture is already open.
  TsanCapture();
  ~TsanCapture();
  TsanCapture(const TsanCapture&) = delete;
  TsanCapture& operator=(const TsanCapture&) = delete;

  /// Stops capturing and returns what was seen. Reports beyond the buffer
  /// (64) are counted in `dropped()`.
  std::vector<TsanReport> finish();
  std::size_t dropped() const { return dropped_; }

 private:
  bool open_ = false;
  std::size_t dropped_ = 0;
};

}  // namespace concur
