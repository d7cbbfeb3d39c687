// Internal: failures of system calls as exceptions.
#pragma once

#include <string>
#include <system_error>

namespace concur::reactor_internal {

/// Throws std::system_error for errno value `err`; `what` names the operation and
/// its subject ("connect to 127.0.0.1:80").
[[noreturn]] inline void throw_errno(int err, const std::string& what) {
  throw std::system_error(err, std::system_category(), what);
}

}  // namespace concur::reactor_internal
