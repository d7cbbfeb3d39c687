// Endpoints: numeric host and port to a socket address, and back to a port.
#include "endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdexcept>

#include "shared/socket_address.h"

namespace concur::reactor_internal {

Endpoint resolve(const std::string& host, std::uint16_t port) {
  Endpoint ep;
  const std::string& numeric = host == "localhost" ? std::string("127.0.0.1") : host;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ep.addr);
  if (::inet_pton(AF_INET, numeric.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    ep.len = sizeof(sockaddr_in);
    return ep;
  }
  ep.addr = {};
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ep.addr);
  if (::inet_pton(AF_INET6, numeric.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    ep.len = sizeof(sockaddr_in6);
    return ep;
  }
  throw std::invalid_argument("concur: not a numeric IP address (names are not resolved): '" + host + "'");
}

std::string describe(const Endpoint& ep) {
  return format_socket_address(reinterpret_cast<const sockaddr*>(&ep.addr), ep.len);
}

std::uint16_t port_of(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (fd < 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) < 0) return 0;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6&>(addr).sin6_port);
  return 0;
}

}  // namespace concur::reactor_internal
