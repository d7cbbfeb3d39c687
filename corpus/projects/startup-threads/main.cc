#include "app.h"

int main() {
  // negative: LoadConfig runs before any thread exists.
  app::LoadConfig();
  std::vector<std::thread> workers;
  app::StartServer(workers);
  for (auto& worker : workers) worker.join();
  return 0;
}
