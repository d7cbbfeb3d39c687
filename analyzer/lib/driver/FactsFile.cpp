#include "driver/FactsFile.h"

#include "facts/FactsJson.h"
#include "registry/CheckOptions.h"
#include "registry/CheckRegistry.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <optional>

namespace concur::analyzer_internal {
namespace {

// Format 2 is JSON Lines: a header object on the first line, then one TU's
// facts per line, so a reader holds one TU's JSON at a time (format 1, one
// document, took 24 GB to read glib's 186 MB of facts). Format 3 adds what
// is stored into pointer fields (store_object) and returned locals. Format 4
// adds the functions whose address escapes other than into the project's own
// function pointers (address_escapes) and what factories of polymorphic
// objects return (returns_made). Format 5 adds the handles of started threads
// and their joins (thread_join). Format 6 makes every construction of a local
// or a member by a constructor the project wrote a call on that object (also
// without arguments), so a thread an object starts and joins is seen. Format 7
// describes the object a static pointer points to (VariableFact::pointer).
// Format 8 adds the locks a returned guard holds (returned_guard) and the
// factory call a guard local is initialized from. Format 10 names the
// mutex class a guard is built over (guard_begin's text), so a project mutex
// made recursive in another TU is recursive under a guard too. Format 11
// keys the callable fields of records a class keeps private by the field (a
// transition table's `action`, built from braces or by the record's
// constructor) and marks the methods of such records private. Format 12
// records changes to container fields of the object a method runs on, as
// it records those to what a parameter refers to (a container handed in).
// Format 13 names the class of a project mutex on its releases too, so the
// project phase can take `checking.Unlock ()` as the release of the member
// mutex `Ledger::Lock ()` locks, and marks factories that set up a fresh
// object's member mutex plain (function_flags::makes_plain_lock), and
// extracts the virtual methods of the project's class template
// specializations constructed only inside skipped system bodies. Format 14
// names the project's guard constructor on a guard's construction
// (guard_begin's callee), so a reader's guard class of the project holds
// its lock shared. Format 15 records an array of tables stored into a
// table pointer (`l->entry_map = default_entries`) as the address of its
// elements. Format 16 names each TU's build target, so the functions of a
// program's other sources are known to be linked into that program only.
// Format 17 marks a constructor that sets up its own member mutex recursive
// (makes_recursive_lock), so a class built on it as a base is recursive.
// Format 18 says which TU defines a global (VariableFact::defined), so a
// library's hook variable the project only declares is known as the library's.
// Format 19 lists the methods a call through a member-pointer parameter may
// run, gives a lambda written in a template one identity per
// instantiation of the function around it, and records a map's operator[]
// whose element is incremented or bound to a changing reference as an insert.
// Format 20 lists the container fields of a C struct global (`GQueue pending`
// in `struct ingest`) and marks a thread's own slot handed by address.
// Format 21 records what a local function pointer is set to
// (`GErrorClearFunc clear = info->clear;`), and a function pointer whose
// address a call is given as set to an unknown value. Format 22 records
// the function pointers a function returns as stores into its call's result.
// Format 23 names every build target a TU's source is compiled into, not
// only its first command's (a test's sources built into two test binaries).
// Format 24 records what a member's in-class initializer stores in a
// callable member (`std::function<void (long)> on_tick_ = [this] ...`), also
// in the constructors the compiler writes. Format 25 records a function
// that returns what one call returns: a call through a function pointer
// (`return (*fb[i]) ();`: a getter from a table of getters), or a `new`'s
// constructor (`return new LruCache (capacity, deleter);`). Format 26 gives
// the blocks of a `try` body the handlers' dispatch block as a successor.
// Format 27 records branches on a scalar parameter and the truth of scalar
// call arguments (a constant, or a parameter passed on). Format 28 adds
// branches on a field of a struct parameter and the constant fields of
// struct arguments. Format 29 adds `std::optional` fields: a branch on
// `o.notify.value_or (true)`, `has_value ()` or `*o.limit`, and whether a
// struct argument's optional is engaged and with what, and the constant fields of
// a const member every constructor gives the same constants; a branch may ask through a
// one-line const accessor of the struct (`flags.has (kLocked)`), and a logical operator
// under a `!` decides per operand (the blocks that join it are threaded); a helper of the
// TU that only assigns constants to a struct local's fields counts as those assignments;
// a test may order the flag against the constant (`limit <= 0`: "pr", "ps"); braces that
// mix constants with run-time data give each field its own initializer's value.
// Format 30 adds the constant fields of const structs other TUs declare `extern`
// ("constant_structs"), and an argument's struct whose other fields come from one ("vg").
// Format 31 gives a call of a callable parameter its arguments, as a call's ("a"), an
// argument the caller owns as a slot index its source ("os"), and an own-slot access its own.
constexpr int64_t kFormat = 31;

llvm::Error fail(llvm::StringRef path, const llvm::Twine& reason) {
  // The caller names the file; writing it names it too.
  (void)path;
  return llvm::createStringError(std::errc::invalid_argument, "%s", reason.str().c_str());
}

llvm::json::Array problems(const std::vector<InputProblem>& list) {
  llvm::json::Array out;
  for (const auto& p : list) out.push_back(llvm::json::Array{p.input, p.reason});
  return out;
}

std::vector<InputProblem> problems_from(const llvm::json::Object& o, llvm::StringRef key) {
  std::vector<InputProblem> out;
  if (const auto* list = o.getArray(key))
    for (const auto& item : *list)
      if (const auto* pair = item.getAsArray(); pair && pair->size() == 2)
        out.push_back({(*pair)[0].getAsString().value_or("").str(),
                       (*pair)[1].getAsString().value_or("").str()});
  return out;
}

}  // namespace

std::string vocabulary_key(const AnalyzerConfig& config) {
  std::string material;
  const CheckOptions vocabulary(config, "vocabulary");
  for (const auto& option : vocabulary_options()) {
    if (!option.extraction) continue;  // read by the project phase, which merge runs again
    material += option.name;
    for (const auto& entry : vocabulary.list(option.name)) material += '\0' + entry;
    material += '\1';
  }
  std::string hex;
  llvm::raw_string_ostream os(hex);
  os << llvm::format_hex_no_prefix(llvm::xxh3_64bits(llvm::StringRef(material)), 16);
  return os.str();
}

llvm::Error write_facts_file(llvm::StringRef path, const ShardFacts& shard) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) return fail(path, "cannot write facts: " + ec.message());
  os << llvm::json::Value(llvm::json::Object{
      {"concurFacts", kFormat},
      {"concurVersion", std::string(version())},
      {"root", shard.root},
      {"vocabulary", shard.vocabulary_key},
      {"translationUnits", llvm::json::Array(shard.translation_units)},
      {"inputErrors", problems(shard.input_errors)},
      {"compileErrors", problems(shard.compile_errors)},
      {"timedOut", problems(shard.timed_out)},
      {"cached", shard.cached_translation_units},
      {"tus", static_cast<int64_t>(shard.tus.size())}});
  for (const auto& tu : shard.tus) {
    os << '\n';
    write_tu_facts(os, tu);  // compact JSON: no newline inside
  }
  os << '\n';
  os.close();
  if (os.has_error()) return fail(path, "cannot write facts: " + os.error().message());
  return llvm::Error::success();
}

