// Internal: a hierarchical timing wheel with intrusive nodes (1 ms ticks).
//
// Four levels (256 x 1 ms, then 64 slots each of 256 ms, 16 s, 17.5 min); later
// deadlines park in the last level and are re-filed when it cascades. Arm and cancel
// are O(1); expiry is amortized O(1) per timer. All timers due in the same
// millisecond fire on one wakeup, which is what coalesces large timer populations.
#pragma once

#include <cstddef>
#include <cstdint>

#include "concur/reactor/detail/context.h"

namespace concur::reactor_internal {

/// A timer in the wheel. It is a Waiter, so that a sleeping task's awaiter is one
/// five-word node for both; timers that wake no task leave handle and ctx empty.
/// Above the Waiter's flags, the state word holds: bit 2, the reactor runs a
/// CallbackTimer's function instead of waking the task; bits 3-11, the wheel slot;
/// bits 12-63, the deadline in ticks.
struct TimerNode : Waiter {
  TimerNode() noexcept { state = kTimer; }
  TimerNode* next = nullptr;
  TimerNode** prev_link = nullptr;  // nullptr while not armed

  static constexpr std::uint64_t kCallback = 4;
  static constexpr unsigned kSlotShift = 3, kDeadlineShift = 12;
  static constexpr std::uint64_t kSlotMask = 0x1ff, kMaxDeadline = (std::uint64_t{1} << 52) - 1;

  bool armed() const noexcept { return prev_link != nullptr; }
  std::uint64_t deadline() const noexcept { return state >> kDeadlineShift; }
  /// Ticks past kMaxDeadline (142,000 years of milliseconds) become kMaxDeadline.
  void set_deadline(std::uint64_t tick) noexcept {
    if (tick > kMaxDeadline) tick = kMaxDeadline;
    state = (state & ((std::uint64_t{1} << kDeadlineShift) - 1)) | (tick << kDeadlineShift);
  }
  unsigned slot() const noexcept { return static_cast<unsigned>((state >> kSlotShift) & kSlotMask); }
  void set_slot(unsigned slot) noexcept {
    state = (state & ~(kSlotMask << kSlotShift)) | (std::uint64_t{slot} << kSlotShift);
  }
};

/// A timer that runs `on_fire` when it fires instead of waking a task (deadline
/// scopes, accept back-off).
struct CallbackTimer : TimerNode {
  CallbackTimer() noexcept { state |= kCallback; }
  void (*on_fire)(CallbackTimer*) noexcept = nullptr;
};

class TimerWheel {
 public:
  /// `fire` runs for each node that comes due (the reactor's wakes its task or runs
  /// its callback).
  TimerWheel(std::uint64_t now_tick, void (*fire)(TimerNode*) noexcept) noexcept;
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  /// Files `node` (not armed) to fire once the tick reaches node->deadline().
  void arm(TimerNode* node) noexcept;
  /// Removes an armed node without firing it.
  void cancel(TimerNode* node) noexcept;
  /// Fires every node whose deadline is <= now_tick. Returns how many fired.
  std::size_t advance(std::uint64_t now_tick) noexcept;
  /// Ticks from now_tick until the wheel next needs attention (a timer is due, or a
  /// cascade moves timers down); -1 when empty. An idle wheel with only far deadlines
  /// needs attention at most every 16 s.
  std::int64_t ticks_until_next(std::uint64_t now_tick) const noexcept;
  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }

 private:
  static constexpr unsigned kL0Bits = 8, kL0Size = 1u << kL0Bits;
  static constexpr unsigned kLnBits = 6, kLnSize = 1u << kLnBits, kUpperLevels = 3;
  static constexpr unsigned kSlots = kL0Size + kUpperLevels * kLnSize;
  static_assert(kSlots - 1 <= TimerNode::kSlotMask);

  void file(TimerNode* node) noexcept;
  void push(unsigned slot, TimerNode* node) noexcept;
  void cascade(unsigned level, unsigned index) noexcept;
  void clear_bit_if_empty(unsigned slot) noexcept;

  TimerNode* heads_[kSlots] = {};
  std::uint64_t occupied_[kSlots / 64] = {};
  std::uint64_t base_;  // the next tick to process
  std::size_t count_ = 0;
  void (*fire_)(TimerNode*) noexcept;
};

}  // namespace concur::reactor_internal
