// TCP: listeners, streams, connect/accept/read/write on the edge-triggered epoll loop.
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

#include "concur/reactor/tcp.h"
#include "internal.h"

namespace concur {

namespace reactor_internal {
namespace {

constexpr int kMaxIov = 64;
constexpr std::uint32_t kMaxBackoffMs = 100;

struct Endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;
};

std::string format_address(const sockaddr_storage& addr) {
  char host[INET6_ADDRSTRLEN] = "?";
  unsigned port = 0;
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &a.sin_addr, host, sizeof host);
    port = ntohs(a.sin_port);
    return std::string(host) + ":" + std::to_string(port);
  }
  if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &a.sin6_addr, host, sizeof host);
    port = ntohs(a.sin6_port);
    return "[" + std::string(host) + "]:" + std::to_string(port);
  }
  return "?";
}

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

[[noreturn]] void throw_errno(int err, const std::string& what) {
  throw std::system_error(err, std::system_category(), what);
}

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

std::uint16_t port_of(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (fd < 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) < 0) return 0;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6&>(addr).sin6_port);
  return 0;
}

/// Finishes a parked operation: it no longer waits on the socket.
void complete(IoOp& op) noexcept {
  op.io->reactor->io_wait_ended();
  wake(op);
}

/// Parks `op` on its socket: registers the socket with this thread's reactor first.
bool park(IoOp& op, std::coroutine_handle<> h, void (*on_cancel)(Waiter*) noexcept) noexcept {
  Reactor* reactor = this_thread.reactor;
  try {
    reactor->register_io(*op.io);
  } catch (const std::system_error& e) {
    op.error = e.code().value();
  } catch (...) {
    op.error = EINVAL;
  }
  if (op.error) {  // resume at once with the error
    suspend_current(op, h, nullptr);
    wake(op);
    return false;
  }
  suspend_current(op, h, on_cancel);
  reactor->io_wait_started();
  return true;
}

// ---- reads ----

bool attempt_read(IoOp* base) noexcept {
  auto& op = *static_cast<ReadOp*>(base);
  for (;;) {
    ssize_t n = ::recv(op.io->fd, op.buffer.data(), op.buffer.size(), 0);
    if (n >= 0) {
      op.got = static_cast<std::size_t>(n);
      if (n > 0 && op.got < op.buffer.size()) op.io->maybe_readable = false;  // drained
      return true;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      op.io->maybe_readable = false;
      return false;
    }
    op.error = errno;
    return true;
  }
}

bool attempt_probe(IoOp*) noexcept { return true; }  // readiness is all a probe waits for

void cancel_reader(Waiter* w) noexcept {
  auto& op = *static_cast<IoOp*>(w);
  op.io->reader = nullptr;
  op.io->reactor->io_wait_ended();
}

// ---- writes ----

void fail_writes(IoHandle& io, int err) noexcept {
  io.write_error = err;
  while (WriteOp* op = io.write_head) {
    io.write_head = op->next;
    op->error = err;
    complete(*op);
  }
  io.write_tail = nullptr;
}

void flush_writes(IoHandle& io) noexcept {
  while (io.write_head) {
    iovec iov[kMaxIov];
    int count = 0;
    std::size_t offered = 0;
    for (WriteOp* op = io.write_head; op && count < kMaxIov; op = op->next, ++count) {
      iov[count].iov_base = const_cast<std::byte*>(op->data + op->written);
      iov[count].iov_len = op->size - op->written;
      offered += iov[count].iov_len;
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<std::size_t>(count);
    ssize_t n = ::sendmsg(io.fd, &msg, MSG_NOSIGNAL);
    ++io.reactor->mutable_stats().writev_calls;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      fail_writes(io, errno);
      return;
    }
    auto left = static_cast<std::size_t>(n);
    while (left > 0) {
      WriteOp* op = io.write_head;
      std::size_t take = std::min(left, op->size - op->written);
      op->written += take;
      left -= take;
      if (op->written == op->size) {
        io.write_head = op->next;
        if (!io.write_head) io.write_tail = nullptr;
        complete(*op);
      }
    }
    if (static_cast<std::size_t>(n) < offered) break;  // the socket buffer is full
  }
  if (!io.write_head && io.shutdown_after_writes) {
    io.shutdown_after_writes = false;
    ::shutdown(io.fd, SHUT_WR);
  }
}

