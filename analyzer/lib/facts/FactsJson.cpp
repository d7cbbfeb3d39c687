#include "facts/FactsJson.h"

namespace concur::analyzer_internal {

namespace json = llvm::json;

namespace {

// ---- encoding ----

json::Value encode(const Loc& loc) { return json::Array{loc.file, loc.line, loc.column}; }

json::Value encode(const Ref& ref) {
  json::Object o{{"r", static_cast<int>(ref.root)}};
  if (!ref.base.empty()) o["b"] = ref.base;
  if (ref.index) o["i"] = ref.index;
  if (!ref.path.empty()) o["p"] = json::Array(ref.path);
  if (!ref.display.empty()) o["d"] = ref.display;
  return o;
}

json::Value encode(const Arg& arg) {
  json::Object o{{"k", static_cast<int>(arg.kind)}};
  if (!arg.ref.empty()) o["r"] = encode(arg.ref);
  if (!arg.function.empty()) o["f"] = arg.function;
  if (arg.index) o["i"] = arg.index;
  if (!arg.text.empty()) o["t"] = arg.text;
  return o;
}

json::Value encode(const Event& e) {
  json::Object o{{"k", static_cast<int>(e.kind)}, {"id", e.id}, {"l", encode(e.loc)}};
  if (e.flags) o["f"] = e.flags;
  if (e.kind == EventKind::access) o["o"] = static_cast<int>(e.op);
  if (e.index) o["i"] = e.index;
  if (e.other) o["x"] = e.other;
  if (!e.ref.empty()) o["r"] = encode(e.ref);
  if (!e.refs.empty()) {
    json::Array refs;
    for (const auto& r : e.refs) refs.push_back(encode(r));
    o["rs"] = std::move(refs);
  }
  if (!e.callee.empty()) o["c"] = e.callee;
  if (!e.text.empty()) o["t"] = e.text;
  if (!e.args.empty()) {
    json::Array args;
    for (const auto& a : e.args) args.push_back(encode(a));
    o["a"] = std::move(args);
  }
  return o;
}

json::Value encode(const FunctionFact& f) {
  json::Array blocks;
  for (const auto& block : f.blocks) {
    json::Object b;
    if (!block.events.empty()) {
      json::Array events;
      for (const auto& e : block.events) events.push_back(encode(e));
      b["e"] = std::move(events);
    }
    if (!block.successors.empty()) b["s"] = json::Array(block.successors);
    blocks.push_back(std::move(b));
  }
  json::Object o{{"id", f.id}, {"n", f.name}, {"l", encode(f.loc)}, {"f", f.flags},
                 {"b", std::move(blocks)}, {"be", f.entry_block}, {"bx", f.exit_block}};
  if (!f.record.empty()) o["rc"] = f.record;
  if (!f.record_name.empty()) o["rn"] = f.record_name;
  if (!f.overrides.empty()) o["ov"] = json::Array(f.overrides);
  if (!f.pattern.empty()) o["pt"] = f.pattern;
  if (!f.return_type.empty()) o["rt"] = f.return_type;
  if (!f.params.empty()) {
    json::Array params;
    for (const auto& p : f.params) {
      json::Object po{{"n", p.name}};
      if (p.callable) po["c"] = true;
      if (p.type_erased) po["e"] = true;
      if (!p.pointee_type.empty()) po["t"] = p.pointee_type;
      params.push_back(std::move(po));
    }
    o["ps"] = std::move(params);
  }
  if (!f.returns.empty()) o["ret"] = encode(f.returns);
  if (f.returns_new) o["new"] = true;
  if (!f.lazy.empty()) {
    json::Array lazy;
    for (const auto& c : f.lazy) {
      json::Object co{{"r", encode(c.target)}, {"l", encode(c.test)},
                      {"c", json::Array(c.creations)}};
      if (c.tested_for_empty_optional) co["opt"] = true;
      if (!c.pointee_type.empty()) co["t"] = c.pointee_type;
      if (c.target_is_lock) co["lk"] = true;
      lazy.push_back(std::move(co));
    }
    o["lz"] = std::move(lazy);
  }
  if (!f.field_bindings.empty()) {
    json::Array bindings;
    for (const auto& [field, param] : f.field_bindings) bindings.push_back(json::Array{field, param});
    o["fb"] = std::move(bindings);
  }
  return o;
}

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
    f.blocks.push_back(std::move(block));
  }
  for (const auto& block : f.blocks)
    for (uint32_t succ : block.successors)
      if (succ >= f.blocks.size()) return malformed("block successor out of range");
  if (f.entry_block >= f.blocks.size() || f.exit_block >= f.blocks.size())
    return malformed("entry or exit block out of range");
  f.returns = decode_ref(o->get("ret"));
  f.returns_new = o->getBoolean("new").value_or(false);
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

json::Value tu_facts_to_json(const TuFacts& facts) {
  json::Array functions;
  for (const auto& f : facts.functions) functions.push_back(encode(f));
  json::Array variables;
  for (const auto& v : facts.variables) {
    json::Object vo{{"id", v.id}, {"n", v.name}, {"l", encode(v.loc)}};
    if (v.container) vo["c"] = true;
    if (v.map_like) vo["m"] = true;
    if (v.listed_container) vo["lc"] = true;
    if (v.static_local) vo["s"] = true;
    variables.push_back(std::move(vo));
  }
  json::Array recursive;
  for (const auto& r : facts.recursive_locks) recursive.push_back(encode(r.lock));
  return json::Object{
      {"main", facts.main_file},
      {"user", json::Array(facts.user_files)},
      {"system", json::Array(facts.system_files)},
      {"files", json::Array(facts.files)},
      {"functions", std::move(functions)},
      {"variables", std::move(variables)},
      {"recursive", std::move(recursive)},
      {"address_taken", json::Array(facts.address_taken)},
      {"runs_once", json::Array(facts.runs_once)},
      {"test", facts.test_file},
  };
}

llvm::Expected<TuFacts> tu_facts_from_json(const json::Value& value) {
  const auto* o = value.getAsObject();
  if (!o) return malformed("not an object");
  TuFacts facts;
  facts.main_file = str(*o, "main");
  facts.user_files = strings(*o, "user");
  facts.system_files = strings(*o, "system");
  facts.files = strings(*o, "files");
  facts.address_taken = strings(*o, "address_taken");
  facts.runs_once = strings(*o, "runs_once");
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
      variable.container = vo->getBoolean("c").value_or(false);
      variable.map_like = vo->getBoolean("m").value_or(false);
      variable.listed_container = vo->getBoolean("lc").value_or(false);
      variable.static_local = vo->getBoolean("s").value_or(false);
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
