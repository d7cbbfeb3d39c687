#include "log.h"

#include <stdio.h>
#include <stdlib.h>

static log_hook_fn hook;

/* negative: storing the hook runs nothing. */
void log_set_hook(log_hook_fn h) { hook = h; }

/* negative: no lock here; the callers' locks are checked at their calls. */
void log_warn(const char *msg) {
  if (hook) hook(msg);
  fprintf(stderr, "warning: %s\n", msg);
}

/* negative: the same, on the way to abort(). */
void log_fatal(const char *msg) {
  log_warn(msg);
  fprintf(stderr, "fatal: %s\n", msg);
  abort();
}
