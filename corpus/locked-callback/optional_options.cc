// Callbacks a helper runs or skips by a `std::optional` field of its options: unset
// means "use the default" (`o.notify.value_or(true)`), a limit that is present defers
// the work (`o.batch_limit.has_value()`), a present and true override returns early
// (`if (o.quiet && *o.quiet)`), an optional enum picks the mode. What the caller's
// options hold at the call decides: a braced temporary, a default argument, a local
// assigned field by field (`= false`, `= std::nullopt`), options passed on by reference.
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

enum class DispatchMode { kInline, kQueued };

struct DeliveryOptions {
  std::optional<bool> notify;          // unset: notify
  std::optional<std::size_t> batch_limit;  // set: queue, run later in batches
  std::optional<bool> quiet;           // set and true: say nothing
  std::optional<DispatchMode> mode;    // unset: inline
};

class Inbox {
public:
  using Handler = std::function<void(const std::string&)>;

  void OnMessage(Handler handler) {
    std::lock_guard<std::mutex> guard(mu_);
    handlers_.push_back(std::move(handler));
  }

  // positive: under the lock, the default options leave notify unset, which means notify.
  void Accept(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Notify(message, {});  // expect: concur-locked-callback
  }

  // negative: under the lock, notify set to false.
  void AcceptSilently(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Notify(message, {.notify = false});
  }

  // positive: notify set to true explicitly.
  void AcceptLoudly(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Notify(message, DeliveryOptions{.notify = true});  // expect: concur-locked-callback
  }

  // negative: a limit is present, so the helper only queues.
  void AcceptBatched(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Route(message, DeliveryOptions{.batch_limit = 8});
  }

  // positive: no limit, the helper runs the handlers at once.
  void AcceptNow(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Route(message, DeliveryOptions{});  // expect: concur-locked-callback
  }

  // negative: quiet is present and true: the helper returns before the handlers.
  void Absorb(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Announce(message, {.quiet = true});
  }

  // positive: quiet is present but false: the handlers run.
  void Echo(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    Announce(message, {.quiet = false});  // expect: concur-locked-callback
  }

  // negative: a local whose notify is set to false before the call.
  void Replay(const std::vector<std::string>& history) {
    std::lock_guard<std::mutex> guard(mu_);
    DeliveryOptions options;
    options.notify = false;
    for (const auto& message : history) Notify(message, options);
  }

  // positive: a local whose notify is emptied again, which means notify.
  void ReplayAndTell(const std::string& message) {
    DeliveryOptions options{.notify = false};
    options.notify = std::nullopt;
    std::lock_guard<std::mutex> guard(mu_);
    Notify(message, options);  // expect: concur-locked-callback
  }

  // positive: notify comes from the caller: it may be anything.
  void AcceptIf(const std::string& message, bool tell) {
    DeliveryOptions options;
    options.notify = tell;
    std::lock_guard<std::mutex> guard(mu_);
    Notify(message, options);  // expect: concur-locked-callback
  }

  // negative: the queued mode, passed through a second helper by reference.
  void Enqueue(const std::vector<std::string>& messages) {
    std::lock_guard<std::mutex> guard(mu_);
    DispatchAll(messages, {.mode = DispatchMode::kQueued});
  }

  // positive: the mode is unset, which the helper reads as inline.
  void DispatchNow(const std::vector<std::string>& messages) {
    std::lock_guard<std::mutex> guard(mu_);
    DispatchAll(messages, {});  // expect: concur-locked-callback
  }

  // negative: the default argument leaves mode queued.
  void Defer(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    DispatchOne(message);
  }

  // positive: the helper turns notify back on for urgent messages, so false decides nothing.
  void AcceptMaybeUrgent(const std::string& message) {
    std::lock_guard<std::mutex> guard(mu_);
    NotifyUnlessRoutine(message, {.notify = false});  // expect: concur-locked-callback
  }

  // negative: outside the lock the handlers may run.
  void AcceptUnlocked(const std::string& message) {
    Snapshot(message);
  }

private:
  void Notify(const std::string& message, const DeliveryOptions& o) {
    if (!o.notify.value_or(true)) return;
    for (const auto& handler : handlers_) handler(message);
  }

  void Route(const std::string& message, const DeliveryOptions& o) {
    if (o.batch_limit.has_value()) {
      pending_.push_back(message);
      return;
    }
    for (const auto& handler : handlers_) handler(message);
  }

  void Announce(const std::string& message, const DeliveryOptions& o) {
    if (o.quiet && *o.quiet) return;
    for (const auto& handler : handlers_) handler(message);
  }

  void DispatchAll(const std::vector<std::string>& messages, const DeliveryOptions& o) {
    for (const auto& message : messages) Dispatch(message, o);
  }

  void DispatchOne(const std::string& message, const DeliveryOptions& o = {.mode = DispatchMode::kQueued}) {
    Dispatch(message, o);
  }

  void Dispatch(const std::string& message, const DeliveryOptions& o) {
    if (o.mode.value_or(DispatchMode::kInline) == DispatchMode::kQueued) {
      pending_.push_back(message);
      return;
    }
    for (const auto& handler : handlers_) handler(message);
  }

  void NotifyUnlessRoutine(const std::string& message, DeliveryOptions o) {
    if (message.starts_with("urgent:")) o.notify = true;
    Notify(message, o);
  }

  void Snapshot(const std::string& message) {
    std::vector<Handler> copy;
    {
      std::lock_guard<std::mutex> guard(mu_);
      copy = handlers_;
    }
    for (const auto& handler : copy) handler(message);
  }

  std::mutex mu_;
  std::vector<Handler> handlers_;
  std::vector<std::string> pending_;
};
