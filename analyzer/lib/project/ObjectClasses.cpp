#include "project/ObjectClasses.h"

#include "llvm/ADT/STLExtras.h"

namespace concur::analyzer_internal {
namespace {

void add_class(std::vector<std::string>& out, llvm::StringRef record) {
  if (!llvm::is_contained(out, record)) out.push_back(record.str());
}

}  // namespace

ObjectClasses::Classes ObjectClasses::made_by(const FunctionFact& function) const {
  if (auto it = made_.find(function.id); it != made_.end()) return it->second;
  if (!in_progress_.try_emplace(function.id).second) return std::nullopt;  // recursion: not known
  Classes classes = compute_made_by(function);
  in_progress_.erase(function.id);
  made_.try_emplace(function.id, classes);
  return classes;
}

ObjectClasses::Classes ObjectClasses::compute_made_by(const FunctionFact& function) const {
  if (function.returns_made.empty()) return std::nullopt;  // not a factory of polymorphic objects
  std::vector<std::string> out;
  for (llvm::StringRef made : function.returns_made) {
    if (made.consume_front("new:")) add_class(out, made);
    else if (!made.consume_front("call:") || !add_made_by(made, out)) return std::nullopt;
  }
  return out;
}

bool ObjectClasses::add_made_by(llvm::StringRef callee, std::vector<std::string>& out) const {
  const FunctionFact* factory = project_.function(callee);
  if (!factory) return false;  // declared only: what it returns is not known
  Classes classes = made_by(*factory);
  if (!classes) return false;
  for (const std::string& record : *classes) add_class(out, record);
  return true;
}

ObjectClasses::Classes ObjectClasses::held_by_local(const FunctionFact& function, uint32_t index) const {
  std::vector<std::string> out;
  const std::vector<const Event*> stores = stores_into_local(function, index);
  if (stores.empty()) return std::nullopt;  // a parameter's alias, or set some other way
  for (const Event* store : stores) {
    if (store->text == "null") continue;  // no object: no call on it runs
    if (llvm::StringRef made(store->text); made.consume_front("new:")) add_class(out, made);
    else if (store->text == "copy" || store->callee.empty() || !add_made_by(store->callee, out)) return std::nullopt;
  }
  return out;
}

}  // namespace concur::analyzer_internal
