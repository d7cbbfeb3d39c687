// Snapshot of /proc/self/fd with socket details, and the diff of two snapshots.
#include "concur/fds.h"

#include "detail/reactor_registry.h"
#include "detail/symbolizer.h"
#include "socket_address.h"  // reactor/shared: the one address formatter

#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <string_view>

namespace concur {
namespace {

template <class GetName>
std::string socket_address(int fd, GetName get_name) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (get_name(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "";
  // An unbound inet socket reports 0.0.0.0:0; say nothing rather than that.
  std::string text = reactor_internal::format_socket_address(reinterpret_cast<const sockaddr*>(&addr), len);
  return text == "0.0.0.0:0" || text == "[::]:0" ? "" : text;
}

void fill_socket_details(FdInfo& info) {
  socklen_t len = sizeof info.family;
  getsockopt(info.fd, SOL_SOCKET, SO_DOMAIN, &info.family, &len);
  len = sizeof info.type;
  getsockopt(info.fd, SOL_SOCKET, SO_TYPE, &info.type, &len);
  info.local_address = socket_address(info.fd, ::getsockname);
  info.peer_address = socket_address(info.fd, ::getpeername);
}

std::string socket_kind(const FdInfo& info) {
  const bool inet = info.family == AF_INET || info.family == AF_INET6;
  if (inet && info.type == SOCK_STREAM) return info.family == AF_INET6 ? "TCPv6 socket" : "TCP socket";
  if (inet && info.type == SOCK_DGRAM) return info.family == AF_INET6 ? "UDPv6 socket" : "UDP socket";
  if (info.family == AF_UNIX) return info.type == SOCK_DGRAM ? "unix datagram socket" : "unix socket";
  return "socket (family " + std::to_string(info.family) + ")";
}

}  // namespace

std::string describe(const FdInfo& info) {
  std::string text;
  if (info.is_socket) {
    text = socket_kind(info) + " fd " + std::to_string(info.fd);
    if (!info.local_address.empty() || !info.peer_address.empty()) {
      text += " " + (info.local_address.empty() ? std::string("?") : info.local_address);
      if (!info.peer_address.empty()) text += " -> " + info.peer_address;
    }
  } else {
    text = "fd " + std::to_string(info.fd) + " " + info.target;
  }
  if (info.cloexec) text += " (cloexec)";
  if (!info.creation_stack.empty()) {
    std::string site = runtime_internal::first_user_code_site(info.creation_stack);
    if (!site.empty()) text += ", created at " + site;
  }
  return text;
}

FdSnapshot FdSnapshot::take() {
  FdSnapshot snapshot;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return snapshot;
  const int own_fd = dirfd(dir);
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    FdInfo info;
    info.fd = std::atoi(entry->d_name);
    if (info.fd == own_fd) continue;
    char link[4096];
    std::string path = std::string("/proc/self/fd/") + entry->d_name;
    ssize_t n = readlink(path.c_str(), link, sizeof link - 1);
    if (n < 0) continue;  // closed meanwhile by another thread
    info.target.assign(link, static_cast<std::size_t>(n));
    struct stat st {};
    if (fstat(info.fd, &st) == 0) {
      info.dev = st.st_dev;
      info.inode = st.st_ino;
      info.is_socket = S_ISSOCK(st.st_mode);
    }
    int flags = fcntl(info.fd, F_GETFD);
    info.cloexec = flags >= 0 && (flags & FD_CLOEXEC) != 0;
    if (info.is_socket) {
      fill_socket_details(info);
      info.creation_stack = runtime_internal::reactor_socket_stack(info.fd, info.dev, info.inode);
    }
    snapshot.fds.push_back(std::move(info));
  }
  closedir(dir);
  std::sort(snapshot.fds.begin(), snapshot.fds.end(),
            [](const FdInfo& a, const FdInfo& b) { return a.fd < b.fd; });
  return snapshot;
}

// Both snapshots are sorted by fd: one merge pass.
FdDiff diff(const FdSnapshot& before, const FdSnapshot& after) {
  FdDiff d;
  auto b = before.fds.begin(), a = after.fds.begin();
  while (b != before.fds.end() || a != after.fds.end()) {
    if (a == after.fds.end() || (b != before.fds.end() && b->fd < a->fd)) {
      d.closed_not_opened.push_back(*b++);
    } else if (b == before.fds.end() || a->fd < b->fd) {
      d.opened_not_closed.push_back(*a++);
    } else {
      if (!b->same_object(*a)) {  // same number, another file: closed one, opened one
        d.closed_not_opened.push_back(*b);
        d.opened_not_closed.push_back(*a);
      }
      ++a, ++b;
    }
  }
  return d;
}

}  // namespace concur
