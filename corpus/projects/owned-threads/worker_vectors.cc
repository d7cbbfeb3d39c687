// Objects that start several threads into a container of handles (a worker
// vector filled in a loop) and join them all when destroyed or stopped.
// Within the owner's scope those threads run the same entry at once: a
// global they change with no lock races between two of them, even when
// nothing else in the program touches it.
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "owned.h"

namespace owned {
namespace {

std::map<std::string, long> g_route_hits;
std::map<int, long> g_shard_sizes;
std::map<std::string, long> g_tallied;
std::mutex g_tallied_lock;
std::vector<std::string> g_finished;

void count_route(const std::string& route) {
  // positive: each of the server's workers runs this at once.
  g_route_hits[route]++;  // expect: concur-shared-global-cache
}

// Starts its workers in the constructor; the destructor joins them all.
class RequestServer {
 public:
  explicit RequestServer(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { serve(); });
  }
  ~RequestServer() {
    for (auto& thread : threads_) thread.join();
  }

 private:
  void serve() { count_route("/index"); }
  std::vector<std::thread> threads_;
};

void record_shard(int shard) {
  // positive: Start runs one thread per shard, and every one of them records here.
  g_shard_sizes[shard] += 1;  // expect: concur-shared-global-cache
}

// Starts its threads when asked, with a pointer to member, and joins them in Stop.
class ShardScanner {
 public:
  void Start(int shards) {
    for (int i = 0; i < shards; ++i) scanners_.emplace_back(&ShardScanner::Scan, this, i);
  }
  void Stop() {
    for (auto& scanner : scanners_) scanner.join();
    scanners_.clear();
  }

 private:
  void Scan(int shard) { record_shard(shard); }
  std::vector<std::thread> scanners_;
};

void tally(const std::string& key) {
  // negative: every worker changes the tally under g_tallied_lock.
  std::lock_guard<std::mutex> hold(g_tallied_lock);
  g_tallied[key]++;
}

class Tallier {
 public:
  explicit Tallier(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([] { tally("row"); });
  }
  ~Tallier() {
    for (auto& thread : threads_) thread.join();
  }

 private:
  std::vector<std::thread> threads_;
};

long lookup_hits(const std::string& route) {
  // negative: the workers only read the map, which nothing changes while they run.
  auto it = g_route_hits.find(route);
  return it == g_route_hits.end() ? 0 : it->second;
}

class HitReader {
 public:
  explicit HitReader(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([] { lookup_hits("/index"); });
  }
  ~HitReader() {
    for (auto& thread : threads_) thread.join();
  }

 private:
  std::vector<std::thread> threads_;
};

// A single worker, not a vector of them: one thread runs the entry.
class SoloFinisher {
 public:
  SoloFinisher() : thread_([] { finish_one(); }) {}
  ~SoloFinisher() { thread_.join(); }

 private:
  static void finish_one() {
    // negative: only one thread runs this, and its owner touches g_finished only after joining it.
    g_finished.push_back("solo");
  }
  std::thread thread_;
};

}  // namespace

void serve_requests() {
  RequestServer server(4);
}

void scan_shards() {
  ShardScanner scanner;
  scanner.Start(3);
  scanner.Stop();
}

void tally_rows() {
  Tallier tallier(4);
}

void read_hits() {
  HitReader reader(4);
}

size_t finish_solo() {
  {
    SoloFinisher finisher;
  }
  // negative: the finisher's thread was joined when the block ended.
  g_finished.push_back("after");
  return g_finished.size();
}

}  // namespace owned
