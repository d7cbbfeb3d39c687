// concur-locked-callback: an object a static factory makes
// (`static LruCache* Create (size_t cap, Deleter d) { return new LruCache (cap, d); }`,
// the constructor private) carries what its constructor makes of the
// factory's arguments. A cache a member holds, created with the class's own
// deleter or with none, runs that deleter, whoever else creates caches with
// theirs; one created with a deleter from a public constructor's caller runs
// anyone's code; one created with a deleter that takes a global lock
// deadlocks a caller holding it. The factory may also hand back a
// std::unique_ptr.
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace blocks {

class LruCache {
public:
  using Deleter = void (*)(const std::string& key, void* value);

  static LruCache* Create(size_t capacity, Deleter deleter) { return new LruCache(capacity, deleter); }

  void Insert(const std::string& key, void* value) {
    std::lock_guard<std::mutex> hold(mu_);
    entries_[key] = value;
  }

  // Runs the deleter under the cache's own lock; callers may hold theirs.
  void Erase(const std::string& key) {
    std::lock_guard<std::mutex> hold(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    // positive: Create is public, so any caller's deleter runs under mu_.
    if (deleter_ != nullptr) deleter_(it->first, it->second);  // expect: concur-locked-callback
    entries_.erase(it);
  }

  size_t Capacity() const { return capacity_; }

private:
  LruCache(size_t capacity, Deleter deleter) : capacity_(capacity), deleter_(deleter) {}

  std::mutex mu_;
  size_t capacity_;
  Deleter deleter_;
  std::map<std::string, void*> entries_;
};

// The same shape handing back a std::unique_ptr, with a std::function hook.
class Pool {
public:
  using Release = std::function<void(void*)>;

  static std::unique_ptr<Pool> Make(Release release) { return std::unique_ptr<Pool>(new Pool(std::move(release))); }

  void Drop(void* item) {
    if (release_) release_(item);
  }

private:
  explicit Pool(Release release) : release_(std::move(release)) {}

  Release release_;
};

namespace {

std::mutex g_stats_mu;
long g_freed = 0;

void FreeBlob(const std::string&, void* value) { std::free(value); }
void FreeItem(void* item) { std::free(item); }
// Counts what it frees under the statistics lock.
void CountingFree(const std::string&, void* value) {
  std::lock_guard<std::mutex> hold(g_stats_mu);
  ++g_freed;
  std::free(value);
}

}  // namespace

class BlockStore {
public:
  explicit BlockStore(LruCache::Deleter user_deleter, Pool::Release user_release)
      : blobs_(LruCache::Create(64, &FreeBlob)), counted_(LruCache::Create(8, &CountingFree)),
        user_(LruCache::Create(64, user_deleter)),
        items_(Pool::Make(&FreeItem)), user_items_(Pool::Make(std::move(user_release))) {}

  void Forget(const std::string& id) {
    std::lock_guard<std::mutex> hold(mu_);
    // negative: index_ was made with no deleter.
    index_->Erase(id);
  }

  void Drop(const std::string& id) {
    std::lock_guard<std::mutex> hold(mu_);
    // negative: blobs_ was made with FreeBlob, which frees and calls nothing back.
    blobs_->Erase(id);
  }

  void Evict(const std::string& id) {
    std::lock_guard<std::mutex> hold(mu_);
    // positive: user_ deletes with whatever the BlockStore's creator passed.
    user_->Erase(id);  // expect: concur-locked-callback
  }

  long DropCounted(const std::string& id) {
    std::lock_guard<std::mutex> hold(g_stats_mu);
    // positive: counted_ deletes with CountingFree, which takes g_stats_mu again.
    counted_->Erase(id);  // expect: concur-locked-callback
    return g_freed;
  }

  long DropBlob(const std::string& id) {
    std::lock_guard<std::mutex> hold(g_stats_mu);
    // negative: blobs_ deletes with FreeBlob, which takes no lock.
    blobs_->Erase(id);
    return g_freed;
  }

  void Recycle(void* item) {
    std::lock_guard<std::mutex> hold(mu_);
    // negative: items_ releases with FreeItem.
    items_->Drop(item);
  }

  void Return(void* item) {
    std::lock_guard<std::mutex> hold(mu_);
    // positive: user_items_ releases with the creator's std::function.
    user_items_->Drop(item);  // expect: concur-locked-callback
  }

private:
  std::mutex mu_;
  LruCache* index_ = LruCache::Create(128, nullptr);
  LruCache* blobs_;
  LruCache* counted_;
  LruCache* user_;
  std::unique_ptr<Pool> items_;
  std::unique_ptr<Pool> user_items_;
};

}  // namespace blocks
