#include "extract/TuContext.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace concur::analyzer_internal {

TuContext::TuContext(ASTContext& ast, const Vocabulary& vocabulary, TuFacts& out)
    : ast_(ast), vocabulary_(vocabulary), out_(out) {}

namespace {

std::string canonical_path(const SourceManager& sm, FileID file) {
  if (auto entry = sm.getFileEntryRefForID(file)) {
    // The real path Clang recorded when it opened the file; names in the
    // FileManager are relative to the compile command's directory, not to
    // this process's working directory.
    llvm::StringRef real = entry->getFileEntry().tryGetRealPathName();
    if (!real.empty()) return real.str();
    llvm::SmallString<256> path(entry->getName());
    sm.getFileManager().makeAbsolutePath(path);
    llvm::SmallString<256> resolved;
    if (!llvm::sys::fs::real_path(path, resolved)) return std::string(resolved);
    llvm::sys::path::remove_dots(path, true);
    return std::string(path);
  }
  return std::string(sm.getBufferName(sm.getLocForStartOfFile(file)));
}

}  // namespace

Loc TuContext::loc(SourceLocation where) {
  const SourceManager& sm = sources();
  where = sm.getExpansionLoc(where);
  if (where.isInvalid()) return {};
  const FileID file = sm.getFileID(where);
  auto [it, inserted] = file_indices_.try_emplace(file, 0);
  if (inserted) {
    it->second = static_cast<uint32_t>(out_.files.size());
    out_.files.push_back(canonical_path(sm, file));
  }
  Loc result;
  result.file = it->second;
  result.line = sm.getExpansionLineNumber(where);
  result.column = sm.getExpansionColumnNumber(where);
  return result;
}

const std::string& TuContext::file_of(SourceLocation where) {
  static const std::string none;
  const Loc l = loc(where);
  return l.valid() ? out_.files[l.file] : none;
}

bool TuContext::in_system_header(SourceLocation where) const {
  return where.isValid() && sources().isInSystemHeader(sources().getExpansionLoc(where));
}

const FunctionDecl* TuContext::lambda_function(const LambdaExpr* lambda) {
  const FunctionDecl* call = lambda->getCallOperator();
  const FunctionTemplateDecl* generic = lambda->getDependentCallOperator();
  if (!generic) return call;
  const FunctionDecl* only = nullptr;
  for (const FunctionDecl* instance : generic->specializations()) {
    if (!instance->doesThisDeclarationHaveABody()) continue;
    if (only) return call;  // several: which one runs depends on the callee
    only = instance;
  }
  return only ? only : call;
}

std::string TuContext::id_of(const Decl* decl) {
  if (!decl) return {};
  decl = decl->getCanonicalDecl();
  if (auto it = ids_.find(decl); it != ids_.end()) return it->second;
  std::string id;
  // A lambda's class has no name; its source position identifies it in
  // every TU that includes it.
  const auto* method = dyn_cast<CXXMethodDecl>(decl);
  if (method && method->getParent()->isLambda()) {
    const Loc at = loc(method->getParent()->getLocation());
    id = "lambda:" + (at.valid() ? out_.files[at.file] : std::string("?")) + ":" +
         std::to_string(at.line) + ":" + std::to_string(at.column);
    // Instantiations of a generic lambda differ by their parameters' types.
    if (method->getTemplateSpecializationArgs()) {
      llvm::SmallString<128> usr;
      if (!index::generateUSRForDecl(decl, usr)) id += "#" + std::string(usr);
    }
    // A lambda written in a template is one lambda per instantiation of the
    // function around it: `Subscribe<E> (fn)` stores `[fn] (...) { fn (...); }`,
    // and which `fn` it calls depends on which Subscribe<E> made it.
    const DeclContext* around = method->getParent()->getDeclContext();
    while (around && !isa<FunctionDecl>(around)) around = around->getParent();
    if (const auto* enclosing = dyn_cast_or_null<FunctionDecl>(around); enclosing && enclosing->isTemplateInstantiation())
      id += "@" + id_of(enclosing);
  } else {
    llvm::SmallString<128> usr;
    if (index::generateUSRForDecl(decl, usr) || usr.empty()) {
      const Loc at = loc(decl->getLocation());
      id = "decl:" + (at.valid() ? out_.files[at.file] : std::string("?")) + ":" +
           std::to_string(at.line) + ":" + std::to_string(at.column);
    } else {
      id = std::string(usr);
    }
  }
  ids_[decl] = id;
  return id;
}

