// concur/reactor/channel.h — Channel<T>: a bounded queue between tasks of one reactor.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "concur/reactor/detail/context.h"
#include "concur/reactor/task.h"

namespace concur {

/// Thrown by Channel::send after close().
class ChannelClosed : public std::logic_error {
 public:
  ChannelClosed() : std::logic_error("concur: send on a closed channel") {}
};

/// A bounded FIFO. send() suspends while the channel is full (back-pressure); recv()
/// suspends while it is empty and returns std::nullopt once it is closed and drained;
/// recv_batch(max) takes everything already queued (up to max) and waits only when
/// nothing is. Values are handed over without allocation (a ring of `capacity` slots).
/// Reactor thread only; suspended senders and receivers are served in FIFO order.
template <class T>
class Channel {
  // A suspended sender or receiver. `item` and `batch` point into the awaiter, which
  // sits in the suspended coroutine's frame.
  struct Node : reactor_internal::Waiter {
    Node* next = nullptr;
    Node** prev_link = nullptr;
    Channel* channel = nullptr;
    std::optional<T>* item = nullptr;  // sender: the value; receiver: where it goes
    std::vector<T>* batch = nullptr;   // batch receiver: where values go
    bool refused = false;              // sender: the channel closed first
  };
  struct List {
    Node* head = nullptr;
    Node** tail = &head;
    bool empty() const noexcept { return head == nullptr; }
    void push(Node* n) noexcept {
      n->next = nullptr;
      n->prev_link = tail;
      *tail = n;
      tail = &n->next;
    }
    void remove(Node* n) noexcept {
      *n->prev_link = n->next;
      if (n->next) n->next->prev_link = n->prev_link;
      else tail = n->prev_link;
      n->prev_link = nullptr;
    }
    Node* pop() noexcept {
      Node* n = head;
      remove(n);
      return n;
    }
  };

 public:
  /// capacity >= 1.
  explicit Channel(std::size_t capacity) : slots_(checked(capacity)) {}
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  std::size_t capacity() const noexcept { return slots_.size(); }
  std::size_t size() const noexcept { return size_; }
  bool closed() const noexcept { return closed_; }

  /// Enqueues `value`, waiting while the channel is full. Throws ChannelClosed if the
  /// channel is or becomes closed before the value is accepted, Cancelled on cancel.
  auto send(T value) {
    struct Awaiter : Node {
      std::optional<T> value;
      bool await_ready() {
        if (reactor_internal::cancel_requested()) return this->set_cancelled();
        Channel& ch = *this->channel;
        if (ch.closed_) return this->refused = true;
        if (!ch.receivers_.empty()) {
          ch.hand_to_receiver(std::move(*value));
          return true;
        }
        if (ch.size_ < ch.capacity()) {
          ch.push_slot(std::move(*value));
          return true;
        }
        return false;
      }
      void await_suspend(std::coroutine_handle<> h) noexcept {
        this->item = &value;
        reactor_internal::suspend_current(*this, h, &reactor_internal::kCancelOps<&Channel::cancel_sender>);
        this->channel->senders_.push(this);
      }
      void await_resume() const {
        if (this->cancelled()) throw Cancelled();
        if (this->refused) throw ChannelClosed();
      }
    };
    Awaiter a;
    a.channel = this;
    a.value.emplace(std::move(value));
    return a;
  }

  /// Dequeues one value, waiting while the channel is empty; std::nullopt once closed
  /// and drained.
  auto recv() {
    struct Awaiter : Node {
      std::optional<T> value;
      bool await_ready() {
        if (reactor_internal::cancel_requested()) return this->set_cancelled();
        Channel& ch = *this->channel;
        if (ch.size_ > 0) {
          value.emplace(ch.pop_slot());
          return true;
        }
        return ch.closed_;
      }
      void await_suspend(std::coroutine_handle<> h) noexcept {
        this->item = &value;
        reactor_internal::suspend_current(*this, h, &reactor_internal::kCancelOps<&Channel::cancel_receiver>);
        this->channel->receivers_.push(this);
      }
      std::optional<T> await_resume() {
        if (this->cancelled()) throw Cancelled();
        return std::move(value);
      }
    };
    Awaiter a;
    a.channel = this;
    return a;
  }

  /// Dequeues up to `max` (>= 1) values: all that are queued, or waits for the first
  /// one and then also takes whatever arrived before the task resumed. An empty
  /// vector means closed and drained.
  auto recv_batch(std::size_t max) {
    struct Awaiter : Node {
      std::size_t max = 1;
      std::vector<T> values;
      bool await_ready() {
        if (reactor_internal::cancel_requested()) return this->set_cancelled();
        Channel& ch = *this->channel;
        if (ch.size_ > 0) {
          ch.drain_into(values, max);
          return true;
        }
        return ch.closed_;
      }
      void await_suspend(std::coroutine_handle<> h) noexcept {
        this->batch = &values;
        reactor_internal::suspend_current(*this, h, &reactor_internal::kCancelOps<&Channel::cancel_receiver>);
        this->channel->receivers_.push(this);
      }
      std::vector<T> await_resume() {
        if (this->cancelled()) throw Cancelled();
        this->channel->drain_into(values, max);
        return std::move(values);
      }
    };
    Awaiter a;
    a.channel = this;
    a.max = max == 0 ? 1 : max;
    return a;
  }

  /// Refuses further sends; suspended senders fail with ChannelClosed, receivers get
  /// what remains and then std::nullopt / an empty batch. Idempotent.
  void close() noexcept {
    if (closed_) return;
    closed_ = true;
    while (!senders_.empty()) {
      Node* s = senders_.pop();
      s->refused = true;
      reactor_internal::wake(*s);
    }
    while (!receivers_.empty()) reactor_internal::wake(*receivers_.pop());
  }

 private:
  static std::size_t checked(std::size_t capacity) {
    if (capacity == 0) throw std::invalid_argument("concur::Channel capacity must be >= 1");
    return capacity;
  }
  static void cancel_sender(reactor_internal::Waiter* w) noexcept {
    Node* n = static_cast<Node*>(w);
    n->channel->senders_.remove(n);
  }
  static void cancel_receiver(reactor_internal::Waiter* w) noexcept {
    Node* n = static_cast<Node*>(w);
    n->channel->receivers_.remove(n);
  }

  void hand_to_receiver(T&& v) {
    Node* r = receivers_.pop();
    if (r->batch) r->batch->push_back(std::move(v));
    else r->item->emplace(std::move(v));
    reactor_internal::wake(*r);
  }
  void push_slot(T&& v) {
    slots_[(head_ + size_) % slots_.size()].emplace(std::move(v));
    ++size_;
  }
  T pop_slot() {
    T v = std::move(*slots_[head_]);
    slots_[head_].reset();
    head_ = (head_ + 1) % slots_.size();
    --size_;
    if (!senders_.empty()) {  // room again: admit the longest-waiting sender
      Node* s = senders_.pop();
      push_slot(std::move(**s->item));
      reactor_internal::wake(*s);
    }
    return v;
  }
  void drain_into(std::vector<T>& out, std::size_t max) {
    while (out.size() < max && size_ > 0) out.push_back(pop_slot());
  }

  std::vector<std::optional<T>> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  bool closed_ = false;
  List senders_;
  List receivers_;
};

}  // namespace concur
