// Reports and CI behaviour: HTML and Markdown, baselines, --fail-on,
// .concur.yaml, the result cache, sharding and merging.
#include "CliFixture.h"

#include <regex>

using ::testing::HasSubstr;
using ::testing::Not;
using namespace concur_test;

namespace {

const char* const kThreeHazards = R"cc(#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
namespace money {
std::map<std::string, double> g_rates;
void add_rate(const std::string& key, double rate) { g_rates[key] = rate; }
}  // namespace money
class Bus {
 public:
  void Fire(int v) { std::lock_guard<std::mutex> g(mu_); on_event_(v); }
  void Subscribe(std::function<void(int)> f) { std::lock_guard<std::mutex> g(mu_); on_event_ = std::move(f); }
 private:
  std::mutex mu_;
  std::function<void(int)> on_event_;
};
)cc";

class ReportsTest : public CliTest {};

TEST_F(ReportsTest, MarkdownIsShortAndCapped) {
  // A library that takes a lock somewhere is built for threads: its entry
  // points may run concurrently.
  std::string many = "#include <map>\n#include <mutex>\nstd::map<int, int> g;\nstd::mutex m;\n"
                     "void locked() { std::lock_guard<std::mutex> l(m); }\n";
  for (int i = 0; i < 30; ++i) many += "void put" + std::to_string(i) + "() { g[" + std::to_string(i) + "] = 1; }\n";
  write("src/many.cc", many);
  Outcome r = concur({"scan", path("src"), "--format", "markdown"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.out, HasSubstr("### concur: 30 findings (30 warnings)"));
  EXPECT_THAT(r.out, HasSubstr("| `concur-shared-global-cache` | 30 |"));
  EXPECT_THAT(r.out, HasSubstr("…and 10 more."));
  EXPECT_LT(std::count(r.out.begin(), r.out.end(), '\n'), 40);
}

TEST_F(ReportsTest, HtmlIsSelfContainedWithSourceContext) {
  write("src/bank.cc", kThreeHazards);
  Outcome r = concur({"scan", path("src"), "--format", "html", "--output", path("report.html")});
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("concur: 2 findings"));  // text still on stdout
  const std::string html = slurp(path("report.html"));
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, Not(HasSubstr("http://")));  // no external assets
  EXPECT_THAT(html, Not(HasSubstr("src=\"")));
  EXPECT_THAT(html, HasSubstr("global container 'money::g_rates' is modified (operator[])"));
  EXPECT_THAT(html, HasSubstr("<span class=\"primary\"><span class=\"ln\">8</span>"));
  EXPECT_THAT(html, HasSubstr("id=\"check-concur-locked-callback\""));
  EXPECT_THAT(html, HasSubstr("href=\"#check-concur-shared-global-cache\""));
  EXPECT_THAT(html, HasSubstr("'Bus::Subscribe' also locks 'mu_'"));
}

TEST_F(ReportsTest, HtmlRendersInHeadlessChromium) {
  ASSERT_TRUE(llvm::sys::fs::can_execute("/usr/bin/chromium"))
      << "chromium is not installed: run scripts/setup.sh --test";
  write("src/bank.cc", kThreeHazards);
  ASSERT_EQ(concur({"scan", path("src"), "--format", "html", "-o", path("report.html")}).exitCode, 1);
  llvm::SmallString<128> profile;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("concur-chromium", profile));
  std::vector<std::string> args = {"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                   "--disable-quic", "--no-first-run", "--disable-background-networking",
                                   "--disable-component-update", "--disable-sync",
                                   "--user-data-dir=" + std::string(profile), "--dump-dom",
                                   "file://" + path("report.html")};
  std::vector<llvm::StringRef> refs(args.begin(), args.end());
  const std::string dom = path("dom.html"), log = path("chromium.log");
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(dom), llvm::StringRef(log)};
  std::string failure;
  const int code = llvm::sys::ExecuteAndWait(args[0], refs, std::nullopt, redirects, 120, 0, &failure);
  llvm::sys::fs::remove_directories(profile);
  ASSERT_EQ(code, 0) << failure << slurp(log);
  const std::string rendered = slurp(dom);
  // The DOM Chromium built holds both findings with their messages and source.
  size_t sections = 0;
  for (size_t at = 0; (at = rendered.find("<section class=\"finding warning\"", at)) != std::string::npos; ++at)
    ++sections;
  EXPECT_EQ(sections, 2u) << rendered.substr(0, 2000);
  EXPECT_THAT(rendered, HasSubstr("calls the std::function 'on_event_' while lock 'mu_' is held"));
  EXPECT_THAT(rendered, HasSubstr("void add_rate(const std::string&amp; key, double rate) { g_rates[key] = rate; }"));
}

