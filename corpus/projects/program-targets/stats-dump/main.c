/* A second program of the project: dumps the reports to a file. */
#include <stdio.h>

#include "report.h"

static void dump_line(const char *key, long value, void *out) {
  fprintf((FILE *)out, "%s=%ld\n", key, value);
}

int main(void) {
  dump_report(dump_line, stdout);
  slabs_report_unlocked(dump_line, stdout);
  return 0;
}
