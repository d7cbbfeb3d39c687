// Stalls the reactor reported to the runtime's observer (internal; loop_checks.cpp).
#pragma once

#include <string>

#include "concur/reactor/observer.h"

namespace concur::runtime_internal {

/// Keeps `stall` (on the loop thread, as the slice ends), with the stack of the
/// longest blocking call of the slice when the watchdog caught none.
void record_stall(const TaskStall& stall) noexcept;

/// The phrase the reactor's stall line ends with — "in usleep() at handler.cc:31",
/// "at handler.cc:31" — for a stall record_stall kept; "" when there is nothing to
/// name. Symbolizes (the watchdog's reporter thread calls it).
std::string stall_site_phrase(const TaskStall& stall) noexcept;

/// Whether the runtime's ReactorObserver is the installed one.
bool hooks_observer_installed() noexcept;

}  // namespace concur::runtime_internal