TEST_F(ReportsTest, BaselineRoundTripFailsOnlyOnNewFindings) {
  write("src/bank.cc", kThreeHazards);
  Outcome first = concur({"scan", path("src"), "--write-baseline", path("baseline.json")});
  EXPECT_EQ(first.exitCode, 1);
  // Unrelated lines move; the known findings stay known.
  write("src/bank.cc", std::string("// header comment\n\n") + kThreeHazards);
  Outcome same = concur({"scan", path("src"), "--baseline", path("baseline.json")});
  EXPECT_EQ(same.exitCode, 0) << same.out;
  EXPECT_THAT(same.err, HasSubstr("2 known findings not reported, 0 entries now fixed"));
  // A new hazard appears, one old one is fixed.
  std::string edited = std::string("// header comment\n\n") + kThreeHazards;
  edited.replace(edited.find("g_rates[key] = rate;"), 20, "(void)rate;         ");
  edited += "std::map<int, int> g_new;\nvoid remember(int k) { g_new.emplace(k, k); }\n";
  write("src/bank.cc", edited);
  Outcome changed = concur({"scan", path("src"), "--baseline", path("baseline.json")});
  EXPECT_EQ(changed.exitCode, 1);
  EXPECT_THAT(changed.out, HasSubstr("'g_new' is modified (emplace)"));
  EXPECT_THAT(changed.out, Not(HasSubstr("on_event_")));
  EXPECT_THAT(changed.out, HasSubstr("concur: 1 finding"));
  EXPECT_THAT(changed.err, HasSubstr("1 known finding not reported, 1 entry now fixed"));
}

TEST_F(ReportsTest, CorruptOrForeignBaselineIsAnError) {
  write("src/bank.cc", kThreeHazards);
  write("garbage.json", "{{{");
  write("foreign.json", R"({"version": "2.1.0", "runs": []})");
  Outcome garbage = concur({"scan", path("src"), "--baseline", path("garbage.json")});
  EXPECT_EQ(garbage.exitCode, 2);
  EXPECT_THAT(garbage.err, HasSubstr("garbage.json: not a concur baseline (not JSON"));
  Outcome foreign = concur({"scan", path("src"), "--baseline", path("foreign.json")});
  EXPECT_EQ(foreign.exitCode, 2);
  EXPECT_THAT(foreign.err, HasSubstr("foreign.json: not a concur baseline (no 'concurBaseline' key"));
}

TEST_F(ReportsTest, FailOnSetsWhichSeveritiesFail) {
  write("src/rec.cc", R"cc(#include <functional>
#include <mutex>
struct Bus {
  std::recursive_mutex mu;
  std::function<void()> cb;
  void fire() { std::lock_guard<std::recursive_mutex> g(mu); cb(); }
};
)cc");
  EXPECT_EQ(concur({"scan", path("src")}).exitCode, 1);  // default: any finding
  EXPECT_EQ(concur({"scan", path("src"), "--fail-on=note"}).exitCode, 1);
  EXPECT_EQ(concur({"scan", path("src"), "--fail-on=warning"}).exitCode, 0);  // recursive: a note
  EXPECT_EQ(concur({"scan", path("src"), "--fail-on=never"}).exitCode, 0);
  EXPECT_EQ(concur({"scan", path("src"), "--fail-on=sometimes"}).exitCode, 2);
}

