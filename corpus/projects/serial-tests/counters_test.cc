#include "counters.h"

#include <gtest/gtest.h>

#include <thread>

namespace {

// negative: a serial test: nothing here runs concurrently.
TEST(Counters, CountsEachName) {
  counters::Count("a");
  counters::Count("a");
  EXPECT_EQ(counters::Get("a"), 2);
}

// negative here (the finding is in counters.cc): the test starts two threads.
TEST(Counters, WorkersCountConcurrently) {
  std::thread one([] { counters::CountFromWorker("w"); });
  std::thread two([] { counters::CountFromWorker("w"); });
  one.join();
  two.join();
}

}  // namespace
