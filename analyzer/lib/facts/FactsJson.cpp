#include "facts/FactsJson.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>

namespace concur::analyzer_internal {

namespace json = llvm::json;

namespace {

// ---- encoding ----
// Streamed (json::OStream), not built as json::Value trees: a cold scan
// encodes every TU's facts for the cache, and building then sorting the
// objects cost more than a tenth of the parse of a C code base.

class Encoder {
public:
  explicit Encoder(llvm::raw_ostream& os) : j_(os) {}

  void tu(const TuFacts& facts) {
    j_.object([&] {
      j_.attribute("main", facts.main_file);
      if (!facts.targets.empty()) strings("targets", facts.targets);
      strings("user", facts.user_files);
      strings("system", facts.system_files);
      strings("files", facts.files);
      j_.attributeArray("functions", [&] {
        for (const auto& f : facts.functions) function(f);
      });
      j_.attributeArray("variables", [&] {
        for (const auto& v : facts.variables) variable(v);
      });
      j_.attributeArray("recursive", [&] {
        for (const auto& r : facts.recursive_locks) ref(r.lock);
      });
      strings("address_taken", facts.address_taken);
      strings("address_escapes", facts.address_escapes);
      strings("runs_once", facts.runs_once);
      if (!facts.constant_structs.empty())
        j_.attributeArray("constant_structs", [&] {
          for (const auto& constant : facts.constant_structs)
            j_.object([&] {
              j_.attribute("id", constant.id);
              fields("vf", constant.field_values);
            });
        });
      j_.attribute("test", facts.test_file);
    });
  }

private:
  void fields(llvm::StringRef key, const std::vector<std::pair<std::string, uint64_t>>& values) {
    j_.attributeObject(key, [&] {
      for (const auto& [field, bits] : values) j_.attribute(field, static_cast<int64_t>(bits));
    });
  }
  void strings(llvm::StringRef key, const std::vector<std::string>& values) {
    j_.attributeArray(key, [&] {
      for (const auto& v : values) j_.value(v);
    });
  }
  template <class Int>
  void integers(llvm::StringRef key, const std::vector<Int>& values) {
    j_.attributeArray(key, [&] {
      for (auto v : values) j_.value(static_cast<int64_t>(v));
    });
  }
  void loc(const Loc& l) {
    j_.array([&] {
      j_.value(static_cast<int64_t>(l.file));
      j_.value(static_cast<int64_t>(l.line));
      j_.value(static_cast<int64_t>(l.column));
    });
  }
  void ref(const Ref& r) {
    j_.object([&] {
      j_.attribute("r", static_cast<int64_t>(r.root));
      if (!r.base.empty()) j_.attribute("b", r.base);
      if (r.index) j_.attribute("i", static_cast<int64_t>(r.index));
      if (!r.path.empty()) strings("p", r.path);
      if (!r.display.empty()) j_.attribute("d", r.display);
    });
  }
  void arg(const Arg& a) {
    j_.object([&] {
      j_.attribute("k", static_cast<int64_t>(a.kind));
      if (!a.ref.empty()) j_.attributeBegin("r"), ref(a.ref), j_.attributeEnd();
      if (!a.function.empty()) j_.attribute("f", a.function);
      if (a.index) j_.attribute("i", static_cast<int64_t>(a.index));
      if (!a.text.empty()) j_.attribute("t", a.text);
      if (!a.exact_type.empty()) strings("x", a.exact_type);
      if (a.query) j_.attribute("q", true);
      if (a.truth != ArgTruth::unknown) j_.attribute("v", static_cast<int64_t>(a.truth));
      if (a.truth_param) j_.attribute("vp", static_cast<int64_t>(a.truth_param));
      if (a.value) j_.attribute("vv", static_cast<int64_t>(a.value));
      if (!a.field_values.empty()) fields("vf", a.field_values);
      if (!a.fields_from.empty()) j_.attribute("vg", a.fields_from);
      if (a.own_source) j_.attribute("os", static_cast<int64_t>(a.own_source));
    });
  }
  void event(const Event& e) {
    j_.object([&] {
      j_.attribute("k", static_cast<int64_t>(e.kind));
      j_.attribute("id", static_cast<int64_t>(e.id));
      j_.attributeBegin("l"), loc(e.loc), j_.attributeEnd();
      if (e.flags) j_.attribute("f", static_cast<int64_t>(e.flags));
      if (e.kind == EventKind::access) j_.attribute("o", static_cast<int64_t>(e.op));
      if (e.index) j_.attribute("i", static_cast<int64_t>(e.index));
      if (e.other) j_.attribute("x", static_cast<int64_t>(e.other));
      if (!e.ref.empty()) j_.attributeBegin("r"), ref(e.ref), j_.attributeEnd();
      if (!e.refs.empty())
        j_.attributeArray("rs", [&] {
          for (const auto& r : e.refs) ref(r);
        });
      if (!e.callee.empty()) j_.attribute("c", e.callee);
      if (!e.text.empty()) j_.attribute("t", e.text);
      if (!e.args.empty())
        j_.attributeArray("a", [&] {
          for (const auto& a : e.args) arg(a);
        });
    });
  }
  void function(const FunctionFact& f) {
    j_.object([&] {
      j_.attribute("id", f.id);
      j_.attribute("n", f.name);
      j_.attributeBegin("l"), loc(f.loc), j_.attributeEnd();
      j_.attribute("f", static_cast<int64_t>(f.flags));
      j_.attributeArray("b", [&] {
        for (const auto& block : f.blocks)
          j_.object([&] {
            if (!block.events.empty())
              j_.attributeArray("e", [&] {
                for (const auto& e : block.events) event(e);
              });
            if (!block.successors.empty()) integers("s", block.successors);
            if (block.no_return) j_.attribute("nr", true);
            if (block.failed_start_successor != kNoBlock)
              j_.attribute("fs", static_cast<int64_t>(block.failed_start_successor));
            if (block.null_successor != kNoBlock) {
              j_.attribute("nz", static_cast<int64_t>(block.null_successor));
              j_.attributeBegin("np"), ref(block.null_pointer), j_.attributeEnd();
            }
            if (block.locked_successor != kNoBlock) {
              j_.attribute("tz", static_cast<int64_t>(block.locked_successor));
              j_.attributeBegin("tl"), ref(block.try_locked), j_.attributeEnd();
            }
            if (block.result_true_successor != kNoBlock) {
              j_.attribute("rz", static_cast<int64_t>(block.result_true_successor));
              j_.attribute("rc", static_cast<int64_t>(block.result_call));
            }
            if (block.idle_successor != kNoBlock) {
              j_.attribute("iz", static_cast<int64_t>(block.idle_successor));
              j_.attributeBegin("ih"), ref(block.idle_handle), j_.attributeEnd();
            }
            if (block.joined_all_successor != kNoBlock) {
              j_.attribute("jz", static_cast<int64_t>(block.joined_all_successor));
              j_.attributeBegin("jh"), ref(block.joined_all), j_.attributeEnd();
            }
            if (block.param_unequal_successor != kNoBlock || block.param_equal_successor != kNoBlock) {
              j_.attribute("pt", static_cast<int64_t>(block.tested_param));
              if (!block.tested_field.empty()) j_.attribute("pf", block.tested_field);
              if (block.tested_mask) j_.attribute("pm", static_cast<int64_t>(block.tested_mask));
              if (block.tested_value) j_.attribute("pv", static_cast<int64_t>(block.tested_value));
              if (block.tested_relation != TestedRelation::equal)
                j_.attribute("pr", static_cast<int64_t>(block.tested_relation));
              if (block.tested_signed) j_.attribute("ps", true);
              if (block.param_unequal_successor != kNoBlock)
                j_.attribute("pn", static_cast<int64_t>(block.param_unequal_successor));
              if (block.param_equal_successor != kNoBlock)
                j_.attribute("pq", static_cast<int64_t>(block.param_equal_successor));
            }
          });
      });
      j_.attribute("be", static_cast<int64_t>(f.entry_block));
      j_.attribute("bx", static_cast<int64_t>(f.exit_block));
      if (!f.record.empty()) j_.attribute("rc", f.record);
      if (!f.record_name.empty()) j_.attribute("rn", f.record_name);
      if (!f.overrides.empty()) strings("ov", f.overrides);
      if (!f.pattern.empty()) j_.attribute("pt", f.pattern);
      if (!f.return_type.empty()) j_.attribute("rt", f.return_type);
      if (!f.params.empty())
        j_.attributeArray("ps", [&] {
          for (const auto& p : f.params)
            j_.object([&] {
              j_.attribute("n", p.name);
              if (p.callable) j_.attribute("c", true);
              if (p.type_erased) j_.attribute("e", true);
              if (!p.pointee_type.empty()) j_.attribute("t", p.pointee_type);
            });
        });
      if (!f.returns.empty()) j_.attributeBegin("ret"), ref(f.returns), j_.attributeEnd();
      if (f.returns_new) j_.attribute("new", true);
      if (f.returns_local != kNoLocal) j_.attribute("rl", static_cast<int64_t>(f.returns_local));
      if (f.returns_call != kNoEvent) j_.attribute("rcall", static_cast<int64_t>(f.returns_call));
      if (!f.returns_made.empty()) strings("rm", f.returns_made);
      if (!f.returned_guard.empty())
        j_.attributeArray("rg", [&] {
          for (const auto& r : f.returned_guard) ref(r);
        });
      if (!f.returns_attempt.empty()) {
        j_.attributeBegin("ra"), ref(f.returns_attempt), j_.attributeEnd();
        if (!f.attempt_nonzero_on_success) j_.attribute("raz", true);
      }
      if (!f.lazy.empty())
        j_.attributeArray("lz", [&] {
          for (const auto& c : f.lazy)
            j_.object([&] {
              j_.attributeBegin("r"), ref(c.target), j_.attributeEnd();
              j_.attributeBegin("l"), loc(c.test), j_.attributeEnd();
              integers("c", c.creations);
              if (c.tested_for_empty_optional) j_.attribute("opt", true);
              if (!c.pointee_type.empty()) j_.attribute("t", c.pointee_type);
              if (c.target_is_lock) j_.attribute("lk", true);
              if (c.flag) j_.attribute("fl", true);
            });
        });
      if (!f.field_bindings.empty())
        j_.attributeArray("fb", [&] {
          for (const auto& [field, param] : f.field_bindings)
            j_.array([&] {
              j_.value(field);
              j_.value(static_cast<int64_t>(param));
            });
        });
    });
  }
  void variable(const VariableFact& v) {
    j_.object([&] {
      j_.attribute("id", v.id);
      j_.attribute("n", v.name);
      j_.attributeBegin("l"), loc(v.loc), j_.attributeEnd();
      if (v.pointer) j_.attribute("pt", true);
      if (v.container) j_.attribute("c", true);
      if (v.map_like) j_.attribute("m", true);
      if (v.listed_container) j_.attribute("lc", true);
      if (v.static_local) j_.attribute("s", true);
      if (v.defined) j_.attribute("def", true);
      if (!v.container_fields.empty()) strings("cf", v.container_fields);
    });
  }

