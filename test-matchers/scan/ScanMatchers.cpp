#include "concur/testing_scan.h"

#include <sstream>

namespace concur::testing {

namespace {

ScanFindings fromResult(ScanResult result) {
  return {std::move(result.findings), std::move(result.compileErrors), std::move(result.inputErrors)};
}

std::string describeFinding(const Finding& finding) {
  std::ostringstream os;
  os << "line " << finding.where.line << ": " << finding.message << " [" << finding.check << "]";
  return os.str();
}

/// "found 2: line 7: ... [check]; line 9: ..."
void explainSeen(const ScanFindings& scan, ::testing::MatchResultListener* listener) {
  if (!scan.compileErrors.empty())
    *listener << "the code did not compile (" << scan.compileErrors.front().reason << "); ";
  if (!scan.inputErrors.empty())
    *listener << "not analyzed (" << scan.inputErrors.front().reason << "); ";
  if (scan.findings.empty()) {
    *listener << "found nothing";
    return;
  }
  *listener << "found " << scan.findings.size() << ": ";
  for (size_t i = 0; i < scan.findings.size(); ++i)
    *listener << (i ? "; " : "") << describeFinding(scan.findings[i]);
}

class HasFindingMatcher : public ::testing::MatcherInterface<const ScanFindings&> {
public:
  HasFindingMatcher(std::string check, unsigned line) : check_(std::move(check)), line_(line) {}

  bool MatchAndExplain(const ScanFindings& scan, ::testing::MatchResultListener* listener) const override {
    for (const auto& finding : scan.findings)
      if (finding.check == check_ && (line_ == 0 || finding.where.line == line_)) {
        *listener << "found " << describeFinding(finding);
        return true;
      }
    explainSeen(scan, listener);
    return false;
  }
  void DescribeTo(std::ostream* os) const override {
    *os << "has a " << check_ << " finding" << (line_ ? " at line " + std::to_string(line_) : "");
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "has no " << check_ << " finding" << (line_ ? " at line " + std::to_string(line_) : "");
  }

private:
  std::string check_;
  unsigned line_;
};

class HasNoFindingsMatcher : public ::testing::MatcherInterface<const ScanFindings&> {
public:
  bool MatchAndExplain(const ScanFindings& scan, ::testing::MatchResultListener* listener) const override {
    explainSeen(scan, listener);
    return scan.findings.empty() && scan.compileErrors.empty() && scan.inputErrors.empty();
  }
  void DescribeTo(std::ostream* os) const override { *os << "compiles and has no concur findings"; }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "has concur findings (or does not compile)";
  }
};

}  // namespace

ScanFindings ScanCode(std::string_view source, std::vector<std::string> compilerArgs,
                      const AnalyzerOptions& options) {
  return fromResult(concur::scanCode(source, compilerArgs, options));
}

ScanFindings ScanFiles(std::vector<std::string> paths, std::vector<std::string> compilerArgs,
                       const AnalyzerOptions& options) {
  ScanRequest request;
  request.paths = std::move(paths);
  request.extraArgs = std::move(compilerArgs);
  request.options = options;
  return fromResult(concur::scan(request));
}

void PrintTo(const ScanFindings& scan, std::ostream* os) {
  // Short: the matchers' explanations list the findings themselves.
  *os << "a scan with " << scan.findings.size() << (scan.findings.size() == 1 ? " finding" : " findings");
  if (!scan.compileErrors.empty()) *os << " and compile errors";
}

::testing::Matcher<const ScanFindings&> HasFinding(std::string check) {
  return ::testing::MakeMatcher(new HasFindingMatcher(std::move(check), 0));
}
::testing::Matcher<const ScanFindings&> HasFindingAtLine(std::string check, unsigned line) {
  return ::testing::MakeMatcher(new HasFindingMatcher(std::move(check), line));
}
::testing::Matcher<const ScanFindings&> HasNoFindings() {
  return ::testing::MakeMatcher(new HasNoFindingsMatcher());
}

}  // namespace concur::testing
