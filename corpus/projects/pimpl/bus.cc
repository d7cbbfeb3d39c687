#include "bus.h"

#include <utility>

#include "bus_impl.h"

namespace pimpl {

// negative: the flusher is Bus's own lambda.
Bus::Bus() : impl_(std::make_unique<Impl>()) {
  Impl* impl = impl_.get();
  impl_->SetFlusher([impl] { ++impl->flushed_; });
}

Bus::~Bus() = default;

// negative: forwarding a callable is not calling it.
void Bus::Subscribe(std::function<void(int)> listener) { impl_->Subscribe(std::move(listener)); }

// negative: the hook is stored, not called, here.
void Bus::OnIdle(std::function<void()> hook) { impl_->SetIdleHook(std::move(hook)); }

void Bus::Publish(int value) { impl_->Publish(value); }

void Bus::Idle() { impl_->Idle(); }

void Bus::Flush() { impl_->Flush(); }

}  // namespace pimpl
