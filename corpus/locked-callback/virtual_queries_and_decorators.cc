// Virtual calls resolved over the project's classes, in two shapes that are not callbacks:
// questions (a const method that returns a value), whose overrides answer under the caller's lock
// by the interface's contract even when they forward to a user's function; and a decorator that
// forwards to the object it wraps, which reaches its own override only on another instance.
#include <cstddef>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <utility>

namespace virtual_queries {

class KeyOrder {
 public:
  virtual ~KeyOrder() = default;
  virtual int Compare(const std::string& a, const std::string& b) const = 0;
  virtual const char* Name() const = 0;
  virtual void OnCompaction() = 0;
};

// A C API's wrapper: the user's functions with the user's state.
class CKeyOrder : public KeyOrder {
 public:
  CKeyOrder(void* state, int (*compare)(void*, const char*, size_t, const char*, size_t),
            const char* (*name)(void*), void (*on_compaction)(void*))
      : state_(state), compare_(compare), name_(name), on_compaction_(on_compaction) {}
  int Compare(const std::string& a, const std::string& b) const override {
    return compare_(state_, a.data(), a.size(), b.data(), b.size());
  }
  const char* Name() const override { return name_(state_); }
  void OnCompaction() override { on_compaction_(state_); }

 private:
  void* state_;
  int (*compare_)(void*, const char*, size_t, const char*, size_t);
  const char* (*name_)(void*);
  void (*on_compaction_)(void*);
};

class Table {
 public:
  explicit Table(KeyOrder* order) : order_(order) {}
  // negative: asking the order for its name is a question, answered under mu_ by contract.
  std::string Describe() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::string("table ordered by ") + order_->Name();
  }
  // negative: so is comparing two keys.
  bool Less(const std::string& a, const std::string& b) {
    std::lock_guard<std::mutex> lock(mu_);
    return order_->Compare(a, b) < 0;
  }
  // positive: telling the order about a compaction is an action: the C API user's function runs
  // under mu_.
  void Compact() {
    std::lock_guard<std::mutex> lock(mu_);
    order_->OnCompaction();  // expect: concur-locked-callback
  }

 private:
  KeyOrder* order_;
  std::mutex mu_;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Report(const std::string& line) = 0;
  virtual void Warn(const std::string& line) = 0;
};

class ConsoleReporter : public Reporter {
 public:
  void Report(const std::string& line) override { std::fputs(line.c_str(), stdout); }
  void Warn(const std::string& line) override { std::fputs(line.c_str(), stderr); }
};

// Serializes the worker threads' output into the reporter it wraps.
class SyncReporter : public Reporter {
 public:
  explicit SyncReporter(Reporter& wrapped) : wrapped_(wrapped) {}
  // negative: forwarding to the wrapped reporter takes the wrapped one's lock, if any, not mu_
  // again; the only other override prints.
  void Report(const std::string& line) override {
    std::lock_guard<std::mutex> lock(mu_);
    wrapped_.Report(line);
  }
  void Warn(const std::string& line) override { Forward("warning: " + line); }

 private:
  // negative: the same, from a helper of the decorator (cppcheck's SyncLogForwarder::report).
  void Forward(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    wrapped_.Warn(line);
  }

 public:

 private:
  Reporter& wrapped_;
  std::mutex mu_;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void Write(const std::string& line) = 0;
};

class CallbackSink : public Sink {
 public:
  explicit CallbackSink(std::function<void(const std::string&)> on_line) : on_line_(std::move(on_line)) {}
  void Write(const std::string& line) override { on_line_(line); }

 private:
  std::function<void(const std::string&)> on_line_;
};

class SyncSink : public Sink {
 public:
  explicit SyncSink(Sink& wrapped) : wrapped_(wrapped) {}
  // positive: the wrapped sink may be a CallbackSink, which runs the user's function under mu_.
  void Write(const std::string& line) override {
    std::lock_guard<std::mutex> lock(mu_);
    wrapped_.Write(line);  // expect: concur-locked-callback
  }

 private:
  Sink& wrapped_;
  std::mutex mu_;
};

}  // namespace virtual_queries
