// The docs are part of each check: every registered check has a page with bad
// code, good code and real output, and every option the registry declares is
// documented with its defaults (the page of its check, or config.md for the
// shared vocabulary). A new option without docs fails here.
#include "concur/analyzer.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using ::testing::HasSubstr;

std::string read(const std::string& path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

void expect_documented(const concur::CheckOptionInfo& option, const std::string& page,
                       const std::string& where) {
  EXPECT_THAT(page, HasSubstr("`" + option.name + "`")) << where << " does not document " << option.name;
  if (!option.is_list) return;
  for (const auto& entry : option.defaults)
    EXPECT_THAT(page, HasSubstr("`" + entry + "`"))
        << where << " does not list the default '" << entry << "' of " << option.name;
}

TEST(Docs, EveryCheckHasItsPageWithBadGoodAndRealOutput) {
  for (const auto& check : concur::all_checks()) {
    const std::string page = read(CONCUR_SOURCE_DIR "/docs/checks/" + check.id + ".md");
    ASSERT_FALSE(page.empty()) << "no docs/checks/" << check.id << ".md";
    EXPECT_EQ(std::string(check.doc), page) << "concur explain prints another text";
    for (const char* section : {"## What it finds", "## Bad code", "## Good code", "## Options",
                                "## Suppressing", "## Sample output"})
      EXPECT_THAT(page, HasSubstr(section)) << check.id;
    EXPECT_THAT(page, HasSubstr("[" + check.id + "]")) << check.id << ": the sample output shows no finding";
    for (const auto& option : check.options) expect_documented(option, page, "docs/checks/" + check.id + ".md");
  }
}

TEST(Docs, EveryVocabularyOptionIsInConfigWithItsDefaults) {
  const std::string page = read(CONCUR_SOURCE_DIR "/docs/config.md");
  ASSERT_FALSE(page.empty());
  for (const auto& option : concur::vocabulary_options()) expect_documented(option, page, "docs/config.md");
}

}  // namespace
