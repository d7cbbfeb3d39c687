// Internal: the record of one socket, shared by the loop and the TCP files.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "concur/reactor/loop.h"
#include "concur/reactor/observer.h"
#include "concur/reactor/tcp.h"

namespace concur::reactor_internal {

/// One socket: its fd, who waits on it, and the write queue. Heap-allocated once per
/// socket so epoll can point at it while TcpStream objects move.
struct IoHandle {
  int fd = -1;
  SocketKind kind = SocketKind::tcp_stream;
  Reactor* reactor = nullptr;  // set when registered with a reactor's epoll
  IoOp* reader = nullptr;      // pending read or accept
  IoOp* connector = nullptr;   // pending connect (waits for writability)
  WriteOp* write_head = nullptr;
  WriteOp* write_tail = nullptr;
  int write_error = 0;         // sticky: writes fail with this errno
  // False after a short read or EAGAIN: the receive queue was empty then, and any data
  // arriving since has queued an edge event. Saves the EAGAIN recv per message.
  bool maybe_readable = true;
  // Set once epoll reported RDHUP/HUP/ERR: a short read may then have stopped at the
  // FIN (or before an error) with no further event to come, so reads always try.
  bool peer_done = false;
  bool shutdown_after_writes = false;
  IoHandle* next_registered = nullptr;  // the reactor's list of its sockets
  IoHandle** prev_registered = nullptr;
  /// The peer (the bound address for listeners), kept compactly for error messages.
  struct Address {
    union {
      sockaddr_in v4;
      sockaddr_in6 v6;
    };
    Address() noexcept : v6{} {}
    void set(const sockaddr_storage& a) noexcept {
      if (a.ss_family == AF_INET6) v6 = reinterpret_cast<const sockaddr_in6&>(a);
      else v4 = reinterpret_cast<const sockaddr_in&>(a);
    }
    sockaddr_storage get() const noexcept {
      sockaddr_storage a{};
      if (v4.sin_family == AF_INET6) reinterpret_cast<sockaddr_in6&>(a) = v6;
      else reinterpret_cast<sockaddr_in&>(a) = v4;
      return a;
    }
  } peer;
};

/// Takes ownership of the new socket `fd` and announces it to the observer.
IoPtr adopt(int fd, SocketKind kind);

/// Closes the socket, failing its pending operations with ECANCELED.
void close_io(IoHandle& io) noexcept;

/// The peer's address for messages ("?" when unknown).
std::string describe_peer(const IoHandle& io);

/// Turns Nagle's algorithm off: the reactor's writes are whole messages.
void set_nodelay(int fd) noexcept;

}  // namespace concur::reactor_internal
