#include "facts/RefKeys.h"

#include <algorithm>

namespace concur::analyzer_internal {

bool is_field_element(std::string_view element) {
  return element != "*" && element != "&" && element != "[]";
}

bool is_field_path(const std::vector<std::string>& path) {
  return !path.empty() && std::all_of(path.begin(), path.end(), [](const std::string& e) { return is_field_element(e); });
}

std::string_view field_name(std::string_view element) {
  const size_t colon = element.rfind("::");
  return colon == std::string_view::npos ? element : element.substr(colon + 2);
}

Ref deref(Ref r) {
  if (r.empty()) return r;
  if (!r.path.empty() && r.path.back() == "&") r.path.pop_back();
  else r.path.push_back("*");
  return r;
}

Ref address_of(Ref r) {
  if (r.empty()) return r;
  if (!r.path.empty() && r.path.back() == "*") r.path.pop_back();
  else r.path.push_back("&");
  return r;
}

namespace {

std::string join(const std::vector<std::string>& path, size_t from) {
  std::string out;
  for (size_t i = from; i < path.size(); ++i) {
    if (!out.empty()) out += '/';
    out += path[i];
  }
  return out;
}

}  // namespace

bool same_place(const Ref& a, const Ref& b) {
  return a.root == b.root && a.base == b.base && a.index == b.index && a.path == b.path;
}

std::string canonical_key(const Ref& r, std::string_view function) {
  const auto& path = r.path;
  // The last object reached through a pointer, named by the field that
  // holds the pointer ("server::lock/*/lock_t::m"): instance-insensitive,
  // but one lock_t held by a server is not every lock_t of the program.
  for (size_t i = path.size(); i-- > 0;) {
    if (path[i] != "*" || i + 1 >= path.size() || !is_field_element(path[i + 1])) continue;
    const std::string rest = join(path, i + 1);
    if (i > 0 && is_field_element(path[i - 1])) return path[i - 1] + "/*/" + rest;
    if (i == 0 && r.root == RefRoot::global) return "g:" + r.base + "/*/" + rest;
    if (i == 0 && r.root == RefRoot::call_result) return "call:" + r.base + "/*/" + rest;
    return rest;
  }
  const std::string rest = join(path, 0);
  switch (r.root) {
    case RefRoot::none: return {};
    case RefRoot::global: return "g:" + r.base + (rest.empty() ? "" : "/" + rest);
    case RefRoot::call_result: return "call:" + r.base + (rest.empty() ? "" : "/" + rest);
    case RefRoot::this_object:
    case RefRoot::object_field: return rest.empty() ? std::string() : rest;
    case RefRoot::param:
    case RefRoot::local: {
      for (size_t i = 0; i < path.size(); ++i)
        if (is_field_element(path[i])) return join(path, i);
      std::string key(function);
      key += r.root == RefRoot::param ? "#p" : "#l";
      key += std::to_string(r.index);
      return rest.empty() ? key : key + "/" + rest;
    }
  }
  return {};
}

bool is_plain_local(const Ref& r) { return r.root == RefRoot::local && r.path.empty(); }

bool is_global_element(const Ref& r) {
  return r.root == RefRoot::global && r.path.size() == 1 && r.path.front() == "[]";
}

bool is_global_address(const Ref& r) {
  return r.root == RefRoot::global && r.path.size() == 1 && r.path.front() == "&";
}

std::string table_address_key(const Ref& r) {
  if (r.root != RefRoot::global || r.path.empty() || r.path.back() != "&") return {};
  if (r.path.size() == 1) return "g:" + r.base;
  if (r.path.size() == 2 && r.path.front() == "[]") return "g:" + r.base + "/[]";
  return {};
}

bool ref_prefix(const Ref& prefix, const Ref& ref) {
  if (prefix.root != ref.root || prefix.base != ref.base || prefix.index != ref.index) return false;
  if (prefix.path.size() > ref.path.size()) return false;
  return std::equal(prefix.path.begin(), prefix.path.end(), ref.path.begin());
}

bool is_private_key(std::string_view key) {
  return key.find("#p") != std::string_view::npos || key.find("#l") != std::string_view::npos;
}

Ref substitute(const Ref& callee_ref, const Ref& receiver, const std::vector<Arg>& args) {
  Ref base;
  if (callee_ref.root == RefRoot::param) {
    if (callee_ref.index >= args.size()) return {};
    base = args[callee_ref.index].ref;
  } else if (callee_ref.root == RefRoot::this_object) {
    base = receiver;
  } else {
    return callee_ref;  // globals and fields mean the same thing everywhere
  }
  if (base.empty()) return {};
  for (const auto& element : callee_ref.path) {
    if (element == "*") base = deref(std::move(base));
    else if (element == "&") base = address_of(std::move(base));
    else base.path.push_back(element);
  }
  return base;
}

bool names_same_lock(std::string_view caller_key, std::string_view callee_key) {
  if (caller_key == callee_key) return true;
  const std::string suffix = "/*/" + std::string(callee_key);
  return caller_key.size() >= suffix.size() && caller_key.substr(caller_key.size() - suffix.size()) == suffix;
}

}  // namespace concur::analyzer_internal
