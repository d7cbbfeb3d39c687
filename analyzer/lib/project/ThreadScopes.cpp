#include "project/ThreadScopes.h"

#include "llvm/ADT/STLExtras.h"

#include <utility>
#include <vector>

namespace concur::analyzer_internal {
namespace {

/// The last thread start of a block: the one whose status its branch tests.
const Event* last_start_in(const Block& block) {
  for (auto it = block.events.rbegin(); it != block.events.rend(); ++it)
    if (it->kind == EventKind::thread_start) return &*it;
  return nullptr;
}

/// The same holder (display text aside: `t` and `this->t` spell one place).
bool same_holder(const Ref& a, const Ref& b) {
  return a.root == b.root && a.base == b.base && a.index == b.index && a.path == b.path;
}

}  // namespace

ThreadScopes::ThreadScopes(const Project& project) {
  for (const FunctionFact* function : project.functions())
    for (const auto& block : function->blocks)
      for (const auto& event : block.events)
        if (event.kind == EventKind::thread_start && !event.ref.empty()) examine(*function, event);
}

const ThreadScope* ThreadScopes::scope_of(const Event& start) const {
  auto it = scopes_.find(&start);
  return it == scopes_.end() ? nullptr : &it->second;
}

void ThreadScopes::examine(const FunctionFact& function, const Event& start) {
  // Where the start is: its block and position.
  uint32_t start_block = kNoBlock;
  size_t start_index = 0;
  for (uint32_t b = 0; b < function.blocks.size() && start_block == kNoBlock; ++b)
    for (size_t i = 0; i < function.blocks[b].events.size(); ++i)
      if (&function.blocks[b].events[i] == &start) {
        start_block = b;
        start_index = i;
        break;
      }
  if (start_block == kNoBlock) return;

  ThreadScope scope;
  scope.function = &function;
  scope.start = &start;
  // Walk forward from just after the start; a path stops at a join of the
  // handle. Reaching the start again, or the end of the function, before a
  // join: not scoped. A block that never returns (abort) ends its path.
  std::vector<std::pair<uint32_t, size_t>> worklist = {{start_block, start_index + 1}};
  llvm::DenseSet<uint32_t> entered;  // blocks walked from their first event
  bool joined_somewhere = false;
  while (!worklist.empty()) {
    const auto [b, first] = worklist.back();
    worklist.pop_back();
    const Block& block = function.blocks[b];
    bool joined = false;
    for (size_t i = first; i < block.events.size(); ++i) {
      const Event& event = block.events[i];
      if (&event == &start) return;
      if (event.kind == EventKind::thread_join && same_holder(event.ref, start.ref)) {
        if (!joined_somewhere) scope.joined_at = event.loc;
        joined = joined_somewhere = true;
        break;
      }
      scope.region.insert(&event);
    }
    if (joined || block.no_return) continue;
    if (b == function.exit_block) return;
    // `if (pthread_create (&t, ...) != 0) return -1;`: where the start
    // failed, there is no thread to join.
    const bool tests_this_start = b == start_block && block.failed_start_successor != kNoBlock &&
                                  last_start_in(block) == &start;
    for (uint32_t next : block.successors)
      if (next < function.blocks.size() && !(tests_this_start && next == block.failed_start_successor) &&
          entered.insert(next).second)
        worklist.push_back({next, 0});
  }
  if (!joined_somewhere) return;
  scopes_.try_emplace(&start, std::move(scope));
}

}  // namespace concur::analyzer_internal
