// Socket addresses as text (see shared/socket_address.h).
#include "shared/socket_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstddef>
#include <cstring>

namespace concur::reactor_internal {

std::string format_socket_address(const sockaddr* address, socklen_t length) {
  char host[INET6_ADDRSTRLEN] = {};
  switch (address->sa_family) {
    case AF_INET: {
      const auto& in = reinterpret_cast<const sockaddr_in&>(*address);
      ::inet_ntop(AF_INET, &in.sin_addr, host, sizeof host);
      return std::string(host) + ":" + std::to_string(ntohs(in.sin_port));
    }
    case AF_INET6: {
      const auto& in6 = reinterpret_cast<const sockaddr_in6&>(*address);
      ::inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof host);
      return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6.sin6_port));
    }
    case AF_UNIX: {
      const auto& un = reinterpret_cast<const sockaddr_un&>(*address);
      std::size_t path_length = length > offsetof(sockaddr_un, sun_path) ? length - offsetof(sockaddr_un, sun_path) : 0;
      if (path_length == 0) return "";
      if (un.sun_path[0] == '\0') return "@" + std::string(un.sun_path + 1, path_length - 1);
      return std::string(un.sun_path, ::strnlen(un.sun_path, path_length));
    }
    default:
      return "";
  }
}

}  // namespace concur::reactor_internal
