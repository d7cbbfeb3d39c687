// A call that passes a constant to a parameter its callee branches on runs
// one side of that branch only. `remove_entry (list, 0)` under the list's
// lock takes no lock in `remove_entry (struct list *l, int locking) { if
// (locking) lock (l); ... }`; `verify (zone, env, 1)` returns at `if
// (offline) return;` before the lookup that would run the application's
// callback. A field of a struct the callee is given decides the same way
// (`if (!o->caller_locked) lock (...)` with `&(struct opts){ .caller_locked
// = 1 }`). Each such call gets a specialization of its callee: the same
// function with the edges the constants rule out removed (and what only
// they led to), whose own calls that pass the parameter on are specialized
// in turn. Every analysis then sees the call run that function.
//
// A specialization stands for its original only as a callee: it has no
// other callers, reports nothing itself (the checks skip it), and its
// original keeps every call site and reach edge it had, so what is said
// about the original is what it was.
#include "project/Project.h"

#include "llvm/ADT/BitVector.h"

#include <deque>
#include <map>
#include <optional>
#include <set>

namespace concur::analyzer_internal {
namespace {

/// What a constant may be known for: a parameter ("2"), or a field of the
/// struct a parameter is or points to ("2.locked", "2.mode.notify").
std::string slot(uint32_t param, llvm::StringRef field) {
  std::string key = std::to_string(param);
  if (!field.empty()) key += "." + field.str();
  return key;
}

/// The parameter of a slot, and its field ("" for the parameter itself).
std::pair<uint32_t, llvm::StringRef> split_slot(llvm::StringRef key) {
  auto [index, field] = key.split('.');
  uint32_t param = 0;
  index.getAsInteger(10, param);
  return {param, field};
}

/// The constant `arg` gives field `field` of its struct, where one is known:
/// its own, else the one of the const struct another TU defines that the
/// argument is or copies (Arg::fields_from). The callee's `o.notify.value_or
/// (1)` ("notify.value_or(1)") is the field's value when the optional is
/// engaged, else the fallback.
std::optional<uint64_t> field_value(const Project& project, const Arg& arg, llvm::StringRef field) {
  const auto* defaults = arg.fields_from.empty() ? nullptr : project.constant_struct(arg.fields_from);
  auto given = [&](llvm::StringRef path) -> std::optional<uint64_t> {
    for (const auto* values : {&arg.field_values, defaults}) {
      if (!values) continue;
      auto held = llvm::find_if(*values, [&](const auto& value) { return value.first == path; });
      if (held != values->end()) return held->second;
    }
    return std::nullopt;
  };
  if (std::optional<uint64_t> value = given(field)) return value;
  auto [optional, asked] = field.rsplit('.');
  uint64_t fallback = 0;
  if (!asked.consume_front("value_or(") || !asked.consume_back(")") || asked.getAsInteger(10, fallback))
    return std::nullopt;
  const std::optional<uint64_t> engaged = given((optional + ".has_value").str());
  if (!engaged) return std::nullopt;
  return *engaged ? given((optional + ".value").str()) : fallback;
}

/// Which slots a truth value decides, per function: ones it branches on, and
/// ones it passes unchanged to a callee where they decide.
using Deciding = llvm::DenseMap<const FunctionFact*, std::set<std::string>>;

/// A constant per slot, where one is known.
using Constants = std::map<std::string, uint64_t>;

constexpr size_t kMaxSpecializations = 4096;  ///< per project: a bound on the work and the memory
constexpr unsigned kMaxDepth = 16;            ///< parameters passed on through this many calls

/// The functions a constant argument may specialize: plain functions and
/// non-virtual methods with a body. Constructors, destructors, virtual
/// methods and coroutines keep their one body (other indexes key on them).
bool specializable(const FunctionFact& function) {
  namespace f = function_flags;
  return !function.blocks.empty() &&
         !(function.flags & (f::constructor | f::destructor | f::virtual_method | f::coroutine | f::lambda |
                             f::template_pattern | f::main));
}

class ConstantArgumentSpecializer {
public:
  ConstantArgumentSpecializer(const Project& project, llvm::StringMap<FunctionFact*>& by_id,
                              std::deque<FunctionFact>& made, llvm::StringMap<std::string>& origins)
      : project_(project), by_id_(by_id), made_(made), origins_(origins) {}

