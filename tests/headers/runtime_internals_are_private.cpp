// The runtime's bookkeeping is not part of its contract: a GlobalsSnapshot's
// watched regions and modules are concur::runtime_internal types, not nested
// types users could name and come to rely on. (Checked at compile time: this
// file fails to build if one of them becomes public again.)
#include <concur/globals.h>

#include <type_traits>

namespace {

template <class T>
concept NamesItsRegions = requires { typename T::Region; };
template <class T>
concept NamesItsModules = requires { typename T::Module; };

static_assert(!NamesItsRegions<concur::GlobalsSnapshot>);
static_assert(!NamesItsModules<concur::GlobalsSnapshot>);

// What users do need stays public.
static_assert(requires(const concur::GlobalsSnapshot& s) { s.changes().changes; });
static_assert(std::is_move_constructible_v<concur::GlobalsSnapshot>);

}  // namespace
