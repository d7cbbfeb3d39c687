// A stream's read side: one pending read (or readiness wait) per stream, retried
// by the I/O dispatch when epoll reports the socket readable.
#include <sys/socket.h>

#include <cerrno>
#include <new>
#include <utility>

#include "concur/reactor/tcp.h"
#include "io_dispatch.h"
#include "loop_access.h"
#include "socket_calls.h"
#include "stream_queue.h"
#include "system_error.h"

namespace concur {

namespace reactor_internal {
namespace {

bool attempt_read(IoOp* base) noexcept {
  auto& op = *static_cast<ReadOp*>(base);
  for (;;) {
    // MSG_DONTWAIT changes nothing on this non-blocking socket; it tells concur::runtime's
    // blocking-call hooks so from the call itself, without asking the kernel (fcntl).
    ssize_t n = ::recv(op.io->fd, op.buffer.data(), op.buffer.size(), MSG_DONTWAIT);
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

// A chunk read brought `n` > 0 bytes; fewer than a block's worth drained the socket.
bool chunk_read_took(ChunkReadOp& op, ssize_t n) noexcept {
  op.got = static_cast<std::size_t>(n);
  if (op.got < Chunk::kCapacity) op.io->maybe_readable = false;  // drained
  return true;
}

// attempt_chunk_read when the read brought no data (`n`: its result): retries after
// EINTR, else gives the block back. Out of line, so that the common case, data,
// makes no call and needs no frame.
[[gnu::noinline]] bool chunk_read_without_data(ChunkReadOp& op, ssize_t n) noexcept {
  while (n < 0 && errno == EINTR) n = recv_own_buffer_nowait(op.io->fd, op.block, Chunk::kCapacity);
  if (n > 0) return chunk_read_took(op, n);
  return_chunk_block(std::exchange(op.block, nullptr));
  if (n == 0) return true;  // end of stream: an empty chunk
  if (errno == EAGAIN || errno == EWOULDBLOCK) {
    op.io->maybe_readable = false;
    return false;
  }
  op.error = errno;
  return true;
}

// Borrows a block only to read into it; gives it back when nothing was there (or
// at the end of the stream), so a waiting read holds none.
bool attempt_chunk_read(IoOp* base) noexcept {
  auto& op = *static_cast<ChunkReadOp*>(base);
  try {
    op.block = borrow_chunk_block();
  } catch (const std::bad_alloc&) {
    op.error = ENOMEM;
    return true;
  }
  const ssize_t n = recv_own_buffer_nowait(op.io->fd, op.block, Chunk::kCapacity);
  if (n <= 0) [[unlikely]]
    return chunk_read_without_data(op, n);
  return chunk_read_took(op, n);
}

// The chunk pool: each thread keeps up to kPooledBlocks free blocks in a list
// threaded through the blocks themselves; the rest go back to malloc. One epoll
// batch (256 events) may borrow a block per ready stream before any task runs and
// gives them back, so the pool holds a batch's worth; a block is 16 KiB of address
// space, and resident only as far as reads wrote into it.
constexpr std::size_t kPooledBlocks = 256;

struct FreeBlocks {
  std::byte* head = nullptr;
  std::size_t count = 0;
};
constinit thread_local FreeBlocks t_free_blocks;

// Frees the thread's pooled blocks when it exits (armed with the first block);
// blocks returned later go straight back to malloc.
struct FreeBlocksAtExit {
  bool armed = false;
  ~FreeBlocksAtExit() {
    while (std::byte* block = t_free_blocks.head) {
      t_free_blocks.head = *reinterpret_cast<std::byte**>(block);
      ::operator delete(block);
    }
    t_free_blocks.count = kPooledBlocks;
  }
};
thread_local FreeBlocksAtExit t_free_blocks_at_exit;
constinit thread_local bool t_exit_armed = false;

[[gnu::noinline]] std::byte* new_chunk_block() { return static_cast<std::byte*>(::operator new(Chunk::kCapacity)); }

}  // namespace

std::byte* borrow_chunk_block() {
  FreeBlocks& pool = t_free_blocks;
  if (std::byte* block = pool.head) [[likely]] {
    pool.head = *reinterpret_cast<std::byte**>(block);
    --pool.count;
    return block;
  }
  return new_chunk_block();  // out of line: the pooled case needs no frame
}

void return_chunk_block(std::byte* block) noexcept {
  FreeBlocks& pool = t_free_blocks;
  if (pool.count == kPooledBlocks) {
    ::operator delete(block);
    return;
  }
  if (!t_exit_armed) {
    t_exit_armed = true;
    t_free_blocks_at_exit.armed = true;  // its first use registers its destructor
  }
  *reinterpret_cast<std::byte**>(block) = pool.head;
  pool.head = block;
  ++pool.count;
}

void cancel_reader(Waiter* w) noexcept {
  auto& op = *static_cast<IoOp*>(w);
  op.io->reader = nullptr;
  LoopAccess::io_wait_ended(*op.io->reactor);
}

}  // namespace reactor_internal

bool TcpStream::start_read(reactor_internal::ReadOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.set_cancelled();
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
  if (reactor_internal::park(op, h, &reactor_internal::kCancelOps<&reactor_internal::cancel_reader>)) op.io->reader = &op;
}

bool TcpStream::start_wait_readable(reactor_internal::ReadOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.set_cancelled();
  if (!op.io || op.io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  return op.io->maybe_readable || op.io->peer_done;
}

void TcpStream::park_wait_readable(reactor_internal::ReadOp& op, std::coroutine_handle<> h) noexcept {
  if (op.io->reader) op.error = EBUSY;
  op.attempt = &reactor_internal::attempt_probe;
  if (reactor_internal::park(op, h, &reactor_internal::kCancelOps<&reactor_internal::cancel_reader>)) op.io->reader = &op;
}

bool TcpStream::start_chunk_read(reactor_internal::ChunkReadOp& op) noexcept {
  if (reactor_internal::cancel_requested()) return op.set_cancelled();
  if (!op.io || op.io->fd < 0) {
    op.error = EBADF;
    return true;
  }
  if (!op.io->maybe_readable && !op.io->peer_done) return false;  // nothing arrived since it was empty
  return reactor_internal::attempt_chunk_read(&op);
}

void TcpStream::park_chunk_read(reactor_internal::ChunkReadOp& op, std::coroutine_handle<> h) noexcept {
  if (op.io->reader) op.error = EBUSY;
  op.attempt = &reactor_internal::attempt_chunk_read;
  if (reactor_internal::park(op, h, &reactor_internal::kCancelOps<&reactor_internal::cancel_reader>)) op.io->reader = &op;
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

}  // namespace concur
