// The failing examples shown in docs/matchers/: each test here is the "bad
// code" of a doc page and fails on purpose. Built, not run by ctest:
//   build/tests/runtime/concur_matcher_examples
#include <concur/testing.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace concur::testing;

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
