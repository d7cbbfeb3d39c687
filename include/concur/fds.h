// File descriptor and socket identity: what a block opened and did not close,
// and what it closed that it did not open.
//
//   concur::FdSnapshot before = concur::FdSnapshot::take();
//   run();
//   concur::FdDiff d = concur::diff(before, concur::FdSnapshot::take());
//
// fds are per process, so the snapshot sees every thread's opens and closes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace concur {

/// One open descriptor, identified by (fd, dev, inode) rather than its number.
struct FdInfo {
  int fd = -1;
  std::string target;  ///< readlink of /proc/self/fd/N, e.g. "socket:[1234]"
  std::uint64_t dev = 0;
  std::uint64_t inode = 0;
  bool cloexec = false;
  bool is_socket = false;
  int family = 0;           ///< AF_INET, AF_INET6, AF_UNIX, ... (sockets only)
  int type = 0;             ///< SOCK_STREAM, SOCK_DGRAM, ... (sockets only)
  std::string local_address;  ///< "127.0.0.1:40312", "/run/x.sock", "" if unbound
  std::string peer_address;   ///< "" if not connected
  /// For a socket the reactor created (while concur::runtime's hooks watch it):
  /// the creating call stack, innermost first. describe() names its first frame
  /// outside concur ("created at echo_test.cc:31"), symbolized only then.
  std::vector<void*> creation_stack;

  bool same_object(const FdInfo& other) const {
    return fd == other.fd && dev == other.dev && inode == other.inode;
  }
};

/// "TCP socket fd 7 127.0.0.1:40312 -> 127.0.0.1:8080", "fd 5 /tmp/log (cloexec)";
/// for a reactor socket also ", created at echo_test.cc:31".
std::string describe(const FdInfo& fd);

/// The open descriptors of this process, sorted by fd. The directory fd used
/// to read /proc/self/fd is left out.
struct FdSnapshot {
  std::vector<FdInfo> fds;
  static FdSnapshot take();
};

struct FdDiff {
  std::vector<FdInfo> opened_not_closed;  ///< open after, not before
  std::vector<FdInfo> closed_not_opened;  ///< open before, gone (or replaced) after
  bool empty() const { return opened_not_closed.empty() && closed_not_opened.empty(); }
};

FdDiff diff(const FdSnapshot& before, const FdSnapshot& after);

}  // namespace concur
