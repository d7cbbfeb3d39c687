// Internal: the addresses a TCP socket is bound or connected to.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace concur::reactor_internal {

/// A socket address ready for bind/connect.
struct Endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;
};

/// `host` (a numeric IPv4/IPv6 address or "localhost") and `port` as an Endpoint.
/// Names are not resolved: anything else throws std::invalid_argument.
Endpoint resolve(const std::string& host, std::uint16_t port);

/// "127.0.0.1:8080", "[::1]:8080": for messages.
std::string describe(const Endpoint& ep);

/// The local port `fd` is bound to; 0 for a closed or unbound socket.
std::uint16_t port_of(int fd);

}  // namespace concur::reactor_internal
