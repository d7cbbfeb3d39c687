// Identity of references across functions: the key two functions compare to
// know they lock (or write) the same thing, and the substitution of a
// callee's parameter-relative references with a caller's arguments.
#pragma once

#include "facts/Facts.h"

#include <string>
#include <string_view>

namespace concur::analyzer_internal {

/// Whether a path element names a field ("Class::field").
bool is_field_element(std::string_view element);
/// Whether `r` names a local variable itself (a local function pointer),
/// not what it points to or a field of it.
bool is_plain_local(const Ref& r);
/// Whether a path is one or more fields and nothing else (`mu_`,
/// `latch_.m_`): a part of the object it starts at, reached without a
/// dereference.
bool is_field_path(const std::vector<std::string>& path);
/// A field element's own name: "mu_" for "ns::Ledger::mu_".
std::string_view field_name(std::string_view element);

/// `r` dereferenced / with its address taken; `&x` then `*` is `x` again.
Ref deref(Ref r);
Ref address_of(Ref r);

/// The key that identifies what `r` names across functions. Fields are
/// instance-insensitive: the key starts at the last object reached through a
/// pointer, with the field that holds that pointer ("Conn::mu_",
/// "server::lock/*/lock_t::m"); a global without indirection keeps its
/// identity ("g:<id>/Struct::field"). A reference to a parameter or local with
/// no field is private to `function` ("<function>#p0").
std::string canonical_key(const Ref& r, std::string_view function);

/// Whether the key is private to one function (a parameter or local).
bool is_private_key(std::string_view key);

/// Whether `r` is the address of a variable in static storage (`&socket_vtable`).
bool is_global_address(const Ref& r);
/// Whether `r` is an element of a global array (`k_all[i]`, `*p` with `p`
/// walking `k_all`): {global k_all, ["[]"]}.
bool is_global_element(const Ref& r);
/// The key prefix of a table in static storage whose address `r` is: the
/// table (`&socket_vtable`: "g:socket_vtable") or an element of a static
/// array of tables (`&all_mechanisms[i]`: "g:all_mechanisms/[]"); empty
/// otherwise.
std::string table_address_key(const Ref& r);

/// Whether two references name the same place (their spelling aside).
bool same_place(const Ref& a, const Ref& b);

/// `ref` is `prefix` or reached from it (`c` is a prefix of `c->mutex->lock`).
bool ref_prefix(const Ref& prefix, const Ref& ref);

/// Whether a caller's lock `caller_key` is the callee's `callee_key`, which
/// may name it from a nearer object: the caller's `loop->context->mutex`
/// ("GMainLoop::context/*/GMainContext::mutex") is the callee's
/// `context->mutex` ("GMainContext::mutex").
bool names_same_lock(std::string_view caller_key, std::string_view callee_key);

/// `callee_ref` (relative to the callee's parameters and `this`) seen from
/// the caller: parameter i becomes the caller's argument i, `this` becomes
/// the call's receiver. Empty when the argument has no reference.
Ref substitute(const Ref& callee_ref, const Ref& receiver, const std::vector<Arg>& args);

}  // namespace concur::analyzer_internal