void cancel_writer(Waiter* w) noexcept {
  auto& op = *static_cast<WriteOp*>(w);
  IoHandle& io = *op.io;
  WriteOp** link = &io.write_head;
  WriteOp* prev = nullptr;
  while (*link && *link != &op) {
    prev = *link;
    link = &(*link)->next;
  }
  if (*link) {
    *link = op.next;
    if (io.write_tail == &op) io.write_tail = prev;
  }
  io.reactor->io_wait_ended();
  // Half a message on the wire: nothing written after it would make sense to the peer.
  if (op.written > 0) fail_writes(io, ECANCELED);
}

// ---- connect ----

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
  op.io->reactor->io_wait_ended();
}

struct ConnectAwaiter : IoOp {
  bool await_ready() noexcept {
    if (cancel_requested()) return cancelled = true;
    return false;
  }
  void await_suspend(std::coroutine_handle<> h) noexcept {
    attempt = &attempt_connect;
    if (park(*this, h, &cancel_connector)) io->connector = this;
  }
  void await_resume() const {
    if (cancelled) throw Cancelled();
    if (error) throw_errno(error, "connect to " + format_address(io->peer.get()));
  }
};

// ---- accept ----

/// One accept4 round: true when finished (a connection or a hard error).
bool try_accept(AcceptOp& op) noexcept {
  op.out_of_fds = false;
  for (;;) {
    op.peer_len = sizeof op.peer;
    int fd = ::accept4(op.io->fd, reinterpret_cast<sockaddr*>(&op.peer), &op.peer_len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      op.fd = fd;
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
  ++reactor.mutable_stats().accept_backoffs;
  reactor.arm_timer(&op.backoff, std::chrono::steady_clock::now() + std::chrono::milliseconds(op.backoff_ms));
}

bool attempt_accept(IoOp* base) noexcept {
  auto& op = *static_cast<AcceptOp*>(base);
  if (try_accept(op)) return true;
  if (op.out_of_fds) arm_backoff(op);
  return false;
}

void backoff_expired(TimerNode* node) noexcept {
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
  op.io->reactor->cancel_timer(&op.backoff);
  cancel_reader(w);
}

}  // namespace

void handle_io_event(IoHandle& io, std::uint32_t events) noexcept {
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) io.maybe_readable = true;
  if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) io.peer_done = true;
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && io.reader) {
    IoOp* op = io.reader;
    if (op->attempt(op)) {
      io.reader = nullptr;
      complete(*op);
    }
  }
  if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) {
    if (IoOp* op = io.connector) {
      op->attempt(op);
      io.connector = nullptr;
      complete(*op);
    }
    if (io.write_head) flush_writes(io);
  }
}

void close_io(IoHandle& io) noexcept {
  if (io.fd < 0) return;
  if (IoOp* op = io.reader) {
    if (io.kind == SocketKind::tcp_listener) io.reactor->cancel_timer(&static_cast<AcceptOp*>(op)->backoff);
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
  if (io.reactor) io.reactor->socket_closed(io);
  ::close(io.fd);
  io.fd = -1;
}

void IoHandleDeleter::operator()(IoHandle* io) const noexcept {
  close_io(*io);
  delete io;
}

}  // namespace reactor_internal

using reactor_internal::IoHandle;

// ---------------------------------------------------------------- TcpStream

TcpStream::TcpStream() noexcept = default;
TcpStream::TcpStream(reactor_internal::IoPtr io) noexcept : io_(std::move(io)) {}
TcpStream::TcpStream(TcpStream&&) noexcept = default;
TcpStream& TcpStream::operator=(TcpStream&&) noexcept = default;
TcpStream::~TcpStream() = default;

