// A helper asks a small flags or options class through a one-line const accessor whether its
// caller holds the lock: `flags.has(Bit::kLocked)` over a bit word, `o.caller_locked()`
// returning a private field, `mode.is(Mode::kHeld)` comparing an enum. The call's constant
// object decides, as a plain flag would: a braced temporary, a constexpr-built const local, a
// default argument. An accessor that is not one return, that is virtual, or an object the
// helper changes decides nothing.
#include <cstddef>
#include <initializer_list>
#include <map>
#include <mutex>
#include <string>

class LockFlags {
public:
  enum Bit : unsigned { kLocked = 1u << 0, kQuiet = 1u << 1 };
  constexpr LockFlags() = default;
  constexpr LockFlags(std::initializer_list<Bit> bits) {
    for (Bit b : bits) bits_ |= b;
  }
  constexpr bool has(Bit b) const { return (bits_ & b) != 0; }
  constexpr LockFlags with(Bit b) const {
    LockFlags out = *this;
    out.bits_ |= b;
    return out;
  }
  void add(Bit b) { bits_ |= b; }

private:
  unsigned bits_ = 0;
};

class HoldOptions {
public:
  constexpr explicit HoldOptions(bool caller_locked = false) : caller_locked_(caller_locked) {}
  constexpr bool caller_locked() const { return caller_locked_; }

private:
  bool caller_locked_;
};

enum class Mode { kFree, kHeld };

struct ModeBox {
  Mode mode = Mode::kFree;
  bool is(Mode m) const { return mode == m; }
};

class Registry {
public:
  // positive: an empty bit set: Remove locks mu_ again.
  void Clear(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Remove(key, LockFlags{});  // expect: concur-self-deadlock
  }

  // negative: kLocked is set in the braced list.
  void ClearLocked(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Remove(key, LockFlags{LockFlags::kLocked, LockFlags::kQuiet});
  }

  // negative: a const local built with a constexpr with(): kLocked is set.
  void ClearQuietly(const std::string& key) {
    const LockFlags flags = LockFlags{LockFlags::kQuiet}.with(LockFlags::kLocked);
    std::lock_guard<std::mutex> guard(mu_);
    Remove(key, flags);
  }

  // positive: only kQuiet: Remove locks.
  void ClearSilently(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Remove(key, LockFlags{LockFlags::kQuiet});  // expect: concur-self-deadlock
  }

  // positive: the accessor returns the private field, false by the constructor's default.
  void Drop(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Erase(key, HoldOptions{});  // expect: concur-self-deadlock
  }

  // negative: the caller says it holds the lock.
  void DropLocked(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Erase(key, HoldOptions{true});
  }

  // positive: the enum accessor compares with kHeld; the box says kFree.
  void Evict(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Evict(key, ModeBox{});  // expect: concur-self-deadlock
  }

  // negative: kHeld.
  void EvictLocked(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    Evict(key, ModeBox{Mode::kHeld});
  }

  // negative: the helper adds kLocked to its own copy when the key is long: it may or may not
  // lock, so no certain re-lock is reported.
  void Trim(const std::string& key) {
    std::lock_guard<std::mutex> guard(mu_);
    RemoveMaybe(key, LockFlags{});
  }

  // negative: no lock held; Remove takes it once.
  void Forget(const std::string& key) {
    Remove(key, LockFlags{});
  }

private:
  void Remove(const std::string& key, LockFlags flags) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (!flags.has(LockFlags::kLocked)) lock.lock();
    entries_.erase(key);
  }

  void RemoveMaybe(const std::string& key, LockFlags flags) {
    if (key.size() > 8) flags.add(LockFlags::kLocked);
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (!flags.has(LockFlags::kLocked)) lock.lock();
    entries_.erase(key);
  }

  void Erase(const std::string& key, const HoldOptions& o) {
    if (!o.caller_locked()) mu_.lock();
    entries_.erase(key);
    if (!o.caller_locked()) mu_.unlock();
  }

  void Evict(const std::string& key, const ModeBox& box) {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    if (!box.is(Mode::kHeld)) lock.lock();
    entries_.erase(key);
  }

  std::mutex mu_;
  std::map<std::string, std::size_t> entries_;
};
