// concur-locked-callback: a scoped override that saves the reporter it
// replaces in a member and puts it back when it ends, and a local copy
// passed back to the setter. The reporter holds what the project sets.
#include <mutex>

namespace {

using Reporter = void (*)(const char* what);

std::mutex g_queue_mu;
std::mutex g_count_mu;
long g_reported = 0;
int g_queued = 0;

void ReportToNowhere(const char* what) { (void)what; }
void ReportCounted(const char* what) {
  (void)what;
  std::lock_guard<std::mutex> lock(g_count_mu);
  ++g_reported;
}

class Diagnostics {
 public:
  // Replaces the reporter; returns the one it replaced.
  static Reporter Exchange(Reporter next) {
    Reporter previous = reporter_;
    reporter_ = next;
    return previous;
  }
  static void Report(const char* what) {
    if (reporter_ != nullptr) reporter_(what);
  }

 private:
  static Reporter reporter_;
};

Reporter Diagnostics::reporter_ = ReportToNowhere;

// Puts back the reporter it replaced when it goes out of scope.
class ScopedReporter {
 public:
  explicit ScopedReporter(Reporter reporter) : saved_(Diagnostics::Exchange(reporter)) {}
  ~ScopedReporter() { Diagnostics::Exchange(saved_); }
  ScopedReporter(const ScopedReporter&) = delete;
  ScopedReporter& operator=(const ScopedReporter&) = delete;

 private:
  Reporter saved_;
};

}  // namespace

// negative: the reporter is ReportToNowhere or ReportCounted, put back by ScopedReporter; neither takes g_queue_mu.
void EnqueueReported() {
  std::lock_guard<std::mutex> lock(g_queue_mu);
  ++g_queued;
  Diagnostics::Report("enqueued");
}

void EnqueueCounted() {
  ScopedReporter counted(ReportCounted);
  EnqueueReported();
}

void EnqueueQuietly() {
  const Reporter before = Diagnostics::Exchange(ReportToNowhere);
  EnqueueReported();
  Reporter again = before;
  Diagnostics::Exchange(again);
}

// positive: the reporter may be ReportCounted, which takes g_count_mu, held here.
void ResetCount() {
  std::lock_guard<std::mutex> lock(g_count_mu);
  g_reported = 0;
  Diagnostics::Report("reset");  // expect: concur-locked-callback
}
