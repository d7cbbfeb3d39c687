// Socket addresses as text ("127.0.0.1:8080", "[::1]:8080", "/run/app.sock").
//
// The one formatter concur has: the reactor uses it for its error messages and
// TcpStream::peer_address, concur::runtime (which links the reactor) for the fd
// snapshot's local and peer addresses. This directory holds the only reactor
// internals that other concur libraries may include; it exposes no reactor state.
#pragma once

#include <sys/socket.h>

#include <string>

namespace concur::reactor_internal {

/// `address` (`length` bytes, as getsockname/accept return it) as text: "host:port"
/// for IPv4, "[host]:port" for IPv6, the path for a unix socket ("@name" for an
/// abstract one); "" for an unnamed unix socket or another family.
std::string format_socket_address(const sockaddr* address, socklen_t length);

}  // namespace concur::reactor_internal
