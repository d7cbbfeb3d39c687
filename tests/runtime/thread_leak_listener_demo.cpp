// A suite that installs the thread-leak listener in one line; LeakyTest leaves
// a thread running and must be reported as failed (checked by ctest on the output).
#include <concur/testing.h>

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace {

std::atomic<bool> g_stop{false};
std::thread g_forgotten;

TEST(CleanTest, JoinsItsThread) { std::thread([] {}).join(); }

TEST(LeakyTest, LeavesAPollerRunning) {
  g_forgotten = std::thread([] {
    pthread_setname_np(pthread_self(), "cache-refresh");
    while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  concur::ThreadLeakOptions options;
  options.grace_period = std::chrono::milliseconds(50);
  concur::testing::FailTestsThatLeakThreads(options);
  const int status = RUN_ALL_TESTS();
  g_stop.store(true);
  g_forgotten.join();
  return status;
}
