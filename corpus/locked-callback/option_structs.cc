// Callbacks a helper runs only when an options struct says so (`if (o.notify)`). The
// caller's options at the call decide: a braced temporary with designated initializers,
// default member initializers, a named const, options passed on by another helper.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

struct PublishOptions {
  bool notify = true;
  bool coalesce = false;
};

class Topic {
public:
  using Listener = std::function<void(const std::string&)>;

  void Subscribe(Listener listener) {
    std::lock_guard<std::mutex> guard(mu_);
    listeners_.push_back(std::move(listener));
  }

  // negative: under the lock, the braced options turn notification off.
  void Replay(const std::vector<std::string>& history) {
    std::lock_guard<std::mutex> guard(mu_);
    for (const auto& message : history) Deliver(message, {.notify = false});
  }

  // positive: under the lock, the default options notify (notify = true by its initializer).
  void Post(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(message, {});  // expect: concur-locked-callback
  }

  // positive: under the lock, a braced temporary that sets another field only.
  void PostCoalesced(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(message, PublishOptions{.coalesce = true});  // expect: concur-locked-callback
  }

  // negative: a named const set up before the lock, quiet.
  void Restore(const std::string& message) {
    const PublishOptions quiet{.notify = false, .coalesce = true};
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(message, quiet);
  }

  // negative: the options pass through a second helper, still quiet.
  void RestoreAll(const std::vector<std::string>& messages) {
    std::lock_guard<std::mutex> guard(mu_);
    DeliverAll(messages, PublishOptions{.notify = false});
  }

  // positive: through the second helper with notification on.
  void PostAll(const std::vector<std::string>& messages) {
    std::lock_guard<std::mutex> guard(mu_);
    DeliverAll(messages, PublishOptions{.notify = true});  // expect: concur-locked-callback
  }

  // negative: default options with notification switched off field by field.
  void Import(const std::string& message) {
    PublishOptions options;
    options.notify = false;
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(message, options);
  }

  // positive: default options with another field set: notify keeps its initializer.
  void Merge(const std::string& message) {
    PublishOptions options;
    options.coalesce = true;
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(message, options);  // expect: concur-locked-callback
  }

  // negative: notification switched off, then another field set from a run-time value.
  void ImportBatch(const std::string& message, std::size_t batch) {
    PublishOptions options;
    options.notify = false;
    options.coalesce = batch > 1;
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(message, options);
  }

  // positive: notification is off only when `quiet`: otherwise the listeners run under the lock.
  void Send(const std::string& message, bool quiet) {
    PublishOptions options;
    if (quiet) options.notify = false;
    std::lock_guard<std::mutex> guard(mu_);
    Deliver(message, options);  // expect: concur-locked-callback
  }

  // negative: no lock is held; listeners run outside it.
  void PostUnlocked(const std::string& message) { Deliver(message, {}); }

private:
  void DeliverAll(const std::vector<std::string>& messages, const PublishOptions& options) {
    for (const auto& message : messages) Deliver(message, options);
  }

  void Deliver(const std::string& message, const PublishOptions& options) {
    history_.push_back(message);
    if (options.coalesce && history_.size() > 1 && history_[history_.size() - 2] == message) history_.pop_back();
    if (!options.notify) return;
    for (const auto& listener : listeners_) listener(message);
  }

  std::mutex mu_;
  std::vector<Listener> listeners_;
  std::vector<std::string> history_;
};

// Options as bits of one field, and a struct passed by value.
enum class SinkFlag : std::uint32_t { kNone = 0, kFlushHooks = 1u << 0, kSync = 1u << 4 };

struct SinkMode {
  std::uint32_t flags = static_cast<std::uint32_t>(SinkFlag::kFlushHooks);
  int level = 0;
};

class LogSink {
public:
  void SetFlushHook(std::function<void()> hook) {
    std::lock_guard<std::mutex> guard(mu_);
    hook_ = std::move(hook);
  }

  // negative: the mode clears the flush-hooks bit.
  void WriteQuiet(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Emit(line, SinkMode{.flags = static_cast<std::uint32_t>(SinkFlag::kSync)});
  }

  // positive: the default mode has the flush-hooks bit.
  void Write(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Emit(line, SinkMode{});  // expect: concur-locked-callback
  }

  // negative: the default argument's mode has no flush-hooks bit.
  void Stamp(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Mark(line);
  }

  // positive: an explicit default mode, which has the bit.
  void StampAndFlush(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Mark(line, SinkMode{});  // expect: concur-locked-callback
  }

  // negative: a local mode passed by value (a copy), its bits set to sync only.
  void WriteSync(const std::string& line) {
    SinkMode mode;
    mode.flags = static_cast<std::uint32_t>(SinkFlag::kSync);
    std::lock_guard<std::mutex> guard(mu_);
    Emit(line, mode);
  }

  // positive: a local mode passed by value with only its level changed: the default bits flush.
  void WriteLevel(const std::string& line, int level) {
    SinkMode mode;
    mode.level = level;
    std::lock_guard<std::mutex> guard(mu_);
    Emit(line, mode);  // expect: concur-locked-callback
  }

  // negative: a mode given by value by the caller is passed on by value; WriteAll's callers give none here.
  void WriteAllQuiet(const std::vector<std::string>& lines) {
    std::lock_guard<std::mutex> guard(mu_);
    EmitAll(lines, SinkMode{.flags = 0});
  }

private:
  void EmitAll(const std::vector<std::string>& lines, SinkMode mode) {
    for (const auto& line : lines) Emit(line, mode);
  }

  void Mark(const std::string& line, const SinkMode& mode = SinkMode{.flags = 0}) {
    buffer_ += line;
    if ((mode.flags & static_cast<std::uint32_t>(SinkFlag::kFlushHooks)) && hook_) hook_();
  }

  void Emit(const std::string& line, SinkMode mode) {
    buffer_ += line;
    if (mode.flags & static_cast<std::uint32_t>(SinkFlag::kFlushHooks)) {
      if (hook_) hook_();
    }
  }

  std::mutex mu_;
  std::string buffer_;
  std::function<void()> hook_;
};
