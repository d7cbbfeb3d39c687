// gMock matchers over static scans: run concur's analyzer on a snippet or on
// files inside a test and assert on what it finds.
//
//   EXPECT_THAT(concur::testing::ScanCode(R"cc( ... )cc"),
//               concur::testing::HasFindingAtLine("concur-racy-lazy-init", 7));
//
// Included by <concur/testing.h>; usable on its own with concur::testing
// linked (it needs concur::analyzer).
#pragma once

#include "concur/analyzer.h"

#include <gmock/gmock.h>

#include <initializer_list>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace concur::testing {

/// What a scan found, printable by gtest.
struct ScanFindings {
  std::vector<Finding> findings;
  std::vector<InputProblem> compile_errors;  ///< code that did not compile
  std::vector<InputProblem> input_errors;    ///< inputs not analyzed at all
};

/// Scans `source` as one C++ file (default flags: -std=c++20).
ScanFindings ScanCode(std::string_view source, std::vector<std::string> compiler_args = {"-std=c++20"},
                      const AnalyzerConfig& config = {});

/// Scans several in-memory files as one project: every .c/.cc/.cpp is a TU,
/// the rest are headers they include by name.
ScanFindings ScanSources(const std::map<std::string, std::string>& files,
                         std::vector<std::string> compiler_args = {"-std=c++20"},
                         const AnalyzerConfig& config = {});

/// Scans files or directories, each C/C++ file a TU with `compiler_args`.
ScanFindings ScanFiles(std::vector<std::string> paths, std::vector<std::string> compiler_args = {},
                       const AnalyzerConfig& config = {});

void PrintTo(const ScanFindings& scan, std::ostream* os);

/// At least one finding of `check` (and, with a line, on that line).
::testing::Matcher<const ScanFindings&> HasFinding(std::string check);
::testing::Matcher<const ScanFindings&> HasFindingAtLine(std::string check, unsigned line);
/// No finding at all, and the code compiled.
::testing::Matcher<const ScanFindings&> HasNoFindings();

}  // namespace concur::testing
