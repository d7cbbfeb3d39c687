// The shared lock-set analysis, checked at `probe(N)` calls in real Clang
// ASTs: facts extracted from code, then the project phase's lock flow.
#include "driver/InMemory.h"
#include "project/LockFlow.h"
#include "project/Project.h"

#include "llvm/ADT/StringRef.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>

using namespace concur::analyzer_internal;

namespace {

const char* const kPrelude = R"cc(
#include <mutex>
#include <shared_mutex>
#include <memory>
#include <pthread.h>
void probe(int);
)cc";

/// What is held at one probe: the lock's display -> definitely, and its
/// identity (key) for comparing probes.
struct Probe {
  std::map<std::string, bool> held;
  std::vector<std::string> keys;
};

class LockSetTest : public ::testing::Test {
protected:
  /// Every probe(N) of every function of the project `files` (C++ files get
  /// the prelude), by N.
  std::map<int, Probe> probes_in(std::map<std::string, std::string> files) {
    for (auto& [name, text] : files)
      if (llvm::StringRef(name).ends_with(".cc")) text = std::string(kPrelude) + text;
    InMemoryFacts extracted = extract_in_memory(files, {"-std=c++20"}, {});
    for (const auto& problem : extracted.compile_errors)
      ADD_FAILURE() << "does not compile: " << problem.input << ": " << problem.reason;
    std::map<std::string, std::string> sources = extracted.sources;
    project_ = std::make_unique<Project>();
    for (auto& tu : extracted.tus) project_->add(std::move(tu));
    project_->finish();
    flow_ = std::make_unique<LockFlow>(*project_);
    std::map<int, Probe> probes;
    const std::regex call(R"(probe\((\d+)\))");
    for (const FunctionFact* function : project_->functions())
      for (const auto& block : function->blocks)
        for (const auto& event : block.events) {
          if (event.kind != EventKind::call || !llvm::StringRef(event.callee).contains("probe")) continue;
          const std::string& file = project_->file(event.loc.file);
          llvm::SmallVector<llvm::StringRef, 0> lines;
          llvm::StringRef(sources[file]).split(lines, '\n');
          const std::string line = lines[event.loc.line - 1].str();
          std::smatch match;
          if (!std::regex_search(line, match, call)) continue;
          Probe probe;
          for (const HeldLock& lock : flow_->held_at(*function, event).locks) {
            probe.held[lock.display] = lock.definitely;
            probe.keys.push_back(lock.key);
          }
          probes[std::stoi(match[1])] = probe;
        }
    return probes;
  }
  std::map<int, Probe> probes_in(const std::string& code) { return probes_in({{"input.cc", code}}); }

  using Held = std::map<std::string, bool>;
  std::unique_ptr<Project> project_;
  std::unique_ptr<LockFlow> flow_;
};

TEST_F(LockSetTest, LockGuardHoldsUntilEndOfScope) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void f() {
      probe(0);
      {
        std::lock_guard<std::mutex> g(mu);
        probe(1);
      }
      probe(2);
    })cc");
  EXPECT_EQ(probes.at(0).held, Held{});
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
}

TEST_F(LockSetTest, EarlyReturnReleasesOnlyOnThatPath) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void f(bool quit) {
      {
        std::lock_guard<std::mutex> g(mu);
        if (quit) return;
        probe(1);
      }
      probe(2);
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
}

TEST_F(LockSetTest, UniqueLockUnlockAndRelock) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void f() {
      std::unique_lock<std::mutex> lk(mu);
      probe(1);
      lk.unlock();
      probe(2);
      lk.lock();
      probe(3);
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
  EXPECT_EQ(probes.at(3).held, (Held{{"mu", true}}));  // the mutex keeps its name
  EXPECT_EQ(probes.at(1).keys, probes.at(3).keys);      // the same lock
}

TEST_F(LockSetTest, DeferLockIsNotHeldUntilLocked) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void f() {
      std::unique_lock<std::mutex> lk(mu, std::defer_lock);
      probe(1);
      lk.lock();
      probe(2);
    })cc");
  EXPECT_EQ(probes.at(1).held, Held{});
  EXPECT_EQ(probes.at(2).held.size(), 1u);
}

TEST_F(LockSetTest, ManualLockUnlockOnMemberMutex) {
  auto probes = probes_in(R"cc(
    struct S {
      std::mutex mu_;
      void f() {
        mu_.lock();
        probe(1);
        mu_.unlock();
        probe(2);
      }
    };)cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu_", true}}));
  EXPECT_EQ(probes.at(1).keys, std::vector<std::string>{"S::mu_"});  // every S's mu_
  EXPECT_EQ(probes.at(2).held, Held{});
}

TEST_F(LockSetTest, BranchJoinIsMaybeHeld) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void f(bool b) {
      if (b) mu.lock();
      probe(1);
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", false}}));
}

