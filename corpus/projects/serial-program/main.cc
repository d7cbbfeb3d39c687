#include "tool.h"

// negative: the whole program runs on this thread.
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') tool::RunQuietly(argv[i] + 1);
    else tool::Run(argv[i]);
  }
  return 0;
}
