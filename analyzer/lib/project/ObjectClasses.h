// Which classes a polymorphic object may be, judged by what made it. A
// factory that returns `new Iter (...)` on one path and `NewErrorIterator (s)`
// (itself `return new EmptyIterator (s)`) on another makes only those two
// classes, so a virtual call on an object it made runs only their
// overrides, not every override in the project (leveldb's
// `Block::NewIterator`, whose iterators are not the `TwoLevelIterator` that
// calls a table's block function).
//
// Known only when every way the object was made is known: a `new` of a
// class, or a call of a function of the project whose every `return` is one
// (followed through calls to a fixpoint; recursion is not known).
#pragma once

#include "project/Project.h"

#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>
#include <vector>

namespace concur::analyzer_internal {

class ObjectClasses {
public:
  explicit ObjectClasses(const Project& project) : project_(project) {}

  using Classes = std::optional<std::vector<std::string>>;  ///< class identities; nullopt: not known

  /// The classes of the objects `function` returns.
  Classes made_by(const FunctionFact& function) const;
  /// The classes of the object `function`'s local `index` points to: what
  /// every store into it made (`Iterator* it = table->NewIterator (o);`).
  Classes held_by_local(const FunctionFact& function, uint32_t index) const;

private:
  Classes compute_made_by(const FunctionFact& function) const;
  /// Adds what `callee` makes to `out`; false when not known.
  bool add_made_by(llvm::StringRef callee, std::vector<std::string>& out) const;

  const Project& project_;
  mutable llvm::StringMap<Classes> made_;
  mutable llvm::StringMap<char> in_progress_;
};

}  // namespace concur::analyzer_internal
