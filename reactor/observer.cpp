// The observer registry: the one process-wide ReactorObserver, and the socket
// announcements that carry a creation stack to it.
#include <execinfo.h>

#include <atomic>

#include "concur/reactor/observer.h"
#include "observer_registry.h"

namespace concur {

namespace {
std::atomic<ReactorObserver*> installed_observer{nullptr};
}  // namespace

ReactorObserver* set_reactor_observer(ReactorObserver* observer) noexcept {
  return installed_observer.exchange(observer);
}
ReactorObserver* reactor_observer() noexcept { return installed_observer.load(std::memory_order_relaxed); }

namespace {
std::atomic<std::chrono::milliseconds::rep> watch_limit_ms{0};
}  // namespace

std::chrono::milliseconds set_slice_watch(std::chrono::milliseconds limit) noexcept {
  return std::chrono::milliseconds(watch_limit_ms.exchange(limit.count() > 0 ? limit.count() : 0));
}
std::chrono::milliseconds slice_watch() noexcept {
  return std::chrono::milliseconds(watch_limit_ms.load(std::memory_order_relaxed));
}

namespace reactor_internal {

void announce_socket(int fd, SocketKind kind) noexcept {
  ReactorObserver* o = reactor_observer();
  if (!o) return;
  void* frames[32];
  int depth = ::backtrace(frames, 32);
  // Skip announce_socket itself.
  std::span<void* const> stack(frames + 1, depth > 1 ? static_cast<std::size_t>(depth - 1) : 0);
  o->socket_opened(SocketEvent{fd, kind, stack});
}

}  // namespace reactor_internal
}  // namespace concur
