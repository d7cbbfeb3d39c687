// The one socket-address formatter, shared by the reactor's messages and the fd
// snapshot of concur::runtime (reactor/shared/socket_address.h).
#include "socket_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>

namespace {

using concur::reactor_internal::format_socket_address;

const sockaddr* as_sockaddr(const void* address) { return static_cast<const sockaddr*>(address); }

TEST(SocketAddress, InetAddressesAreHostColonPortAndIPv6IsBracketed) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  v4.sin_port = htons(8080);
  ASSERT_EQ(::inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr), 1);
  EXPECT_EQ(format_socket_address(as_sockaddr(&v4), sizeof v4), "127.0.0.1:8080");

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  v6.sin6_port = htons(443);
  ASSERT_EQ(::inet_pton(AF_INET6, "fe80::1", &v6.sin6_addr), 1);
  EXPECT_EQ(format_socket_address(as_sockaddr(&v6), sizeof v6), "[fe80::1]:443");
}

TEST(SocketAddress, UnixSocketsAreTheirPathOrAtAbstractName) {
  sockaddr_un named{};
  named.sun_family = AF_UNIX;
  std::strcpy(named.sun_path, "/run/app.sock");
  EXPECT_EQ(format_socket_address(as_sockaddr(&named), sizeof named), "/run/app.sock");

  sockaddr_un abstract{};
  abstract.sun_family = AF_UNIX;
  std::memcpy(abstract.sun_path, "\0bus", 4);  // the length, not a terminator, ends the name
  auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 4);
  EXPECT_EQ(format_socket_address(as_sockaddr(&abstract), length), "@bus");

  // An unbound unix socket: getsockname returns only the family.
  EXPECT_EQ(format_socket_address(as_sockaddr(&named), sizeof(sa_family_t)), "");
}

TEST(SocketAddress, OtherFamiliesAreEmpty) {
  sockaddr_storage other{};
  other.ss_family = AF_PACKET;
  EXPECT_EQ(format_socket_address(as_sockaddr(&other), sizeof other), "");
}

}  // namespace