  json::OStream j_;
};

// ---- decoding ----

llvm::Error malformed(llvm::StringRef what) {
  return llvm::createStringError(std::errc::invalid_argument, "malformed facts: %s",
                                 what.str().c_str());
}

uint32_t u32(const json::Object& o, llvm::StringRef key) {
  return static_cast<uint32_t>(o.getInteger(key).value_or(0));
}

std::string str(const json::Object& o, llvm::StringRef key) {
  return o.getString(key).value_or("").str();
}

std::vector<std::string> strings(const json::Object& o, llvm::StringRef key) {
  std::vector<std::string> out;
  if (const auto* array = o.getArray(key))
    for (const auto& v : *array)
      if (auto s = v.getAsString()) out.push_back(s->str());
  return out;
}

/// A JSON object of field path -> bits, sorted by path (an object keeps no order).
std::vector<std::pair<std::string, uint64_t>> field_values(const json::Object& o, llvm::StringRef key) {
  std::vector<std::pair<std::string, uint64_t>> out;
  if (const auto* fields = o.getObject(key))
    for (const auto& [field, bits] : *fields)
      if (auto value = bits.getAsInteger()) out.emplace_back(field.str(), static_cast<uint64_t>(*value));
  llvm::sort(out);
  return out;
}

Loc decode_loc(const json::Value* v) {
  Loc loc;
  if (const auto* a = v ? v->getAsArray() : nullptr; a && a->size() == 3) {
    loc.file = static_cast<uint32_t>((*a)[0].getAsInteger().value_or(0));
    loc.line = static_cast<uint32_t>((*a)[1].getAsInteger().value_or(0));
    loc.column = static_cast<uint32_t>((*a)[2].getAsInteger().value_or(0));
  }
  return loc;
}

Ref decode_ref(const json::Value* v) {
  Ref ref;
  const auto* o = v ? v->getAsObject() : nullptr;
  if (!o) return ref;
  ref.root = static_cast<RefRoot>(o->getInteger("r").value_or(0));
  ref.base = str(*o, "b");
  ref.index = u32(*o, "i");
  ref.path = strings(*o, "p");
  ref.display = str(*o, "d");
  return ref;
}

Arg decode_arg(const json::Value& v) {
  Arg arg;
  if (const auto* o = v.getAsObject()) {
    arg.kind = static_cast<ArgKind>(o->getInteger("k").value_or(0));
    arg.ref = decode_ref(o->get("r"));
    arg.function = str(*o, "f");
    arg.index = u32(*o, "i");
    arg.text = str(*o, "t");
    arg.exact_type = strings(*o, "x");
    arg.query = o->getBoolean("q").value_or(false);
    arg.truth = static_cast<ArgTruth>(std::min<int64_t>(o->getInteger("v").value_or(0), 3));
    arg.truth_param = u32(*o, "vp");
    arg.value = static_cast<uint64_t>(o->getInteger("vv").value_or(0));
    arg.field_values = field_values(*o, "vf");
    arg.fields_from = str(*o, "vg");
    arg.own_source = u32(*o, "os");
  }
  return arg;
}

llvm::Expected<Event> decode_event(const json::Value& v) {
  const auto* o = v.getAsObject();
  if (!o) return malformed("event");
  Event e;
  e.kind = static_cast<EventKind>(o->getInteger("k").value_or(0));
  e.id = u32(*o, "id");
  e.loc = decode_loc(o->get("l"));
  e.flags = static_cast<uint16_t>(o->getInteger("f").value_or(0));
  e.op = static_cast<AccessOp>(o->getInteger("o").value_or(0));
  e.index = u32(*o, "i");
  e.other = u32(*o, "x");
  e.ref = decode_ref(o->get("r"));
  if (const auto* refs = o->getArray("rs"))
    for (const auto& r : *refs) e.refs.push_back(decode_ref(&r));
  e.callee = str(*o, "c");
  e.text = str(*o, "t");
  if (const auto* args = o->getArray("a"))
    for (const auto& a : *args) e.args.push_back(decode_arg(a));
  return e;
}

llvm::Expected<FunctionFact> decode_function(const json::Value& v) {
  const auto* o = v.getAsObject();
  if (!o) return malformed("function");
  FunctionFact f;
  f.id = str(*o, "id");
  if (f.id.empty()) return malformed("function without an id");
  f.name = str(*o, "n");
  f.loc = decode_loc(o->get("l"));
  f.flags = u32(*o, "f");
  f.entry_block = u32(*o, "be");
  f.exit_block = u32(*o, "bx");
  f.record = str(*o, "rc");
  f.record_name = str(*o, "rn");
  f.overrides = strings(*o, "ov");
  f.pattern = str(*o, "pt");
  f.return_type = str(*o, "rt");
  if (const auto* params = o->getArray("ps"))
    for (const auto& p : *params) {
      const auto* po = p.getAsObject();
      if (!po) return malformed("parameter");
      ParamFact param;
      param.name = str(*po, "n");
      param.callable = po->getBoolean("c").value_or(false);
      param.type_erased = po->getBoolean("e").value_or(false);
      param.pointee_type = str(*po, "t");
      f.params.push_back(std::move(param));
    }
  const auto* blocks = o->getArray("b");
  if (!blocks) return malformed("function without blocks");
  for (const auto& b : *blocks) {
    const auto* bo = b.getAsObject();
    if (!bo) return malformed("block");
    Block block;
    if (const auto* events = bo->getArray("e"))
      for (const auto& e : *events) {
        auto event = decode_event(e);
        if (!event) return event.takeError();
        block.events.push_back(std::move(*event));
      }
    if (const auto* successors = bo->getArray("s"))
      for (const auto& s : *successors)
        block.successors.push_back(static_cast<uint32_t>(s.getAsInteger().value_or(0)));
    block.no_return = bo->getBoolean("nr").value_or(false);
    if (auto null_successor = bo->getInteger("nz")) {
      block.null_successor = static_cast<uint32_t>(*null_successor);
      block.null_pointer = decode_ref(bo->get("np"));
    }
    if (auto failed = bo->getInteger("fs")) block.failed_start_successor = static_cast<uint32_t>(*failed);
    if (auto locked = bo->getInteger("tz")) {
      block.locked_successor = static_cast<uint32_t>(*locked);
      block.try_locked = decode_ref(bo->get("tl"));
    }
    if (auto result = bo->getInteger("rz")) {
      block.result_true_successor = static_cast<uint32_t>(*result);
      block.result_call = static_cast<uint32_t>(bo->getInteger("rc").value_or(0));
    }
    if (auto idle = bo->getInteger("iz")) {
      block.idle_successor = static_cast<uint32_t>(*idle);
      block.idle_handle = decode_ref(bo->get("ih"));
    }
    if (auto joined = bo->getInteger("jz")) {
      block.joined_all_successor = static_cast<uint32_t>(*joined);
      block.joined_all = decode_ref(bo->get("jh"));
    }
    block.tested_param = u32(*bo, "pt");
    block.tested_field = str(*bo, "pf");
    block.tested_mask = static_cast<uint64_t>(bo->getInteger("pm").value_or(0));
    block.tested_value = static_cast<uint64_t>(bo->getInteger("pv").value_or(0));
    if (const int64_t relation = bo->getInteger("pr").value_or(0);
        relation >= 0 && relation <= static_cast<int64_t>(TestedRelation::greater_equal))
      block.tested_relation = static_cast<TestedRelation>(relation);
    else
      return malformed("unknown tested relation");
    block.tested_signed = bo->getBoolean("ps").value_or(false);
    if (auto unequal = bo->getInteger("pn")) block.param_unequal_successor = static_cast<uint32_t>(*unequal);
    if (auto equal = bo->getInteger("pq")) block.param_equal_successor = static_cast<uint32_t>(*equal);
    f.blocks.push_back(std::move(block));
  }
  for (const auto& block : f.blocks) {
    for (uint32_t succ : block.successors)
      if (succ >= f.blocks.size()) return malformed("block successor out of range");
    if (block.null_successor != kNoBlock && !llvm::is_contained(block.successors, block.null_successor))
      return malformed("null-test successor is not a successor");
    if (block.failed_start_successor != kNoBlock &&
        !llvm::is_contained(block.successors, block.failed_start_successor))
      return malformed("failed-start successor is not a successor");
    if (block.locked_successor != kNoBlock && !llvm::is_contained(block.successors, block.locked_successor))
      return malformed("try-lock successor is not a successor");
    if (block.result_true_successor != kNoBlock && !llvm::is_contained(block.successors, block.result_true_successor))
      return malformed("call-result successor is not a successor");
    if (block.idle_successor != kNoBlock && !llvm::is_contained(block.successors, block.idle_successor))
      return malformed("idle-thread successor is not a successor");
    if (block.joined_all_successor != kNoBlock && !llvm::is_contained(block.successors, block.joined_all_successor))
      return malformed("joined-all successor is not a successor");
    for (uint32_t tested : {block.param_unequal_successor, block.param_equal_successor})
      if (tested != kNoBlock && !llvm::is_contained(block.successors, tested))
        return malformed("parameter-test successor is not a successor");
  }
  if (f.entry_block >= f.blocks.size() || f.exit_block >= f.blocks.size())
    return malformed("entry or exit block out of range");
  f.returns = decode_ref(o->get("ret"));
  f.returns_new = o->getBoolean("new").value_or(false);
  f.returns_local = static_cast<uint32_t>(o->getInteger("rl").value_or(kNoLocal));
  f.returns_call = static_cast<uint32_t>(o->getInteger("rcall").value_or(kNoEvent));
  f.returns_made = strings(*o, "rm");
  if (const auto* guard = o->getArray("rg"))
    for (const auto& r : *guard) f.returned_guard.push_back(decode_ref(&r));
  f.returns_attempt = decode_ref(o->get("ra"));
  f.attempt_nonzero_on_success = !o->getBoolean("raz").value_or(false);
  if (const auto* lazy = o->getArray("lz"))
    for (const auto& c : *lazy) {
      const auto* co = c.getAsObject();
      if (!co) return malformed("lazy candidate");
      LazyCandidate candidate;
      candidate.target = decode_ref(co->get("r"));
      candidate.test = decode_loc(co->get("l"));
      if (const auto* creations = co->getArray("c"))
        for (const auto& id : *creations)
          candidate.creations.push_back(static_cast<uint32_t>(id.getAsInteger().value_or(0)));
      candidate.tested_for_empty_optional = co->getBoolean("opt").value_or(false);
      candidate.pointee_type = str(*co, "t");
      candidate.target_is_lock = co->getBoolean("lk").value_or(false);
      candidate.flag = co->getBoolean("fl").value_or(false);
      f.lazy.push_back(std::move(candidate));
    }
  if (const auto* bindings = o->getArray("fb"))
    for (const auto& b : *bindings)
      if (const auto* pair = b.getAsArray(); pair && pair->size() == 2)
        f.field_bindings.emplace_back((*pair)[0].getAsString().value_or("").str(),
                                      static_cast<uint32_t>((*pair)[1].getAsInteger().value_or(0)));
  return f;
}

}  // namespace

void write_tu_facts(llvm::raw_ostream& os, const TuFacts& facts) { Encoder(os).tu(facts); }

llvm::Expected<TuFacts> tu_facts_from_json(const json::Value& value) {
  const auto* o = value.getAsObject();
  if (!o) return malformed("not an object");
  TuFacts facts;
  facts.main_file = str(*o, "main");
  facts.targets = strings(*o, "targets");
  facts.user_files = strings(*o, "user");
  facts.system_files = strings(*o, "system");
  facts.files = strings(*o, "files");
  facts.address_taken = strings(*o, "address_taken");
  facts.address_escapes = strings(*o, "address_escapes");
  facts.runs_once = strings(*o, "runs_once");
  if (const auto* constants = o->getArray("constant_structs"))
    for (const auto& c : *constants)
      if (const auto* co = c.getAsObject()) facts.constant_structs.push_back({str(*co, "id"), field_values(*co, "vf")});
  facts.test_file = o->getBoolean("test").value_or(false);
  if (const auto* functions = o->getArray("functions"))
    for (const auto& f : *functions) {
      auto function = decode_function(f);
      if (!function) return function.takeError();
      facts.functions.push_back(std::move(*function));
    }
  if (const auto* variables = o->getArray("variables"))
    for (const auto& v : *variables) {
      const auto* vo = v.getAsObject();
      if (!vo) return malformed("variable");
      VariableFact variable;
      variable.id = str(*vo, "id");
      variable.name = str(*vo, "n");
      variable.loc = decode_loc(vo->get("l"));
      variable.pointer = vo->getBoolean("pt").value_or(false);
      variable.container = vo->getBoolean("c").value_or(false);
      variable.map_like = vo->getBoolean("m").value_or(false);
      variable.listed_container = vo->getBoolean("lc").value_or(false);
      variable.static_local = vo->getBoolean("s").value_or(false);
      variable.defined = vo->getBoolean("def").value_or(false);
      variable.container_fields = strings(*vo, "cf");
      facts.variables.push_back(std::move(variable));
    }
  if (const auto* recursive = o->getArray("recursive"))
    for (const auto& r : *recursive) facts.recursive_locks.push_back({decode_ref(&r)});
  // Every location must name a file of the table.
  const size_t files = facts.files.size();
  for (const auto& f : facts.functions)
    if (f.loc.valid() && f.loc.file >= files) return malformed("file index out of range");
  return facts;
}

}  // namespace concur::analyzer_internal