TEST_F(LockSetTest, PthreadCallsAndAddressOf) {
  auto probes = probes_in(R"cc(
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    void f() {
      pthread_mutex_lock(&m);
      probe(1);
      pthread_mutex_unlock(&m);
      probe(2);
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"m", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
}

TEST_F(LockSetTest, ScopedLockHoldsEveryMutex) {
  auto probes = probes_in(R"cc(
    std::mutex a, b;
    void f() {
      std::scoped_lock lk(a, b);
      probe(1);
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"a", true}, {"b", true}}));
}

TEST_F(LockSetTest, SmartPointerMutexHasOneIdentity) {
  auto probes = probes_in(R"cc(
    struct S {
      std::unique_ptr<std::mutex> mu_;
      void f() {
        mu_->lock();
        probe(1);
        mu_->unlock();
        std::lock_guard<std::mutex> g(*mu_);
        probe(2);
      }
    };)cc");
  ASSERT_EQ(probes.at(1).keys.size(), 1u);
  EXPECT_EQ(probes.at(1).keys, probes.at(2).keys);
}

TEST_F(LockSetTest, UserMutexAndGuardClassesByName) {
  // leveldb's port::Mutex and MutexLock with bodies elsewhere: names decide.
  auto probes = probes_in(R"cc(
    class Mutex { public: void Lock(); void Unlock(); };
    class MutexLock {
     public:
      explicit MutexLock(Mutex* mu);
      ~MutexLock();
     private:
      Mutex* mu_;
    };
    struct DB {
      Mutex mutex_;
      void f() {
        {
          MutexLock l(&mutex_);
          probe(1);
        }
        probe(2);
      }
    };)cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mutex_", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
}

TEST_F(LockSetTest, MutexAndGuardRecognizedByWhatTheyDo) {
  // Methods not called lock/unlock, a guard not named like one: their bodies
  // (in other files) lock and unlock, so they are a mutex and a guard.
  auto probes = probes_in({
      {"db.cc", R"cc(
        #include "sync.h"
        struct DB {
          Latch latch_;
          void f() {
            latch_.Close();
            probe(1);
            latch_.Open();
            probe(2);
            {
              Hold h(latch_);
              probe(3);
            }
            probe(4);
          }
        };
        void g(DB& db) { db.f(); })cc"},
      {"sync.h", R"cc(
        #pragma once
        #include <pthread.h>
        class Latch {
         public:
          void Close();
          void Open();
         private:
          pthread_mutex_t m_ = PTHREAD_MUTEX_INITIALIZER;
        };
        class Hold {
         public:
          explicit Hold(Latch& l);
          ~Hold();
         private:
          Latch& l_;
        };)cc"},
      {"sync.cc", R"cc(
        #include "sync.h"
        void Latch::Close() { pthread_mutex_lock(&m_); }
        void Latch::Open() { pthread_mutex_unlock(&m_); }
        Hold::Hold(Latch& l) : l_(l) { l_.Close(); }
        Hold::~Hold() { l_.Open(); })cc"},
  });
  EXPECT_EQ(probes.at(1).held, (Held{{"latch_", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
  EXPECT_EQ(probes.at(3).held, (Held{{"latch_", true}}));
  EXPECT_EQ(probes.at(1).keys, probes.at(3).keys);
  EXPECT_EQ(probes.at(4).held, Held{});
}

TEST_F(LockSetTest, CLockWrapperFunctionsInAnotherFile) {
  auto probes = probes_in({
      {"use.c", R"cc(
        #include "lock.h"
        void probe(int);
        struct server { lock_t* lock; int clients; };
        void add_client(struct server* s) {
          lock_lock(s->lock);
          probe(1);
          lock_unlock(s->lock);
          probe(2);
        })cc"},
      {"lock.h", R"cc(
        #pragma once
        #include <pthread.h>
        typedef struct { pthread_mutex_t m; } lock_t;
        lock_t* lock_new(void);
        void lock_lock(lock_t* l);
        void lock_unlock(lock_t* l);)cc"},
      {"lock.c", R"cc(
        #include <stdlib.h>
        #include "lock.h"
        lock_t* lock_new(void) { lock_t* l = malloc(sizeof *l); pthread_mutex_init(&l->m, 0); return l; }
        void lock_lock(lock_t* l) { pthread_mutex_lock(&l->m); }
        void lock_unlock(lock_t* l) { pthread_mutex_unlock(&l->m); })cc"},
  });
  EXPECT_EQ(probes.at(1).held.size(), 1u);
  EXPECT_EQ(probes.at(2).held, Held{});
}

// A lock taken through two wrappers is shown by the wrapper's own name for it
// with the caller's argument ('srv->lock', not 'srv'), and by the address's
// fields for `&srv`; findings keep fingerprinting it by the argument.
TEST_F(LockSetTest, LockTakenThroughTwoWrappersIsShownByItsPath) {
  auto probes = probes_in({
      {"server.c", R"cc(
        #include <pthread.h>
        void probe(int);
        typedef struct { pthread_mutex_t m; } lock_t;
        void lock_acquire(lock_t* l) { pthread_mutex_lock(&l->m); }
        void lock_release(lock_t* l) { pthread_mutex_unlock(&l->m); }
        struct server { lock_t* lock; int clients; };
        void server_lock(struct server* s) { lock_acquire(s->lock); }
        void server_unlock(struct server* s) { lock_release(s->lock); }
        void tick(struct server* srv) {
          server_lock(srv);
          probe(1);
          server_unlock(srv);
          probe(2);
        }
        void tick_local(void) {
          struct server local;
          server_lock(&local);
          probe(3);
          server_unlock(&local);
        }
        void tick_direct(struct server* s) {
          lock_acquire(s->lock);
          probe(4);
          lock_release(s->lock);
        })cc"},
  });
  EXPECT_EQ(probes.at(1).held, (Held{{"srv->lock", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
  EXPECT_EQ(probes.at(3).held, (Held{{"local.lock", true}}));
  EXPECT_EQ(probes.at(4).held, (Held{{"s->lock", true}}));
  for (const FunctionFact* function : project_->functions())
    if (function->name == "tick")
      for (const auto& block : function->blocks)
        for (const auto& event : block.events)
          if (event.kind == EventKind::call && llvm::StringRef(event.callee).contains("probe"))
            for (const HeldLock& lock : flow_->held_at(*function, event).locks)
              EXPECT_EQ(lock.fingerprint_name(), "srv");
}

TEST_F(LockSetTest, HelperThatReturnsHoldingTheLock) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void enter() { mu.lock(); }
    void leave() { mu.unlock(); }
    void f() {
      enter();
      probe(1);
      leave();
      probe(2);
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});
}

TEST_F(LockSetTest, EveryCallerHoldsTheLockSoTheHelperDoes) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    static void helper() { probe(1); }
    void a() { std::lock_guard g(mu); helper(); }
    void b() { std::lock_guard g(mu); helper(); })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
}

TEST_F(LockSetTest, OneUnlockedCallerAndTheHelperHoldsNothing) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    static void helper() { probe(1); }
    void a() { std::lock_guard g(mu); helper(); }
    void b() { helper(); })cc");
  EXPECT_EQ(probes.at(1).held, Held{});
}

// glib's handler_unref_R: `SIGNAL_UNLOCK (); notify (); SIGNAL_LOCK ();` on one
// path. The caller holds the lock again after the call, on every path.
TEST_F(LockSetTest, HelperThatDropsAndRetakesTheCallersLockLeavesItHeld) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void notify();
    static void unref(int& refs) {
      probe(1);
      if (--refs == 0) {
        mu.unlock();
        probe(2);
        notify();
        mu.lock();
      }
    }
    static void unref_all(int n) {
      for (int i = 0; i < n; ++i) {
        mu.unlock();
        probe(3);
        notify();
        mu.lock();
      }
    }
    void emit(int& refs) {
      mu.lock();
      unref(refs);
      probe(4);
      unref_all(refs);
      probe(5);
      mu.unlock();
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));  // from its only caller
  EXPECT_EQ(probes.at(2).held, Held{});                // released, not the caller's any more
  EXPECT_EQ(probes.at(3).held, Held{});                // released again on every iteration
  EXPECT_EQ(probes.at(4).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(5).held, (Held{{"mu", true}}));
}

