#include <cstdio>

#include "../include/cbw/callback.h"

namespace cbw {
long CountCompleted(int n);
}

int main() {
  cbw::Loader loader;
  loader.Start("a", [](int r) { std::printf("done %d\n", r); });
  loader.Complete(200);
  loader.Start("b", [](int r) { std::printf("done %d\n", r); });
  loader.CompleteUnlocked(404);
  cbw::Button button;
  button.OnClick([] { std::puts("clicked"); });
  button.Click();
  return cbw::CountCompleted(1) == 1 ? 0 : 1;
}