  void run(const std::vector<FunctionFact*>& functions) {
    find_deciding(functions);
    if (deciding_.empty()) return;
    for (FunctionFact* function : functions) specialize_calls_in(*function, Constants{}, 0);
  }

private:
  /// `call`'s callee when it is one this pass may specialize, and the call
  /// gives it one argument per parameter. A call this pass already pointed
  /// at a specialization (in the original a specialization was copied from)
  /// names that specialization's original: the constants are read again
  /// from the arguments, with what the copy knows about its parameters.
  FunctionFact* direct_callee(const Event& call) const {
    if (call.kind != EventKind::call || call.has(event_flags::virtual_call) || call.callee.empty()) return nullptr;
    auto origin = origins_.find(call.callee);
    FunctionFact* callee = by_id_.lookup(origin == origins_.end() ? llvm::StringRef(call.callee) : origin->second);
    if (!callee || !specializable(*callee) || call.args.size() != callee->params.size()) return nullptr;
    return callee;
  }

  void find_deciding(const std::vector<FunctionFact*>& functions) {
    for (FunctionFact* function : functions) {
      if (!specializable(*function)) continue;
      for (const Block& block : function->blocks)
        if ((block.param_unequal_successor != kNoBlock || block.param_equal_successor != kNoBlock) &&
            block.tested_param < function->params.size())
          deciding_[function].insert(slot(block.tested_param, block.tested_field));
    }
    // Passed on unchanged to a parameter that decides: decides here too.
    for (bool changed = true; changed;) {
      changed = false;
      for (FunctionFact* function : functions) {
        if (!specializable(*function)) continue;
        for (const Block& block : function->blocks)
          for (const Event& event : block.events) {
            const FunctionFact* callee = direct_callee(event);
            if (!callee) continue;
            auto decides = deciding_.find(callee);
            if (decides == deciding_.end()) continue;
            llvm::SmallVector<std::string, 2> forwarded;
            for (const std::string& decided : decides->second) {
              auto [param, field] = split_slot(decided);
              if (param >= event.args.size()) continue;
              const Arg& arg = event.args[param];
              if (arg.truth == ArgTruth::forwarded && arg.truth_param < function->params.size())
                forwarded.push_back(slot(arg.truth_param, field));
            }
            if (forwarded.empty()) continue;
            auto& slots = deciding_[function];  // may move what `decides` points to: not used after this
            for (std::string& key : forwarded)
              if (slots.insert(std::move(key)).second) changed = true;
          }
      }
    }
  }

  /// What `call` (in a function whose parameters hold `known`) passes to
  /// the parameters of `callee` that decide: all unknown when none is known.
  Constants passed(const Event& call, const FunctionFact& callee, const Constants& known) const {
    Constants out;
    auto decides = deciding_.find(&callee);
    if (decides == deciding_.end()) return out;
    for (const std::string& decided : decides->second) {
      auto [param, field] = split_slot(decided);
      if (param >= call.args.size()) continue;
      const Arg& arg = call.args[param];
      if (arg.truth == ArgTruth::forwarded) {
        auto held = known.find(slot(arg.truth_param, field));
        if (held != known.end()) out[decided] = held->second;
      } else if (field.empty()) {
        if (arg.truth == ArgTruth::zero) out[decided] = 0;
        else if (arg.truth == ArgTruth::nonzero) out[decided] = arg.value;
      } else if (const std::optional<uint64_t> held = field_value(project_, arg, field)) {
        out[decided] = *held;
      }
    }
    return out;
  }

  /// Points the calls of `function` that pass constants at specializations
  /// of their callees. Whether any call now names another callee.
  bool specialize_calls_in(FunctionFact& function, const Constants& known, unsigned depth) {
    bool redirected = false;
    for (Block& block : function.blocks)
      for (Event& event : block.events) {
        FunctionFact* callee = direct_callee(event);
        if (!callee) continue;
        const Constants constants = passed(event, *callee, known);
        if (constants.empty()) continue;
        if (std::string id = specialization(*callee, constants, depth); !id.empty() && id != event.callee) {
          event.callee = std::move(id);
          redirected = true;
        }
      }
    return redirected;
  }

  /// The identity of `original` specialized for `constants`, made on first
  /// use; empty when the constants rule nothing out (or the bounds are hit).
  std::string specialization(FunctionFact& original, const Constants& constants, unsigned depth) {
    std::string key = original.id + "#";
    for (const auto& [decided, value] : constants) key += decided + "=" + std::to_string(value) + ";";
    auto [slot, fresh] = made_ids_.try_emplace(key, std::nullopt);
    if (!fresh) return slot->second.value_or("");  // also: still being made (recursion)
    if (depth >= kMaxDepth || made_.size() >= kMaxSpecializations) {
      made_ids_.erase(key);  // a call nearer the top may still make it
      return {};
    }

    FunctionFact copy = original;
    const bool pruned = prune(copy, constants);
    made_.push_back(std::move(copy));
    FunctionFact& made = made_.back();
    made.id = key;
    namespace f = function_flags;
    made.flags = (made.flags & ~(f::external | f::address_taken | f::startup | f::static_init | f::runs_once)) |
                 f::specialization;
    made.overrides.clear();
    by_id_[made.id] = &made;
    if (!specialize_calls_in(made, constants, depth + 1) && !pruned) {
      // Nothing differs from the original: calls keep calling it.
      by_id_.erase(made.id);
      made_.pop_back();
      return {};
    }
    origins_[made.id] = original.id;
    made_ids_[key] = made.id;
    return made.id;
  }

