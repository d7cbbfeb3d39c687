// gtest listeners that fail every test leaking sockets (or fds), or threads.
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

void ThreadLeakListener::OnTestStart(const ::testing::TestInfo&) { before_ = ThreadSnapshot::take(); }

void ThreadLeakListener::OnTestEnd(const ::testing::TestInfo&) {
  try {
    for (const ThreadInfo& thread : leaked_threads(before_, options_))
      ADD_FAILURE() << "the test left " << describe(thread) << " running";
  } catch (const std::invalid_argument& e) {
    ADD_FAILURE() << e.what();
  }
}

void FailTestsThatLeakThreads(ThreadLeakOptions options) {
  ::testing::UnitTest::GetInstance()->listeners().Append(new ThreadLeakListener(std::move(options)));
}

}  // namespace concur::testing
