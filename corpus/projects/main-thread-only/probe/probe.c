/* A second program of the project: each program's main is followed on its own. */
#include <stdio.h>

int main(int argc, char **argv) {
  (void)argv;
  printf("%d\n", argc);
  return 0;
}
