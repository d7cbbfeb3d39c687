// The reactor's internal interface is not callable from user code: the loop's
// scheduling, timers, socket registration and offload queue, a Task's coroutine
// handle, and adopting a socket record as a TcpStream are private to the
// reactor's own awaiters. (Checked at compile time: this file fails to build if
// one of them becomes public again.)
#include <concur/reactor.h>

#include <chrono>
#include <coroutine>
#include <type_traits>

namespace {

using namespace concur;
namespace internal = concur::reactor_internal;

template <class R>
concept CanSchedule = requires(R& r, std::coroutine_handle<> h) { r.schedule(h, nullptr); };
template <class R>
concept CanArmTimer = requires(R& r, internal::TimerNode* node) {
  r.arm_timer(node, std::chrono::steady_clock::now());
  r.cancel_timer(node);
};
template <class R>
concept CanRegisterIo = requires(R& r, internal::IoHandle& io) { r.register_io(io); };
template <class R>
concept CanSubmitOffload = requires(R& r, internal::OffloadJob* job) { r.submit_offload(job); };
template <class R>
concept CanCountTasks = requires(R& r) { r.task_started(); };
template <class R>
concept CanWriteStats = requires(R& r) { ++r.mutable_stats().polls; } || requires(R& r) { ++r.stats_.polls; };
template <class T>
concept CanTakeTheCoroutine = requires(T& t) {
  t.handle();
  t.release();
};

static_assert(!CanSchedule<Reactor>);
static_assert(!CanArmTimer<Reactor>);
static_assert(!CanRegisterIo<Reactor>);
static_assert(!CanSubmitOffload<Reactor>);
static_assert(!CanCountTasks<Reactor>);
static_assert(!CanWriteStats<Reactor>);
static_assert(!CanTakeTheCoroutine<Task<int>>);
static_assert(!std::is_constructible_v<TcpStream, internal::IoPtr>);

// What users do need stays public.
static_assert(requires(Reactor& r) { r.stats().polls; });
static_assert(std::is_default_constructible_v<TcpStream> && std::is_move_constructible_v<TcpStream>);

}  // namespace
