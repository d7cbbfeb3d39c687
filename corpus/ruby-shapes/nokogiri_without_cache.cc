// nokogiri's `without_cache`: a global switch turned off around a block and
// restored afterwards. Every other thread sees it off meanwhile, and two
// overlapping calls can restore each other's "off" value for good.
#include <functional>
#include <mutex>
#include <string>

namespace nokogiri {

bool g_cache_enabled = true;

std::string Parse(const std::string& text) { return g_cache_enabled ? text : text + "!"; }

// positive: save, flip, restore, with no lock. Reported at the flip, not at the restore.
std::string ParseWithoutCache(const std::string& text) {
  bool saved = g_cache_enabled;
  g_cache_enabled = false;  // expect: concur-shared-global-cache
  std::string result = Parse(text);
  g_cache_enabled = saved;
  return result;
}

// negative: the setting is passed down instead of flipped globally.
std::string ParseWith(const std::string& text, bool use_cache) { return use_cache ? text : text + "!"; }

thread_local bool t_cache_enabled = true;

// negative: a thread_local switch only affects the calling thread.
std::string ParseWithoutThreadCache(const std::string& text) {
  bool saved = t_cache_enabled;
  t_cache_enabled = false;
  std::string result = ParseWith(text, t_cache_enabled);
  t_cache_enabled = saved;
  return result;
}

bool g_locked_cache_enabled = true;
std::mutex g_cache_mutex;

// negative: the whole save/flip/restore sequence runs under one lock.
std::string ParseWithoutCacheLocked(const std::string& text) {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  bool saved = g_locked_cache_enabled;
  g_locked_cache_enabled = false;
  std::string result = ParseWith(text, g_locked_cache_enabled);
  g_locked_cache_enabled = saved;
  return result;
}

}  // namespace nokogiri
