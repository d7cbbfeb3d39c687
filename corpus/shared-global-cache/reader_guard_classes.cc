// A global table guarded by a home-made reader/writer latch through
// home-made guard classes: a lookup that inserts under the reader's guard
// is not protected (other readers run at the same time); under the
// writer's guard it is.
#include <map>
#include <shared_mutex>
#include <string>

namespace glyphs {

class Latch {
 public:
  void EnterShared() { mu_.lock_shared(); }
  void LeaveShared() { mu_.unlock_shared(); }
  void Enter() { mu_.lock(); }
  void Leave() { mu_.unlock(); }

 private:
  std::shared_mutex mu_;
};

class SharedLocker {
 public:
  explicit SharedLocker(Latch* latch) : latch_(latch) { latch_->EnterShared(); }
  ~SharedLocker() { latch_->LeaveShared(); }

 private:
  Latch* latch_;
};

class ExclusiveLocker {
 public:
  explicit ExclusiveLocker(Latch* latch) : latch_(latch) { latch_->Enter(); }
  ~ExclusiveLocker() { latch_->Leave(); }

 private:
  Latch* latch_;
};

std::map<std::string, int> g_widths;
Latch g_widths_latch;

// positive: looked up and then inserted under the reader's guard only.
int WidthOf(const std::string& glyph) {
  SharedLocker hold(&g_widths_latch);
  auto it = g_widths.find(glyph);
  if (it != g_widths.end()) return it->second;
  const int width = static_cast<int>(glyph.size()) * 8;
  g_widths[glyph] = width;  // expect: concur-shared-global-cache
  return width;
}

// negative: the insert is made under the writer's guard.
int MeasuredWidth(const std::string& glyph) {
  {
    SharedLocker hold(&g_widths_latch);
    auto it = g_widths.find(glyph);
    if (it != g_widths.end()) return it->second;
  }
  ExclusiveLocker hold(&g_widths_latch);
  auto& slot = g_widths[glyph];
  if (slot == 0) slot = static_cast<int>(glyph.size()) * 8;
  return slot;
}

// negative: only read under the reader's guard.
bool Known(const std::string& glyph) {
  SharedLocker hold(&g_widths_latch);
  return g_widths.count(glyph) != 0;
}

}  // namespace glyphs
