// Descriptions and explanations of the block matchers (the measuring halves
// are templates in concur/testing.h).
#include "concur/testing.h"

namespace concur::testing::detail {

// ---- allocations ----

void AllocationCheck::Explain(const Result& r, std::ostream& os) const {
  if (!r.installed) {
    os << "allocation counting is not installed in this executable (link concur::runtime into it)";
    return;
  }
  const AllocationStats& s = r.stats;
  os << "allocated " << s.count << (s.count == 1 ? " time, " : " times, ") << s.bytes << " bytes, largest "
     << s.largest << ", peak outstanding " << s.peak_outstanding_bytes << " (limit " << max
     << (limit == Limit::bytes ? " bytes" : "") << ")";
}

void AllocationCheck::DescribeTo(std::ostream* os) const {
  const char* who = threads == AllocationThreads::all_threads ? " (all threads)" : "";
  if (max == 0 && limit == Limit::count)
    *os << "does not allocate" << who;
  else if (limit == Limit::count)
    *os << "allocates at most " << max << " times" << who;
  else
    *os << "allocates at most " << max << " bytes" << who;
}

void AllocationCheck::DescribeNegationTo(std::ostream* os) const {
  if (limit == Limit::count)
    *os << "allocates more than " << max << " times";
  else
    *os << "allocates more than " << max << " bytes";
}

// ---- fds ----

namespace {
bool counts(const FdInfo& fd, bool sockets_only) { return !sockets_only || fd.is_socket; }
}  // namespace

bool FdCheck::Passed(const Result& r) const {
  for (const FdInfo& fd : r.diff.opened_not_closed)
    if (counts(fd, sockets_only)) return false;
  for (const FdInfo& fd : r.diff.closed_not_opened)
    if (counts(fd, sockets_only)) return false;
  return true;
}

void FdCheck::Explain(const Result& r, std::ostream& os) const {
  const char* sep = "";
  for (const FdInfo& fd : r.diff.opened_not_closed) {
    if (!counts(fd, sockets_only)) continue;
    os << sep << "leaked " << describe(fd);
    sep = "; ";
  }
  for (const FdInfo& fd : r.diff.closed_not_opened) {
    if (!counts(fd, sockets_only)) continue;
    os << sep << "closed " << describe(fd) << ", which it did not open";
    sep = "; ";
  }
  if (*sep == '\0') os << (sockets_only ? "opened and closed sockets in balance" : "opened and closed fds in balance");
}

void FdCheck::DescribeTo(std::ostream* os) const {
  *os << (sockets_only ? "does not leak sockets" : "does not leak file descriptors");
}
void FdCheck::DescribeNegationTo(std::ostream* os) const {
  *os << (sockets_only ? "leaks a socket" : "leaks a file descriptor");
}

// ---- threads ----

void ThreadCheck::Explain(const Result& r, std::ostream& os) const {
  if (r.bad_option) {
    os << *r.bad_option;
    return;
  }
  if (r.leaked.empty()) {
    os << "left no thread running";
    return;
  }
  os << "left " << r.leaked.size() << (r.leaked.size() == 1 ? " thread" : " threads") << " running "
     << options.grace_period.count() << " ms after it returned: ";
  for (std::size_t i = 0; i < r.leaked.size(); ++i) os << (i ? "; " : "") << describe(r.leaked[i]);
}

void ThreadCheck::DescribeTo(std::ostream* os) const {
  *os << "does not leak threads";
  if (!options.allow.empty()) {
    *os << " (allowed:";
    for (const std::string& p : options.allow) *os << " \"" << p << "\"";
    *os << ")";
  }
}
void ThreadCheck::DescribeNegationTo(std::ostream* os) const { *os << "leaks a thread"; }

// ---- globals ----

bool GlobalsCheck::Passed(const Result& r) const {
  return r.report.changes.empty() && r.report.unmatched_patterns.empty() && r.report.missing_modules.empty() &&
         r.report.tracking_error.empty();
}

void GlobalsCheck::Explain(const Result& r, std::ostream& os) const {
  const char* sep = "";
  for (const GlobalChange& c : r.report.changes) {
    os << sep << describe(c);
    sep = ";\n";
  }
  for (const std::string& p : r.report.unmatched_patterns) {
    os << sep << "allow-list pattern \"" << p << "\" matches no global in the watched modules";
    sep = ";\n";
  }
  for (const std::string& m : r.report.missing_modules) {
    os << sep << "module \"" << m << "\" is not loaded";
    sep = ";\n";
  }
  if (!r.report.tracking_error.empty()) {
    os << sep << "written-page tracking failed during the block (changes may be missing): " << r.report.tracking_error;
    sep = ";\n";
  }
  const bool changed_nothing_counted = *sep == '\0';
  if (changed_nothing_counted) {
    if (r.report.allowed.empty()) {
      os << "changed no global";
    } else {
      os << "changed only allowed globals: ";
      for (std::size_t i = 0; i < r.report.allowed.size(); ++i)
        os << (i ? ", " : "") << (r.report.allowed[i].symbol.empty() ? "?" : r.report.allowed[i].symbol);
    }
  }
  if (!r.report.by_other_threads.empty()) {
    os << "\nalso changed during the block by other threads (not counted):";
    for (const GlobalChange& c : r.report.by_other_threads) os << "\n  " << describe(c);
  }
  if (!r.report.naming_note.empty()) os << "\n(" << r.report.naming_note << ")";
  os << "\n(globals mode: " << describe(r.report.mode);
  if (!r.report.mode_reason.empty()) os << "; " << r.report.mode_reason;
  os << ")";
}

void GlobalsCheck::DescribeTo(std::ostream* os) const {
  if (!only_allowed) {
    *os << "does not mutate globals";
  } else {
    *os << "mutates only globals matching";
    for (const std::string& p : options.allow) *os << " \"" << p << "\"";
  }
  if (options.name_writers) *os << (options.all_threads ? " (on any thread)" : " (on the test's thread)");
}

void GlobalsCheck::DescribeNegationTo(std::ostream* os) const {
  *os << (only_allowed ? "mutates a global outside the allow-list" : "mutates a global");
}

// ---- TSan ----

// GTEST_SKIP returns from this helper only: the test goes on and ends skipped.
void RecordTsanSkip(const char* matcher) {
  GTEST_SKIP() << matcher << " needs a ThreadSanitizer build (-fsanitize=thread, e.g. cmake --preset tsan); block not run";
}

void TsanCheck::Explain(const Result& r, std::ostream& os) const {
  if (r.skipped) {
    os << "not checked: this build has no ThreadSanitizer";
    return;
  }
  if (r.reports.empty() && r.dropped == 0) {
    os << "ThreadSanitizer reported nothing";
    return;
  }
  const std::size_t n = r.reports.size() + r.dropped;
  if (scope == TsanCaptureScope::lock_order_inversions)
    os << "ThreadSanitizer reported " << n << (n == 1 ? " lock-order inversion" : " lock-order inversions");
  else
    os << "ThreadSanitizer reported " << n << (n == 1 ? " problem" : " problems");
  for (const TsanReport& report : r.reports) os << "\n" << describe(report);
  if (r.dropped != 0) os << "\n(" << r.dropped << " more not kept)";
}

void TsanCheck::DescribeTo(std::ostream* os) const {
  *os << (scope == TsanCaptureScope::all_reports ? "has no data races (ThreadSanitizer)"
                                                 : "has no lock-order inversions (ThreadSanitizer)");
}
void TsanCheck::DescribeNegationTo(std::ostream* os) const {
  *os << (scope == TsanCaptureScope::all_reports ? "has a data race (ThreadSanitizer)"
                                                 : "has a lock-order inversion (ThreadSanitizer)");
}

}  // namespace concur::testing::detail