TEST_F(LockSetTest, LoopBodyKeepsLockAcrossIterations) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    void f(int n) {
      std::lock_guard g(mu);
      for (int i = 0; i < n; ++i) probe(1);
      while (n--) { std::unique_lock lk(mu, std::adopt_lock); lk.release(); probe(2); }
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(2).held, (Held{{"mu", true}}));
}

TEST_F(LockSetTest, SharedLockOnSharedMutex) {
  auto probes = probes_in(R"cc(
    std::shared_mutex mu;
    void f() {
      { std::shared_lock lk(mu); probe(1); }
      mu.lock_shared();
      probe(2);
      mu.unlock_shared();
      probe(3);
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(2).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(3).held, Held{});
}

TEST_F(LockSetTest, LambdaBodyDoesNotInheritTheLock) {
  auto probes = probes_in(R"cc(
    std::mutex mu;
    auto f() {
      std::lock_guard g(mu);
      probe(1);
      return [] { probe(2); };
    })cc");
  EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}}));
  EXPECT_EQ(probes.at(2).held, Held{});  // runs later, with whatever its caller holds
}

TEST_F(LockSetTest, SummariesDoNotDependOnDefinitionOrder) {
  // A helper chain three calls deep, defined in every order: the lock taken
  // at the bottom is held at the top in each (order once decided this).
  const std::vector<std::string> definitions = {
      "void lock_c() { mu.lock(); }",
      "void lock_b() { lock_c(); }",
      "void lock_a() { lock_b(); }",
  };
  std::vector<int> order = {0, 1, 2};
  do {
    std::string code = "std::mutex mu;\nvoid lock_a(); void lock_b(); void lock_c();\n";
    for (int i : order) code += definitions[i] + "\n";
    code += "void f() {\n lock_a();\n probe(1);\n}\n";
    auto probes = probes_in(code);
    EXPECT_EQ(probes.at(1).held, (Held{{"mu", true}})) << code;
  } while (std::next_permutation(order.begin(), order.end()));
}

}  // namespace
