// A gtest listener that fails every test leaking sockets (or fds).
#include "concur/testing.h"

namespace concur::testing {

void FdLeakListener::OnTestStart(const ::testing::TestInfo&) { before_ = FdSnapshot::take(); }

void FdLeakListener::OnTestEnd(const ::testing::TestInfo&) {
  FdDiff d = diff(before_, FdSnapshot::take());
  for (const FdInfo& fd : d.opened_not_closed)
    if (!sockets_only_ || fd.is_socket) ADD_FAILURE() << "the test leaked " << describe(fd);
  for (const FdInfo& fd : d.closed_not_opened)
    if (!sockets_only_ || fd.is_socket) ADD_FAILURE() << "the test closed " << describe(fd) << ", which it did not open";
}

void FailTestsThatLeakFds(bool sockets_only) {
  ::testing::UnitTest::GetInstance()->listeners().Append(new FdLeakListener(sockets_only));
}

}  // namespace concur::testing
