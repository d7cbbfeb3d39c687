// The per-thread slot idiom one or more helpers down: a task entry hands its
// own index (its parameter, a copy it captured) to a helper that picks the
// element with it. Every call of the helper passes an entry's own value, so
// each element still has one writer. A helper some call gives a shared value
// (a constant, a computed index) writes a shared element.
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace helper_slots {

std::vector<double> g_scale(16);
std::vector<std::vector<std::string>> g_logs(16);
std::vector<std::vector<int>> g_buckets(16);
std::map<int, std::string> g_names;

void Scale(int id) {
  // negative: every call passes a task's captured loop index.
  g_scale[id] = 1.0 / (id + 1);
}

void Append(int slot, const std::string& line) {
  // negative: Note passes its own parameter down, and every call of Note passes a thread's own index.
  g_logs[slot].push_back(line);
}

void Note(int who, const char* what) { Append(who, what); }

void Worker(int index) {
  Scale(index);
  Note(index, "done");
}

void Bucket(int b, int value) {
  // positive: Spread's call passes index % 4, which two threads share.
  g_buckets[b].push_back(value);  // expect: concur-shared-global-cache
}

void Spread(int index) { Bucket(index % 4, index); }

void Rename(int id) {
  // positive: a map's operator[] inserts the key: the map is everyone's, whatever the key.
  g_names[id] = "worker";  // expect: concur-shared-global-cache
}

void RunAll() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([i] {
      Scale(i);
      Spread(i);
      Rename(i);
    });
    threads.emplace_back(Worker, i + 8);
  }
  for (auto& t : threads) t.join();
}

}  // namespace helper_slots
