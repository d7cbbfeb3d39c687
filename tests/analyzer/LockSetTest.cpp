// The shared lock-set analysis, checked at `probe(N)` calls in real Clang ASTs.
#include "LockSet.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

using namespace clang;
using concur::detail::LockSetAnalysis;
using concur::detail::LockState;
using concur::detail::Vocabulary;

namespace {

const char* const kPrelude = R"cc(
#include <mutex>
#include <shared_mutex>
#include <memory>
#include <pthread.h>
void probe(int);
)cc";

/// What is held at each probe: key -> definitely.
using Held = std::map<std::string, bool>;

class LockSetTest : public ::testing::Test {
protected:
  std::map<int, Held> probesIn(const std::string& code, const std::string& function) {
    ast_ = tooling::buildASTFromCodeWithArgs(
        std::string(kPrelude) + code,
        {"-std=c++20", "-resource-dir=" CONCUR_CLANG_RESOURCE_DIR}, "input.cc");
    EXPECT_TRUE(ast_);
    EXPECT_FALSE(ast_->getDiagnostics().hasErrorOccurred());
    struct Finder : RecursiveASTVisitor<Finder> {
      std::string name;
      const FunctionDecl* found = nullptr;
      bool VisitFunctionDecl(FunctionDecl* f) {
        if (f->hasBody() && f->getQualifiedNameAsString() == name) found = f;
        return true;
      }
      std::vector<const CallExpr*> probes;
      bool VisitCallExpr(CallExpr* call) {
        if (const auto* callee = call->getDirectCallee(); callee && callee->getName() == "probe")
          probes.push_back(call);
        return true;
      }
    } finder;
    finder.name = function;
    finder.TraverseDecl(ast_->getASTContext().getTranslationUnitDecl());
    EXPECT_NE(finder.found, nullptr) << function;
    std::map<int, Held> result;
    if (!finder.found) return result;
    LockSetAnalysis analysis(finder.found, ast_->getASTContext(), vocabulary_);
    for (const CallExpr* probe : finder.probes) {
      Expr::EvalResult value;
      if (!probe->getArg(0)->EvaluateAsInt(value, ast_->getASTContext())) continue;
      Held held;
      for (const auto& lock : analysis.stateAt(probe).locks) held[lock.key] = lock.definitely;
      result[value.Val.getInt().getExtValue()] = held;
    }
    return result;
  }

  concur::AnalyzerOptions options_;
  Vocabulary vocabulary_{options_};
  std::unique_ptr<ASTUnit> ast_;
};

TEST_F(LockSetTest, LockGuardHoldsUntilEndOfScope) {
  auto probes = probesIn(R"cc(
    std::mutex mu;
    void f() {
      probe(0);
      {
        std::lock_guard<std::mutex> g(mu);
        probe(1);
      }
      probe(2);
    })cc", "f");
  EXPECT_EQ(probes[0], Held{});
  EXPECT_EQ(probes[1], (Held{{"mu", true}}));
  EXPECT_EQ(probes[2], Held{});
}

TEST_F(LockSetTest, EarlyReturnReleasesOnlyOnThatPath) {
  auto probes = probesIn(R"cc(
    std::mutex mu;
    int f(bool c) {
      {
        std::lock_guard g(mu);
        if (c) return 1;
        probe(1);
      }
      probe(2);
      return 0;
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"mu", true}}));
  EXPECT_EQ(probes[2], Held{});
}

TEST_F(LockSetTest, UniqueLockUnlockAndRelock) {
  auto probes = probesIn(R"cc(
    std::mutex mu;
    void f() {
      std::unique_lock<std::mutex> lk(mu);
      probe(1);
      lk.unlock();
      probe(2);
      lk.lock();
      probe(3);
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"mu", true}}));
  EXPECT_EQ(probes[2], Held{});
  EXPECT_EQ(probes[3], (Held{{"mu", true}}));
}

TEST_F(LockSetTest, DeferLockIsNotHeldUntilLocked) {
  auto probes = probesIn(R"cc(
    std::mutex mu;
    void f() {
      std::unique_lock<std::mutex> lk(mu, std::defer_lock);
      probe(1);
      lk.lock();
      probe(2);
    })cc", "f");
  EXPECT_EQ(probes[1], Held{});
  EXPECT_EQ(probes[2], (Held{{"mu", true}}));
}