TEST_F(ReportsTest, ConfigFileOverridesAndRejectsUnknownKeysByLine) {
  write("proj/src/bank.cc", kThreeHazards);
  write("proj/.concur.yaml",
        "checks: '-concur-locked-callback'\nseverity:\n  concur-shared-global-cache: error\n");
  Outcome configured = concur({"scan", path("proj/src"), "--format", "json", "-o", path("r.json")});
  EXPECT_EQ(configured.exitCode, 1) << configured.err;
  const std::string json = slurp(path("r.json"));
  EXPECT_THAT(json, Not(HasSubstr("concur-locked-callback\"")));
  EXPECT_THAT(json, HasSubstr("\"severity\": \"error\""));

  write("proj/.concur.yaml", "allowGlobals: ['money::*']\n");
  EXPECT_THAT(concur({"scan", path("proj/src")}).out, Not(HasSubstr("g_rates")));

  write("proj/.concur.yaml", "checks: '*'\nexclued: [third_party/*]\n");
  Outcome typo = concur({"scan", path("proj/src")});
  EXPECT_EQ(typo.exitCode, 2);
  EXPECT_THAT(typo.err, HasSubstr(".concur.yaml:2: unknown key 'exclued'"));

  write("proj/.concur.yaml", "severity:\n  concur-shared-global-cache: fatal\n");
  Outcome bad = concur({"scan", path("proj/src")});
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_THAT(bad.err, HasSubstr(".concur.yaml:2: severity 'fatal' is not note, warning or error"));
}

TEST_F(ReportsTest, ConfigExcludesPaths) {
  write("proj/src/bank.cc", kThreeHazards);
  write("proj/third_party/lib.cc", kRacy);
  write("proj/.concur.yaml", "exclude: ['third_party/*']\n");
  Outcome r = concur({"scan", path("proj")});
  EXPECT_THAT(r.out, HasSubstr("in 1 translation unit"));
  EXPECT_THAT(r.out, Not(HasSubstr("lib.cc")));
}

TEST_F(ReportsTest, WarmCacheDoesNoParsing) {
  write("src/bank.cc", kThreeHazards);
  write("src/racy.cc", kRacy);
  Outcome cold = concur({"scan", path("src"), "--cache-dir", path("cache")});
  EXPECT_EQ(cold.exitCode, 1);
  EXPECT_THAT(cold.out, Not(HasSubstr("from the cache")));
  Outcome warm = concur({"scan", path("src"), "--cache-dir", path("cache")});
  EXPECT_THAT(warm.out, HasSubstr("in 2 translation units (2 from the cache)"));
  EXPECT_EQ(warm.exitCode, 1);
  // The same findings, word for word, apart from the timing.
  auto strip = [](std::string s) { return std::regex_replace(s, std::regex(" \\(.*s\\)\n$"), "\n"); };
  EXPECT_EQ(strip(warm.out.substr(0, warm.out.rfind("concur:"))),
            strip(cold.out.substr(0, cold.out.rfind("concur:"))));
  // Touching a file's content invalidates only that TU.
  write("src/racy.cc", std::string(kRacy) + "// edited\n");
  EXPECT_THAT(concur({"scan", path("src"), "--cache-dir", path("cache")}).out,
              HasSubstr("(1 from the cache)"));
}

// A cross-TU hazard: hub.cc holds the lock and calls Deliver, whose body in
// deliver.cc decides whether foreign code runs. A warm scan reuses the
// project result only while every TU's facts and the configuration are as
// they were; editing deliver.cc alone must change what is reported in hub.cc.
TEST_F(ReportsTest, WarmCacheSeesAChangeInAnotherTranslationUnit) {
  write("src/hub.h", R"cc(#pragma once
#include <mutex>
#include <vector>
struct Listener {
  virtual ~Listener() = default;
  virtual void OnEvent(int v) = 0;
  virtual bool wants(int v) const = 0;
};
class Hub {
 public:
  void Publish(int v);
  void Join(Listener* l);
 private:
  std::mutex mu_;
  std::vector<Listener*> listeners_;
};
void Deliver(const std::vector<Listener*>& ls, int v);
)cc");
  write("src/hub.cc", R"cc(#include "hub.h"
void Hub::Publish(int v) { std::lock_guard<std::mutex> g(mu_); Deliver(listeners_, v); }
void Hub::Join(Listener* l) { std::lock_guard<std::mutex> g(mu_); listeners_.push_back(l); }
)cc");
  const std::string only_asks = R"cc(#include "hub.h"
void Deliver(const std::vector<Listener*>& ls, int v) { int n = 0; for (auto* l : ls) n += l->wants(v); (void)n; }
)cc";
  const std::string notifies = R"cc(#include "hub.h"
