// Indexes words on a crew of threads.
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "workers.h"

namespace {

std::unordered_map<std::string, int> g_word_ids;
std::map<std::string, int> g_stems;
std::map<std::string, int> g_counted;
std::mutex g_counted_mu;
std::map<std::string, int> g_aliases;

// positive: the crew's threads run it (RunLater keeps the job for them).
int WordId(const std::string& word) {
  auto it = g_word_ids.find(word);
  if (it != g_word_ids.end()) return it->second;
  const int id = static_cast<int>(word.size());
  g_word_ids.emplace(word, id);  // expect: concur-shared-global-cache
  return id;
}

// negative: the threads run it under the lock every use takes.
void Count(const std::string& word) {
  std::lock_guard<std::mutex> hold(g_counted_mu);
  auto it = g_counted.find(word);
  if (it == g_counted.end()) g_counted.emplace(word, 1);
}

// negative: Defer keeps it for Flush, which main runs before the crew exists.
void Stem(const std::string& word) {
  auto it = g_stems.find(word);
  if (it != g_stems.end()) return;
  g_stems.emplace(word, 0);
}

// negative: main calls it before the crew starts.
void Alias(const std::string& from, int to) {
  auto it = g_aliases.find(from);
  if (it == g_aliases.end()) g_aliases.emplace(from, to);
}

}  // namespace

int main() {
  Alias("colour", 1);
  {
    workers::Crew warmup(0);
    warmup.Defer([] { Stem("running"); });
    warmup.Defer([] { Stem("ran"); });
    warmup.Flush();
  }
  workers::Crew crew(4);
  const char* words[] = {"alpha", "beta", "gamma"};
  for (const char* word : words) {
    crew.RunLater([word] { WordId(word); });
    crew.RunLater([word] { Count(word); });
  }
  std::printf("%d\n", WordId("alpha"));
  return 0;
}
