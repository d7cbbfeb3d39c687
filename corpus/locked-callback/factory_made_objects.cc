// concur-locked-callback: a virtual call on an object a factory of the
// project made runs only the overrides of the classes that factory makes.
// `Iterator* it = NewBlockIterator (ok); it->Seek (k);` cannot reach the
// TwoLevelIterator whose Seek calls the application's hook, however many
// overrides of Seek the project has (leveldb's Block::NewIterator).
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace store {

std::function<void(const std::string&)> g_on_block_load;  // set by the application

void SetBlockLoadHook(std::function<void(const std::string&)> hook) { g_on_block_load = std::move(hook); }

class Iterator {
public:
  virtual ~Iterator() = default;
  virtual void Seek(const std::string& key) = 0;
};

class BlockIterator : public Iterator {
public:
  void Seek(const std::string& key) override { position_ = key.size(); }

private:
  size_t position_ = 0;
};

class EmptyIterator : public Iterator {
public:
  void Seek(const std::string&) override {}
};

class TwoLevelIterator : public Iterator {
public:
  void Seek(const std::string& key) override {
    if (g_on_block_load) g_on_block_load(key);  // loads the block: the application hears of it
  }
};

Iterator* NewEmptyIterator() { return new EmptyIterator; }

// Two classes, one through another factory.
Iterator* NewBlockIterator(bool ok) {
  if (!ok) return NewEmptyIterator();
  return new BlockIterator;
}

Iterator* NewTwoLevelIterator() { return new TwoLevelIterator; }

class Block {
public:
  // A method that makes the object (not a virtual one).
  Iterator* NewIterator() const { return new BlockIterator; }
};

class Table {
public:
  size_t ApproximateOffsetOf(const std::string& key, bool ok) {
    std::lock_guard<std::mutex> lock(mu_);
    Iterator* it = NewBlockIterator(ok);
    // negative: NewBlockIterator makes a BlockIterator or an EmptyIterator; neither Seek runs the hook.
    it->Seek(key);
    delete it;
    return 0;
  }

  void SeekIndex(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    Iterator* it = index_.NewIterator();
    // negative: Block::NewIterator makes a BlockIterator.
    it->Seek(key);
    delete it;
  }

  void SeekCreated(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    Iterator* it = new EmptyIterator;
    // negative: the object was made right here, an EmptyIterator.
    it->Seek(key);
    delete it;
  }

  void SeekLevels(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    Iterator* it = NewTwoLevelIterator();
    // positive: a TwoLevelIterator's Seek runs the application's hook under mu_.
    it->Seek(key);  // expect: concur-locked-callback
    delete it;
  }

  void SeekEither(const std::string& key, bool levels) {
    std::lock_guard<std::mutex> lock(mu_);
    Iterator* it = NewBlockIterator(true);
    if (levels) it = NewTwoLevelIterator();
    // positive: one of the two stores made a TwoLevelIterator.
    it->Seek(key);  // expect: concur-locked-callback
    delete it;
  }

  void SeekGiven(Iterator* it, const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    // positive: the caller's iterator may be any class, a TwoLevelIterator among them.
    it->Seek(key);  // expect: concur-locked-callback
  }

  void Reload() {
    // negative: the lock the hook could re-enter; reported at the calls above.
    std::lock_guard<std::mutex> lock(mu_);
  }

private:
  std::mutex mu_;
  Block index_;
};

// The same with owning smart pointers: `std::make_unique<X>`, `std::make_shared<X>`
// and `std::unique_ptr<Iterator> (new X)` make an X; a local that is reset,
// assigned or swapped later may hold anything.
std::unique_ptr<Iterator> MakeBlockIterator() { return std::make_unique<BlockIterator>(); }

std::unique_ptr<Iterator> MakeIndexIterator(bool empty) {
  if (empty) return nullptr;
  return std::unique_ptr<Iterator>(new BlockIterator);
}

std::shared_ptr<Iterator> ShareEmptyIterator() { return std::make_shared<EmptyIterator>(); }

std::unique_ptr<Iterator> MakeTwoLevelIterator() { return std::make_unique<TwoLevelIterator>(); }

class Shelf {
public:
  void SeekOwned(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = MakeBlockIterator();
    // negative: a BlockIterator, made by std::make_unique in the factory.
    it->Seek(key);
  }

  void SeekIndex(const std::string& key, bool empty) {
    std::lock_guard<std::mutex> lock(mu_);
    std::unique_ptr<Iterator> it = MakeIndexIterator(empty);
    // negative: a BlockIterator or no iterator at all.
    if (it) it->Seek(key);
  }

  void SeekShared(const std::string& key) {
    std::shared_ptr<Iterator> it = ShareEmptyIterator();
    std::lock_guard<std::mutex> lock(mu_);
    // negative: an EmptyIterator, shared.
    it->Seek(key);
  }

  void SeekReset(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = MakeBlockIterator();
    it.reset(new TwoLevelIterator);
    // positive: reset gave it a TwoLevelIterator.
    it->Seek(key);  // expect: concur-locked-callback
  }

  void SeekAssigned(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = MakeBlockIterator();
    it = MakeTwoLevelIterator();
    // positive: assigned a TwoLevelIterator after its initialization.
    it->Seek(key);  // expect: concur-locked-callback
  }

  void Clear() {
    // negative: the lock a hook could re-enter.
    std::lock_guard<std::mutex> lock(mu_);
  }

private:
  std::mutex mu_;
};

}  // namespace store