TEST_F(LockSetTest, ManualLockUnlockOnMemberMutex) {
  auto probes = probesIn(R"cc(
    struct S {
      std::mutex mu_;
      void f() {
        mu_.lock();
        probe(1);
        mu_.unlock();
        probe(2);
      }
    };)cc", "S::f");
  EXPECT_EQ(probes[1], (Held{{"S::mu_", true}}));
  EXPECT_EQ(probes[2], Held{});
}

TEST_F(LockSetTest, BranchJoinIsMaybeHeld) {
  auto probes = probesIn(R"cc(
    std::mutex mu;
    void f(bool c) {
      if (c) mu.lock();
      probe(1);
      if (c) mu.unlock();
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"mu", false}}));
}

TEST_F(LockSetTest, PthreadCallsAndAddressOf) {
  auto probes = probesIn(R"cc(
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    void f() {
      pthread_mutex_lock(&m);
      probe(1);
      pthread_mutex_unlock(&m);
      probe(2);
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"m", true}}));
  EXPECT_EQ(probes[2], Held{});
}

TEST_F(LockSetTest, ScopedLockHoldsEveryMutex) {
  auto probes = probesIn(R"cc(
    std::mutex a, b;
    void f() {
      std::scoped_lock lk(a, b);
      probe(1);
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"a", true}, {"b", true}}));
}

TEST_F(LockSetTest, SmartPointerMutexHasOneIdentity) {
  auto probes = probesIn(R"cc(
    struct S {
      std::unique_ptr<std::mutex> mu_;
      void f() {
        mu_->lock();
        probe(1);
        mu_->unlock();
        std::lock_guard<std::mutex> g(*mu_);
        probe(2);
      }
    };)cc", "S::f");
  EXPECT_EQ(probes[1], (Held{{"*S::mu_", true}}));
  EXPECT_EQ(probes[2], (Held{{"*S::mu_", true}}));
}

TEST_F(LockSetTest, UserMutexAndGuardClassesByShape) {
  // leveldb's port::Mutex and MutexLock, recognized without configuration.
  auto probes = probesIn(R"cc(
    class Mutex { public: void Lock(); void Unlock(); };
    class MutexLock {
     public:
      explicit MutexLock(Mutex* mu) : mu_(mu) { mu_->Lock(); }
      ~MutexLock() { mu_->Unlock(); }
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
    };)cc", "DB::f");
  EXPECT_EQ(probes[1], (Held{{"DB::mutex_", true}}));
  EXPECT_EQ(probes[2], Held{});
}

TEST_F(LockSetTest, LoopBodyKeepsLockAcrossIterations) {
  auto probes = probesIn(R"cc(
    std::mutex mu;
    void f(int n) {
      std::lock_guard g(mu);
      for (int i = 0; i < n; ++i) probe(1);
      while (n--) { std::unique_lock lk(mu, std::adopt_lock); lk.release(); probe(2); }
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"mu", true}}));
  EXPECT_EQ(probes[2], (Held{{"mu", true}}));
}

TEST_F(LockSetTest, SharedLockOnSharedMutex) {
  auto probes = probesIn(R"cc(
    std::shared_mutex mu;
    void f() {
      { std::shared_lock lk(mu); probe(1); }
      mu.lock_shared();
      probe(2);
      mu.unlock_shared();
      probe(3);
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"mu", true}}));
  EXPECT_EQ(probes[2], (Held{{"mu", true}}));
  EXPECT_EQ(probes[3], Held{});
}

TEST_F(LockSetTest, LambdaBodyDoesNotInheritTheLock) {
  auto probes = probesIn(R"cc(
    std::mutex mu;
    auto f() {
      std::lock_guard g(mu);
      probe(1);
      return [] { probe(2); };
    })cc", "f");
  EXPECT_EQ(probes[1], (Held{{"mu", true}}));
  EXPECT_EQ(probes[2], Held{});  // not part of f's CFG: nothing held
}

}  // namespace
