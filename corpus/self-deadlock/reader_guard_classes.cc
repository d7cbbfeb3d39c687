// Home-made guard classes over a home-made reader/writer latch: a guard whose
// constructor takes the latch's reader side holds it shared, whatever the
// guard is called, so two readers do not wait for each other, while a reader
// under the writer's guard (or a writer under a reader's) waits forever, and
// a write under only the reader's guard is not protected.
#include <map>
#include <shared_mutex>
#include <string>

namespace latches {

class RwLatch {
 public:
  void ReadLock() { mu_.lock_shared(); }
  void ReadUnlock() { mu_.unlock_shared(); }
  void WriteLock() { mu_.lock(); }
  void WriteUnlock() { mu_.unlock(); }

 private:
  std::shared_mutex mu_;
};

class ReadGuard {
 public:
  explicit ReadGuard(RwLatch& latch) : latch_(latch) { latch_.ReadLock(); }
  ~ReadGuard() { latch_.ReadUnlock(); }

 private:
  RwLatch& latch_;
};

class WriteGuard {
 public:
  explicit WriteGuard(RwLatch& latch) : latch_(latch) { latch_.WriteLock(); }
  ~WriteGuard() { latch_.WriteUnlock(); }

 private:
  RwLatch& latch_;
};

// The same, as a template over any latch, with a name outside the guard suffixes.
template <class Latch>
class SharedSection {
 public:
  explicit SharedSection(Latch* latch) : latch_(latch) { latch_->ReadLock(); }
  ~SharedSection() { latch_->ReadUnlock(); }

 private:
  Latch* latch_;
};

class Stats {
 public:
  int Hits() const {
    ReadGuard g(latch_);
    return hits_;
  }
  int Misses() const {
    SharedSection<RwLatch> s(&latch_);
    return misses_;
  }

  // negative: a reader, then another reader of the same latch.
  double Ratio() const {
    ReadGuard g(latch_);
    return double(Hits()) / (Hits() + Misses() + 1);
  }

  // positive: the writer's guard, then a reader's.
  void Reset() {
    WriteGuard g(latch_);
    total_ = Hits();  // expect: concur-self-deadlock
    hits_ = 0;
  }

  // positive: a reader's guard (the template), then the writer's.
  void Record(bool hit) const {
    SharedSection<RwLatch> s(&latch_);
    if (hit) Bump();  // expect: concur-self-deadlock
  }

  // negative: the reader's guard ends before the writer's begins.
  void RecordAfter(bool hit) const {
    {
      ReadGuard g(latch_);
      if (!hit) return;
    }
    Bump();
  }

 private:
  void Bump() const {
    WriteGuard g(latch_);
    ++hits_;
  }
  mutable RwLatch latch_;
  mutable int hits_ = 0;
  int misses_ = 0;
  int total_ = 0;
};

}  // namespace latches

// The same with guard class templates named as guards, over a standard
// shared mutex.
namespace util {

template <class M>
class ReaderLock {
 public:
  explicit ReaderLock(M& m) : m_(m) { m_.lock_shared(); }
  ~ReaderLock() { m_.unlock_shared(); }

 private:
  M& m_;
};

template <class M>
class WriterLock {
 public:
  explicit WriterLock(M& m) : m_(m) { m_.lock(); }
  ~WriterLock() { m_.unlock(); }

 private:
  M& m_;
};

class Index {
 public:
  int Size() const {
    ReaderLock<std::shared_mutex> r(mu_);
    return static_cast<int>(slots_.size());
  }

  // negative: a second reader of the same mutex.
  bool Empty() const {
    ReaderLock<std::shared_mutex> r(mu_);
    return Size() == 0;
  }

  // positive: the writer's guard, then a reader's.
  void Put(int key) {
    WriterLock<std::shared_mutex> w(mu_);
    slots_[key] = Size();  // expect: concur-self-deadlock
  }

 private:
  mutable std::shared_mutex mu_;
  std::map<int, int> slots_;
};

}  // namespace util
