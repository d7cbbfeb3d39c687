// Writer naming for one globals snapshot (internal; globals_writers.cpp): runs
// the fault-handler naming of writer_naming.cpp and turns its records into
// GlobalWriters.
#pragma once

#include "concur/globals.h"
#include "detail/writer_naming.h"

#include <memory>
#include <string>
#include <vector>

namespace concur::runtime_internal {

class WriterNamingSession {
 public:
  /// Starts naming the writers of `ranges`; nullptr with `reason` when it cannot.
  static std::unique_ptr<WriterNamingSession> start(const std::vector<AddressRange>& ranges, std::string& reason);
  ~WriterNamingSession();
  WriterNamingSession(const WriterNamingSession&) = delete;
  WriterNamingSession& operator=(const WriterNamingSession&) = delete;

  /// Stops the naming (first call only) and keeps what it saw.
  void finish();

  /// The first write of each thread to [start, end), in the order they happened.
  std::vector<GlobalWriter> writers_of(std::uintptr_t start, std::uintptr_t end) const;

  /// Why some writers may be missing ("" when nothing was lost).
  std::string losses() const;

 private:
  WriterNamingSession() = default;
  bool running_ = true;
  NamedWrites named_;
};

}  // namespace concur::runtime_internal
