// Internal: a hierarchical timing wheel with intrusive nodes (1 ms ticks).
//
// Four levels (256 x 1 ms, then 64 slots each of 256 ms, 16 s, 17.5 min); later
// deadlines park in the last level and are re-filed when it cascades. Arm and cancel
// are O(1); expiry is amortized O(1) per timer. All timers due in the same
// millisecond fire on one wakeup, which is what coalesces large timer populations.
#pragma once

#include <cstddef>
#include <cstdint>

namespace concur::reactor_internal {

struct TimerNode {
  TimerNode* next = nullptr;
  TimerNode** prev_link = nullptr;  // nullptr while not armed
  std::uint64_t deadline = 0;       // in ticks
  std::uint32_t slot = 0;
  void (*fire)(TimerNode*) noexcept = nullptr;
  bool armed() const noexcept { return prev_link != nullptr; }
};

class TimerWheel {
 public:
  explicit TimerWheel(std::uint64_t now_tick = 0) noexcept;
  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  /// Files `node` (not armed) to fire once the tick reaches node->deadline.
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

  void file(TimerNode* node) noexcept;
  void push(unsigned slot, TimerNode* node) noexcept;
  void cascade(unsigned level, unsigned index) noexcept;
  void clear_bit_if_empty(unsigned slot) noexcept;

  TimerNode* heads_[kSlots] = {};
  std::uint64_t occupied_[kSlots / 64] = {};
  std::uint64_t base_;  // the next tick to process
  std::size_t count_ = 0;
};

}  // namespace concur::reactor_internal
