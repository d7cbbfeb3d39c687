#include "project/Termination.h"

#include "llvm/ADT/STLExtras.h"

namespace concur::analyzer_internal {

namespace {

/// Every path from the end of block `b` ends: the block stops there, or it
/// leads only into blocks whose every path ends (`ending`, per block start).
bool ends_after(const FunctionFact& function, uint32_t b, const std::vector<char>& ending) {
  const Block& block = function.blocks[b];
  return block.no_return || (b != function.exit_block && !block.successors.empty() &&
                             llvm::all_of(block.successors, [&](uint32_t succ) { return ending[succ] != 0; }));
}

}  // namespace

Termination::Termination(const Project& project) : project_(project) {
  // Only functions with a no-return block can end the process, themselves or
  // by calling one that does: start from those, then go up the callers.
  std::vector<const FunctionFact*> worklist;
  for (const FunctionFact* function : project.functions())
    if (llvm::any_of(function->blocks, [](const Block& block) { return block.no_return; }))
      worklist.push_back(function);
  llvm::DenseSet<const FunctionFact*> candidates(worklist.begin(), worklist.end());
  while (!worklist.empty()) {
    const FunctionFact* function = worklist.back();
    worklist.pop_back();
    if (never_returns_.contains(function)) continue;
    if (!ending_blocks(*function)[function->entry_block]) continue;
    never_returns_.insert(function);
    for (const CallSite& site : project.callers(function->id))
      if (!site.event->has(event_flags::virtual_call)) {
        candidates.insert(site.caller);
        worklist.push_back(site.caller);
      }
  }
  // The events on a path that ends, in every function that has one.
  for (const FunctionFact* function : candidates) {
    const std::vector<char> ending = ending_blocks(*function);
    for (uint32_t b = 0; b < function->blocks.size(); ++b) {
      const Block& block = function->blocks[b];
      bool ends = ends_after(*function, b, ending);
      for (auto it = block.events.rbegin(); it != block.events.rend(); ++it) {
        ends = ends || ends_process(*it);
        if (ends) fatal_events_.insert(&*it);
      }
    }
  }
}

bool Termination::ends_process(const Event& event) const {
  if (event.kind != EventKind::call || event.has(event_flags::virtual_call)) return false;
  const FunctionFact* callee = project_.function(event.callee);
  return callee && never_returns_.contains(callee);
}

std::vector<char> Termination::ending_blocks(const FunctionFact& function) const {
  // Least fixpoint: a loop ends only if something in it or after it does.
  const size_t count = function.blocks.size();
  std::vector<char> ending(count, 0);
  for (uint32_t b = 0; b < count; ++b) {
    const Block& block = function.blocks[b];
    ending[b] = block.no_return || llvm::any_of(block.events, [&](const Event& e) { return ends_process(e); });
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t b = 0; b < count; ++b)
      if (!ending[b] && ends_after(function, b, ending)) ending[b] = 1, changed = true;
  }
  return ending;
}

}  // namespace concur::analyzer_internal
