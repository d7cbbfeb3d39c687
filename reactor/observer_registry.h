// Internal: telling the installed observer about the reactor's sockets.
#pragma once

#include "concur/reactor/observer.h"

namespace concur::reactor_internal {

/// Opens the observer's view of a new socket (captures the creation stack).
void announce_socket(int fd, SocketKind kind) noexcept;

}  // namespace concur::reactor_internal
