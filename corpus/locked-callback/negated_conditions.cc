// A helper returns before the callbacks unless a combination of its options asks for them,
// written under a `!`: `if (!(o.notify && *o.notify)) return;`, `if (!(o.loud || o.audit))
// return;`. The call's constant options take one side of the combination.
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct EmitOptions {
  std::optional<bool> notify;  // only a present true notifies
  bool loud = false;
  bool audit = false;
};

class Recorder {
public:
  using Sink = std::function<void(const std::string&)>;

  void AddSink(Sink s) {
    std::lock_guard<std::mutex> guard(mu_);
    sinks_.push_back(std::move(s));
  }

  // negative: notify unset: the helper returns before the sinks.
  void Store(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Emit(line, {});
  }

  // positive: notify present and true: the sinks run under the lock.
  void StoreAndTell(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Emit(line, {.notify = true});  // expect: concur-locked-callback
  }

  // negative: notify present but false.
  void StoreMuted(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Emit(line, {.notify = false});
  }

  // negative: neither loud nor audit.
  void Note(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Trace(line, EmitOptions{});
  }

  // positive: audit alone makes the `||` true.
  void Audit(const std::string& line) {
    std::lock_guard<std::mutex> guard(mu_);
    Trace(line, EmitOptions{.audit = true});  // expect: concur-locked-callback
  }

  // positive: loud comes from the caller.
  void NoteIf(const std::string& line, bool loud) {
    EmitOptions o;
    o.loud = loud;
    std::lock_guard<std::mutex> guard(mu_);
    Trace(line, o);  // expect: concur-locked-callback
  }

  // negative: the sinks run on a copy after the lock is released.
  void Publish(const std::string& line) {
    std::vector<Sink> copy;
    {
      std::lock_guard<std::mutex> guard(mu_);
      copy = sinks_;
    }
    for (const auto& s : copy) s(line);
  }

private:
  void Emit(const std::string& line, const EmitOptions& o) {
    lines_.push_back(line);
    if (!(o.notify && *o.notify)) return;
    for (const auto& s : sinks_) s(line);
  }

  void Trace(const std::string& line, const EmitOptions& o) {
    if (!(o.loud || o.audit)) return;
    for (const auto& s : sinks_) s(line);
  }

  std::mutex mu_;
  std::vector<Sink> sinks_;
  std::vector<std::string> lines_;
};
