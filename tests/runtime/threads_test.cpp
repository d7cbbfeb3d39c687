#include <concur/testing.h>

#include <gtest/gtest-spi.h>

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace {

using namespace concur::testing;
using namespace std::chrono_literals;
using ::testing::Not;

// A thread that runs until released, as a forgotten background poller does.
class Poller {
 public:
  explicit Poller(const char* name) : name_(name) {}
  void Start() {
    thread_ = std::thread([this] {  // the creation line a leak report names
      pthread_setname_np(pthread_self(), name_);
      started_.store(true);
      while (!stop_.load()) std::this_thread::sleep_for(1ms);
    });
    while (!started_.load()) std::this_thread::sleep_for(100us);
  }
  void Stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  ~Poller() { Stop(); }

 private:
  const char* name_;
  std::atomic<bool> started_{false}, stop_{false};
  std::thread thread_;
};

concur::ThreadLeakOptions ShortGrace() {
  concur::ThreadLeakOptions options;
  options.grace_period = 50ms;
  return options;
}

TEST(DoesNotLeakThreads, PassesWhenTheBlockJoinsItsThreads) {
  EXPECT_THAT(Block([] {
                std::thread worker([] {});
                worker.join();
                std::jthread other([] {});
              }),
              DoesNotLeakThreads());
}

TEST(DoesNotLeakThreads, FailsNamingALeftoverThreadAndWhereItWasCreated) {
  Poller poller("rate-poller");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { poller.Start(); }), DoesNotLeakThreads(ShortGrace())),
                          "left 1 thread running 50 ms after it returned: thread 'rate-poller' (tid ");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {}), Not(DoesNotLeakThreads(ShortGrace()))), "left no thread");
  poller.Stop();
  Poller again("rate-poller");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([&] { again.Start(); }), DoesNotLeakThreads(ShortGrace())),
                          "), created at threads_test.cpp:25");
}

TEST(DoesNotLeakThreads, WaitsForAThreadThatIsOnItsWayOut) {
  auto finished = std::make_shared<std::atomic<bool>>(false);
  EXPECT_THAT(Block([finished] {
                std::thread([finished] {
                  std::this_thread::sleep_for(20ms);
                  finished->store(true);
                }).detach();
              }),
              DoesNotLeakThreads());
  EXPECT_TRUE(finished->load());
}

std::atomic<bool> g_stop_waiting{false};
void* WaitForStop(void*) {
  while (!g_stop_waiting.load()) std::this_thread::sleep_for(1ms);
  return nullptr;
}

TEST(DoesNotLeakThreads, NamesAThreadMadeWithPthreadCreateToo) {
  pthread_t thread;
  auto start = [&] { pthread_create(&thread, nullptr, WaitForStop, nullptr); };
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block(start), DoesNotLeakThreads(ShortGrace())),
                          "created at threads_test.cpp:90");
  g_stop_waiting.store(true);
  pthread_join(thread, nullptr);
}

TEST(DoesNotLeakThreads, AllowsThreadsByNameGlob) {
  Poller pool("pool-7");
  concur::ThreadLeakOptions options = ShortGrace();
  options.allow = {"grpc_*", "pool-[0-9]*"};
  EXPECT_THAT(Block([&] { pool.Start(); }), DoesNotLeakThreads(options));
}

TEST(DoesNotLeakThreads, RejectsAMalformedAllowPattern) {
  concur::ThreadLeakOptions options;
  options.allow = {"pool-[0-9"};
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Block([] {}), DoesNotLeakThreads(options)),
                          "thread allow-list pattern \"pool-[0-9\" is malformed");
}

TEST(ThreadSnapshot, TellsAThreadByTidAndStartTime) {
  const concur::ThreadSnapshot now = concur::ThreadSnapshot::take();
  ASSERT_FALSE(now.threads.empty());
  const auto self = std::find_if(now.threads.begin(), now.threads.end(),
                                 [](const concur::ThreadInfo& t) { return t.tid == gettid(); });
  ASSERT_NE(self, now.threads.end());
  EXPECT_GT(self->start_time, 0u);
  concur::ThreadInfo reused = *self;
  reused.start_time += 1;  // the same tid, handed to a later thread
  EXPECT_FALSE(reused.same_thread(*self));
}

TEST(ThreadSnapshot, ThisExecutableCallsConcursPthreadCreate) {
  EXPECT_TRUE(concur::thread_creation_hook_installed());
}

}  // namespace