void Deliver(const std::vector<Listener*>& ls, int v) { for (auto* l : ls) if (l->wants(v)) l->OnEvent(v); }
)cc";
  auto scan = [&](std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"scan", path("src"), "--cache-dir", path("cache")};
    args.insert(args.end(), extra.begin(), extra.end());
    return concur(args);
  };
  write("src/deliver.cc", only_asks);
  Outcome quiet = scan();
  EXPECT_EQ(quiet.exitCode, 0) << quiet.out << quiet.err;
  write("src/deliver.cc", notifies);
  Outcome loud = scan();
  EXPECT_THAT(loud.out, HasSubstr("(1 from the cache)"));
  EXPECT_THAT(loud.out, HasSubstr("hub.cc:2:"));
  EXPECT_THAT(loud.out, HasSubstr("[concur-locked-callback]"));
  // Everything from the cache, but another configuration: the checks run again.
  Outcome unchecked = scan({"--checks=-concur-locked-callback"});
  EXPECT_THAT(unchecked.out, HasSubstr("(2 from the cache)"));
  EXPECT_THAT(unchecked.out, Not(HasSubstr("[concur-locked-callback]")));
  EXPECT_THAT(scan().out, HasSubstr("[concur-locked-callback]"));
  // Back to the first content: the first scan's result again.
  write("src/deliver.cc", only_asks);
  Outcome quiet_again = scan();
  EXPECT_THAT(quiet_again.out, HasSubstr("(1 from the cache)"));
  EXPECT_EQ(quiet_again.exitCode, 0) << quiet_again.out;
}

TEST_F(ReportsTest, UnwritableCacheIsReportedAndTheScanStillRuns) {
  write("src/racy.cc", kRacy);
  write("not-a-dir", "file");
  Outcome r = concur({"scan", path("src"), "--cache-dir", path("not-a-dir/cache")});
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_THAT(r.err, HasSubstr("cache directory"));
  EXPECT_THAT(r.out, HasSubstr("[concur-racy-lazy-init]"));  // nothing lost
}

TEST_F(ReportsTest, ShardsMergedEqualOneFullScan) {
  for (int i = 0; i < 5; ++i)
    write("src/part" + std::to_string(i) + ".cc",
          "#include \"shared.h\"\n#include <map>\nstd::map<int,int> g" + std::to_string(i) +
              ";\nvoid put" + std::to_string(i) + "() { g" + std::to_string(i) + "[1] = 2; }\n");
  write("src/shared.h", std::string("#pragma once\n") + kRacy);
  ASSERT_EQ(concur({"scan", path("src"), "--format", "json", "-o", path("full.json")}).exitCode, 1);
  std::vector<std::string> shards;
  for (int k = 1; k <= 3; ++k) {
    const std::string facts = path("shard" + std::to_string(k) + ".facts");
    Outcome r = concur({"scan", path("src"), "--shard", std::to_string(k) + "/3", "--facts", facts});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("concur merge"));
    shards.push_back(facts);
  }
  std::vector<std::string> merge = {"merge"};
  merge.insert(merge.end(), shards.begin(), shards.end());
  merge.insert(merge.end(), {"--format", "json", "-o", path("merged.json")});
  Outcome merged_run = concur(merge);
  EXPECT_EQ(merged_run.exitCode, 1) << merged_run.err;
  // Every TU in exactly one shard.
  auto units = [&](const std::string& file) {
    auto json = llvm::json::parse(slurp(file));
    EXPECT_TRUE(bool(json));
    std::vector<std::string> out;
    for (const auto& unit : *json->getAsObject()->getArray("translationUnits"))
      out.push_back(unit.getAsString()->str());
    return out;
  };
  EXPECT_EQ(units(path("merged.json")).size(), 5u);
  EXPECT_EQ(units(path("merged.json")), units(path("full.json")));
  auto findings = [&](const std::string& file) {
    auto json = llvm::json::parse(slurp(file));
    EXPECT_TRUE(bool(json));
    std::vector<std::string> out;
    for (const auto& f : *json->getAsObject()->getArray("findings")) {
      const auto* o = f.getAsObject();
      out.push_back(o->getString("file")->str() + ":" + std::to_string(*o->getInteger("line")) + " " +
                    o->getString("check")->str() + " " + o->getString("fingerprint")->str());
    }
    return out;
  };
  const auto merged = findings(path("merged.json"));
  EXPECT_EQ(merged.size(), 6u);  // five globals and the header finding once
  EXPECT_EQ(merged, findings(path("full.json")));
}