namespace {
// The waiting half of TcpStream::connect.
Task<TcpStream> connect_socket(reactor_internal::IoPtr io, reactor_internal::Endpoint ep) {
  if (::connect(io->fd, reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) < 0) {
    if (errno != EINPROGRESS) reactor_internal::throw_errno(errno, "connect to " + reactor_internal::format_address(ep.addr));
    reactor_internal::ConnectAwaiter wait;
    wait.io = io.get();
    co_await wait;
  }
  reactor_internal::set_nodelay(io->fd);
  Reactor::current().register_io(*io);  // no-op when connect already waited
  co_return TcpStream(std::move(io));
}
}  // namespace

// Not a coroutine itself: the socket is made in the caller's frame, so the
// creation stack an observer sees includes the code that asked for it (a
// coroutine's body would run later, from the loop).
Task<TcpStream> TcpStream::connect(std::string host, std::uint16_t port) {
  reactor_internal::Endpoint ep = reactor_internal::resolve(host, port);
  int fd = ::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) reactor_internal::throw_errno(errno, "socket for " + host + ":" + std::to_string(port));
  reactor_internal::IoPtr io = reactor_internal::adopt(fd, SocketKind::tcp_stream);
  io->peer.set(ep.addr);
  return connect_socket(std::move(io), ep);
}

