// Options a class keeps in a const member and hands to its own helper under its lock. Only a
// constructor sets a const member, so what every constructor gives it is what every object
// holds: an in-class initializer, a constant in the member initializer list, a delegating
// constructor, `= default`. A constructor parameter, constructors that disagree, a member
// that is not const, or an aggregate that callers may initialize decide nothing.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

struct FlushOptions {
  bool notify = true;
  bool caller_holds_lock = false;
};

using FlushHook = std::function<void(const std::string&)>;

// A helper shared by the classes below: runs the hook only when the options say so.
inline void Flush(const std::vector<std::string>& lines, const FlushHook& hook, const FlushOptions& o) {
  if (!o.notify) return;
  for (const auto& line : lines) hook(line);
}

class Journal {
public:
  explicit Journal(FlushHook hook) : hook_(std::move(hook)) {}

  // negative: quiet_ is const and only its in-class initializer sets it: notify is false.
  void Compact() {
    std::lock_guard<std::mutex> guard(mu_);
    Flush(lines_, hook_, quiet_);
  }

  // positive: loud_ is const and notifies.
  void Publish() {
    std::lock_guard<std::mutex> guard(mu_);
    Flush(lines_, hook_, loud_);  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  FlushHook hook_;
  std::vector<std::string> lines_;
  const FlushOptions quiet_{.notify = false};
  const FlushOptions loud_{};
};

class Archive {
public:
  explicit Archive(FlushHook hook) : Archive(std::move(hook), 16) {}
  Archive(FlushHook hook, std::size_t limit) : hook_(std::move(hook)), limit_(limit), options_{.notify = false} {}

  // negative: both constructors (one delegates) give options_ notify = false.
  void Rotate() {
    std::lock_guard<std::mutex> guard(mu_);
    if (lines_.size() > limit_) Flush(lines_, hook_, options_);
  }

private:
  std::mutex mu_;
  FlushHook hook_;
  std::size_t limit_;
  std::vector<std::string> lines_;
  const FlushOptions options_;
};

class Snapshotter {
public:
  explicit Snapshotter(FlushHook hook) : hook_(std::move(hook)), options_{.notify = false} {}

  // negative: the only constructor overrides the loud in-class initializer with notify = false.
  void Save() {
    std::lock_guard<std::mutex> guard(mu_);
    Flush(lines_, hook_, options_);
  }

private:
  std::mutex mu_;
  FlushHook hook_;
  std::vector<std::string> lines_;
  const FlushOptions options_{.notify = true};
};

class Mirror {
public:
  Mirror(FlushHook hook, bool announce) : hook_(std::move(hook)), options_{.notify = announce} {}

  // positive: options_ comes from the constructor's caller: it may notify.
  void Sync() {
    std::lock_guard<std::mutex> guard(mu_);
    Flush(lines_, hook_, options_);  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  FlushHook hook_;
  std::vector<std::string> lines_;
  const FlushOptions options_;
};

class Spool {
public:
  Spool() = default;
  explicit Spool(FlushHook hook) : hook_(std::move(hook)), options_{.notify = true} {}

  // positive: the two constructors disagree (the defaulted one keeps notify = false, the other sets true).
  void Drain() {
    std::lock_guard<std::mutex> guard(mu_);
    Flush(lines_, hook_, options_);  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  FlushHook hook_;
  std::vector<std::string> lines_;
  const FlushOptions options_{.notify = false};
};

class Ticker {
public:
  explicit Ticker(FlushHook hook) : hook_(std::move(hook)) {}

  void Announce() { options_.notify = true; }

  // positive: options_ is not const and Announce turns notify on.
  void Tick() {
    std::lock_guard<std::mutex> guard(mu_);
    Flush(lines_, hook_, options_);  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  FlushHook hook_;
  std::vector<std::string> lines_;
  FlushOptions options_{.notify = false};
};

// An aggregate: a caller may initialize the const member with anything (`Relay{.options = {}}`).
struct Relay {
  std::mutex mu;
  FlushHook hook;
  std::vector<std::string> lines;
  const FlushOptions options{.notify = false};

  // positive: the in-class initializer is only a default for an aggregate.
  void Forward() {
    std::lock_guard<std::mutex> guard(mu);
    Flush(lines, hook, options);  // expect: concur-locked-callback
  }
};

template <class Key>
class Index {
public:
  explicit Index(FlushHook hook) : hook_(std::move(hook)) {}

  // negative: the template's const member is quiet in every instantiation.
  void Rebuild(const Key&) {
    std::lock_guard<std::mutex> guard(mu_);
    Flush(lines_, hook_, rebuild_options_);
  }

private:
  std::mutex mu_;
  FlushHook hook_;
  std::vector<std::string> lines_;
  const FlushOptions rebuild_options_{.notify = false, .caller_holds_lock = true};
};

// negative: the journal copies its lines out and runs the hook unlocked.
inline void FlushUnlocked(const std::vector<std::string>& lines, const FlushHook& hook) {
  Flush(lines, hook, FlushOptions{});
}

inline void UseIndex(Index<int>& index) { index.Rebuild(1); }
