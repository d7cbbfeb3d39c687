// TcpStream itself: a movable owner of one socket record, and how its failed
// operations become exceptions.
#include "concur/reactor/tcp.h"

#include "endpoint.h"
#include "io_handle.h"
#include "system_error.h"

namespace concur {

TcpStream reactor_internal::adopt_stream(IoPtr io) noexcept { return TcpStream(std::move(io)); }

TcpStream::TcpStream() noexcept = default;
TcpStream::TcpStream(reactor_internal::IoPtr io) noexcept : io_(std::move(io)) {}
TcpStream::TcpStream(TcpStream&&) noexcept = default;
TcpStream& TcpStream::operator=(TcpStream&&) noexcept = default;
TcpStream::~TcpStream() = default;

void TcpStream::fail(const reactor_internal::IoOp& op, const char* what) {
  if (op.cancelled()) throw Cancelled();
  std::string peer = op.io ? reactor_internal::describe_peer(*op.io) : std::string("?");
  reactor_internal::throw_errno(op.error, std::string(what) + " " + peer);
}

void TcpStream::close() noexcept {
  if (io_) reactor_internal::close_io(*io_);
}

bool TcpStream::is_open() const noexcept { return io_ && io_->fd >= 0; }
int TcpStream::native_handle() const noexcept { return io_ ? io_->fd : -1; }
std::string TcpStream::peer_address() const { return is_open() ? reactor_internal::describe_peer(*io_) : std::string(); }
std::uint16_t TcpStream::local_port() const { return reactor_internal::port_of(native_handle()); }

}  // namespace concur
