// Listening and accepting: accept4 until the backlog is empty; out of descriptors,
// the connection stays in the backlog and a timer retries with a back-off
// (1 ms doubling to 100 ms) instead of spinning on the edge-triggered event.
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "concur/reactor/tcp.h"
#include "endpoint.h"
#include "io_dispatch.h"
#include "loop_access.h"
#include "stream_queue.h"
#include "system_error.h"

namespace concur {

namespace reactor_internal {
namespace {

constexpr std::uint32_t kMaxBackoffMs = 100;

static_assert(sizeof(AcceptOp::PeerAddress::bytes) == sizeof(sockaddr_storage) &&
                  alignof(AcceptOp::PeerAddress) >= alignof(sockaddr_storage),
              "AcceptOp::PeerAddress must hold a sockaddr_storage");

/// One accept4 round: true when finished (a connection or a hard error).
bool try_accept(AcceptOp& op) noexcept {
  op.out_of_fds = false;
  for (;;) {
    socklen_t length = sizeof op.peer.bytes;
    int fd = ::accept4(op.io->fd, reinterpret_cast<sockaddr*>(op.peer.bytes), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      op.fd = fd;
      op.peer.length = length;
      return true;
    }
    switch (errno) {
      case EINTR:
      case ECONNABORTED:
      case EPROTO:
        continue;  // that connection is gone; take the next
      case EAGAIN:
        return false;
      case EMFILE:
      case ENFILE:
      case ENOBUFS:
      case ENOMEM:
        op.out_of_fds = true;  // the connection stays in the backlog; retry later
        return false;
      default:
        op.error = errno;
        return true;
    }
  }
}

void arm_backoff(AcceptOp& op) noexcept {
  if (op.backoff.armed()) return;
  op.backoff_ms = op.backoff_ms == 0 ? 1 : std::min(op.backoff_ms * 2, kMaxBackoffMs);
  Reactor& reactor = *op.io->reactor;
  ++LoopAccess::stats(reactor).accept_backoffs;
  LoopAccess::arm_timer(reactor, &op.backoff,
                        std::chrono::steady_clock::now() + std::chrono::milliseconds(op.backoff_ms));
}

bool attempt_accept(IoOp* base) noexcept {
  auto& op = *static_cast<AcceptOp*>(base);
  if (try_accept(op)) return true;
  if (op.out_of_fds) arm_backoff(op);
  return false;
}

void backoff_expired(CallbackTimer* node) noexcept {
  AcceptOp& op = *static_cast<AcceptOp::Backoff*>(node)->op;
  if (try_accept(op)) {
    op.io->reader = nullptr;
    complete(op);
  } else if (op.out_of_fds) {
    arm_backoff(op);
  }
}

void cancel_acceptor(Waiter* w) noexcept {
  auto& op = *static_cast<AcceptOp*>(w);
  LoopAccess::cancel_timer(*op.io->reactor, &op.backoff);
  cancel_reader(w);
}

}  // namespace
}  // namespace reactor_internal

TcpListener::TcpListener() noexcept = default;
TcpListener::TcpListener(TcpListener&&) noexcept = default;
TcpListener& TcpListener::operator=(TcpListener&&) noexcept = default;
TcpListener::~TcpListener() = default;

TcpListener TcpListener::bind(const std::string& host, std::uint16_t port, int backlog) {
  reactor_internal::Endpoint ep = reactor_internal::resolve(host, port);
  std::string where = reactor_internal::describe(ep);
  int fd = ::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) reactor_internal::throw_errno(errno, "socket for " + where);
  TcpListener listener;
  listener.io_ = reactor_internal::adopt(fd, SocketKind::tcp_listener);
  listener.io_->peer.set(ep.addr);  // for messages: the listening address
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) < 0)
    reactor_internal::throw_errno(errno, "bind to " + where);
  if (::listen(fd, backlog) < 0) reactor_internal::throw_errno(errno, "listen on " + where);
  return listener;
}

bool TcpListener::start_accept(reactor_internal::AcceptOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.set_cancelled();
  if (!op.io || op.io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  return reactor_internal::try_accept(op);
}

void TcpListener::park_accept(reactor_internal::AcceptOp& op, std::coroutine_handle<> h) noexcept {
  if (op.io->reader) op.error = EBUSY;
  op.attempt = &reactor_internal::attempt_accept;
  op.backoff.op = &op;
  op.backoff.on_fire = &reactor_internal::backoff_expired;
  if (!reactor_internal::park(op, h, &reactor_internal::kCancelOps<&reactor_internal::cancel_acceptor>)) return;
  op.io->reader = &op;
  if (op.out_of_fds) reactor_internal::arm_backoff(op);
}

TcpStream TcpListener::finish_accept(reactor_internal::AcceptOp& op) {
  if (op.cancelled()) throw Cancelled();
  if (op.error) {
    std::string where = op.io ? reactor_internal::describe_peer(*op.io) : std::string("?");
    reactor_internal::throw_errno(op.error, "accept on " + where);
  }
  reactor_internal::set_nodelay(op.fd);
  reactor_internal::IoPtr io = reactor_internal::adopt(op.fd, SocketKind::tcp_stream);
  sockaddr_storage peer;
  std::memcpy(&peer, op.peer.bytes, sizeof peer);
  io->peer.set(peer);
  reactor_internal::LoopAccess::register_io(Reactor::current(), *io);  // the reactor tracks every socket it creates
  return reactor_internal::adopt_stream(std::move(io));
}

std::uint16_t TcpListener::local_port() const { return reactor_internal::port_of(native_handle()); }
void TcpListener::close() noexcept {
  if (io_) reactor_internal::close_io(*io_);
}
bool TcpListener::is_open() const noexcept { return io_ && io_->fd >= 0; }
int TcpListener::native_handle() const noexcept { return io_ ? io_->fd : -1; }

}  // namespace concur