llvm::Expected<ShardFacts> read_facts_file(llvm::StringRef path, unsigned jobs) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) return fail(path, "cannot read facts: " + buffer.getError().message());
  llvm::StringRef rest = (*buffer)->getBuffer();
  llvm::StringRef first;
  std::tie(first, rest) = rest.split('\n');
  auto json = llvm::json::parse(first);
  if (!json) {
    llvm::consumeError(json.takeError());
    return fail(path, "neither concur facts nor a concur SARIF report (not JSON)");
  }
  const auto* o = json->getAsObject();
  if (!o || !o->getInteger("concurFacts"))
    return fail(path, "not a concur facts file (write one with concur scan --shard K/N --facts FILE)");
  if (*o->getInteger("concurFacts") != kFormat)
    return fail(path, "facts format " + llvm::Twine(*o->getInteger("concurFacts")) +
                          " is not supported (this concur reads format " + llvm::Twine(kFormat) +
                          "); scan again");
  if (o->getString("concurVersion").value_or("") != llvm::StringRef(version().data(), version().size()))
    return fail(path, "facts written by concur " + o->getString("concurVersion").value_or("?").str() +
                          ", this is " + std::string(version()));
  ShardFacts shard;
  shard.root = o->getString("root").value_or("").str();
  shard.vocabulary_key = o->getString("vocabulary").value_or("").str();
  if (const auto* units = o->getArray("translationUnits"))
    for (const auto& unit : *units) shard.translation_units.push_back(unit.getAsString().value_or("").str());
  shard.input_errors = problems_from(*o, "inputErrors");
  shard.compile_errors = problems_from(*o, "compileErrors");
  shard.timed_out = problems_from(*o, "timedOut");
  shard.cached_translation_units = static_cast<unsigned>(o->getInteger("cached").value_or(0));
  const int64_t expected = o->getInteger("tus").value_or(-1);
  // Each line is one TU, decoded on its own: in parallel, and a bad line is
  // reported by its number whichever thread read it first.
  std::vector<std::pair<size_t, llvm::StringRef>> lines;
  for (size_t line = 2; !rest.empty(); ++line) {
    llvm::StringRef text;
    std::tie(text, rest) = rest.split('\n');
    if (!text.trim().empty()) lines.emplace_back(line, text);
  }
  std::vector<std::optional<TuFacts>> decoded(lines.size());
  std::vector<std::string> problems(lines.size());
  auto decode = [&](size_t i) {
    const auto& [line, text] = lines[i];
    auto tu = llvm::json::parse(text);
    if (!tu) {
      llvm::consumeError(tu.takeError());
      problems[i] = "line " + std::to_string(line) + " is not JSON (a truncated or edited facts file?)";
      return;
    }
    auto facts = tu_facts_from_json(*tu);
    if (!facts) {
      problems[i] = "line " + std::to_string(line) + ": " + llvm::toString(facts.takeError());
      return;
    }
    decoded[i] = std::move(*facts);
  };
  if (jobs == 1 || lines.size() < 2) {
    for (size_t i = 0; i < lines.size(); ++i) decode(i);
  } else {
    llvm::DefaultThreadPool pool(llvm::hardware_concurrency(jobs));
    for (size_t i = 0; i < lines.size(); ++i) pool.async([&decode, i] { decode(i); });
    pool.wait();
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!problems[i].empty()) return fail(path, problems[i]);
    shard.tus.push_back(std::move(*decoded[i]));
  }
  if (expected >= 0 && static_cast<int64_t>(shard.tus.size()) != expected)
    return fail(path, "holds " + llvm::Twine(shard.tus.size()) + " of the " + llvm::Twine(expected) +
                          " translation units its header lists (truncated?)");
  return shard;
}

}  // namespace concur::analyzer_internal
