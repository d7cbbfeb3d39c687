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

/// One edge of a lock-order cycle: `acquired` was locked while `held` was held.
struct TsanLockOrderEdge {
  int thread = 0;  ///< TSan's thread id
  std::uint64_t held = 0;      ///< TSan's mutex id (M0, M1, ...)
  std::uint64_t acquired = 0;
  std::string held_name;      ///< "global 'accounts_mu' bank.cc:12", or "mutex at 0x7b0c00000010"
  std::string acquired_name;
  std::vector<std::string> acquired_stack;  ///< where `acquired` was locked, innermost first
  /// Where `held` had been locked before; only when TSan runs with
  /// second_deadlock_stack=1 (the tsan preset sets it).
  std::vector<std::string> held_stack;
};

struct TsanReport {
  std::string kind;  ///< "data-race", "lock-order-inversion", "heap-use-after-free", ...
  std::vector<TsanAccess> accesses;
  std::string location;  ///< "global 'counter' of size 4", "heap block of size 16", ...
  /// For "lock-order-inversion" (a potential deadlock): the cycle in the lock
  /// order graph, one edge per acquisition order, each with its stack.
  std::vector<TsanLockOrderEdge> lock_cycle;
};

/// Several lines: the kind, each access with its top frames, the location;
/// for a lock-order inversion the cycle and the stack of each acquisition.
std::string describe(const TsanReport& report);

/// Which reports a capture takes. The others reach TSan as if no capture were
/// open: printed, and counted towards its exit code 66.
enum class TsanCaptureScope {
  all_reports,
  lock_order_inversions,
};

class TsanCapture {
 public:
  /// Throws std::logic_error without TSan or when a capture is already open.
  explicit TsanCapture(TsanCaptureScope scope = TsanCaptureScope::all_reports);
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
