#include "project/LockDestruction.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <optional>

namespace concur::analyzer_internal {

namespace {

/// A set of lock keys, or "every lock" (nullopt) on a path that never
/// reaches the end of the function (it ends the process) or is not settled yet.
using KeySet = std::optional<std::vector<std::string>>;

void add_key(KeySet& into, const std::string& key) {
  if (into && !llvm::is_contained(*into, key)) into->push_back(key);
}

void intersect(KeySet& into, const KeySet& other) {
  if (!other) return;
  if (!into) {
    into = other;
    return;
  }
  llvm::erase_if(*into, [&](const std::string& key) { return !llvm::is_contained(*other, key); });
}

}  // namespace

LockDestruction::LockDestruction(const Project& project) : project_(project) {
  // Only functions that destroy a lock, and their callers, can have a set:
  // start from those and go up the callers until nothing changes.
  std::vector<const FunctionFact*> worklist;
  for (const FunctionFact* function : project.functions())
    if (llvm::any_of(function->blocks, [](const Block& block) {
          return llvm::any_of(block.events, [](const Event& e) { return e.kind == EventKind::destroy_lock; });
        }))
      worklist.push_back(function);
  // Callers' sets only grow as their callees' do; a cycle of callers is
  // analyzed again a bounded number of times.
  llvm::DenseMap<const FunctionFact*, unsigned> visits;
  auto keys_of = [](const std::vector<Destroyed>& set) {
    std::vector<std::string> keys;
    for (const Destroyed& d : set) keys.push_back(d.key);
    std::sort(keys.begin(), keys.end());
    return keys;
  };
  while (!worklist.empty()) {
    const FunctionFact* function = worklist.back();
    worklist.pop_back();
    if (++visits[function] > 16) continue;
    std::vector<Destroyed> always = analyze(*function);
    auto [it, fresh] = always_.try_emplace(function);
    if (!fresh && keys_of(it->second) == keys_of(always)) continue;
    it->second = std::move(always);
    if (it->second.empty()) continue;  // callers learn nothing from it
    for (const CallSite& site : project.callers(function->id))
      if (!site.event->has(event_flags::virtual_call)) worklist.push_back(site.caller);
  }
}

std::vector<LockDestruction::Destroyed> LockDestruction::destroyed_by(const FunctionFact& function,
                                                                      const Event& event) const {
  if (event.kind == EventKind::destroy_lock) {
    std::string key = canonical_key(event.ref, function.id);
    // A lock named only through the function's own parameter ("f#p0") means
    // nothing to a caller.
    if (key.empty() || is_private_key(key)) return {};
    return {{std::move(key), event.ref}};
  }
  std::vector<Destroyed> out;
  if (event.kind == EventKind::call && !event.has(event_flags::virtual_call))
    if (const FunctionFact* callee = project_.function(event.callee))
      if (auto it = always_.find(callee); it != always_.end())
        for (const Destroyed& d : it->second) out.push_back({d.key, substitute(d.ref, event.ref, event.args)});
  return out;
}

std::vector<LockDestruction::Destroyed> LockDestruction::analyze(const FunctionFact& function) {
  const size_t count = function.blocks.size();
  if (count == 0) return {};
  // What each block's events destroy, and where each key's lock is in this frame.
  std::vector<std::vector<std::vector<Destroyed>>> by_event(count);
  llvm::StringMap<std::vector<Ref>> refs;
  for (uint32_t b = 0; b < count; ++b)
    for (const Event& event : function.blocks[b].events) {
      by_event[b].push_back(destroyed_by(function, event));
      for (const Destroyed& d : by_event[b].back()) refs[d.key].push_back(d.ref);
    }
  auto under = [&](const std::string& key, const Ref& pointer) {
    auto it = refs.find(key);
    return it != refs.end() && llvm::any_of(it->second, [&](const Ref& ref) { return ref_prefix(pointer, ref); });
  };
  // Greatest fixpoint of: in[b] = gen(b) ∪ ⋂ in[successors]; nothing is
  // destroyed after the exit block.
  std::vector<KeySet> in(count, std::nullopt);
  auto out_of = [&](uint32_t b) -> KeySet {
    const Block& block = function.blocks[b];
    if (b == function.exit_block) return std::vector<std::string>{};
    if (block.no_return || block.successors.empty()) return std::nullopt;
    const bool null_edge = block.null_successor != kNoBlock && block.successors.size() > 1 &&
                           llvm::is_contained(block.successors, block.null_successor);
    KeySet out;
    for (uint32_t succ : block.successors)
      if (!(null_edge && succ == block.null_successor)) intersect(out, in[succ]);
    if (!null_edge) return out;
    // Where the tested pointer is null, a lock it holds does not exist: the
    // edge need not destroy it (`if (*location != NULL) mutex_free (*location)`).
    const KeySet& on_null = in[block.null_successor];
    if (!out) return on_null;
    if (on_null)
      llvm::erase_if(*out, [&](const std::string& key) {
        return !llvm::is_contained(*on_null, key) && !under(key, block.null_pointer);
      });
    return out;
  };
  auto gen_over = [&](uint32_t b, KeySet set) {
    for (const auto& destroyed : by_event[b])
      for (const Destroyed& d : destroyed) add_key(set, d.key);
    if (set) std::sort(set->begin(), set->end());
    return set;
  };
  for (unsigned round = 0; round < 64; ++round) {
    bool changed = false;
    for (uint32_t b = count; b-- > 0;) {
      KeySet next = gen_over(b, out_of(b));
      if (next != in[b]) in[b] = std::move(next), changed = true;
    }
    if (!changed) break;
  }
  for (uint32_t b = 0; b < count; ++b) {
    KeySet after = out_of(b);
    const auto& events = function.blocks[b].events;
    for (size_t i = events.size(); i-- > 0;) {
      if (after && !after->empty()) after_[&events[i]] = *after;
      for (const Destroyed& d : by_event[b][i]) add_key(after, d.key);
    }
  }
  record_before(function, by_event);
  std::vector<Destroyed> always;
  if (const KeySet& entry = in[function.entry_block])
    for (const std::string& key : *entry) always.push_back({key, refs.lookup(key).front()});
  return always;
}

void LockDestruction::record_before(const FunctionFact& function,
                                    const std::vector<std::vector<std::vector<Destroyed>>>& by_event) {
  const size_t count = function.blocks.size();
  std::vector<std::vector<uint32_t>> predecessors(count);
  for (uint32_t b = 0; b < count; ++b)
    for (uint32_t succ : function.blocks[b].successors)
      if (succ < count) predecessors[succ].push_back(b);
  // Greatest fixpoint of: out[b] = gen(b) ∪ ⋂ out[predecessors]; nothing is
  // destroyed on entry, and a block the entry does not reach stays "every lock".
  std::vector<KeySet> out(count, std::nullopt);
  auto in_of = [&](uint32_t b) -> KeySet {
    if (b == function.entry_block) return std::vector<std::string>{};
    KeySet in;
    for (uint32_t pred : predecessors[b]) intersect(in, out[pred]);
    return in;
  };
  for (unsigned round = 0; round < 64; ++round) {
    bool changed = false;
    for (uint32_t b = 0; b < count; ++b) {
      KeySet next = in_of(b);
      for (const auto& destroyed : by_event[b])
        for (const Destroyed& d : destroyed) add_key(next, d.key);
      if (next) std::sort(next->begin(), next->end());
      if (next != out[b]) out[b] = std::move(next), changed = true;
    }
    if (!changed) break;
  }
  for (uint32_t b = 0; b < count; ++b) {
    KeySet before = in_of(b);
    if (!before) continue;  // not reached from the entry
    const auto& events = function.blocks[b].events;
    for (size_t i = 0; i < events.size(); ++i) {
      if (!before->empty()) before_[&events[i]] = *before;
      for (const Destroyed& d : by_event[b][i]) add_key(before, d.key);
    }
  }
}

llvm::ArrayRef<std::string> LockDestruction::destroyed_before(const Event& event) const {
  auto it = before_.find(&event);
  return it == before_.end() ? llvm::ArrayRef<std::string>() : llvm::ArrayRef<std::string>(it->second);
}

llvm::ArrayRef<std::string> LockDestruction::destroyed_after(const Event& event) const {
  auto it = after_.find(&event);
  return it == after_.end() ? llvm::ArrayRef<std::string>() : llvm::ArrayRef<std::string>(it->second);
}

}  // namespace concur::analyzer_internal
