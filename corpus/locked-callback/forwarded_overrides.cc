// concur-locked-callback: a function pointer passed on through wrappers holds
// what the wrappers' callers pass. An override of a public virtual method is
// such a wrapper that code outside the project calls through the base class,
// even when the override itself sits in an anonymous namespace or is private:
// a user's `cache->Insert (key, value, &MyDeleter)` reaches it.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fwd {

// The public interface (a header users include).
class Cache {
public:
  using Deleter = void (*)(const std::string& key, void* value);
  virtual ~Cache() = default;
  virtual void Insert(const std::string& key, void* value, Deleter deleter) = 0;
  virtual void Erase(const std::string& key) = 0;
};

std::unique_ptr<Cache> NewShardedCache();
std::unique_ptr<Cache> NewFlatCache();

namespace {

class Shard {
public:
  void Insert(const std::string& key, void* value, Cache::Deleter deleter) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = Entry{value, deleter};
  }

  // positive: deleter is whatever Cache::Insert's callers pass, users of the public interface included.
  void Erase(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    it->second.deleter(key, it->second.value);  // expect: concur-locked-callback
    entries_.erase(it);
  }

private:
  struct Entry {
    void* value;
    Cache::Deleter deleter;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

// The override passes the deleter on: to the shard, then into the entry.
class ShardedCache final : public Cache {
public:
  void Insert(const std::string& key, void* value, Deleter deleter) override {
    shards_[key.size() % 4].Insert(key, value, deleter);
  }
  void Erase(const std::string& key) override { shards_[key.size() % 4].Erase(key); }

private:
  Shard shards_[4];
};

// A private override: still reached through Cache::Insert.
class FlatCache final : public Cache {
public:
  void Erase(const std::string& key) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    // positive: the deleter came through the private override of the public Cache::Insert.
    it->second.second(key, it->second.first);  // expect: concur-locked-callback
    entries_.erase(it);
  }

private:
  void Insert(const std::string& key, void* value, Deleter deleter) override { Store(key, value, deleter); }
  void Store(const std::string& key, void* value, Deleter deleter) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = {value, deleter};
  }
  std::mutex mu_;
  std::unordered_map<std::string, std::pair<void*, Deleter>> entries_;
};

// Not an override: a pool's own helper class, reached only from this file.
class Pool {
public:
  using Reset = void (*)(void* block);
  explicit Pool(Reset reset) : reset_(reset) {}

  // negative: reset_ is ZeroBlock, which every Pool's maker passes through MakePool; it runs nothing foreign.
  void Recycle(void* block) {
    std::lock_guard<std::mutex> lock(mu_);
    reset_(block);
  }

private:
  std::mutex mu_;
  Reset reset_;
};

void ZeroBlock(void* block) { static_cast<char*>(block)[0] = 0; }

std::unique_ptr<Pool> MakePool(Pool::Reset reset) { return std::make_unique<Pool>(reset); }
std::unique_ptr<Pool> MakeBlockPool(Pool::Reset reset) { return MakePool(reset); }

}  // namespace

std::unique_ptr<Cache> NewShardedCache() { return std::make_unique<ShardedCache>(); }
std::unique_ptr<Cache> NewFlatCache() { return std::make_unique<FlatCache>(); }

void DeleteString(const std::string&, void* value) { delete static_cast<std::string*>(value); }

// negative: the project's own use of the cache, with its own deleter, holds no lock of its own.
void Remember(Cache& cache, const std::string& key) { cache.Insert(key, new std::string(key), &DeleteString); }

// negative: no lock here; the pool is this file's, made with ZeroBlock.
void RecycleAll(void** blocks, int n) {
  static std::unique_ptr<Pool> pool = MakeBlockPool(&ZeroBlock);
  for (int i = 0; i < n; ++i) pool->Recycle(blocks[i]);
}

}  // namespace fwd
