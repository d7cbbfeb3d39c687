// A program: the jobs run from main, one after another.
#include "jobs.h"

int main() {
  jobs::scan_once();
  jobs::index_once();
  jobs::export_all();
  return 0;
}
