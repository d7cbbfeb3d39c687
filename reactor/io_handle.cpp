// A socket's record: adopted when the reactor creates the socket, closed once.
#include "io_handle.h"

#include <netinet/tcp.h>
#include <unistd.h>

#include <cerrno>

#include "io_dispatch.h"
#include "loop_access.h"
#include "observer_registry.h"
#include "shared/socket_address.h"
#include "stream_queue.h"

namespace concur::reactor_internal {

IoPtr adopt(int fd, SocketKind kind) {
  IoPtr io(new IoHandle);
  io->fd = fd;
  io->kind = kind;
  announce_socket(fd, kind);
  return io;
}

void set_nodelay(int fd) noexcept {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

std::string describe_peer(const IoHandle& io) {
  sockaddr_storage peer = io.peer.get();
  std::string text = format_socket_address(reinterpret_cast<const sockaddr*>(&peer), sizeof peer);
  return text.empty() ? std::string("?") : text;
}

void close_io(IoHandle& io) noexcept {
  if (io.fd < 0) return;
  if (IoOp* op = io.reader) {
    if (io.kind == SocketKind::tcp_listener)
      LoopAccess::cancel_timer(*io.reactor, &static_cast<AcceptOp*>(op)->backoff);
    io.reader = nullptr;
    op->error = ECANCELED;
    complete(*op);
  }
  if (IoOp* op = io.connector) {
    io.connector = nullptr;
    op->error = ECANCELED;
    complete(*op);
  }
  fail_writes(io, ECANCELED);
  if (ReactorObserver* o = reactor_observer()) o->socket_closed(io.fd);
  if (io.reactor) LoopAccess::socket_closed(*io.reactor, io);
  ::close(io.fd);
  io.fd = -1;
}

void IoHandleDeleter::operator()(IoHandle* io) const noexcept {
  close_io(*io);
  delete io;
}

}  // namespace concur::reactor_internal
