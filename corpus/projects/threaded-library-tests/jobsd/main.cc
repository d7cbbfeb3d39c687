#include <cstdio>
#include <string>

#include "jobs.h"

int main() {
  jobs::RunOnWorkers(4, [](int i) { jobs::Record("job-" + std::to_string(i)); });
  std::printf("%d\n", jobs::Recorded());
  return 0;
}
