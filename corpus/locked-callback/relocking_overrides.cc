// concur-locked-callback: a helper that makes a virtual call whose override
// takes a global lock again deadlocks a caller that holds that lock, however
// many helpers lie between. The fact: "this call reaches, through direct
// calls, an override that acquires global lock L"; L is one object wherever
// it is named, so holding it here and taking it there is a self-deadlock.
#include <mutex>
#include <string>

namespace relocking {

std::mutex g_log_mu;
std::mutex g_stats_mu;

class Formatter {
 public:
  virtual ~Formatter() = default;
  virtual void Format(std::string& line) = 0;
};

class CountingFormatter : public Formatter {
 public:
  void Format(std::string& line) override {
    std::lock_guard<std::mutex> hold(g_log_mu);
    line += "!";
  }
};

class StatsFormatter : public Formatter {
 public:
  void Format(std::string& line) override {
    std::lock_guard<std::mutex> hold(g_stats_mu);
    line += "#";
  }
};

void FormatOne(Formatter* f, std::string& line) { f->Format(line); }
void FormatTwice(Formatter* f, std::string& line) {
  FormatOne(f, line);
  FormatOne(f, line);
}

// positive: the helper's virtual call may run CountingFormatter::Format, which locks g_log_mu again.
void Emit(Formatter* f, std::string line) {
  std::lock_guard<std::mutex> hold(g_log_mu);
  FormatOne(f, line);  // expect: concur-locked-callback
}

// positive: two helpers down.
void EmitTwice(Formatter* f, std::string line) {
  std::lock_guard<std::mutex> hold(g_log_mu);
  FormatTwice(f, line);  // expect: concur-locked-callback
}

// negative: the helper releases g_log_mu around the virtual call.
void FormatUnlocked(Formatter* f, std::string& line) {
  g_log_mu.unlock();
  f->Format(line);
  g_log_mu.lock();
}
void EmitUnlocked(Formatter* f, std::string line) {
  std::lock_guard<std::mutex> hold(g_log_mu);
  FormatUnlocked(f, line);
}

// negative: no override takes g_queue_mu.
std::mutex g_queue_mu;
void Enqueue(Formatter* f, std::string line) {
  std::lock_guard<std::mutex> hold(g_queue_mu);
  FormatOne(f, line);
}

}  // namespace relocking
