// Connecting: the socket is made at once, in the caller's frame; the connect then
// waits for writability and reads the outcome from SO_ERROR.
#include <sys/socket.h>

#include <cerrno>
#include <string>

#include "concur/reactor/tcp.h"
#include "endpoint.h"
#include "io_dispatch.h"
#include "loop_access.h"
#include "system_error.h"

namespace concur {

namespace reactor_internal {
namespace {

bool attempt_connect(IoOp* op) noexcept {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(op->io->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
  op->error = err;
  return true;
}

void cancel_connector(Waiter* w) noexcept {
  auto& op = *static_cast<IoOp*>(w);
  op.io->connector = nullptr;
  LoopAccess::io_wait_ended(*op.io->reactor);
}

struct ConnectAwaiter : IoOp {
  bool await_ready() noexcept {
    if (cancel_requested()) return set_cancelled();
    return false;
  }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    attempt = &attempt_connect;
    if (park(*this, h, &kCancelOps<&cancel_connector>)) io->connector = this;
  }
  void await_resume() const {
    if (cancelled()) throw Cancelled();
    if (error) throw_errno(error, "connect to " + describe_peer(*io));
  }
};

// The waiting half of TcpStream::connect.
Task<TcpStream> connect_socket(IoPtr io, Endpoint ep) {
  if (::connect(io->fd, reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) < 0) {
    if (errno != EINPROGRESS) throw_errno(errno, "connect to " + describe(ep));
    ConnectAwaiter wait;
    wait.io = io.get();
    co_await wait;
  }
  set_nodelay(io->fd);
  LoopAccess::register_io(Reactor::current(), *io);  // no-op when connect already waited
  co_return adopt_stream(std::move(io));
}

}  // namespace
}  // namespace reactor_internal

// Not a coroutine itself: the socket is made in the caller's frame, so the
// creation stack an observer sees includes the code that asked for it (a
// coroutine's body would run later, from the loop).
Task<TcpStream> TcpStream::connect(std::string host, std::uint16_t port) {
  reactor_internal::Endpoint ep = reactor_internal::resolve(host, port);
  int fd = ::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) reactor_internal::throw_errno(errno, "socket for " + host + ":" + std::to_string(port));
  reactor_internal::IoPtr io = reactor_internal::adopt(fd, SocketKind::tcp_stream);
  io->peer.set(ep.addr);
  return reactor_internal::connect_socket(std::move(io), ep);
}

}  // namespace concur