// The project phase runs its per-function lock flows on -j threads: the
// findings, their messages and their notes do not depend on how many.
TEST_F(ReportsTest, ThreadCountDoesNotChangeFindings) {
  const std::string corpus = std::string(CONCUR_SOURCE_DIR) + "/corpus/locked-callback";
  auto everything = [&](const std::string& file) {
    auto json = llvm::json::parse(slurp(file));
    EXPECT_TRUE(bool(json));
    std::string out;
    llvm::raw_string_ostream os(out);
    os << *json->getAsObject()->get("findings");
    return out;
  };
  const std::vector<std::string> files = {corpus + "/callbacks_under_lock.cc", corpus + "/callbacks_more.cc",
                                          corpus + "/heap_tables.c", corpus + "/null_tolerant_locks.c"};
  auto scan = [&](const char* jobs, const std::string& report) {
    std::vector<std::string> args = {"scan"};
    args.insert(args.end(), files.begin(), files.end());
    args.insert(args.end(), {jobs, "--format", "json", "-o", path(report)});
    return concur(args).exitCode;
  };
  ASSERT_EQ(scan("-j1", "one.json"), 1);
  ASSERT_EQ(scan("-j3", "three.json"), 1);
  const std::string one = everything(path("one.json"));
  EXPECT_THAT(one, HasSubstr("concur-locked-callback"));
  EXPECT_EQ(one, everything(path("three.json")));
}

// internalNamespacePattern is read by the project phase only: changing it
// reuses every cached TU and merges kept facts, and still changes the result.
// A change of what extraction reads (mutexTypes) does neither.
TEST_F(ReportsTest, ProjectPhaseOptionsReuseFacts) {
  write("src/plumb.cc", R"cc(#include <functional>
#include <mutex>
namespace plumbing {
std::mutex mu;
void run_locked(const std::function<void()>& f) {
  std::lock_guard<std::mutex> lock(mu);
  f();
}
}  // namespace plumbing
)cc");
  Outcome cold = concur({"scan", path("src"), "--cache-dir", path("cache"), "--facts", path("whole.facts")});
  EXPECT_EQ(cold.exitCode, 1) << cold.out;  // an exported function runs its caller's callable
  write("src/.concur.yaml", "vocabulary:\n  internalNamespacePattern: '(^|::)plumbing::'\n");
  Outcome warm = concur({"scan", path("src"), "--cache-dir", path("cache")});
  EXPECT_EQ(warm.exitCode, 0) << warm.out;  // the project's own plumbing: no outside caller
  EXPECT_THAT(warm.out, HasSubstr("(1 from the cache)"));
  Outcome merged = concur({"merge", path("whole.facts"), "--config", path("src/.concur.yaml")});
  EXPECT_EQ(merged.exitCode, 0) << merged.err;
  EXPECT_THAT(merged.err, Not(HasSubstr("vocabulary")));
  write("other.yaml", "vocabulary:\n  mutexTypes: [my::Mutex]\n");
  Outcome refused = concur({"merge", path("whole.facts"), "--config", path("other.yaml")});
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_THAT(refused.err, HasSubstr("whole.facts: the facts were made with another vocabulary"));
  write("src/.concur.yaml", "vocabulary:\n  mutexTypes: [my::Mutex]\n");
  EXPECT_THAT(concur({"scan", path("src"), "--cache-dir", path("cache")}).out, Not(HasSubstr("from the cache")));
}

