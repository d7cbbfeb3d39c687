#include "detail/symbolizer.h"

#include "concur_thread_safety.h"

#include <llvm/DebugInfo/Symbolize/Symbolize.h>
#include <llvm/Demangle/Demangle.h>
#include <llvm/Demangle/ItaniumDemangle.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/Allocator.h>

#include <link.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string_view>

namespace concur::runtime_internal {
namespace {

// LLVMSymbolizer caches per module and is not thread-safe: one at a time.
struct SymbolizerState {
  sync_internal::Mutex mu;
  llvm::symbolize::LLVMSymbolizer symbolizer CONCUR_GUARDED_BY(mu){[] {
    llvm::symbolize::LLVMSymbolizer::Options o;
    // Code frames are classified by their mangled names (is_concur_library_function);
    // data names are demangled where they are read.
    o.Demangle = false;
    o.RelativeAddresses = false;
    return o;
  }()};
  std::map<std::string, std::vector<std::string>> names CONCUR_GUARDED_BY(mu);  // entries never erased
};

SymbolizerState& state() {
  static auto* s = new SymbolizerState;  // never destroyed: used from atexit paths too
  return *s;
}

// "f[abi:cxx11]()::m[abi:cxx11]" -> "f()::m": the name as written in source.
std::string without_abi_tags(std::string name) {
  for (std::size_t at; (at = name.find("[abi:")) != std::string::npos;) {
    std::size_t end = name.find(']', at);
    if (end == std::string::npos) break;
    name.erase(at, end - at + 1);
  }
  return name;
}

std::vector<std::string> read_data_symbol_names(const std::string& module) {
  std::vector<std::string> names;
  auto binary = llvm::object::ObjectFile::createObjectFile(module);
  if (!binary) {
    llvm::consumeError(binary.takeError());
    return names;
  }
  for (const llvm::object::SymbolRef& sym : binary->getBinary()->symbols()) {
    auto type = sym.getType();
    if (!type) {
      llvm::consumeError(type.takeError());
      continue;
    }
    if (*type != llvm::object::SymbolRef::ST_Data) continue;
    auto name = sym.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    names.push_back(without_abi_tags(llvm::demangle(name->str())));
  }
  return names;
}

}  // namespace

DataSymbol symbolize_data(const std::string& module, std::uint64_t offset) {
  SymbolizerState& s = state();
  sync_internal::LockGuard lock(s.mu);
  DataSymbol result;
  auto global = s.symbolizer.symbolizeData(
      module, {offset, llvm::object::SectionedAddress::UndefSection});
  if (!global) {
    llvm::consumeError(global.takeError());
    return result;
  }
  if (global->Name == llvm::DILineInfo::BadString || global->Name.empty()) return result;
  result.found = true;
  result.name = without_abi_tags(llvm::demangle(global->Name));
  result.start = global->Start;
  result.size = global->Size;
  result.decl_file = global->DeclFile;
  result.decl_line = static_cast<unsigned>(global->DeclLine);
  // LLVM 19 finds the declaration of a class static (DW_AT_specification)
  // only from its first byte, not from an address inside it.
  if (result.decl_line == 0 && result.start != offset) {
    auto from_start = s.symbolizer.symbolizeData(
        module, {result.start, llvm::object::SectionedAddress::UndefSection});
    if (from_start && from_start->DeclLine != 0) {
      result.decl_file = from_start->DeclFile;
      result.decl_line = static_cast<unsigned>(from_start->DeclLine);
    } else if (!from_start) {
      llvm::consumeError(from_start.takeError());
    }
  }
  return result;
}

namespace {

struct ModuleOf {
  std::uintptr_t address;
  std::string path;
  std::uint64_t offset = 0;
  bool found = false;
};

int find_module(dl_phdr_info* info, std::size_t, void* data) {
  auto& m = *static_cast<ModuleOf*>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (m.address < start || m.address >= start + ph.p_memsz) continue;
    m.found = true;
    m.offset = m.address - info->dlpi_addr;  // the link-time address
    m.path = info->dlpi_name && info->dlpi_name[0] ? info->dlpi_name : "/proc/self/exe";
    return 1;
  }
  return 0;
}

// The system's headers and code without line info are not where a user made a socket.
bool is_system_or_unknown_source(const std::string& file) {
  return file.empty() || file == llvm::DILineInfo::BadString || file.rfind("/usr/", 0) == 0;
}

// Nor are the system's libraries, whose debug info (when installed) names their own
// sources ("clock_gettime.c"): a stall caught inside libc is the caller's.
bool is_system_library(const std::string& module) {
  return module.rfind("/lib/", 0) == 0 || module.rfind("/lib64/", 0) == 0 || module.rfind("/usr/lib", 0) == 0 ||
         module.rfind("linux-vdso", 0) == 0;
}

}  // namespace

std::string first_user_code_site(const std::vector<void*>& frames) {
  const std::vector<runtime_internal::CodeSite> sites = runtime_internal::user_code_sites(0, frames, 1);
  return sites.empty() ? std::string() : sites[0].file + ":" + std::to_string(sites[0].line);
}

const std::vector<std::string>& data_symbol_names(const std::string& module) {
  SymbolizerState& s = state();
  sync_internal::LockGuard lock(s.mu);
  auto it = s.names.find(module);
  if (it == s.names.end()) it = s.names.emplace(module, read_data_symbol_names(module)).first;
  return it->second;
}

}  // namespace concur::runtime_internal