bool TcpStream::start_read(reactor_internal::ReadOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.cancelled = true;
  if (!op.io || op.io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  if (op.buffer.empty()) return true;
  if (!op.io->maybe_readable && !op.io->peer_done) return false;  // nothing arrived since it was empty
  return reactor_internal::attempt_read(&op);
}

void TcpStream::park_read(reactor_internal::ReadOp& op, std::coroutine_handle<> h) noexcept {
  if (op.io->reader) op.error = EBUSY;  // one reader at a time
  op.attempt = &reactor_internal::attempt_read;
  if (reactor_internal::park(op, h, &reactor_internal::cancel_reader)) op.io->reader = &op;
}

bool TcpStream::start_wait_readable(reactor_internal::ReadOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.cancelled = true;
  if (!op.io || op.io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  return op.io->maybe_readable || op.io->peer_done;
}

void TcpStream::park_wait_readable(reactor_internal::ReadOp& op, std::coroutine_handle<> h) noexcept {
  if (op.io->reader) op.error = EBUSY;
  op.attempt = &reactor_internal::attempt_probe;
  if (reactor_internal::park(op, h, &reactor_internal::cancel_reader)) op.io->reader = &op;
}

std::optional<std::size_t> TcpStream::try_read(std::span<std::byte> buffer) {
  if (!is_open()) reactor_internal::throw_errno(EBADF, "read from a closed stream");
  reactor_internal::ReadOp op;
  op.io = io_.get();
  op.buffer = buffer;
  if (!reactor_internal::attempt_read(&op)) return std::nullopt;
  finish(op, "read from");
  return op.got;
}

std::size_t TcpStream::try_write(std::span<const std::byte> data) {
  if (!is_open()) reactor_internal::throw_errno(EBADF, "write to a closed stream");
  IoHandle& io = *io_;
  if (io.write_error) reactor_internal::throw_errno(io.write_error, "write to " + reactor_internal::format_address(io.peer.get()));
  if (io.write_head || data.empty()) return 0;
  for (;;) {
    ssize_t n = ::send(io.fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    io.write_error = errno;
    reactor_internal::throw_errno(errno, "write to " + reactor_internal::format_address(io.peer.get()));
  }
}

bool TcpStream::start_write(reactor_internal::WriteOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.cancelled = true;
  IoHandle* io = op.io;
  if (!io || io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  if (io->write_error) {
    op.error = io->write_error;
    return true;
  }
  if (op.size == 0) return true;
  if (io->write_head) return false;  // queue behind earlier writes
  for (;;) {
    ssize_t n = ::send(io->fd, op.data, op.size, MSG_NOSIGNAL);
    if (n >= 0) {
      op.written = static_cast<std::size_t>(n);
      return op.written == op.size;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return false;
    op.error = io->write_error = errno;
    return true;
  }
}

void TcpStream::park_write(reactor_internal::WriteOp& op, std::coroutine_handle<> h) noexcept {
  if (!reactor_internal::park(op, h, &reactor_internal::cancel_writer)) return;
  IoHandle& io = *op.io;
  op.next = nullptr;
  if (io.write_tail) io.write_tail->next = &op;
  else io.write_head = &op;
  io.write_tail = &op;
}

void TcpStream::finish(const reactor_internal::IoOp& op, const char* what) {
  if (op.cancelled) throw Cancelled();
  if (op.error) {
    std::string peer = op.io ? reactor_internal::format_address(op.io->peer.get()) : std::string("?");
    reactor_internal::throw_errno(op.error, std::string(what) + " " + peer);
  }
}

void TcpStream::shutdown_write() {
  if (!io_ || io_->fd < 0) reactor_internal::throw_errno(EBADF, "shutdown of a closed stream");
  if (io_->write_head) {
    io_->shutdown_after_writes = true;
    return;
  }
  if (::shutdown(io_->fd, SHUT_WR) < 0)
    reactor_internal::throw_errno(errno, "shutdown to " + reactor_internal::format_address(io_->peer.get()));
}

void TcpStream::close() noexcept {
  if (io_) reactor_internal::close_io(*io_);
}

bool TcpStream::is_open() const noexcept { return io_ && io_->fd >= 0; }
int TcpStream::native_handle() const noexcept { return io_ ? io_->fd : -1; }
std::string TcpStream::peer_address() const { return is_open() ? reactor_internal::format_address(io_->peer.get()) : std::string(); }
std::uint16_t TcpStream::local_port() const { return reactor_internal::port_of(native_handle()); }

// ---------------------------------------------------------------- TcpListener

TcpListener::TcpListener() noexcept = default;
TcpListener::TcpListener(TcpListener&&) noexcept = default;
TcpListener& TcpListener::operator=(TcpListener&&) noexcept = default;
TcpListener::~TcpListener() = default;

TcpListener TcpListener::bind(const std::string& host, std::uint16_t port, int backlog) {
  reactor_internal::Endpoint ep = reactor_internal::resolve(host, port);
  std::string where = reactor_internal::format_address(ep.addr);
  int fd = ::socket(ep.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) reactor_internal::throw_errno(errno, "socket for " + where);
  TcpListener listener;
  listener.io_ = reactor_internal::adopt(fd, SocketKind::tcp_listener);
  listener.io_->peer.set(ep.addr);  // for messages: the listening address
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&ep.addr), ep.len) < 0) reactor_internal::throw_errno(errno, "bind to " + where);
  if (::listen(fd, backlog) < 0) reactor_internal::throw_errno(errno, "listen on " + where);
  return listener;
}

bool TcpListener::start_accept(reactor_internal::AcceptOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.cancelled = true;
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
  op.backoff.fire = &reactor_internal::backoff_expired;
  if (!reactor_internal::park(op, h, &reactor_internal::cancel_acceptor)) return;
  op.io->reader = &op;
  if (op.out_of_fds) reactor_internal::arm_backoff(op);
}

TcpStream TcpListener::finish_accept(reactor_internal::AcceptOp& op) {
  if (op.cancelled) throw Cancelled();
  if (op.error) {
    std::string where = op.io ? reactor_internal::format_address(op.io->peer.get()) : std::string("?");
    reactor_internal::throw_errno(op.error, "accept on " + where);
  }
  reactor_internal::set_nodelay(op.fd);
  reactor_internal::IoPtr io = reactor_internal::adopt(op.fd, SocketKind::tcp_stream);
  io->peer.set(op.peer);
  Reactor::current().register_io(*io);  // the reactor tracks every socket it creates
  return TcpStream(std::move(io));
}

std::uint16_t TcpListener::local_port() const { return reactor_internal::port_of(native_handle()); }
void TcpListener::close() noexcept {
  if (io_) reactor_internal::close_io(*io_);
}
bool TcpListener::is_open() const noexcept { return io_ && io_->fd >= 0; }
int TcpListener::native_handle() const noexcept { return io_ ? io_->fd : -1; }

}  // namespace concur
