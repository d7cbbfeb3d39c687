// The concur command line as users run it: exit codes, formats, bad input.
#include "CliFixture.h"

#include "llvm/Support/FormatVariadic.h"

#include <sstream>

using ::testing::HasSubstr;
using ::testing::Not;
using namespace concur_test;

namespace {

TEST_F(CliTest, CleanCodeExitsZero) {
  write("src/clean.cc", kClean);
  Outcome r = concur({"scan", path("src")});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("concur: 0 findings in 1 translation unit"));
}

TEST_F(CliTest, FindingsPrintClangStyleWithCaretAndExitOne) {
  const std::string file = write("src/racy.cc", kRacy);
  Outcome r = concur({"scan", file});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("racy.cc:6:15: warning: 'mu_' is created lazily"));
  EXPECT_THAT(r.out, HasSubstr("[concur-racy-lazy-init]"));
  EXPECT_THAT(r.out, HasSubstr("    if (!mu_) mu_ = std::make_unique<std::mutex>();\n"
                               "              ^\n"));
  EXPECT_THAT(r.out, HasSubstr("racy.cc:6:9: note: 'mu_' is tested for null here"));
}

TEST_F(CliTest, JsonAndSarifInOneRun) {
  const std::string file = write("src/racy.cc", kRacy);
  Outcome r = concur({"scan", file, "--format", "json", "--output", path("r.json"), "--format", "sarif",
               "--output", path("r.sarif"), "--quiet"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_EQ(r.out, "");
  auto json = llvm::json::parse(slurp(path("r.json")));
  ASSERT_TRUE(bool(json)) << llvm::toString(json.takeError());
  const auto* findings = json->getAsObject()->getArray("findings");
  ASSERT_NE(findings, nullptr);
  ASSERT_EQ(findings->size(), 1u);
  const auto* first = (*findings)[0].getAsObject();
  EXPECT_EQ(first->getString("check"), "concur-racy-lazy-init");
  EXPECT_EQ(first->getInteger("line"), 6);
  EXPECT_EQ(first->getString("file"), "racy.cc");

  auto sarif = llvm::json::parse(slurp(path("r.sarif")));
  ASSERT_TRUE(bool(sarif)) << llvm::toString(sarif.takeError());
  EXPECT_EQ(sarif->getAsObject()->getString("version"), "2.1.0");
  const auto* run0 = (*sarif->getAsObject()->getArray("runs"))[0].getAsObject();
  const auto* rules = run0->getObject("tool")->getObject("driver")->getArray("rules");
  // One rule per registered check: as many as `concur checks` lists.
  const std::string listed = concur({"checks"}).out;
  EXPECT_EQ(rules->size(), static_cast<size_t>(std::count(listed.begin(), listed.end(), '\n')));
  const auto* result = (*run0->getArray("results"))[0].getAsObject();
  EXPECT_EQ(result->getString("ruleId"), "concur-racy-lazy-init");
  EXPECT_EQ(result->getString("level"), "warning");
  EXPECT_TRUE(result->getObject("partialFingerprints")->getString("concurFingerprint/v1"));
  // The evidence: where the holder is tested, and why that is a race.
  const auto* related = result->getArray("relatedLocations");
  ASSERT_GE(related->size(), 1u);
  const auto* tested = (*related)[0].getAsObject();
  EXPECT_EQ(tested->getObject("physicalLocation")->getObject("region")->getInteger("startLine"), 6);
  EXPECT_THAT(tested->getObject("message")->getString("text")->str(), HasSubstr("tested for null"));
  const auto* location = (*result->getArray("locations"))[0].getAsObject()->getObject("physicalLocation");
  EXPECT_EQ(location->getObject("artifactLocation")->getString("uri"), "racy.cc");
  EXPECT_EQ(location->getObject("region")->getInteger("startLine"), 6);
}

TEST_F(CliTest, FingerprintSurvivesUnrelatedLinesMoving) {
  const std::string file = write("src/racy.cc", kRacy);
  concur({"scan", file, "--format", "json", "-o", path("before.json")});
  write("src/racy.cc", std::string("// a comment\n\n// another\n") + kRacy);
  concur({"scan", file, "--format", "json", "-o", path("after.json")});
  auto before = llvm::json::parse(slurp(path("before.json")));
  auto after = llvm::json::parse(slurp(path("after.json")));
  ASSERT_TRUE(before && after);
  const auto* b = (*before->getAsObject()->getArray("findings"))[0].getAsObject();
  const auto* a = (*after->getAsObject()->getArray("findings"))[0].getAsObject();
  EXPECT_EQ(b->getInteger("line"), 6);
  EXPECT_EQ(a->getInteger("line"), 9);
  EXPECT_EQ(a->getString("fingerprint"), b->getString("fingerprint"));
}

TEST_F(CliTest, ChecksGlobSelectsAndRejectsEmptySelection) {
  const std::string file = write("src/racy.cc", kRacy);
  EXPECT_EQ(concur({"scan", file, "--checks=-*,concur-locked-callback"}).exitCode, 0);
  EXPECT_EQ(concur({"scan", file, "--checks=-*,concur-racy-*"}).exitCode, 1);
  Outcome none = concur({"scan", file, "--checks=-*"});
  EXPECT_EQ(none.exitCode, 2);
  EXPECT_THAT(none.err, HasSubstr("enables no check"));
}

TEST_F(CliTest, MissingPathIsAnInputError) {
  Outcome r = concur({"scan", path("nope.cc")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("nope.cc: no such file or directory"));
}

TEST_F(CliTest, DirectoryWithoutSourcesIsAnInputError) {
  write("docs/readme.txt", "hello");
  Outcome r = concur({"scan", path("docs")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("no C or C++ source files under this directory"));
}

TEST_F(CliTest, BinaryAndEmptyFilesAreNamedAndOthersStillScanned) {
  write("src/blob.cc", std::string("\x7f" "ELF\0\0\0\x01", 8));
  write("src/empty.cc", "");
  write("src/racy.cc", kRacy);
  Outcome r = concur({"scan", path("src")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("blob.cc: binary file, not C or C++ source"));
  EXPECT_THAT(r.err, HasSubstr("empty.cc: empty file"));
  EXPECT_THAT(r.out, HasSubstr("[concur-racy-lazy-init]"));  // nothing lost
}

TEST_F(CliTest, UnwritableOutputFailsBeforeScanning) {
  const std::string file = write("src/racy.cc", kRacy);
  Outcome r = concur({"scan", file, "--format", "sarif", "--output", path("no/such/dir/r.sarif")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot write"));
  EXPECT_THAT(r.err, HasSubstr("r.sarif"));
}

TEST_F(CliTest, CompileDatabaseThatIsNotJson) {
  write("build/compile_commands.json", "this is { not json");
  Outcome r = concur({"scan", "-p", path("build")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("compile_commands.json: not a usable compile database"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(CliTest, CompileDatabaseEntryWithoutFields) {
  write("build/compile_commands.json", R"([{"directory": "/tmp"}])");
  Outcome r = concur({"scan", "-p", path("build")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("not a usable compile database"));
}

TEST_F(CliTest, MissingCompileDatabase) {
  llvm::sys::fs::create_directories(path("empty-build"));
  Outcome r = concur({"scan", "-p", path("empty-build")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("expected a compile_commands.json"));
}

TEST_F(CliTest, GccOnlyFlagsAreDroppedNotFatal) {
  const std::string file = write("src/racy.cc", kRacy);
  write("build/compile_commands.json",
        "[{\"directory\": \"" + dir_ + "\", \"file\": \"" + file +
            "\", \"command\": \"g++ -std=c++20 -fno-canonical-system-headers -mno-direct-extern-access "
            "-fconcepts-diagnostics-depth=3 -c " + file + " -o racy.o\"}]");
  Outcome r = concur({"scan", "-p", path("build")});
  EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("compile errors")));
  EXPECT_THAT(r.out, HasSubstr("[concur-racy-lazy-init]"));
}

TEST_F(CliTest, CompileDatabaseWithMissingDirectoryIsNamedNotFatal) {
  const std::string racy = write("src/racy.cc", kRacy);
  const std::string clean = write("src/clean.cc", kClean);
  write("build/compile_commands.json",
        "[{\"directory\": \"" + dir_ + "/gone\", \"file\": \"" + racy + "\", \"command\": \"c++ -c " + racy + "\"},"
        " {\"directory\": \"" + dir_ + "\", \"file\": \"" + clean + "\", \"command\": \"c++ -c " + clean + "\"}]");
  Outcome r = concur({"scan", "-p", path("build")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("racy.cc: its compile command's directory"));
  EXPECT_THAT(r.out, HasSubstr("0 findings in 1 translation unit"));  // clean.cc still analyzed
}

TEST_F(CliTest, PathsFilterTheCompileDatabase) {
  const std::string racy = write("src/racy.cc", kRacy);
  const std::string clean = write("src/clean.cc", kClean);
  write("build/compile_commands.json",
        "[{\"directory\": \"" + dir_ + "\", \"file\": \"" + racy + "\", \"arguments\": [\"clang++\", \"-std=c++20\", \"-c\", \"" + racy + "\"]},"
        " {\"directory\": \"" + dir_ + "\", \"file\": \"" + clean + "\", \"arguments\": [\"clang++\", \"-std=c++20\", \"-c\", \"" + clean + "\"]}]");
  Outcome onlyClean = concur({"scan", "-p", path("build"), clean});
  EXPECT_EQ(onlyClean.exitCode, 0) << onlyClean.out << onlyClean.err;
  EXPECT_THAT(onlyClean.out, HasSubstr("in 1 translation unit"));
  Outcome both = concur({"scan", "-p", path("build")});
  EXPECT_EQ(both.exitCode, 1);
  EXPECT_THAT(both.out, HasSubstr("in 2 translation units"));
  Outcome stranger = concur({"scan", "-p", path("build"), path("build")});
  EXPECT_EQ(stranger.exitCode, 2);
  EXPECT_THAT(stranger.err, HasSubstr("not in the compile database"));
}

TEST_F(CliTest, CodeThatDoesNotCompileIsAnalyzedAndListed) {
  write("src/broken.cc", std::string(kRacy) + "void oops() { undeclared_call(); }\n");
  // A CI gate must not read "clean" when part of the code was not analyzed.
  Outcome gate = concur({"scan", path("src")});
  EXPECT_EQ(gate.exitCode, 2) << gate.err;
  EXPECT_THAT(gate.err, HasSubstr("1 translation unit had compile errors"));
  EXPECT_THAT(gate.out, HasSubstr("[concur-racy-lazy-init]"));  // results still written
  Outcome r = concur({"scan", path("src"), "--allow-compile-errors"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("[concur-racy-lazy-init]"));
  EXPECT_THAT(r.out, HasSubstr("broken.cc: analyzed with compile errors: broken.cc:12: use of "
                               "undeclared identifier 'undeclared_call'"));
  EXPECT_THAT(r.err, Not(HasSubstr("generated")));  // no compiler chatter: the summary says it
}

TEST_F(CliTest, HeaderFindingIsReportedOnceForManyIncluders) {
  write("src/include/lazy.h", std::string("#pragma once\n") + kRacy);
  write("src/a.cc", "#include \"include/lazy.h\"\n");
  write("src/b.cc", "#include \"include/../include/lazy.h\"\n");
  write("src/c.cc", "#include \"include/lazy.h\"\nint c;\n");
  Outcome r = concur({"scan", path("src")});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("concur: 1 finding (1 warning) in 3 translation units"));
}

// TUs parsed at once by several threads ask about their own records. The
// vocabulary's per-record memos were once shared by the threads: a scan of
// this shape crashed in one run out of 7 to 30, depending on the load, so
// this test caught it only some of the time.
TEST_F(CliTest, TusParsedInParallelGiveTheSameReportEveryRun) {
  write("src/shared.h", std::string("#pragma once\n") + kRacy);
  for (int i = 0; i < 6; ++i)
    write("src/part" + std::to_string(i) + ".cc",
          "#include \"shared.h\"\n#include <map>\nstd::map<int, int> g" + std::to_string(i) +
              ";\nvoid put" + std::to_string(i) + "() { g" + std::to_string(i) + "[1] = 2; }\n");
  std::string first;
  for (int run = 0; run < 5; ++run) {
    Outcome r = concur({"scan", path("src"), "-j", "4", "--format", "json", "-o", path("out.json")});
    ASSERT_EQ(r.exitCode, 1) << "run " << run << ": " << r.err;
    auto report = llvm::json::parse(slurp(path("out.json")));
    ASSERT_TRUE(bool(report)) << "run " << run;
    const std::string findings = llvm::formatv("{0}", *report->getAsObject()->get("findings")).str();
    if (run == 0) first = findings;
    EXPECT_EQ(findings, first) << "run " << run;
  }
}

TEST_F(CliTest, VeryLargeFileFinishes) {
  std::string big = "#include <mutex>\nstd::mutex m;\n";
  for (int i = 0; i < 20000; ++i)
    big += "int f" + std::to_string(i) + "(int x) { std::lock_guard<std::mutex> g(m); return x + " +
           std::to_string(i) + "; }\n";
  // The last function holds a hazard: found only if the whole file was analyzed.
  big += "#include <memory>\nstruct Tail { std::unique_ptr<std::mutex> mu_; void f() {\n"
         "  if (!mu_) mu_ = std::make_unique<std::mutex>();\n  std::lock_guard<std::mutex> g(*mu_); } };\n";
  write("src/big.cc", big);
  Outcome r = concur({"scan", path("src"), "--format", "json", "--output", path("big.json"), "--quiet"});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  auto json = llvm::json::parse(slurp(path("big.json")));
  ASSERT_TRUE(bool(json));
  const auto* findings = json->getAsObject()->getArray("findings");
  ASSERT_EQ(findings->size(), 1u);
  EXPECT_EQ((*findings)[0].getAsObject()->getInteger("line"), 20005);
}

// A bad config file is one line that names the file and line once, as
// docs/config.md shows (`concur: error: proj/.concur.yaml:2: unknown ...`);
// the report's "not analyzed" line names it once too.
TEST_F(CliTest, ConfigErrorNamesTheFileOnce) {
  write("proj/a.cc", "int main() {}\n");
  write("proj/.concur.yaml", "vocabulary:\n  taskTypez: [x]\n");
  Outcome r = concur({"scan", path("proj/a.cc")});
  EXPECT_EQ(r.exitCode, 2) << r.out << r.err;
  const std::string config = path("proj/.concur.yaml");
  EXPECT_THAT(r.err, HasSubstr("concur: error: " + config + ":2: unknown option 'taskTypez' of vocabulary"));
  EXPECT_THAT(r.out, HasSubstr("concur: not analyzed: " + config + ":2: unknown option 'taskTypez'"));
  EXPECT_THAT(r.err + r.out, Not(HasSubstr(config + ": " + config)));
}

TEST_F(CliTest, ConfigErrorNamesTheFileOnceInEveryReport) {
  write("proj/a.cc", "int main() {}\n");
  write("proj/.concur.yaml", "vocabulary:\n  taskTypez: [x]\n");
  Outcome r = concur({"scan", path("proj/a.cc"), "--output", path("r.md"), "--output", path("r.html"), "--output",
                      path("r.sarif")});
  EXPECT_EQ(r.exitCode, 2) << r.out << r.err;
  const std::string config = path("proj/.concur.yaml");
  const std::string markdown = slurp(path("r.md"));
  const std::string html = slurp(path("r.html"));
  const std::string sarif = slurp(path("r.sarif"));
  // The place is the file and line; the reason follows without naming the file again.
  EXPECT_THAT(markdown, HasSubstr("- not analyzed: `" + config + ":2`: unknown option 'taskTypez'"));
  EXPECT_THAT(html, HasSubstr("not analyzed: <span class=\"where\">" + config + ":2</span>: unknown option"));
  EXPECT_THAT(sarif, HasSubstr("not analyzed: " + config + ":2: unknown option 'taskTypez'"));
  auto times_named = [&](const std::string& report) {
    size_t count = 0;
    for (size_t at = report.find(config); at != std::string::npos; at = report.find(config, at + 1)) ++count;
    return count;
  };
  EXPECT_EQ(times_named(markdown), 1u) << markdown;
  EXPECT_EQ(times_named(html), 1u);
  EXPECT_EQ(times_named(sarif), 1u) << sarif;
}

TEST_F(CliTest, TuOverTheTimeLimitIsListedAndTheScanGoesOn) {
  // 1,000,000 functions take far longer than the limit (about 60 s unloaded); the small TU
  // beside it includes nothing and parses in milliseconds, so a loaded machine still finishes
  // it well inside the limit.
  std::string big;
  big.reserve(40u << 20);
  for (int i = 0; i < 1000000; ++i) big += "int f" + std::to_string(i) + "(int x) { return x + 1; }\n";
  write("src/huge.cc", big);
  write("src/small.cc", R"cc(namespace std { struct mutex { void lock(); void unlock(); }; }
class Conn {
 public:
  void Send() {
    if (!mu_) mu_ = new std::mutex;
    mu_->lock();
    mu_->unlock();
  }
 private:
  std::mutex* mu_ = nullptr;
};
)cc");
  Outcome r = concur({"scan", path("src"), "--tu-timeout", "5"});
  EXPECT_EQ(r.exitCode, 2) << r.out << r.err;  // a TU not analyzed: not a clean result
  EXPECT_THAT(r.err, HasSubstr("huge.cc: not analyzed: it took longer than the time limit (5 s)"));
  EXPECT_THAT(r.err, Not(HasSubstr("small.cc: not analyzed")));
  EXPECT_THAT(r.out, HasSubstr("small.cc:5:15: warning: 'mu_' is created lazily"));  // analyzed
  EXPECT_THAT(r.out, HasSubstr("1 over the time limit"));
}

TEST_F(CliTest, ExtraFlagsAfterDashesReachTheCompiler) {
  write("src/flagged.cc", std::string("#ifdef CONCUR_TEST_FLAG\n") + kRacy + "#endif\n");
  EXPECT_EQ(concur({"scan", path("src")}).exitCode, 0);
  EXPECT_EQ(concur({"scan", path("src"), "--", "-DCONCUR_TEST_FLAG"}).exitCode, 1);
}

// Without a database the root's headers are found by `#include "..."` and, after the
// system's, by `#include <...>`: a project header named like a C library one must not
// replace the one <pthread.h> includes, and a header under the root still resolves from a
// file in a subdirectory.
TEST_F(CliTest, ProjectHeadersNamedLikeSystemOnesDoNotShadowThem) {
  write("src/sched.h", "#pragma once\n#include <pthread.h>\nstruct sched { pthread_mutex_t lock; int n; };\n");
  write("src/util/bump.h", "#pragma once\nvoid bump(struct sched* s);\n");
  write("src/util/bump.c", "#include \"sched.h\"\n#include \"util/bump.h\"\n"
                           "void bump(struct sched* s) { pthread_mutex_lock(&s->lock); s->n++; "
                           "pthread_mutex_unlock(&s->lock); }\n");
  write("src/main.c", "#include <sched.h>\n#include \"sched.h\"\n#include <util/bump.h>\n"
                      "int main(void) { struct sched s = {PTHREAD_MUTEX_INITIALIZER, 0}; bump(&s); "
                      "return sched_yield(); }\n");
  Outcome r = concur({"scan", path("src")});
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("concur: 0 findings in 2 translation units"));
}

// Without a database a C file is compiled in the dialect `cc` uses (gnu17): a pthread
// program that makes a recursive mutex needs no feature macro, as with a plain build.
TEST_F(CliTest, CFilesWithoutADatabaseSeeThePosixDeclarationsAPlainBuildSees) {
  write("src/recursive.c",
        "#include <pthread.h>\n"
        "static pthread_mutex_t m;\n"
        "void init(void) { pthread_mutexattr_t a; pthread_mutexattr_init(&a);\n"
        "  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE); pthread_mutex_init(&m, &a); }\n");
  Outcome r = concur({"scan", path("src")});
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("concur: 0 findings in 1 translation unit"));
}

// `-- -std=c++17` on a tree of C++ and C files: the C files keep a C standard.
TEST_F(CliTest, ALanguageStandardAfterDashesReachesOnlyItsLanguage) {
  write("src/a.cc", "#include <optional>\nstd::optional<int> f() { return 1; }\n");
  write("src/b.c", "#include <stdbool.h>\nbool g(void) { return true; }\n");
  Outcome r = concur({"scan", path("src"), "--", "-std=c++17", "-DUNUSED=1"});
  EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("concur: 0 findings in 2 translation units"));
  EXPECT_EQ(concur({"scan", path("src"), "--", "-std=c11"}).exitCode, 0);
}

TEST_F(CliTest, ChecksAndExplain) {
  Outcome list = concur({"checks"});
  EXPECT_EQ(list.exitCode, 0);
  EXPECT_THAT(list.out, HasSubstr("concur-racy-lazy-init"));
  EXPECT_THAT(list.out, HasSubstr("concur-locked-callback"));
  EXPECT_THAT(list.out, HasSubstr("concur-shared-global-cache"));
  Outcome explain = concur({"explain", "concur-locked-callback"});
  EXPECT_EQ(explain.exitCode, 0);
  EXPECT_THAT(explain.out, HasSubstr("# concur-locked-callback"));
  Outcome unknown = concur({"explain", "concur-nope"});
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_THAT(unknown.err, HasSubstr("no check named 'concur-nope'"));
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(concur({"scan", "--no-such-option"}).exitCode, 2);
  EXPECT_EQ(concur({"scan", "--format", "xml", "x.cc"}).exitCode, 2);
  EXPECT_EQ(concur({}).exitCode, 2);
}

}  // namespace

namespace {

TEST_F(CliTest, CliReferenceDocumentsEveryOption) {
  const std::string doc = slurp(CONCUR_SOURCE_DIR "/docs/cli.md");
  ASSERT_FALSE(doc.empty());
  for (const char* command : {"scan", "merge"}) {
    Outcome help = concur({command, "--help"});
    ASSERT_EQ(help.exitCode, 0);
    std::istringstream lines(help.out.substr(help.out.find("concur scan options:")));
    std::string line;
    while (std::getline(lines, line)) {
      const size_t dash = line.find_first_not_of(' ');
      if (dash == std::string::npos || line[dash] != '-') continue;
      const std::string option = line.substr(dash, line.find_first_of(" =", dash) - dash);
      EXPECT_THAT(doc, HasSubstr("`" + option)) << option << " is not in docs/cli.md";
    }
  }
}

}  // namespace
