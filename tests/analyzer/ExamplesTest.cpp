// The bundled HTTP example as a user scans it (`concur scan -p build`): its bad
// handler, a coroutine task that reads a file with fread through a helper, is
// flagged; the fixed handler, the same read handed to offload, is not.
#include "concur/analyzer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace {

/// The 1-based line of the first line of `file` containing `text` (0 if none).
unsigned line_of(const std::string& file, const std::string& text) {
  std::ifstream in(file);
  std::string line;
  for (unsigned n = 1; std::getline(in, line); ++n)
    if (line.find(text) != std::string::npos) return n;
  return 0;
}

TEST(Examples, HttpBlockingFileHandlerIsFlaggedAndTheOffloadedOneIsNot) {
  const std::string source = CONCUR_SOURCE_DIR "/examples/http/http_server.cpp";
  const unsigned bad_line = line_of(source, "Task<HttpResponse> serve_file_blocking(");
  const unsigned good_line = line_of(source, "Task<HttpResponse> serve_file_offloaded(");
  ASSERT_NE(bad_line, 0u) << "the example lost its blocking handler";
  ASSERT_NE(good_line, 0u) << "the example lost its offloaded handler";

  concur::ScanRequest request;
  request.compile_commands = CONCUR_BINARY_DIR;  // the project's own compile database
  request.paths = {source};
  const concur::ScanResult result = concur::scan(request);
  ASSERT_TRUE(result.input_errors.empty()) << result.input_errors.front().reason;
  ASSERT_TRUE(result.compile_errors.empty()) << result.compile_errors.front().reason;

  std::vector<const concur::Finding*> blocking;
  for (const auto& finding : result.findings)
    if (finding.check == "concur-blocking-in-task") blocking.push_back(&finding);
  ASSERT_EQ(blocking.size(), 1u) << "expected one blocking call in a task (the fread in the bad handler)";
  const concur::Finding& finding = *blocking.front();
  EXPECT_EQ(finding.where.line, bad_line) << finding.message;
  EXPECT_NE(finding.message.find("fread"), std::string::npos) << finding.message;
  EXPECT_NE(finding.message.find("serve_file_blocking"), std::string::npos) << finding.message;
  EXPECT_NE(finding.fix.find("offload"), std::string::npos) << finding.fix;
}

}  // namespace