TEST_F(ReportsTest, BadShardSpecsAndMergeInputs) {
  write("src/racy.cc", kRacy);
  for (const char* spec : {"3/2", "0/0", "1/0", "x/y", "2"}) {
    Outcome r = concur({"scan", path("src"), "--shard", spec});
    EXPECT_EQ(r.exitCode, 2) << spec;
    EXPECT_THAT(r.err, HasSubstr("--shard")) << spec;
  }
  write("notsarif.txt", "hello");
  write("other.sarif", R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "clang-tidy"}}, "results": []}]})");
  write("old.sarif", R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "concur", "version": "0.0.1"}}, "results": []}]})");
  EXPECT_THAT(concur({"merge", path("notsarif.txt")}).err,
              HasSubstr("notsarif.txt: neither concur facts nor a concur SARIF report"));
  EXPECT_THAT(concur({"merge", path("other.sarif")}).err, HasSubstr("other.sarif: SARIF from another tool"));
  Outcome old = concur({"merge", path("old.sarif")});
  EXPECT_EQ(old.exitCode, 2);
  EXPECT_THAT(old.err, HasSubstr("old.sarif: written by concur 0.0.1"));
  // A facts file cut short (a shard job killed while writing) names what is missing.
  write("src/other.cc", kRacy);
  ASSERT_EQ(concur({"scan", path("src"), "--facts", path("whole.facts")}).exitCode, 1);  // kRacy's finding
  const std::string whole = slurp(path("whole.facts"));
  const size_t last_tu = whole.rfind('\n', whole.size() - 2);
  ASSERT_NE(last_tu, std::string::npos);
  write("cut.facts", whole.substr(0, last_tu + 1));
  Outcome cut = concur({"merge", path("cut.facts")});
  EXPECT_EQ(cut.exitCode, 2);
  EXPECT_THAT(cut.err, HasSubstr("cut.facts: holds 1 of the 2 translation units its header lists"));
  write("torn.facts", whole.substr(0, whole.size() - 20));
  Outcome torn = concur({"merge", path("torn.facts")});
  EXPECT_EQ(torn.exitCode, 2);
  EXPECT_THAT(torn.err, HasSubstr("torn.facts: line 3 is not JSON"));
  // TUs are read in parallel: with two bad lines, the first is the one named,
  // whichever thread met which.
  const size_t first_tu = whole.find('\n');
  write("bad-twice.facts", whole.substr(0, first_tu + 1) + "{\"not\": facts\n" +
                               whole.substr(last_tu + 1, whole.size() - last_tu - 20));
  for (const char* jobs : {"-j1", "-j2", "-j8"}) {
    Outcome bad = concur({"merge", path("bad-twice.facts"), jobs});
    EXPECT_EQ(bad.exitCode, 2) << jobs;
    EXPECT_THAT(bad.err, HasSubstr("bad-twice.facts: line 2 is not JSON")) << jobs;
  }
}

}  // namespace

namespace {

TEST_F(ReportsTest, ProgressLineOnlyOnATerminal) {
  write("src/a.cc", kClean);
  write("src/b.cc", kRacy);
  // Not a terminal (the fixture redirects to files): no progress line.
  Outcome plain = concur({"scan", path("src")});
  EXPECT_THAT(plain.err, Not(HasSubstr("[1/2]")));
  // On a terminal, via script(1)'s pseudo-terminal.
  ASSERT_TRUE(llvm::sys::fs::can_execute("/usr/bin/script"));
  const std::string command = std::string(CONCUR_BINARY) + " scan -j1 " + path("src");
  std::vector<llvm::StringRef> args = {"/usr/bin/script", "-qec", command, "/dev/null"};
  const std::string out = path("tty.txt");
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(out), llvm::StringRef(out)};
  llvm::sys::ExecuteAndWait("/usr/bin/script", args, std::nullopt, redirects, 120);
  const std::string tty = slurp(out);
  EXPECT_THAT(tty, HasSubstr("[1/2]"));
  EXPECT_THAT(tty, HasSubstr("[2/2]"));
  EXPECT_THAT(tty, HasSubstr("a.cc"));
  // --quiet silences it.
  const std::string quietCommand = command + " --quiet --format json --output /dev/null";
  args = {"/usr/bin/script", "-qec", quietCommand, "/dev/null"};
  llvm::sys::fs::remove(out);
  llvm::sys::ExecuteAndWait("/usr/bin/script", args, std::nullopt, redirects, 120);
  EXPECT_THAT(slurp(out), Not(HasSubstr("[1/2]")));
}

}  // namespace

