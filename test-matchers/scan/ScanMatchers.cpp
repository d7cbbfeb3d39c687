#include "concur/testing_scan.h"

#include <sstream>

namespace concur::testing {

namespace {

ScanFindings from_result(ScanResult result) {
  return {std::move(result.findings), std::move(result.compile_errors), std::move(result.input_errors)};
}

std::string describe_finding(const Finding& finding) {
  std::ostringstream os;
  os << "line " << finding.where.line << ": " << finding.message << " [" << finding.check << "]";
  return os.str();
}

/// "found 2: line 7: ... [check]; line 9: ..."
void explain_seen(const ScanFindings& scan, ::testing::MatchResultListener* listener) {
  if (!scan.compile_errors.empty())
    *listener << "the code did not compile (" << scan.compile_errors.front().reason << "); ";
  if (!scan.input_errors.empty())
    *listener << "not analyzed (" << scan.input_errors.front().reason << "); ";
  if (scan.findings.empty()) {
    *listener << "found nothing";
    return;
  }
  *listener << "found " << scan.findings.size() << ": ";
  for (size_t i = 0; i < scan.findings.size(); ++i)
    *listener << (i ? "; " : "") << describe_finding(scan.findings[i]);
}

class HasFindingMatcher : public ::testing::MatcherInterface<const ScanFindings&> {
public:
  HasFindingMatcher(std::string check, unsigned line) : check_(std::move(check)), line_(line) {}

  bool MatchAndExplain(const ScanFindings& scan, ::testing::MatchResultListener* listener) const override {
    for (const auto& finding : scan.findings)
      if (finding.check == check_ && (line_ == 0 || finding.where.line == line_)) {
        *listener << "found " << describe_finding(finding);
        return true;
      }
    explain_seen(scan, listener);
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
    explain_seen(scan, listener);
    return scan.findings.empty() && scan.compile_errors.empty() && scan.input_errors.empty();
  }
  void DescribeTo(std::ostream* os) const override { *os << "compiles and has no concur findings"; }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "has concur findings (or does not compile)";
  }
};

}  // namespace

ScanFindings ScanCode(std::string_view source, std::vector<std::string> compiler_args,
                      const AnalyzerConfig& config) {
  return from_result(concur::scan_code(source, compiler_args, config));
}

ScanFindings ScanSources(const std::map<std::string, std::string>& files,
                         std::vector<std::string> compiler_args, const AnalyzerConfig& config) {
  return from_result(concur::scan_files(files, compiler_args, config));
}

ScanFindings ScanFiles(std::vector<std::string> paths, std::vector<std::string> compiler_args,
                       const AnalyzerConfig& config) {
  ScanRequest request;
  request.paths = std::move(paths);
  request.extra_args = std::move(compiler_args);
  request.config = config;
  return from_result(concur::scan(request));
}

void PrintTo(const ScanFindings& scan, std::ostream* os) {
  // Short: the matchers' explanations list the findings themselves.
  *os << "a scan with " << scan.findings.size() << (scan.findings.size() == 1 ? " finding" : " findings");
  if (!scan.compile_errors.empty()) *os << " and compile errors";
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