std::string TuContext::variable_display_name(const VarDecl* var) {
  if (var->isStaticLocal())
    if (const auto* function = dyn_cast<FunctionDecl>(var->getDeclContext()))
      return qualified_name(function) + "()::" + var->getNameAsString();
  return qualified_name(var);
}

const VarDecl* TuContext::shared_variable(const VarDecl* var) {
  if (!var) return nullptr;
  var = var->getCanonicalDecl();
  if (auto it = shared_.find(var); it != shared_.end()) return it->second ? var : nullptr;
  bool shared = var->hasGlobalStorage() && var->getTLSKind() == VarDecl::TLS_None &&
                !isa<ParmVarDecl>(var) && !var->isConstexpr();
  if (shared) {
    const QualType type = var->getType();
    shared = !type.isConstQualified() && !type->isReferenceType() &&
             !Vocabulary::is_atomic(type) && !Vocabulary::is_once_flag(type) &&
             !vocabulary_.is_mutex(type) && !vocabulary_.holds_mutex(type) &&
             !vocabulary_.is_guard(Vocabulary::record_of(type)) &&
             !in_system_header(var->getLocation());
  }
  shared_[var] = shared;
  if (!shared) return nullptr;
  VariableFact fact;
  fact.id = id_of(var);
  fact.name = variable_display_name(var);
  const VarDecl* definition = var->getDefinition() ? var->getDefinition() : var;
  fact.loc = loc(definition->getLocation());
  // A leaky singleton's pointer (`static Cache* c = new Cache;`): its
  // accessor hands out the object it points to.
  QualType object_type = var->getType();
  if (object_type->isPointerType() && !object_type->isFunctionPointerType()) {
    fact.pointer = true;
    object_type = object_type->getPointeeType();
  }
  // An array of containers: each element is one (`std::vector<int> g_lists[4]`).
  while (object_type->isArrayType()) object_type = object_type->castAsArrayTypeUnsafe()->getElementType();
  fact.container = vocabulary_.is_container_like(object_type);
  fact.map_like = vocabulary_.is_map_like(object_type);
  fact.listed_container = vocabulary_.is_listed_container(object_type);
  fact.static_local = var->isStaticLocal();
  fact.defined = var->hasDefinition() != VarDecl::DeclarationOnly;
  if (!fact.container) note_container_fields(object_type, fact.container_fields, 0);
  out_.variables.push_back(std::move(fact));
  return var;
}

void TuContext::note_container_fields(QualType type, std::vector<std::string>& out, int depth) const {
  // The fields of an array's elements (`Slot g_slots[4]`: g_slots[i].fetched).
  while (!type.isNull() && type->isArrayType()) type = type->castAsArrayTypeUnsafe()->getElementType();
  // A C struct too (`struct ingest_state { GQueue pending; ... } g_ingest;`).
  const auto* record = type.isNull() ? nullptr : type->getAsRecordDecl();
  if (!record || !record->getDefinition() || depth > 2) return;
  for (const FieldDecl* field : record->getDefinition()->fields()) {
    const QualType field_type = field->getType();
    if (field_type->isReferenceType() || field_type->isPointerType() || field_type.isConstQualified()) continue;
    if (vocabulary_.is_mutex(field_type) || Vocabulary::is_atomic(field_type)) continue;
    if (vocabulary_.is_container_like(field_type))
      out.push_back(qualified_name(field));
    else
      note_container_fields(field_type, out, depth + 1);
  }
}

bool TuContext::is_test_file(const std::string& file) {
  return file == out_.main_file ? out_.test_file : vocabulary_.is_test_path(file);
}

void TuContext::note_address_taken(const FunctionDecl* function, bool escapes) {
  if (!function) return;
  if (address_taken_.insert(function->getCanonicalDecl()).second) out_.address_taken.push_back(id_of(function));
  if (escapes && address_escapes_.insert(function->getCanonicalDecl()).second)
    out_.address_escapes.push_back(id_of(function));
}

void TuContext::note_runs_once(const FunctionDecl* function) {
  if (function && runs_once_.insert(function->getCanonicalDecl()).second)
    out_.runs_once.push_back(id_of(function));
}

}  // namespace concur::analyzer_internal