namespace {

// SARIF that GitHub code scanning and the spec accept: Microsoft's SARIF
// Multitool (`validate --rule-kind "Sarif;Gh"`) reports no error and no
// warning on a report with findings of every kind, notes and compile errors.
TEST_F(ReportsTest, SarifPassesTheMultitoolWithGitHubRules) {
  const std::string tool = CONCUR_SARIF_MULTITOOL;
  if (tool.empty()) GTEST_SKIP() << "the SARIF Multitool is not installed (scripts/setup.sh --test installs it)";
  write("src/bank.cc", kThreeHazards);
  write("src/racy.cc", kRacy);
  write("src/broken.cc", "void f() { undeclared(); }\n");
  Outcome scan = concur({"scan", path("src"), "--format", "sarif", "--output", path("r.sarif"), "--quiet"});
  ASSERT_EQ(scan.exitCode, 2) << scan.err;  // compile errors: still written
  const std::string validation = path("validation.sarif");
  const std::string command = "'" + tool + "' validate '" + path("r.sarif") +
                              "' --rule-kind 'Sarif;Gh' --log ForceOverwrite -o '" + validation +
                              "' > '" + path("validate.log") + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << slurp(path("validate.log"));
  auto json = llvm::json::parse(slurp(validation));
  ASSERT_TRUE(bool(json)) << llvm::toString(json.takeError());
  const auto* run = (*json->getAsObject()->getArray("runs"))[0].getAsObject();
  const auto* results = run->getArray("results");
  std::string problems;
  if (results)
    for (const auto& result : *results) {
      const auto* r = result.getAsObject();
      problems += r->getString("ruleId").value_or("?").str() + " ";
      if (const auto* message = r->getObject("message"))
        if (const auto* arguments = message->getArray("arguments"))
          for (const auto& argument : *arguments) problems += argument.getAsString().value_or("").str() + " ";
      problems += "\n";
    }
  EXPECT_TRUE(!results || results->empty()) << problems << slurp(path("validate.log"));
}

}  // namespace

TEST_F(ReportsTest, WaitPredicateEvaluatorsOptionMakesAPrimitivesPredicateNotACallback) {
  // A home-made wait primitive in the shape of absl::Mutex::Await(Condition): the predicate is a
  // function pointer the users pass, evaluated with the lock held.
  write("proj/src/gate.cc", R"cc(
#include <mutex>
class Gate {
 public:
  Gate(bool (*ready)(void*), void* arg) : ready_(ready), arg_(arg) {}
  bool Eval() const { return ready_(arg_); }
 private:
  bool (*ready_)(void*);
  void* arg_;
};
class Queue {
 public:
  void Await(const Gate& gate) {
    std::unique_lock<std::mutex> lock(mu_);
    while (!gate.Eval()) {
      lock.unlock();
      lock.lock();
    }
  }
 private:
  std::mutex mu_;
};
)cc");
  const Outcome by_default = concur({"scan", path("proj/src"), "--format", "json", "-o", path("a.json")});
  EXPECT_EQ(by_default.exitCode, 1) << by_default.err;
  EXPECT_THAT(slurp(path("a.json")), HasSubstr("concur-locked-callback"));

  write("proj/.concur.yaml", "options:\n  concur-locked-callback:\n    waitPredicateEvaluators: [Gate::Eval]\n");
  const Outcome configured = concur({"scan", path("proj/src"), "--format", "json", "-o", path("b.json")});
  EXPECT_EQ(configured.exitCode, 0) << configured.err;
  EXPECT_THAT(slurp(path("b.json")), Not(HasSubstr("concur-locked-callback")));
}
