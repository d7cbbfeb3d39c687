// The reactor's sockets as the hooks saw them open (internal; reactor_checks_observer.cpp).
#pragma once

#include <cstdint>
#include <vector>

namespace concur::runtime_internal {

/// The creation stack of the reactor socket open as `fd` on (dev, inode), or
/// empty when the reactor did not make it (or the hooks did not see it).
std::vector<void*> reactor_socket_stack(int fd, std::uint64_t dev, std::uint64_t inode);

}  // namespace concur::runtime_internal
