// Tasks: the cancellation tree and suspension bookkeeping.
#include <atomic>

#include "concur/reactor/loop.h"
#include "loop_access.h"

namespace concur {

namespace {
std::atomic<std::uint64_t> next_task_id{1};
}  // namespace

const TaskInfo* current_task() noexcept {
  auto* ctx = reactor_internal::this_thread.ctx;
  return ctx ? ctx->task() : nullptr;
}

namespace reactor_internal {

TaskContext::TaskContext(TaskContext* parent_ctx, const char* name, bool is_task) noexcept
    : parent(parent_ctx), own_info{is_task ? next_task_id.fetch_add(1, std::memory_order_relaxed) : 0, name} {
  if (is_task && this_thread.reactor) {
    link_bits |= kCounted;
    LoopAccess::task_started(*this_thread.reactor);
  }
  if (parent) {
    if (parent->cancelled()) link_bits |= kCancelled;
    next_sibling = parent->first_child;
    if (next_sibling) next_sibling->set_prev_link(&next_sibling);
    set_prev_link(&parent->first_child);
    parent->first_child = this;
  }
}

TaskContext::~TaskContext() {
  if (Reactor* reactor = this_thread.reactor) {
    LoopAccess::context_ending(*reactor, this);  // while the parents are still linked
    if (link_bits & kCounted) LoopAccess::task_ended(*reactor);
  }
  for (TaskContext* c = first_child; c;) {  // should not happen: children end first
    TaskContext* next = c->next_sibling;
    c->parent = nullptr;
    c->set_prev_link(nullptr);
    c->next_sibling = nullptr;
    c = next;
  }
  if (TaskContext** link = prev_link()) {
    *link = next_sibling;
    if (next_sibling) next_sibling->set_prev_link(link);
  }
}

void TaskContext::cancel() noexcept {
  if (cancelled()) return;
  link_bits |= kCancelled;
  Waiter* w = waiting;
  const CancelOps* ops = w ? w->cancel_ops() : nullptr;
  if (w && (ops || w->is_timer())) {
    waiting = nullptr;
    if (ops) ops->cancel(w);
    else LoopAccess::cancel_timer(*this_thread.reactor, static_cast<TimerNode*>(w));  // a sleep
    w->set_cancelled();
    LoopAccess::schedule(*this_thread.reactor, w->handle, w->ctx);
  }
  for (TaskContext* c = first_child; c; c = c->next_sibling) c->cancel();
}

void wake(Waiter& w) noexcept { wake_inline(w); }

}  // namespace reactor_internal
}  // namespace concur