  /// Removes the edges `constants` rule out, and empties the blocks the
  /// entry no longer reaches. Whether any edge went.
  static bool prune(FunctionFact& function, const Constants& constants) {
    auto reachable = [&] {
      llvm::BitVector seen(function.blocks.size());
      std::vector<uint32_t> stack{function.entry_block};
      seen.set(function.entry_block);
      while (!stack.empty()) {
        const uint32_t b = stack.back();
        stack.pop_back();
        for (uint32_t next : function.blocks[b].successors)
          if (next < seen.size() && !seen.test(next)) seen.set(next), stack.push_back(next);
      }
      return seen;
    };
    const llvm::BitVector before = reachable();
    bool removed = false;
    for (Block& block : function.blocks) {
      if (block.param_unequal_successor == kNoBlock && block.param_equal_successor == kNoBlock) continue;
      auto known = constants.find(slot(block.tested_param, block.tested_field));
      if (known == constants.end()) continue;
      // Equal rules out the unequal edge, and the other way round (both may lead to one block).
      const uint64_t value = known->second;
      const bool equal = relation_holds(block.tested_relation, block.tested_mask ? value & block.tested_mask : value,
                                        block.tested_value, block.tested_signed);
      const uint32_t taken = equal ? block.param_equal_successor : block.param_unequal_successor;
      const uint32_t ruled_out = equal ? block.param_unequal_successor : block.param_equal_successor;
      if (ruled_out == kNoBlock || ruled_out == taken) continue;
      if (!llvm::is_contained(block.successors, ruled_out)) continue;
      llvm::erase(block.successors, ruled_out);
      removed = true;
      for (uint32_t* edge : block.marked_edges())
        if (*edge == ruled_out) *edge = kNoBlock;
    }
    if (!removed) return false;
    const llvm::BitVector after = reachable();
    for (uint32_t b = 0; b < function.blocks.size(); ++b)
      if (before.test(b) && !after.test(b)) function.blocks[b] = Block{};
    // The exit stays a block; a function that cannot reach it returns nothing on these constants.
    return true;
  }

  const Project& project_;
  llvm::StringMap<FunctionFact*>& by_id_;
  std::deque<FunctionFact>& made_;
  llvm::StringMap<std::string>& origins_;
  Deciding deciding_;
  /// Specialization key -> its identity; nullopt: nothing to specialize, or still being made.
  llvm::StringMap<std::optional<std::string>> made_ids_;
};

}  // namespace

void Project::specialize_constant_arguments() {
  llvm::StringMap<FunctionFact*> by_id;
  std::vector<FunctionFact*> functions;
  for (auto& tu : tus_)
    for (auto& function : tu.functions)
      if (by_id_.lookup(function.id) == &function) {
        by_id[function.id] = &function;
        functions.push_back(&function);
      }
  ConstantArgumentSpecializer(*this, by_id, specializations_, specialized_from_).run(functions);
  for (const FunctionFact& made : specializations_) {
    by_id_[made.id] = &made;
    functions_.push_back(&made);
  }
}

std::optional<SpecializingCall> Project::specializing_call(const FunctionFact& specialization) const {
  const FunctionFact* runs = &specialization;
  for (unsigned depth = 0; depth < kMaxDepth && runs && runs->has(function_flags::specialization); ++depth) {
    const auto& sites = callers(runs->id);
    if (sites.empty()) return std::nullopt;
    const CallSite& site = sites.front();
    if (site.caller->has(function_flags::specialization)) {
      runs = site.caller;
      continue;
    }
    // The constants, from the key after the original's identity: "1.have_lock=0;2=1;".
    llvm::StringRef key = llvm::StringRef(runs->id).drop_front(original(runs->id).size());
    key.consume_front("#");
    SpecializingCall out{site, runs, {}};
    while (!key.empty()) {
      auto [binding, rest] = key.split(';');
      key = rest;
      auto [slot_key, value] = binding.split('=');
      auto [param, field] = split_slot(slot_key);
      if (param >= runs->params.size()) continue;
      if (!out.constants.empty()) out.constants += ", ";
      out.constants += runs->params[param].name + (field.empty() ? "" : "." + field.str()) + " = " + value.str();
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace concur::analyzer_internal
