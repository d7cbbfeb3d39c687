// The corpus demands exact agreement: every `// expect: <check>` marker is
// found, and nothing is reported on a line without one.
#include "concur/analyzer.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

namespace {

using Expectation = std::tuple<std::string, unsigned, std::string>;  // file, line, check

std::string canonical(llvm::StringRef path) {
  llvm::SmallString<256> real;
  if (llvm::sys::fs::real_path(path, real)) return path.str();
  return std::string(real);
}

std::set<Expectation> markersUnder(const std::string& root, unsigned& markerFiles) {
  std::set<Expectation> expected;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end; it != end && !ec;
       it.increment(ec)) {
    const llvm::StringRef ext = llvm::sys::path::extension(it->path());
    if (ext != ".cc" && ext != ".h" && ext != ".c" && ext != ".cpp") continue;
    auto buffer = llvm::MemoryBuffer::getFile(it->path());
    if (!buffer) continue;
    llvm::SmallVector<llvm::StringRef, 0> lines;
    (*buffer)->getBuffer().split(lines, '\n');
    bool any = false;
    for (size_t i = 0; i < lines.size(); ++i) {
      // `// expect: a, b` in C++, `/* expect: a */` in C.
      size_t at = lines[i].find("// expect:");
      if (at == llvm::StringRef::npos) at = lines[i].find("/* expect:");
      if (at == llvm::StringRef::npos) continue;
      llvm::StringRef list = lines[i].substr(at + 10);
      list = list.substr(0, list.find("*/"));
      llvm::SmallVector<llvm::StringRef, 2> checks;
      list.split(checks, ',', -1, false);
      for (llvm::StringRef check : checks)
        expected.emplace(canonical(it->path()), i + 1, check.trim().str());
      any = true;
    }
    markerFiles += any;
  }
  return expected;
}

std::string describe(const Expectation& e) {
  std::ostringstream os;
  os << std::get<0>(e) << ":" << std::get<1>(e) << " [" << std::get<2>(e) << "]";
  return os.str();
}

/// Scans `request` and demands exact agreement with the markers under `root`.
void expect_agreement(const concur::ScanRequest& request, const std::string& root,
                      const std::set<Expectation>& expected) {
  const concur::ScanResult result = concur::scan(request);
  for (const auto& problem : result.input_errors)
    ADD_FAILURE() << "not analyzed: " << problem.input << ": " << problem.reason;
  for (const auto& problem : result.compile_errors)
    ADD_FAILURE() << "corpus file does not compile: " << problem.input << ": " << problem.reason;

  std::set<Expectation> found;
  std::map<Expectation, std::string> messages;
  for (const auto& finding : result.findings) {
    Expectation key{finding.where.file, finding.where.line, finding.check};
    found.insert(key);
    messages[key] = finding.message;
  }
  for (const auto& e : expected)
    if (!found.count(e)) ADD_FAILURE() << "missed: " << describe(e);
  for (const auto& f : found)
    if (!expected.count(f)) ADD_FAILURE() << "unexpected: " << describe(f) << ": " << messages[f];
  (void)root;
}

/// Scans the flat corpus as one project (its .concur.yaml leaves projects/ out)
/// and demands exact agreement with its markers.
void expect_flat_corpus_agreement(bool parse_system_bodies) {
  const std::string root = CONCUR_SOURCE_DIR "/corpus";
  unsigned markerFiles = 0;
  auto expected = markersUnder(root, markerFiles);
  std::erase_if(expected, [](const Expectation& e) {
    return std::get<0>(e).find("/corpus/projects/") != std::string::npos;
  });
  ASSERT_GT(expected.size(), 20u) << "the corpus lost its markers";
  concur::ScanRequest request;
  request.paths = {root};
  request.parse_system_bodies = parse_system_bodies;
  expect_agreement(request, root, expected);
}

/// Scans one project under corpus/projects/ with the compile database CMake
/// wrote for it (and the project's own .concur.yaml, if it has one) and
/// demands exact agreement with its markers.
void expect_project_agreement(const std::string& project, bool parse_system_bodies) {
  const std::string root = canonical(CONCUR_SOURCE_DIR "/corpus/projects/" + project);
  unsigned markerFiles = 0;
  const auto expected = markersUnder(root, markerFiles);
  concur::ScanRequest request;
  request.compile_commands = CONCUR_BINARY_DIR "/corpus-projects/" + project;
  if (llvm::sys::fs::exists(root + "/.concur.yaml")) request.config_file = root + "/.concur.yaml";
  request.parse_system_bodies = parse_system_bodies;
  expect_agreement(request, root, expected);
}

TEST(Corpus, FindingsAgreeExactlyWithMarkers) { expect_flat_corpus_agreement(false); }

// Bodies in system headers are skipped by default (the analysis never reads them); parsing
// them must not change a single finding.
TEST(Corpus, SameFindingsWithSystemHeaderBodiesParsed) { expect_flat_corpus_agreement(true); }

/// Each project under corpus/projects/.
class CorpusProject : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusProject, FindingsAgreeExactlyWithMarkers) { expect_project_agreement(GetParam(), false); }

TEST_P(CorpusProject, SameFindingsWithSystemHeaderBodiesParsed) { expect_project_agreement(GetParam(), true); }

std::vector<std::string> corpus_projects() {
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(CONCUR_SOURCE_DIR "/corpus/projects", ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::fs::is_directory(it->path())) names.push_back(llvm::sys::path::filename(it->path()).str());
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Projects, CorpusProject, ::testing::ValuesIn(corpus_projects()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(Corpus, HasAtLeastAsManyNegativeAsPositiveCases) {
  // Each case starts with a comment: "// positive: why" or "// negative: why".
  const std::string root = CONCUR_SOURCE_DIR "/corpus";
  unsigned markerFiles = 0;
  const auto expected = markersUnder(root, markerFiles);
  unsigned negatives = 0;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(root, ec), end; it != end && !ec;
       it.increment(ec)) {
    auto buffer = llvm::MemoryBuffer::getFile(it->path());
    if (!buffer || llvm::sys::fs::is_directory(it->path())) continue;
    llvm::StringRef text = (*buffer)->getBuffer();
    for (const char* marker : {"// negative:", "/* negative:"})
      for (size_t at = 0; (at = text.find(marker, at)) != llvm::StringRef::npos; ++at) ++negatives;
  }
  EXPECT_GE(negatives, expected.size());
}

}  // namespace
