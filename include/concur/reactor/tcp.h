// concur/reactor/tcp.h — TCP listeners and streams on the reactor (IPv4 and IPv6).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "concur/reactor/loop.h"
#include "concur/reactor/task.h"

namespace concur {

class TcpStream;

namespace reactor_internal {
struct IoHandle;
struct IoOp : Waiter {
  /// Tries the syscall again when the fd is ready; true when the operation finished.
  bool (*attempt)(IoOp*) noexcept = nullptr;
  IoHandle* io = nullptr;
  int error = 0;
};
struct WriteOp : IoOp {
  WriteOp* next = nullptr;
  const std::byte* data = nullptr;
  std::size_t size = 0;
  std::size_t written = 0;
};
struct ReadOp : IoOp {
  std::span<std::byte> buffer;
  std::size_t got = 0;
};
/// A read into a buffer borrowed from the thread's chunk pool once data is there.
struct ChunkReadOp : IoOp {
  std::byte* block = nullptr;
  std::size_t got = 0;
};
/// The chunk pool (stream_read.cpp): per thread, so a chunk may be released anywhere.
std::byte* borrow_chunk_block();
void return_chunk_block(std::byte* block) noexcept;
struct AcceptOp : IoOp {
  int fd = -1;
  bool out_of_fds = false;       // the last accept4 failed with EMFILE/ENFILE/...
  std::uint32_t backoff_ms = 0;
  struct Backoff : CallbackTimer {
    AcceptOp* op = nullptr;
  } backoff;                     // armed while out of descriptors
  /// The peer's address as accept4 wrote it: a sockaddr_storage, kept as bytes so
  /// that this header needs no <sys/socket.h> (tcp_listener.cpp checks the layout).
  struct PeerAddress {
    alignas(8) std::byte bytes[128];
    std::uint32_t length = 0;
  } peer{};
};
struct IoHandleDeleter {
  void operator()(IoHandle*) const noexcept;
};
using IoPtr = std::unique_ptr<IoHandle, IoHandleDeleter>;
/// Wraps a connected socket record in its TcpStream (tcp_stream.cpp).
TcpStream adopt_stream(IoPtr io) noexcept;
}  // namespace reactor_internal

/// Bytes read from a stream into a buffer borrowed from the reactor thread's chunk
/// pool; the buffer goes back to the pool of the thread that destroys the chunk.
/// Empty (false) at the end of the stream. Move-only.
class Chunk {
 public:
  /// The pool's buffer size: the most one read returns.
  static constexpr std::size_t kCapacity = 16 * 1024;