namespace concur::runtime_internal {
namespace {

namespace demangle = llvm::itanium_demangle;

// The demangler's nodes for one name, freed together.
class DemangleArena {
 public:
  template <class T, class... Args>
  T* makeNode(Args&&... args) {
    return new (arena_.Allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
  }
  void* allocateNodeArray(std::size_t size) {
    return arena_.Allocate(size * sizeof(demangle::Node*), alignof(demangle::Node*));
  }

 private:
  llvm::BumpPtrAllocator arena_;
};

// The function a parsed name denotes; a ".resume"/".cold" clone stands for the
// function it was split from.
const demangle::FunctionEncoding* as_function(const demangle::Node* node) {
  if (node != nullptr && node->getKind() == demangle::Node::KDotSuffix)
    static_cast<const demangle::DotSuffix*>(node)->match([&](const demangle::Node* prefix, std::string_view) {
      node = prefix;
    });
  if (node == nullptr || node->getKind() != demangle::Node::KFunctionEncoding) return nullptr;
  return static_cast<const demangle::FunctionEncoding*>(node);
}

// Appends the components of a qualified name, outermost first ("" for a
// component that is no identifier: an operator, a constructor).
void append_components(const demangle::Node* name, std::vector<std::string_view>& out) {
  switch (name->getKind()) {
    case demangle::Node::KNestedName: {
      const auto* nested = static_cast<const demangle::NestedName*>(name);
      append_components(nested->Qual, out);
      append_components(nested->Name, out);
      return;
    }
    case demangle::Node::KNameWithTemplateArgs:
      append_components(static_cast<const demangle::NameWithTemplateArgs*>(name)->Name, out);
      return;
    case demangle::Node::KAbiTagAttr:
      append_components(static_cast<const demangle::AbiTagAttr*>(name)->Base, out);
      return;
    case demangle::Node::KNameType:
      out.push_back(static_cast<const demangle::NameType*>(name)->getName());
      return;
    default:
      out.push_back({});
  }
}

// concur's libraries keep their code in these namespaces under concur::.
constexpr std::string_view kLibraryNamespaces[] = {"detail",           "testing",          "reactor_internal",
                                                   "runtime_internal", "testing_internal", "analyzer_internal",
                                                   "(anonymous namespace)"};

// "money::Bank::set_rate" for a mangled function name: no parameters, no return type.
std::string function_name(const std::string& linkage_name) {
  llvm::ItaniumPartialDemangler demangler;
  if (demangler.partialDemangle(linkage_name.c_str())) return linkage_name;  // C, or not a function
  std::size_t size = 0;
  char* name = demangler.getFunctionName(nullptr, &size);
  if (name == nullptr) return linkage_name;
  std::string result = runtime_internal::without_abi_tags(name);
  std::free(name);
  return result;
}

}  // namespace

std::vector<CodeSite> user_code_sites(std::uintptr_t exact_pc, const std::vector<void*>& return_addresses,
                                      std::size_t limit) {
  std::vector<CodeSite> sites;
  auto& s = runtime_internal::state();
  sync_internal::LockGuard lock(s.mu);
  // The analysis does not follow the lock into a lambda: the lambda is handed
  // the symbolizer by the calls below, which hold the lock.
  auto add_frames_at = [&](llvm::symbolize::LLVMSymbolizer& symbolizer, std::uintptr_t address) {
    runtime_internal::ModuleOf m{address};
    dl_iterate_phdr(runtime_internal::find_module, &m);
    if (!m.found || runtime_internal::is_system_library(m.path)) return;
    auto inlined = symbolizer.symbolizeInlinedCode(m.path, {m.offset, llvm::object::SectionedAddress::UndefSection});
    if (!inlined) {
      llvm::consumeError(inlined.takeError());
      return;
    }
    for (std::uint32_t i = 0; i < inlined->getNumberOfFrames() && sites.size() < limit; ++i) {
      const llvm::DILineInfo& line = inlined->getFrame(i);
      if (line.Line == 0 || runtime_internal::is_system_or_unknown_source(line.FileName) ||
          is_concur_library_function(line.FunctionName))
        continue;
      std::string file = line.FileName;
      if (std::size_t slash = file.rfind('/'); slash != std::string::npos) file.erase(0, slash + 1);
      sites.push_back({function_name(line.FunctionName), std::move(file), line.Line});
    }
  };
  if (exact_pc != 0) add_frames_at(s.symbolizer, exact_pc);
  // A return address: the call is the instruction before it.
  for (std::size_t i = 0; i < return_addresses.size() && sites.size() < limit; ++i)
    add_frames_at(s.symbolizer, reinterpret_cast<std::uintptr_t>(return_addresses[i]) - 1);
  return sites;
}

bool is_concur_library_function(std::string_view linkage_name) {
  if (!linkage_name.starts_with("_Z")) return false;  // C code: libc, main, or no name at all
  DemangleArena arena;
  demangle::ManglingParser<DemangleArena> parser(linkage_name.data(), linkage_name.data() + linkage_name.size());
  const demangle::FunctionEncoding* function = as_function(parser.parse());
  if (function == nullptr) return false;
  // A lambda or a local class belongs to the function it is written in.
  const demangle::Node* name = function->getName();
  while (name->getKind() == demangle::Node::KLocalName) {
    function = as_function(static_cast<const demangle::LocalName*>(name)->Encoding);
    if (function == nullptr) return false;
    name = function->getName();
  }
  std::vector<std::string_view> path;
  append_components(name, path);
  if (path.size() < 2 || path[0] != "concur") return false;
  if (path.size() == 2) return true;  // a function of namespace concur itself
  // concur::X::f: X is a concur type (PascalCase, the naming convention), one of the
  // libraries' namespaces, or another namespace: code built on concur (concur::examples).
  std::string_view scope = path[1];
  return (!scope.empty() && scope[0] >= 'A' && scope[0] <= 'Z') ||
         std::find(std::begin(kLibraryNamespaces), std::end(kLibraryNamespaces), scope) != std::end(kLibraryNamespaces);
}

}  // namespace concur::runtime_internal
