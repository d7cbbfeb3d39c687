// A project's mutex class is one lock with the member mutex its lock methods
// take. `checking.Lock ()` is seen where it is called as a lock of the
// object `checking` (the extractor knows only that the class has lock
// methods); the class's other methods guard the member directly
// (`std::lock_guard<std::mutex> g (mu_)` in `Ledger::Add`). Without this,
// `checking.Lock (); checking.Add (1);` would hold 'checking' and take
// 'checking.mu_': two locks, and no self-deadlock.
#include "project/Project.h"

#include <map>

namespace concur::analyzer_internal {
namespace {

using Path = std::vector<std::string>;

/// "ns::Ledger" for the method "ns::Ledger::Lock"; empty for an operator or
/// a name with no class.
std::string class_of(llvm::StringRef method) {
  int depth = 0;
  for (size_t i = method.size(); i-- > 1;) {
    const char c = method[i];
    if (c == '>') ++depth;
    else if (c == '<') --depth;
    else if (depth == 0 && c == ':' && method[i - 1] == ':') {
      if (method.substr(i + 1).starts_with("operator")) return {};
      return method.substr(0, i - 1).str();
    }
  }
  return {};
}

/// The member mutex a method takes and leaves held on its own object
/// (`void Lock () { mu_.lock (); }`), as a path of fields, with the class of
/// that member when it is a mutex class itself (`ledger_.Lock ()`); an empty
/// path when it takes none, or takes and releases it.
struct Taken {
  Path path;
  std::string member_class;
};

Taken member_taken(const FunctionFact& method) {
  Taken taken;
  std::vector<Path> released;
  for (const auto& block : method.blocks)
    for (const auto& event : block.events) {
      if (event.ref.root != RefRoot::this_object || !is_field_path(event.ref.path)) continue;
      if (event.kind == EventKind::release) released.push_back(event.ref.path);
      if (event.kind != EventKind::acquire || !event.has(event_flags::definitely)) continue;
      if (!taken.path.empty() && taken.path != event.ref.path) return {};  // two members: not one mutex
      taken = Taken{event.ref.path, event.text};
    }
  if (llvm::is_contained(released, taken.path)) return {};
  return taken;
}

void append_member(Ref& ref, const Path& member) {
  if (ref.path.size() >= member.size() && std::equal(member.begin(), member.end(), ref.path.end() - member.size()))
    return;
  llvm::append_range(ref.path, member);
  // `Lock ()` in the class's own method: 'mu_' (or 'ledger_.mu_'), not 'this'.
  if (ref.root == RefRoot::this_object && ref.path == member && (ref.display.empty() || ref.display == "this")) {
    ref.display.clear();
    for (const std::string& field : member) {
      if (!ref.display.empty()) ref.display += '.';
      ref.display += field_name(field);
    }
  }
}

}  // namespace

void Project::resolve_member_locks() {
  // What each class's lock methods take, as they spell it.
  std::map<std::string, Taken> direct;
  std::map<std::string, bool> conflicting;
  for (const auto& tu : tus_)
    for (const auto& function : tu.functions) {
      namespace f = function_flags;
      if (!function.has(f::method) || function.has(f::constructor) || function.has(f::destructor)) continue;
      const std::string owner = class_of(function.name);
      if (owner.empty()) continue;
      Taken taken = member_taken(function);
      if (taken.path.empty()) continue;
      auto [it, added] = direct.try_emplace(owner, taken);
      if (!added && it->second.path != taken.path) conflicting[owner] = true;
    }
  for (const auto& [owner, conflict] : conflicting) direct.erase(owner);
  // The whole path to the mutex: a wrapper of a wrapper (`void Lock () {
  // ledger_.Lock (); }`) takes the inner class's member through its own.
  std::map<std::string, Path> members;
  std::map<std::string, bool> resolving;
  auto resolve = [&](auto& self, const std::string& owner) -> const Path* {
    if (auto it = members.find(owner); it != members.end()) return &it->second;
    auto it = direct.find(owner);
    if (it == direct.end() || !resolving.try_emplace(owner, true).second) return nullptr;
    Path path = it->second.path;
    if (const Path* inner = self(self, it->second.member_class)) llvm::append_range(path, *inner);
    return &members.try_emplace(owner, std::move(path)).first->second;
  };
  for (const auto& [owner, taken] : direct) resolve(resolve, owner);
  for (auto& tu : tus_)
    for (auto& function : tu.functions) {
      // The locks as first spelled, and as they are now: a block's test of
      // whether a try-lock took its lock (`if (mu.TryLock ())`, `if (lk)`)
      // names the lock as its attempt did, and must go on naming the same one.
      std::vector<std::pair<Ref, Ref>> renamed;
      auto rename = [&](Ref& ref, const Path& member) {
        Ref before = ref;
        append_member(ref, member);
        if (!(before == ref)) renamed.emplace_back(std::move(before), ref);
      };
      for (auto& block : function.blocks)
        for (auto& event : block.events) {
          if (event.text.empty()) continue;
          auto it = members.find(event.text);
          if (it == members.end()) continue;
          if (event.kind == EventKind::acquire || event.kind == EventKind::release) rename(event.ref, it->second);
          if (event.kind == EventKind::guard_begin && event.refs.size() == 1) rename(event.refs[0], it->second);
        }
      for (auto& block : function.blocks)
        for (const auto& [before, after] : renamed)
          if (!block.try_locked.empty() && block.try_locked == before) {
            block.try_locked = after;
            break;
          }
    }
}

}  // namespace concur::analyzer_internal
