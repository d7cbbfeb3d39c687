// Guards and mutexes a project derives from the standard ones, as Bitcoin
// Core's sync.h does: `AnnotatedMixin<std::mutex>` is a mutex,
// `AnnotatedMixin<std::recursive_mutex>` a recursive one, and `UniqueLock`,
// derived from std::unique_lock, is a guard whatever it is called: the base's
// destructor releases what the constructor hands the base to take.
#include <cstddef>
#include <mutex>
#include <set>
#include <string>

template <typename Parent>
class AnnotatedMixin : public Parent {
 public:
  void lock() { Parent::lock(); }
  void unlock() { Parent::unlock(); }
  bool try_lock() { return Parent::try_lock(); }
};

using PlainMutex = AnnotatedMixin<std::mutex>;
using ReentrantMutex = AnnotatedMixin<std::recursive_mutex>;

template <typename MutexType>
class UniqueLock : public std::unique_lock<MutexType> {
 public:
  explicit UniqueLock(MutexType& m) : std::unique_lock<MutexType>(m) {}
};

class ScopedHold : public std::lock_guard<std::mutex> {
 public:
  explicit ScopedHold(std::mutex& m) : std::lock_guard<std::mutex>(m) {}
};

class PeerBook {
 public:
  std::size_t Count() const {
    UniqueLock<PlainMutex> hold(cs_);
    return peers_.size();
  }

  // positive: UniqueLock holds cs_, and Count takes it again.
  bool Remember(const std::string& peer) {
    UniqueLock<PlainMutex> hold(cs_);
    if (Count() > 100) return false;  // expect: concur-self-deadlock
    peers_.insert(peer);
    return true;
  }

  // negative: the guard's scope ended before Count runs.
  bool RememberChecked(const std::string& peer) {
    {
      UniqueLock<PlainMutex> hold(cs_);
      peers_.insert(peer);
    }
    return Count() < 100;
  }

  // negative: another book's lock.
  std::size_t Compare(const PeerBook& other) const {
    UniqueLock<PlainMutex> hold(cs_);
    return other.Count();
  }

 private:
  mutable PlainMutex cs_;
  std::set<std::string> peers_;
};

class Chain {
 public:
  int Height() const {
    UniqueLock<ReentrantMutex> hold(cs_main_);
    return height_;
  }

  // negative: cs_main_ is recursive (derived from std::recursive_mutex).
  void Advance() {
    UniqueLock<ReentrantMutex> hold(cs_main_);
    if (Height() < 0) return;
    ++height_;
  }

 private:
  mutable ReentrantMutex cs_main_;
  int height_ = 0;
};

std::mutex g_journal_mu;
int g_journal_lines = 0;

int JournalLines() {
  ScopedHold hold(g_journal_mu);
  return g_journal_lines;
}

// positive: a guard derived from std::lock_guard holds g_journal_mu.
void AppendJournal() {
  ScopedHold hold(g_journal_mu);
  if (JournalLines() > 1000) return;  // expect: concur-self-deadlock
  ++g_journal_lines;
}

// negative: the lines are counted before the guard is made.
void AppendJournalCounted() {
  const int lines = JournalLines();
  ScopedHold hold(g_journal_mu);
  if (lines <= 1000) ++g_journal_lines;
}
