// The hierarchical timing wheel (see concur/reactor/detail/timer_wheel.h).
#include "concur/reactor/detail/timer_wheel.h"

#include <bit>

namespace concur::reactor_internal {

namespace {
constexpr std::uint64_t kL1Span = 1ull << 8;   // ticks covered by level 0
constexpr std::uint64_t kL2Span = 1ull << 14;  // ... by levels 0-1
constexpr std::uint64_t kL3Span = 1ull << 20;  // ... by levels 0-2
constexpr std::uint64_t kMaxSpan = 1ull << 26; // ... by levels 0-3
}  // namespace

TimerWheel::TimerWheel(std::uint64_t now_tick, void (*fire)(TimerNode*) noexcept) noexcept
    : base_(now_tick), fire_(fire) {}

void TimerWheel::push(unsigned slot, TimerNode* node) noexcept {
  node->set_slot(slot);
  node->next = heads_[slot];
  if (node->next) node->next->prev_link = &node->next;
  node->prev_link = &heads_[slot];
  heads_[slot] = node;
  occupied_[slot / 64] |= 1ull << (slot % 64);
}

void TimerWheel::clear_bit_if_empty(unsigned slot) noexcept {
  if (heads_[slot] == nullptr) occupied_[slot / 64] &= ~(1ull << (slot % 64));
}

void TimerWheel::file(TimerNode* node) noexcept {
  std::uint64_t due = node->deadline() < base_ ? base_ : node->deadline();
  std::uint64_t delta = due - base_;
  if (delta < kL1Span) {
    push(static_cast<unsigned>(due & (kL0Size - 1)), node);
  } else if (delta < kL2Span) {
    push(kL0Size + static_cast<unsigned>((due >> 8) & (kLnSize - 1)), node);
  } else if (delta < kL3Span) {
    push(kL0Size + kLnSize + static_cast<unsigned>((due >> 14) & (kLnSize - 1)), node);
  } else {
    if (delta >= kMaxSpan) due = base_ + kMaxSpan - 1;  // re-filed when this slot cascades
    push(kL0Size + 2 * kLnSize + static_cast<unsigned>((due >> 20) & (kLnSize - 1)), node);
  }
}

void TimerWheel::arm(TimerNode* node) noexcept {
  file(node);
  ++count_;
}

void TimerWheel::cancel(TimerNode* node) noexcept {
  if (!node->armed()) return;
  *node->prev_link = node->next;
  if (node->next) node->next->prev_link = node->prev_link;
  node->prev_link = nullptr;
  node->next = nullptr;
  clear_bit_if_empty(node->slot());
  --count_;
}

void TimerWheel::cascade(unsigned level, unsigned index) noexcept {
  unsigned slot = kL0Size + (level - 1) * kLnSize + index;
  TimerNode* list = heads_[slot];
  heads_[slot] = nullptr;
  clear_bit_if_empty(slot);
  while (list) {
    TimerNode* next = list->next;
    file(list);
    list = next;
  }
}

std::size_t TimerWheel::advance(std::uint64_t now_tick) noexcept {
  std::size_t fired = 0;
  while (base_ <= now_tick) {
    if (count_ == 0) {
      base_ = now_tick + 1;
      break;
    }
    unsigned index = static_cast<unsigned>(base_ & (kL0Size - 1));
    if (index == 0) {
      unsigned i1 = static_cast<unsigned>((base_ >> 8) & (kLnSize - 1));
      unsigned i2 = static_cast<unsigned>((base_ >> 14) & (kLnSize - 1));
      unsigned i3 = static_cast<unsigned>((base_ >> 20) & (kLnSize - 1));
      cascade(1, i1);
      if (i1 == 0) {
        cascade(2, i2);
        if (i2 == 0) cascade(3, i3);
      }
    } else if ((occupied_[0] | occupied_[1] | occupied_[2] | occupied_[3]) == 0) {
      // Level 0 is empty: jump to the next cascade point (or to now).
      std::uint64_t next_cascade = (base_ | (kL0Size - 1)) + 1;
      base_ = next_cascade <= now_tick ? next_cascade : now_tick + 1;
      continue;
    }
    TimerNode* list = heads_[index];
    heads_[index] = nullptr;
    clear_bit_if_empty(index);
    const std::uint64_t tick = base_++;
    while (list) {
      TimerNode* node = list;
      list = node->next;
      node->prev_link = nullptr;
      node->next = nullptr;
      if (node->deadline() > tick) {  // parked early (clamped far deadline): re-file
        file(node);
        continue;
      }
      --count_;
      ++fired;
      fire_(node);  // may arm or cancel other timers
    }
  }
  return fired;
}

std::int64_t TimerWheel::ticks_until_next(std::uint64_t now_tick) const noexcept {
  if (count_ == 0) return -1;
  auto occupied = [this](unsigned slot) { return (occupied_[slot / 64] >> (slot % 64)) & 1u; };
  auto until = [now_tick](std::uint64_t tick) -> std::int64_t {
    return tick <= now_tick ? 0 : static_cast<std::int64_t>(tick - now_tick);
  };
  // Level 0 holds the ticks base_ .. base_ + 255 (its index wraps).
  unsigned start = static_cast<unsigned>(base_ & (kL0Size - 1));
  for (unsigned d = 0; d < kL0Size;) {
    unsigned slot = (start + d) & (kL0Size - 1);
    std::uint64_t word = occupied_[slot / 64] >> (slot % 64);
    if (word == 0) {
      d += 64 - slot % 64;  // skip the rest of this word
      continue;
    }
    d += static_cast<unsigned>(std::countr_zero(word));
    if (d < kL0Size) return until(base_ + d);
    break;
  }
  // Nothing in level 0: wake at the first cascade that moves something down. The
  // upper-level slot cascading at tick t (a multiple of 256) is (t >> 8) & 63, and at
  // multiples of 2^14 and 2^20 also the level-2 and level-3 slots.
  // The first cascade still to run: base_ itself when it sits on a boundary.
  std::uint64_t t = (base_ + kL0Size - 1) & ~std::uint64_t{kL0Size - 1};
  for (unsigned step = 0; step < kLnSize; ++step, t += kL1Span) {
    if (occupied(kL0Size + static_cast<unsigned>((t >> 8) & (kLnSize - 1)))) return until(t);
    if ((t & (kL2Span - 1)) != 0) continue;
    if (occupied(kL0Size + kLnSize + static_cast<unsigned>((t >> 14) & (kLnSize - 1)))) return until(t);
    if ((t & (kL3Span - 1)) != 0) continue;
    if (occupied(kL0Size + 2 * kLnSize + static_cast<unsigned>((t >> 20) & (kLnSize - 1)))) return until(t);
  }
  return until(t);  // the timers are further out: look again at this cascade
}

}  // namespace concur::reactor_internal
