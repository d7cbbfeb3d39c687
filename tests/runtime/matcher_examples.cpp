// The failing examples shown in docs/matchers/: each test here is the "bad
// code" of a doc page and fails on purpose. Built, not run by ctest:
//   build/tests/runtime/concur_matcher_examples
#include <concur/testing.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace concur::testing;
using ::testing::Not;

namespace money {
std::map<std::string, double> g_rates;
bool g_cache_enabled = true;
void AddRate(const std::string& currency, double rate) { g_rates[currency] = rate; }
}  // namespace money

namespace {

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  words.push_back(word);
  return words;
}

TEST(Examples, AllocatesAtMost) {
  EXPECT_THAT(Block([] { SplitWords("a hot path that allocates per word"); }), AllocatesAtMost(2));
}

TEST(Examples, DoesNotLeakSockets) {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(8080);
  bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  listen(server, 4);
  EXPECT_THAT(Block([&] {
                int client = socket(AF_INET, SOCK_STREAM, 0);
                connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
                // forgot close(client)
              }),
              DoesNotLeakSockets());
  close(server);
}

TEST(Examples, DoesNotMutateGlobals) {
  EXPECT_THAT(Block([] {
                money::g_cache_enabled = false;
                money::AddRate("EUR", 1.08);
              }),
              DoesNotMutateGlobals());
}

TEST(Examples, MutatesOnlyGlobals) {
  money::g_cache_enabled = true;
  EXPECT_THAT(Block([] {
                money::g_cache_enabled = false;
                money::AddRate("CHF", 0.94);
              }),
              MutatesOnlyGlobals({"money::g_rates", "mony::g_cache_enabled"}));  // typo
}

int g_counter = 0;

TEST(Examples, HasNoDataRaces) {
  EXPECT_THAT(Block([] {
                std::thread a([] { ++g_counter; });
                std::thread b([] { ++g_counter; });
                a.join();
                b.join();
              }),
              HasNoDataRaces());
}

}  // namespace

namespace money {
double g_default_rate = 1.0;
long g_conversions = 0;
class Bank {
 public:
  __attribute__((noinline)) void set_rate(double rate) {
    g_default_rate = rate;  // a member function writing a global
  }
  double convert(double amount) const {
    ++g_conversions;  // statistics shared by every Bank
    return amount * g_default_rate;
  }
};
}  // namespace money

namespace {

TEST(Examples, NamingWriters) {
  money::Bank bank;
  auto configure = [&] { bank.set_rate(1.08); };
  EXPECT_THAT(Block(configure), DoesNotMutateGlobals().NamingWriters());
}

TEST(Examples, NamingWritersOnOtherThreads) {
  money::Bank bank;
  auto convert_with_a_worker = [&] {
    std::thread worker([&] {
      pthread_setname_np(pthread_self(), "worker-2");
      bank.convert(100);
    });
    worker.join();
  };
  // Passes: only the worker wrote g_conversions. Not() shows the explanation.
  EXPECT_THAT(Block(convert_with_a_worker), Not(DoesNotMutateGlobals().NamingWriters()));
}

TEST(Examples, NamingWritersOfAKernelWrite) {
  static char g_config[64];
  int fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
  EXPECT_THAT(Block([&] { read(fd, g_config, sizeof g_config); }), DoesNotMutateGlobals().NamingWriters());
  close(fd);
}

class RatePoller {
 public:
  void start() {
    thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "rate-poller");
      while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  }
  ~RatePoller() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(Examples, DoesNotLeakThreads) {
  RatePoller poller;
  EXPECT_THAT(Block([&] { poller.start(); }), DoesNotLeakThreads());
}

struct Accounts {
  std::mutex balances_mu;
  std::mutex audit_log_mu;
};

void Transfer(Accounts& a) {
  std::lock_guard balances(a.balances_mu);
  std::lock_guard audit(a.audit_log_mu);
}

void Audit(Accounts& a) {
  std::lock_guard audit(a.audit_log_mu);
  std::lock_guard balances(a.balances_mu);
}

TEST(Examples, HasNoLockOrderInversions) {
  auto accounts = std::make_unique<Accounts>();
  EXPECT_THAT(Block([&] {
                std::thread([&] { Transfer(*accounts); }).join();
                std::thread([&] { Audit(*accounts); }).join();
              }),
              HasNoLockOrderInversions());
}

}  // namespace
