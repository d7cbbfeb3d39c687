// Running the concur binary in a scratch directory, for CLI-level tests.
#pragma once

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace concur_test {

struct Outcome {
  int exitCode;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

class CliTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("concur-cli", dir));
    dir_ = std::string(dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir_); }

  std::string path(const std::string& name) { return dir_ + "/" + name; }

  std::string write(const std::string& name, const std::string& content) {
    const std::string p = path(name);
    llvm::sys::fs::create_directories(llvm::sys::path::parent_path(p));
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  Outcome concur(std::vector<std::string> args) {
    args.insert(args.begin(), CONCUR_BINARY);
    std::vector<llvm::StringRef> refs(args.begin(), args.end());
    const std::string out = path("stdout.txt"), err = path("stderr.txt");
    // ExecuteAndWait does not truncate redirect targets: start each run empty.
    llvm::sys::fs::remove(out);
    llvm::sys::fs::remove(err);
    std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(out),
                                                  llvm::StringRef(err)};
    std::string failure;
    const int code = llvm::sys::ExecuteAndWait(CONCUR_BINARY, refs, std::nullopt, redirects,
                                               /*SecondsToWait=*/240, 0, &failure);
    EXPECT_TRUE(failure.empty()) << failure;
    return {code, slurp(out), slurp(err)};
  }

  std::string dir_;
};

inline const char* const kRacy = R"cc(#include <memory>
#include <mutex>
class Conn {
 public:
  void Send() {
    if (!mu_) mu_ = std::make_unique<std::mutex>();
    std::lock_guard<std::mutex> lock(*mu_);
  }
 private:
  std::unique_ptr<std::mutex> mu_;
};
)cc";

inline const char* const kClean = R"cc(#include <mutex>
class Conn {
 public:
  void Send() { std::lock_guard<std::mutex> lock(mu_); ++sent_; }
 private:
  std::mutex mu_;
  int sent_ = 0;
};
)cc";

}  // namespace concur_test