  Chunk() noexcept = default;
  Chunk(Chunk&& other) noexcept : block_(std::exchange(other.block_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  Chunk& operator=(Chunk&& other) noexcept {
    if (this != &other) {
      release();
      block_ = std::exchange(other.block_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  Chunk(const Chunk&) = delete;
  Chunk& operator=(const Chunk&) = delete;
  ~Chunk() { release(); }

  std::span<std::byte> bytes() noexcept { return {block_, size_}; }
  std::span<const std::byte> bytes() const noexcept { return {block_, size_}; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  explicit operator bool() const noexcept { return size_ != 0; }

 private:
  friend class TcpStream;
  Chunk(std::byte* block, std::size_t size) noexcept : block_(block), size_(size) {}
  void release() noexcept {
    if (block_) reactor_internal::return_chunk_block(std::exchange(block_, nullptr));
    size_ = 0;
  }
  std::byte* block_ = nullptr;
  std::size_t size_ = 0;
};

/// A connected TCP stream. Move-only; closes its socket on destruction. Errors are
/// std::system_error carrying errno, with the operation and the peer in what().
/// One read and any number of writes may be pending at once; writes pending together
/// go out in order, coalesced into one writev. Nagle is off (TCP_NODELAY).
class TcpStream {
 public:
  TcpStream() noexcept;
  TcpStream(TcpStream&&) noexcept;
  TcpStream& operator=(TcpStream&&) noexcept;
  ~TcpStream();

  /// Connects to `host` (numeric IPv4/IPv6 address or "localhost") and `port`.
  static Task<TcpStream> connect(std::string host, std::uint16_t port);

  /// Reads what is available, waiting until at least one byte is; 0 = end of stream.
  auto read_some(std::span<std::byte> buffer) {
    struct Awaiter : reactor_internal::ReadOp {
      bool await_ready() noexcept { return TcpStream::start_read(*this); }
      void await_suspend(std::coroutine_handle<> h) noexcept { TcpStream::park_read(*this, h); }
      std::size_t await_resume() const {
        TcpStream::finish(*this, "read from");
        return got;
      }
    };
    Awaiter a;
    a.io = io_.get();
    a.buffer = buffer;
    return a;
  }

  /// Waits until data is there, then reads it (up to Chunk::kCapacity bytes) into a
  /// buffer borrowed from the thread's pool at that moment — libuv's alloc_cb, as an
  /// awaitable. A waiting read holds no buffer, so the natural loop
  ///   while (Chunk c = co_await s.read_chunk()) co_await s.write_all(c.bytes());
  /// costs an idle connection no buffer memory. An empty chunk = end of stream.
  auto read_chunk() {
    struct Awaiter : reactor_internal::ChunkReadOp {
      Awaiter() noexcept = default;
      Awaiter(Awaiter&& other) noexcept : ChunkReadOp(other) { other.block = nullptr; }
      bool await_ready() noexcept { return TcpStream::start_chunk_read(*this); }
      void await_suspend(std::coroutine_handle<> h) noexcept { TcpStream::park_chunk_read(*this, h); }
      Chunk await_resume() {
        Chunk chunk(std::exchange(block, nullptr), got);
        TcpStream::finish(*this, "read from");
        return chunk;
      }
      ~Awaiter() {  // a task destroyed between the read and its resumption
        if (block) reactor_internal::return_chunk_block(block);
      }
    };
    Awaiter a;
    a.io = io_.get();
    return a;
  }

  /// Waits until the stream may be readable (data, end of stream or an error), without
  /// reading. With try_read this serves many idle connections from one shared buffer:
  /// a waiting connection then holds no buffer at all. May wake spuriously.
  auto wait_readable() {
    struct Awaiter : reactor_internal::ReadOp {
      bool await_ready() noexcept { return TcpStream::start_wait_readable(*this); }
      void await_suspend(std::coroutine_handle<> h) noexcept { TcpStream::park_wait_readable(*this, h); }
      void await_resume() const { TcpStream::finish(*this, "wait for"); }
    };
    Awaiter a;
    a.io = io_.get();
    return a;
  }

  /// Reads what is available now without waiting: std::nullopt if nothing is, 0 at end
  /// of stream. Throws std::system_error like read_some.
  std::optional<std::size_t> try_read(std::span<std::byte> buffer);

  /// Writes what the socket accepts now without waiting and returns how much that was
  /// (0 while earlier write_all calls are still queued, to keep the byte order).
  std::size_t try_write(std::span<const std::byte> data);

  /// Writes all of `data` (which must stay valid until the write finishes). Suspends
  /// while the socket buffer is full, so a slow reader back-pressures the writer.
  /// A write cancelled after part of it went out leaves the stream unusable for
  /// writing (later writes throw ECANCELED): the byte stream would be corrupt.
  auto write_all(std::span<const std::byte> data) {
    struct Awaiter : reactor_internal::WriteOp {
      bool await_ready() noexcept { return TcpStream::start_write(*this); }
      void await_suspend(std::coroutine_handle<> h) noexcept { TcpStream::park_write(*this, h); }
      void await_resume() const { TcpStream::finish(*this, "write to"); }
    };
    Awaiter a;
    a.io = io_.get();
    a.data = data.data();
    a.size = data.size();
    return a;
  }
  auto write_all(std::string_view text) { return write_all(std::as_bytes(std::span(text.data(), text.size()))); }

  /// Sends FIN after queued writes; reading stays possible.
  void shutdown_write();
  /// Closes the socket now. Pending operations on it fail with ECANCELED. Idempotent.
  void close() noexcept;

  bool is_open() const noexcept;
  int native_handle() const noexcept;
  /// "address:port" of the peer ("" when closed).
  std::string peer_address() const;
  std::uint16_t local_port() const;

 private:
  friend TcpStream reactor_internal::adopt_stream(reactor_internal::IoPtr io) noexcept;
  explicit TcpStream(reactor_internal::IoPtr io) noexcept;
  static bool start_read(reactor_internal::ReadOp& op) noexcept;
  static void park_read(reactor_internal::ReadOp& op, std::coroutine_handle<> h) noexcept;
  static bool start_wait_readable(reactor_internal::ReadOp& op) noexcept;
  static void park_wait_readable(reactor_internal::ReadOp& op, std::coroutine_handle<> h) noexcept;
  static bool start_chunk_read(reactor_internal::ChunkReadOp& op) noexcept;
  static void park_chunk_read(reactor_internal::ChunkReadOp& op, std::coroutine_handle<> h) noexcept;
  static bool start_write(reactor_internal::WriteOp& op) noexcept;
  static void park_write(reactor_internal::WriteOp& op, std::coroutine_handle<> h) noexcept;
  /// Throws Cancelled, or the operation's error as std::system_error.
  static void finish(const reactor_internal::IoOp& op, const char* what) {
    if (op.cancelled() || op.error) [[unlikely]]
      fail(op, what);
  }
  [[noreturn]] static void fail(const reactor_internal::IoOp& op, const char* what);

  reactor_internal::IoPtr io_;
};

/// A listening TCP socket. Move-only; closes on destruction.
class TcpListener {
 public:
  TcpListener() noexcept;
  TcpListener(TcpListener&&) noexcept;
  TcpListener& operator=(TcpListener&&) noexcept;
  ~TcpListener();

  /// Binds and listens on `host` (numeric address or "localhost") and `port`
  /// (0 = an ephemeral port; see local_port()). SO_REUSEADDR is set.
  /// Usable before the reactor runs. Throws std::system_error.
  static TcpListener bind(const std::string& host, std::uint16_t port, int backlog = 1024);

  /// Waits for the next connection. When the process is out of descriptors (EMFILE,
  /// ENFILE) it neither spins nor fails: it retries with a backoff (1 ms doubling to
  /// 100 ms) while the connection waits in the kernel's backlog.
  auto accept() {
    struct Awaiter : reactor_internal::AcceptOp {
      bool await_ready() noexcept { return TcpListener::start_accept(*this); }
      void await_suspend(std::coroutine_handle<> h) noexcept { TcpListener::park_accept(*this, h); }
      TcpStream await_resume() { return TcpListener::finish_accept(*this); }
    };
    Awaiter a;
    a.io = io_.get();
    return a;
  }

  std::uint16_t local_port() const;
  void close() noexcept;
  bool is_open() const noexcept;
  int native_handle() const noexcept;

 private:
  static bool start_accept(reactor_internal::AcceptOp& op) noexcept;
  static void park_accept(reactor_internal::AcceptOp& op, std::coroutine_handle<> h) noexcept;
  static TcpStream finish_accept(reactor_internal::AcceptOp& op);
  reactor_internal::IoPtr io_;
};

}  // namespace concur
